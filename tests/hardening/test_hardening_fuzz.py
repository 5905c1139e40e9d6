"""Fuzzing: hostile generated inputs through the readers, the normalizer and the extractors.

Three drivers over the same generators (:mod:`xietong.bench.fuzz`): a seeded loop, atheris
(coverage-guided, in a subprocess: libFuzzer exits the process) and hypothesis.  The
promise checked: nothing escapes but xietong's documented errors, and outputs are sound
(spans, offsets, strict JSON, idempotent normalization).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xietong.bench import fuzz
from xietong.errors import InputError, XietongError
from xietong.extract import extract
from xietong.ingest import decode_bytes, read_pages
from xietong.model import Document, Page, Skipped
from xietong.normalize import normalize
from xietong.pipeline import Processed, process

# Inputs per target in CI (the bench command runs 1,000,000): ~10 s in all.
CI_INPUTS = {"read": 300, "decode": 2000, "normalize": 250, "extract": 500, "pipeline": 150}


@pytest.mark.parametrize("target", sorted(CI_INPUTS))
def test_generated_inputs_raise_only_documented_errors(target: str) -> None:
    res = fuzz.run_target(target, CI_INPUTS[target], seed=20_000)
    assert res.inputs == CI_INPUTS[target]
    details = [f"{f.kind}: {f.message} at {f.where} (seed {f.seed})\n{f.trace}" for f in res.failures.values()]
    assert not details, "\n\n".join(details)


def test_generators_make_hostile_inputs() -> None:
    """The generator really produces what it claims: big runs, NULs, mojibake, HTML, WARC."""
    texts = [fuzz.gen_text(fuzz.RandomChooser(s)) for s in range(400)]
    joined = "".join(texts)
    assert max(len(t) for t in texts) > 50_000
    assert "\x00" in joined and "\ud800" in joined and "\u202e" in joined
    assert "亿元" in joined and "(chǎn)" in joined
    files = [fuzz.gen_file(fuzz.RandomChooser(s)) for s in range(200)]
    suffixes = {suffix for _, suffix in files}
    assert {".txt", ".html", ".jsonl", ".warc", ".warc.gz", ""} <= suffixes
    assert any(data.startswith(b"WARC/1.0") for data, _ in files)
    assert any(data.startswith(b"\x1f\x8b") for data, _ in files)


# --- atheris ------------------------------------------------------------------------------

ATHERIS_RUNS = {"read": 400, "decode": 3000, "normalize": 400, "extract": 800, "pipeline": 300}


@pytest.mark.parametrize("target", sorted(ATHERIS_RUNS))
def test_atheris_target_runs_clean(target: str, tmp_path: Path) -> None:
    """Coverage-guided fuzzing for a bounded number of runs; a crash fails with libFuzzer's report."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "xietong.bench.fuzz", target, f"-runs={ATHERIS_RUNS[target]}",
         "-max_len=2048", "-seed=1", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
    )
    tail = proc.stderr[-3000:]
    assert proc.returncode == 0, tail
    assert f"Done {ATHERIS_RUNS[target]} runs" in proc.stderr, tail


# --- hypothesis ----------------------------------------------------------------------------

_FRAGMENTS = fuzz.NEWS + fuzz.NUMBERS + fuzz.UNITS + fuzz.GLOSSES + fuzz.CONTROL
hostile_text = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12),
              st.builds(lambda s, n: s * n, st.sampled_from(("万", "(", "1", "一", " ", "亿元")),
                        st.integers(1, 300))),
    max_size=30,
).map("".join)
hostile_html = st.lists(st.one_of(st.sampled_from(fuzz.HTML_BITS), hostile_text), max_size=20).map("".join)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(hostile_text)
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    doc = normalize(Page(id="h", source="h", kind="text", text=text))
    fuzz.check_document(doc)
    assert normalize(Page(id="h", source="h", kind="text", text=doc.text)).text == doc.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_html)
def test_normalize_html_never_raises(html: str) -> None:
    fuzz.check_document(normalize(Page(id="h", source="h", kind="html", text=html)))


@_SETTINGS
@given(hostile_text.map(fuzz._no_surrogates), st.sampled_from(fuzz.PUBLISHED))
def test_extract_spans_evidence_and_json(text: str, published: str | None) -> None:
    facts = extract(Document(id="h", text=text, published=published))
    fuzz.check_facts(text, facts)


@_SETTINGS
@given(st.binary(max_size=600) | hostile_text.map(lambda s: s.encode("gbk", "replace")),
       st.sampled_from((None, "gbk", "big5", "utf-8", "latin-1", "x-nope")))
def test_decode_bytes_str_or_input_error(data: bytes, declared: str | None) -> None:
    with contextlib.suppress(InputError):
        assert isinstance(decode_bytes(data, "h", declared), str)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=800), st.sampled_from((".txt", ".html", ".jsonl", ".warc", ".warc.gz", ".bin")))
