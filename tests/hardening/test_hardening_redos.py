"""No catastrophic backtracking: every compiled regex of xietong against 100k-character runs.

The probe (``redos_probe.py``) runs in a child process with a CPU alarm per match, so a
hang fails a test instead of hanging CI.  Each pattern is tried on runs of the characters
it uses (digits, Chinese numerals, 万, brackets, spaces, its own literals) at 2,000
characters, its two slowest strings at 10,000, and at 100,000 characters wherever the
growth between the two sizes extrapolates to more than 1/20 of the bound: < 1 s CPU each.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.extract import extract, indicators, numbers
from xietong.model import Document

PROBE = Path(__file__).with_name("redos_probe.py")
BOUND = 1.0          # CPU seconds for 100,000 characters



@pytest.fixture(scope="module")
def probe() -> dict[str, dict[str, Any]]:
    proc = subprocess.run([sys.executable, str(PROBE), "2000", str(BOUND)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    rows = {r["id"]: r for r in lines[1:]}
    assert len(rows) == lines[0]["patterns"] >= 100
    return rows


def test_every_pattern_is_linear(probe: dict[str, dict[str, Any]]) -> None:
    slow = {k: (r["seconds"], r["string"], r["hung"]) for k, r in probe.items()
            if (r["hung"] or r["seconds"] > BOUND)}
    assert not slow, f"patterns over {BOUND} s on 100k characters: {slow}"


@pytest.mark.parametrize("run", ["1" * 100_000, "一" * 100_000, "万" * 50_000, "(" * 50_000,
                                 " " * 100_000, "1万" * 50_000, "六" * 100_000, "占" * 100_000])
def test_extract_on_a_100k_run_is_bounded(run: str) -> None:
    """The extractors as used (per sentence, windows) stay fast on the same runs."""
    t0 = time.process_time()
    extract(Document(id="run", text="京津冀项目签约。" + run + "。总投资5亿元。"))
    assert time.process_time() - t0 < 5


# --- the linear rewrites answer exactly as the quadratic originals ---------------------

_SEP = "，,。；;！？!?\n"
OLD_SHARE_BEFORE = re.compile(rf"(?:占|比例|比重|份额)[^{_SEP}]*$")
OLD_SHARE_HEDGE = re.compile(rf"(约|近|将近|接近|超过|超|逾|不到|不足)占[^{_SEP}]*$")
OLD_RANGE_HEAD = re.compile(r"[0-9.一二三四五六七八九十百千万亿]+元?(?:至|到|~|～|-|－|—{1,2}|–)$")
OLD_AGGREGATE = re.compile(r"累计|先后|共计|合计|总计|全年|全市|全县|全区|全省|力争|目标|这些|各类|"
                           r"一批|[0-9一二三四五六七八九十百千]+[个家项批]")
_ALPHABET = st.sampled_from(list("0123456789.一二三十百千万亿元至到~-—–个家项批累计全市占比例重份额约近"
                                 "超不到足，。;!\n项目投资a "))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=40), st.integers(0, 40))
def test_share_patterns_unchanged_in_their_12_character_window(text: str, at: int) -> None:
    """numbers searches both patterns in the 12 characters before a number only."""
    end = min(at, len(text))
    lo = max(0, end - 12)
    for old, new in ((OLD_SHARE_BEFORE, numbers._SHARE_BEFORE),
                     (OLD_SHARE_HEDGE, numbers._SHARE_HEDGE)):
        a, b = old.search(text, lo, end), new.search(text, lo, end)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_indicator_patterns_unchanged(text: str) -> None:
    for old, new in ((OLD_RANGE_HEAD, indicators._RANGE_HEAD),
                     (OLD_AGGREGATE, indicators._AGGREGATE_RE)):
        a, b = old.search(text), new.search(text)
        assert (a and a.span()) == (b and b.span()), (old.pattern, text)
