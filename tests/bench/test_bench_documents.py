"""`xietong bench extract` prints its figures (no speed is asserted here: that is what the
benchmark itself is for)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"


def test_bench_extract_prints_rates_and_the_whole_process_figures() -> None:
    res = subprocess.run(
        [sys.executable, "-c", "from xietong.serve.cli.main import main; main()", "bench", "extract",
         "--corpus", str(EXAMPLES), "--documents", "40", "--process-files", "12"],
        capture_output=True, text=True, check=True, timeout=300,
    )
    out = res.stdout
    assert re.search(r"^documents: +40 \(\d+ skipped\)$", out, re.M), out
    rate = re.search(r"^documents/s: +([\d,]+) \(wall clock\); ([\d,]+) per CPU second$", out, re.M)
    assert rate and int(rate[1].replace(",", "")) > 0 and int(rate[2].replace(",", "")) > 0, out
    assert re.search(r"^peak RSS: +\d+ MB$", out, re.M), out
    whole = re.search(r"^whole process: xietong extract over 12 files on one core: [\d.]+ s, ([\d,]+) "
                      r"documents/s \(start-up included\); CPU [\d.]+ s \(user [\d.]+, system [\d.]+\), "
                      r"([\d,]+) documents per CPU second$", out, re.M)
    assert whole and int(whole[1].replace(",", "")) > 0, out
    assert re.search(r"^extractors: +compiled ", out, re.M), out
