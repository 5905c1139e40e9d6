"""Limits: the per-document size cap, decompression bombs (gzip, WARC), long lines, time.

Memory is measured in a child process (``ru_maxrss`` growth after the imports), so the
test's own allocations (writing the files) do not count.
"""

from __future__ import annotations

import gzip
import inspect
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xietong.errors import SkipReason
from xietong.ingest import DEFAULT_MAX_BYTES, read_pages
from xietong.model import Page, Skipped
from xietong.pipeline import process, process_paths

MB = 1 << 20

_CHILD = r"""
import json, resource, sys, time
from xietong.ingest import read_pages
from xietong.model import Skipped
paths, max_bytes = sys.argv[1:-1], int(sys.argv[-1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
out = []
for item in read_pages(paths, max_bytes=max_bytes):
    out.append([type(item).__name__, getattr(item, "reason", ""), getattr(item, "detail", "")[:200]])
seconds = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"items": out, "seconds": seconds, "growth_mb": (after - before) / 1024}))
"""


def _read_in_child(*paths: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, *map(str, paths), str(max_bytes)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(proc.stderr) < 2000, "stderr flooded: " + proc.stderr[:500]
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def _write_repeated(path: Path, head: bytes, chunk: bytes, times: int) -> Path:
    with open(path, "wb") as f:
        f.write(head)
        for _ in range(times):
            f.write(chunk)
    return path


# --- the per-document cap ---------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".html", ".dat"])
def test_size_cap_is_configurable(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"a{suffix}"
    path.write_bytes(("京津冀协同发展，项目总投资5亿元。\n" * 400).encode())   # ~19 KB
    [small] = read_pages([path], max_bytes=10_000)
    assert isinstance(small, Skipped) and small.reason is SkipReason.TOO_LARGE
    [big] = read_pages([path], max_bytes=100_000)
    assert isinstance(big, Page)


def test_cap_applies_to_jsonl_lines_and_reading_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "京津冀" * n}, ensure_ascii=False) for n in (10, 10_000, 10)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_pages([path], max_bytes=5_000))
    assert [type(i).__name__ for i in items] == ["Page", "Skipped", "Page"]
    assert isinstance(items[1], Skipped) and items[1].reason is SkipReason.TOO_LARGE


def test_pipeline_size_cap_is_configurable() -> None:
    assert "max_bytes" in inspect.signature(process_paths).parameters


def test_200mb_single_line_files_cost_little_memory(tmp_path: Path) -> None:
    big = _write_repeated(tmp_path / "big.txt", b"", b"x" * MB, 200)    # one 200 MB line
    os.link(big, tmp_path / "big.jsonl")
    os.link(big, tmp_path / "big.dat")
    res = _read_in_child(big, tmp_path / "big.jsonl", tmp_path / "big.dat")
    assert [i[1] for i in res["items"]] == ["too_large"] * 3, res      # type: ignore[union-attr]
    assert res["growth_mb"] < 60, res                                   # type: ignore[operator]
    assert res["seconds"] < 20, res                                     # type: ignore[operator]


def test_warc_junk_line_after_a_record_is_bounded(tmp_path: Path) -> None:
    """Found by fuzzing: warcio's unbounded readline took 310 MB and 97 s per 100 MB (fixed)."""
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + "京津冀协同发展".encode() * 20
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.cn/\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Length: " + str(len(body)).encode()
            + b"\r\n\r\n" + body + b"\r\n\r\n")
    path = _write_repeated(tmp_path / "junk.warc", head, b"x" * MB, 100)
    res = _read_in_child(path)
    kinds = [i[0] for i in res["items"]]                                 # type: ignore[union-attr]
    assert kinds == ["Page", "Skipped"], res
    assert res["growth_mb"] < 120, res                                  # type: ignore[operator]
    assert res["seconds"] < 20, res                                     # type: ignore[operator]


# --- decompression bombs ------------------------------------------------------------------------

_ZEROS_64MB = gzip.compress(bytes(64 * MB), 9)      # ~65 KB; 160 members = 10 GB of zeros


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz", "bomb.warc.gz", "bomb.gz"])
def test_gzip_bomb_of_10gb_is_refused_fast(tmp_path: Path, name: str) -> None:
    path = _write_repeated(tmp_path / name, b"", _ZEROS_64MB, 160)
    assert path.stat().st_size < 12 * MB
    res = _read_in_child(path)
    reasons = [i[1] for i in res["items"]]                               # type: ignore[union-attr]
    assert reasons and set(reasons) <= {"too_large", "binary", "unsupported", "malformed"}, res
    assert "too_large" in reasons or name == "bomb.gz", res
    assert res["seconds"] < 10, res                                     # type: ignore[operator]
    assert res["growth_mb"] < 200, res                                  # type: ignore[operator]


def test_warc_record_gzip_member_bomb(tmp_path: Path) -> None:
    """A .warc.gz whose record claims and expands to 10 GB: stopped early, memory flat."""
    head = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://x.cn/b\r\n"
            b"WARC-Record-ID: <urn:uuid:2>\r\nContent-Type: text/plain\r\n"
            b"Content-Length: " + str(160 * 64 * MB).encode() + b"\r\n\r\n")
    path = _write_repeated(tmp_path / "rec.warc.gz", gzip.compress(head), _ZEROS_64MB, 160)
    res = _read_in_child(path)
    assert [i[1] for i in res["items"]] == ["too_large"], res           # type: ignore[union-attr]
    assert res["seconds"] < 10, res                                     # type: ignore[operator]
    assert res["growth_mb"] < 200, res                                  # type: ignore[operator]


def test_http_content_encoding_bomb_inside_warc(tmp_path: Path) -> None:
    """An HTTP body ``Content-Encoding: gzip`` of 640 MB zeros: that record skipped, the next read."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    bomb = gzip.compress(bytes(640 * MB), 1)
    path = tmp_path / "http.warc"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=False)
        for url, body, enc in (("http://x.cn/bomb", bomb, [("Content-Encoding", "gzip")]),
                               ("http://x.cn/ok", "<html><body><p>京津冀协同发展</p></body></html>".encode(), [])):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *enc], protocol="HTTP/1.1")
            import io
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    res = _read_in_child(path, max_bytes=MB)
    assert [(i[0], i[1]) for i in res["items"]] == [("Skipped", "too_large"), ("Page", "")], res  # type: ignore[union-attr]
    assert res["growth_mb"] < 60, res                                   # type: ignore[operator]


# --- time on adversarial documents -------------------------------------------------------------

def _adversarial_mb() -> str:
    parts = ["京津冀协同发展项目签约仪式举行。\n", "1万" * 20_000, "\n", "（" * 20_000, "河北省" * 10_000,
             "有限公司" * 10_000, "。", "1" * 50_000, "亿元" * 20_000, "\n", "项目" * 20_000,
             "二〇二三年" * 5_000, "(chǎn)" * 10_000, "北京某某科技有限公司与固安县签署协议，总投资5亿元；" * 5_000]
    text = "".join(parts)
    while len(text.encode()) < MB:
        text += "去年底，该县引进北京企业38家，同比增长12.5%。" * 1000
    return text


def test_pipeline_on_a_1mb_adversarial_document_is_bounded() -> None:
    text = _adversarial_mb()
    t0 = time.process_time()
    out = process(Page(id="adv", source="adv", kind="text", text=text))
    seconds = time.process_time() - t0
    assert not isinstance(out, Skipped)
    assert seconds < 15, f"{seconds:.1f} s CPU for {len(text):,} characters"
