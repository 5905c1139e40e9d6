"""Child process of the ReDoS test: every compiled regex of xietong against adversarial runs.

Prints one JSON line per pattern: its id, the slowest string and the CPU seconds it takes
at 50 N characters (every string is tried at N, the slowest at 5 N, and at 50 N when their
growth says it may be slow: see :func:`main`).
A match that runs past the alarm is interrupted (sre checks signals) and reported as such.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import pkgutil
import re
import signal
import sys
import time
from typing import Any

import xietong

SKIP = ("xietong.spark", "xietong.store.pgtest")
GENERIC = ("1", "一", "万", "亿", "(", "（", " ", "a", "\n", "?", "。", "京", "<", "\\", "-")
PAIRS = ("1万", "一1", "(a", "1.", "a ", "京(", "<p", "1年")


class Slow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Slow


def _walk(obj: Any, where: str, out: dict[str, re.Pattern[Any]], depth: int = 0) -> None:
    if isinstance(obj, re.Pattern):
        out.setdefault(where, obj)
    elif depth >= 3:
        return
    elif isinstance(obj, dict):
        for k, v in list(obj.items())[:50]:
            _walk(v, f"{where}[{k!r}]", out, depth + 1)
    elif isinstance(obj, (list, tuple)) and len(obj) <= 50:
        for i, v in enumerate(obj):
            _walk(v, f"{where}[{i}]", out, depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _walk(getattr(obj, f.name, None), f"{where}.{f.name}", out, depth + 1)


def collect() -> dict[str, re.Pattern[Any]]:
    """Every re.Pattern in module globals, and in what zero-argument cached builders return."""
    found: dict[str, re.Pattern[Any]] = {}
    for info in pkgutil.walk_packages(xietong.__path__, "xietong."):
        if info.name.startswith(SKIP) or info.name.endswith("__main__"):
            continue
        mod = importlib.import_module(info.name)
        for name, value in list(vars(mod).items()):
            if getattr(value, "__module__", mod.__name__) != mod.__name__ and not isinstance(value, re.Pattern):
                continue
            if isinstance(value, re.Pattern):
                _walk(value, f"{info.name}.{name}", found)
            elif callable(value) and hasattr(value, "cache_info"):
                try:
                    got = value()
                except TypeError:
                    continue
                _walk(got, f"{info.name}.{name}()", found)
    seen: dict[tuple[Any, int], str] = {}
    unique: dict[str, re.Pattern[Any]] = {}
    for where, pat in sorted(found.items()):
        key = (pat.pattern, pat.flags)
        if key not in seen:
            seen[key] = where
            unique[where] = pat
    return unique


def strings(pat: re.Pattern[Any], n: int) -> list[tuple[str, Any]]:
    src = pat.pattern if isinstance(pat.pattern, str) else pat.pattern.decode("latin-1")
    lits = [ch for ch in dict.fromkeys(src) if ch >= "\u3000"][:12]
    words = sorted({w for w in re.findall(r"[\u4e00-\u9fff]{2,}", src)}, key=len)[:6]
    units = [*GENERIC, *PAIRS, *lits, *words]
    out: list[tuple[str, Any]] = []
    for u in dict.fromkeys(units):
        s = (u * (n // len(u) + 1))[:n]
        out.append((f"{u!r}*", s))
        out.append((f"{u!r}*+!", s + "!\x00"))
    if isinstance(pat.pattern, bytes):
        out = [(d, s.encode("utf-8")) for d, s in out]
    return out


def _time(pat: re.Pattern[Any], s: Any, limit: float) -> tuple[float, bool]:
    t0 = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, limit)
    hung = False
    try:
        for _ in pat.finditer(s):
            pass
    except Slow:
        hung = True
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return time.process_time() - t0, hung


def _wall(pat: re.Pattern[Any], s: Any) -> float:
    """Seconds of one finditer, by the wall clock (the CPU clock ticks in milliseconds on
    some kernels: too coarse at a few thousand characters)."""
    t0 = time.perf_counter()
    for _ in pat.finditer(s):
        pass
    return time.perf_counter() - t0


def main() -> None:
    """``redos_probe.py N LIMIT``: every string at N characters, the two slowest at 5 N,
    and those at 50 N when their growth from N to 5 N makes 50 N costly.

    The growth exponent k (1 for a linear search, 2 for a quadratic one) read from the two
    sizes extrapolates the time at 50 N as t(5 N) x 10^k, k at least 1; a string whose
    extrapolation exceeds LIMIT / 20 is measured at 50 N with the CPU alarm (``measured``
    true), the others report the extrapolation."""
    n = int(sys.argv[1])
    limit = float(sys.argv[2])
    signal.signal(signal.SIGPROF, _alarm)
    pats = collect()
    print(json.dumps({"patterns": len(pats)}), flush=True)
    for where, pat in pats.items():
        small = sorted(((_wall(pat, s), desc, s) for desc, s in strings(pat, n)),
                       key=lambda r: -r[0])[:2]
        worst, worst_s, hung, measured = 0.0, "", False, False
        for t1, desc, s in small:
            t5 = min(_wall(pat, s * 5), _wall(pat, s * 5))
            k = min(3.0, max(1.0, math.log(max(t5, 1e-7) / max(t1, 1e-7), 5)))
            dt, hung_s, meas = t5 * 10 ** k, False, False
            if dt > limit / 20:
                (dt, hung_s), meas = _time(pat, s * 50, limit), True
            if dt > worst or hung_s:
                worst, worst_s, hung, measured = dt, desc, hung_s, meas
            if hung:
                break
        print(json.dumps({"id": where, "seconds": round(worst, 4), "chars": 50 * n,
                          "string": worst_s, "hung": hung, "measured": measured,
                          "pattern": str(pat.pattern)[:120]}), flush=True)


if __name__ == "__main__":
    main()
