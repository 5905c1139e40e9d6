"""Child process of the ReDoS test: every compiled regex of xietong against adversarial runs.

Prints one JSON line per pattern: its id, the slowest string and the CPU seconds it took
at 20 N characters (every string is tried at N, the two slowest at 20 N).
A match that runs past the alarm is interrupted (sre checks signals) and reported as such.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
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


def main() -> None:
    """``redos_probe.py N LIMIT``: every string at N characters, the 3 slowest again at 10 N."""
    n = int(sys.argv[1])
    limit = float(sys.argv[2])
    signal.signal(signal.SIGPROF, _alarm)
    pats = collect()
    print(json.dumps({"patterns": len(pats)}), flush=True)
    for where, pat in pats.items():
        small = sorted(((_time(pat, s, limit)[0], desc, s) for desc, s in strings(pat, n)),
                       key=lambda r: -r[0])[:2]
        worst, worst_s, hung = 0.0, "", False
        for _, desc, s in small:
            dt, hung = _time(pat, s * 20, limit)
            if dt > worst or hung:
                worst, worst_s = dt, desc
            if hung:
                break
        print(json.dumps({"id": where, "seconds": round(worst, 4), "chars": 20 * n, "string": worst_s,
                          "hung": hung, "pattern": str(pat.pattern)[:120]}), flush=True)


if __name__ == "__main__":
    main()