def test_read_pages_never_raises(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("r") / f"x{suffix}"
    path.write_bytes(data)
    for item in read_pages([path]):
        assert isinstance(item, Page | Skipped)


@_SETTINGS
@given(hostile_text)
def test_pipeline_processed_or_skipped(text: str) -> None:
    out = process(Page(id="h", source="h", kind="text", text=text))
    if isinstance(out, Processed):
        fuzz.check_facts(out.document.text, out.facts)
    else:
        assert isinstance(out, Skipped)


# --- pinned findings -------------------------------------------------------------------------

def test_normalize_replaces_lone_surrogates() -> None:
    """Found by fuzzing: a lone surrogate made OpenCC raise UnicodeEncodeError (fixed)."""
    doc = normalize(Page(id="s", source="s", kind="text", text="京津冀\ud800协同发展\udfff项目"))
    assert doc.text == "京津冀\ufffd协同发展\ufffd项目"
    doc.text.encode("utf-8")


def test_extract_survives_lone_surrogates() -> None:
    with contextlib.suppress(XietongError):
        extract(Document(id="s", text="河北省\ud800廊坊市签约项目总投资5亿元"))


# --- the bench command: progress, a clean stop, a CPU limit per input ---------------------

_CLI = [sys.executable, "-c", "from xietong.serve.cli.main import main; main()", "bench", "fuzz"]


def _start_and_stop(tmp_path: Path, args: list[str], sig: signal.Signals) -> tuple[int, str, list[str]]:
    """Start ``xietong bench fuzz``, wait for two progress lines on stderr, send ``sig``."""
    src = str(Path(fuzz.__file__).parents[2])            # this tree's xietong, whatever the cwd
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (src, os.environ.get("PYTHONPATH"))))}
    proc = subprocess.Popen([*_CLI, *args, "--failures", str(tmp_path / "ff"), "--every", "0.3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env)
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    def counted() -> bool:  # a progress line that reports some finished inputs (a loaded machine is slow)
        return any(re.match(r"\.\.\. \w+ +[1-9][\d,]* inputs", x) for x in lines)

    while not (sum(x.startswith("... ") for x in lines) >= 2 and counted()) and time.monotonic() < deadline:
        got = proc.stderr.readline()
        if not got:
            break
        lines.append(got)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    progress = [x for x in lines if x.startswith("... ")]
    assert progress, "".join(lines)[-3000:] + err[-3000:]
    return proc.returncode, out, progress


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_bench_fuzz_stopped_prints_partial_counts(tmp_path: Path, sig: signal.Signals) -> None:
    code, out, progress = _start_and_stop(tmp_path, ["--inputs", "2000000", "--jobs", "2"], sig)
    assert code == 128 + sig, out
    assert re.match(r"\.\.\. read +[\d,]+ inputs .* inputs/s .* documented errors +\d+ failures", progress[-1])
    assert f"stopped by {sig.name}: partial counts" in out
    planned = fuzz.plan("all", 2_000_000)["read"]
    row = re.search(rf"^read +([\d,]+) inputs .* ([\d,]+) documented errors +(\d+) failures .*"
                    rf"\[([\d,]+) of {planned:,}\]", out, re.M)
    assert row, out
    done = int(row[1].replace(",", ""))
    assert 0 < done < planned and done == int(row[4].replace(",", ""))
    for name in ("decode", "normalize", "extract", "pipeline"):
        assert re.search(rf"^{name} +not started", out, re.M), out
    assert re.search(r"^total +[\d,]+ inputs", out, re.M)


def test_run_plan_counts_every_input_once_across_workers() -> None:
    """Chunks over two workers see the same inputs as one loop (same seeds, same outcomes)."""
    seen: list[tuple[str, int]] = []
    report = fuzz.run_plan({"decode": 3000, "read": 150}, seed=7, jobs=2, every=0.0,
                           progress=lambda res, planned: seen.append((res.target, res.inputs)))
    assert report.stopped is None
    decode, read = report.results
    alone = fuzz.run_target("decode", 3000, seed=7)
    assert (decode.inputs, decode.documented_errors) == (3000, alone.documented_errors) and read.inputs == 150
    assert decode.documented_errors > 0 and decode.cpu > 0
    assert seen and seen == sorted(seen)          # per target, counts only grow


def test_cpu_limit_stops_a_quadratic_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    """An input that burns CPU (here a quadratic regex, inside C) becomes a TooSlow failure."""
    def slow(c: fuzz.Chooser) -> object:
        return re.sub(r"\d+\s*版", "", "1" * 200_000)      # ~n²: minutes without the limit

    monkeypatch.setitem(fuzz.TARGETS, "slow", slow)
    t0 = time.monotonic()
    got = fuzz.run_one("slow", 1, limit=0.3)
    assert time.monotonic() - t0 < 10
    assert isinstance(got, fuzz.Failure) and got.kind == "TooSlow" and "0.3 s of CPU" in got.message
    assert fuzz.run_one("decode", 1, limit=0.3) in (None, True)          # the alarm is cleared
    time.sleep(0.01)
