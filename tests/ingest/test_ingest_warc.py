"""WARC records → Pages: record types, charsets, encodings, truncation, bombs, laziness; and
the property that read_pages never raises, whatever the bytes."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import Rec, html, pages, read_all, skips, write_warc

from xietong.errors import SkipReason
from xietong.ingest import read_pages
from xietong.model import Page, Skipped

ARTICLE = "去年底，天津港润物流有限公司与沧州渤海新区签约，投资3.2亿元建设冷链物流园，今年5月开工。"
ARTICLE_T = "去年底，天津港潤物流有限公司與滄州渤海新區簽約，投資3.2億元建設冷鏈物流園，今年5月開工。"


def _three(gz: bool, tmp_path: Path) -> Path:
    return write_warc(tmp_path / ("c.warc.gz" if gz else "c.warc"), [
        Rec(b"", rec_type="warcinfo", content_type="application/warc-fields", url=""),
        Rec(b"", rec_type="request", url="http://news.example.cn/1.html"),
        Rec(html(ARTICLE, "gbk"), url="http://news.example.cn/1.html"),
        Rec(b"format: warc\r\n", rec_type="metadata", content_type="application/warc-fields",
            url="http://news.example.cn/1.html"),
        Rec(html(ARTICLE_T, "big5", meta=False), url="http://news.example.cn/2.html",
            content_type="text/html; charset=big5"),
        Rec(ARTICLE.encode("gb18030"), rec_type="resource", content_type="text/plain",
            url="file:///dump/3.txt"),
    ], gzip=gz)


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_documents_and_silent_records(tmp_path: Path, gz: bool) -> None:
    path = _three(gz, tmp_path)
    items = read_all(path)
    assert all(isinstance(i, Page) for i in items), items
    a, b, c = pages(items)
    assert (a.kind, a.url, a.source) == ("html", "http://news.example.cn/1.html", f"{path}#3")
    assert a.text is not None and ARTICLE in a.text and a.charset_hint is None
    assert b.charset_hint == "big5" and b.text is not None and ARTICLE_T in b.text
    assert (c.kind, c.text, c.source) == ("text", ARTICLE, f"{path}#6")
    assert a.published_hint and a.published_hint.startswith("20")      # WARC-Date
    assert len({a.id, b.id, c.id}) == 3


def test_warc_ids_are_stable(tmp_path: Path) -> None:
    path = _three(True, tmp_path)
    first = [p.id for p in pages(read_all(path))]
    assert first == [p.id for p in pages(read_all(path))]
    # Copying the file elsewhere keeps the ids (URL + WARC-Record-ID, not the path).
    copy = tmp_path / "sub"
    copy.mkdir()
    (copy / "other-name.warc.gz").write_bytes(path.read_bytes())
    assert first == [p.id for p in pages(read_all(copy))]


@pytest.mark.parametrize(
    ("rec", "expect"),
    [(Rec(b"\x89PNG\r\n\x1a\n" + b"x" * 100, content_type="image/png"), None),        # not a document
     (Rec(html(ARTICLE), status="404 Not Found"), None),
     (Rec(html(ARTICLE), status="301 Moved Permanently"), None),
     (Rec(b"body{color:red}", content_type="text/css"), None),
     (Rec(b"", content_type="text/html"), SkipReason.EMPTY),
     (Rec(b"\x00\x01\x02\x03" * 200, content_type="text/html"), SkipReason.BINARY),
     (Rec(b"\x80\x80\x80\x81" * 100, content_type="text/plain"), SkipReason.UNDECODABLE),
     (Rec(html(ARTICLE), extra_headers=[("Content-Encoding", "br")]), SkipReason.UNSUPPORTED),
     (Rec(b"not gzip at all", extra_headers=[("Content-Encoding", "gzip")]), SkipReason.MALFORMED)],
    ids=["image", "404", "301", "css", "empty", "binary", "undecodable", "brotli", "bad-gzip-body"],
)
def test_warc_record_outcomes(tmp_path: Path, rec: Rec, expect: SkipReason | None) -> None:
    path = write_warc(tmp_path / "r.warc.gz", [rec, Rec(html(ARTICLE), url="http://x.cn/ok")])
    items = read_all(path)
    assert isinstance(items[-1], Page) and items[-1].url == "http://x.cn/ok"
    if expect is None:
        assert len(items) == 1
    else:
        assert isinstance(items[0], Skipped) and items[0].reason is expect, items[0]
        assert items[0].source == f"{path}#1"


def test_warc_http_encodings(tmp_path: Path) -> None:
    body = html(ARTICLE, "gbk")
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 50]), body[i:i + 50])
                       for i in range(0, len(body), 50)) + b"0\r\n\r\n"
    path = write_warc(tmp_path / "e.warc.gz", [
        Rec(gzip.compress(body), extra_headers=[("Content-Encoding", "gzip")]),
        Rec(zlib.compress(body), extra_headers=[("Content-Encoding", "deflate")]),
        Rec(chunked, extra_headers=[("Transfer-Encoding", "chunked")]),
    ])
    items = read_all(path)
    assert [type(i) for i in items] == [Page, Page, Page], items
    assert all(p.data == body and p.text is not None and ARTICLE in p.text for p in pages(items))


def test_warc_oversize_record_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "o.warc.gz", [
        Rec(html(ARTICLE * 2000), url="http://x.cn/big"),
        Rec(gzip.compress(html(ARTICLE * 2000)), url="http://x.cn/big-gz",
            extra_headers=[("Content-Encoding", "gzip")]),
        Rec(html(ARTICLE), url="http://x.cn/ok"),
    ])
    items = read_all(path, max_bytes=50_000)
    assert [i.reason for i in skips(items)] == [SkipReason.TOO_LARGE, SkipReason.TOO_LARGE]
    assert [p.url for p in pages(items)] == ["http://x.cn/ok"]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("cut", [0.95, 0.7])
def test_truncated_warc_yields_records_so_far_then_one_skip(tmp_path: Path, gz: bool, cut: float) -> None:
    full = write_warc(tmp_path / ("t.warc.gz" if gz else "t.warc"),
                      [Rec(html(f"{ARTICLE} 第{i}篇"), url=f"http://x.cn/{i}") for i in range(10)], gzip=gz)
    data = full.read_bytes()
    cut_path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut_path.write_bytes(data[: int(len(data) * cut) - 37])     # inside a record, not on a boundary
    items = read_all(cut_path)
    assert all(isinstance(i, Page) for i in items[:-1])
    assert 5 <= len(items) - 1 < 10
    assert isinstance(items[-1], Skipped) and items[-1].reason is SkipReason.TRUNCATED, items[-1]
    # The pages read are the first ones, in order and whole.
    assert [p.url for p in pages(items)] == [f"http://x.cn/{i}" for i in range(len(items) - 1)]


def test_warc_gzip_bomb_is_stopped(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "bomb.warc.gz", [
        Rec(html(ARTICLE), url="http://x.cn/ok"),
        Rec(b"<html>" + b" " * (300 * 1024 * 1024), url="http://x.cn/bomb"),     # 300 MB → ~300 KB
    ])
    assert path.stat().st_size < 1_000_000
    items = read_all(path)
    assert isinstance(items[0], Page)
    assert isinstance(items[-1], Skipped) and items[-1].reason is SkipReason.TOO_LARGE, items[-1]


def test_warc_is_read_lazily(tmp_path: Path, bytes_read: list[int]) -> None:
    path = write_warc(tmp_path / "many.warc.gz",
                      [Rec(html(f"{ARTICLE * 20} 第{i}篇"), url=f"http://x.cn/{i}") for i in range(3000)])
    size = path.stat().st_size
    it = read_pages([path])
    first = next(it)
    assert isinstance(first, Page) and first.url == "http://x.cn/0"
    assert bytes_read[0] < size / 10, (bytes_read[0], size)
    assert sum(1 for _ in it) == 2999


# --- never raises ---------------------------------------------------------------------------

SUFFIXES = [".txt", ".html", ".jsonl", ".warc", ".warc.gz", ".txt.gz", ".bin", ""]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES),
       prefix=st.sampled_from([b"", b"\x1f\x8b", b"WARC/1.0\r\n", b'{"text": "', b"<html>", b"\xef\xbb\xbf"]))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str, prefix: bytes) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_bytes(prefix + data)
    for item in read_pages([path], max_bytes=2000):
        assert isinstance(item, (Page, Skipped))
        if isinstance(item, Page):
            assert isinstance(item.text, str) and item.text.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8),
       st.sampled_from([True, False]))
def test_mutated_warc_never_raises(tmp_path: Path, edits: list[tuple[int, int]], gz: bool) -> None:
    src = tmp_path / ("m.warc.gz" if gz else "m.warc")
    if not src.exists():
        write_warc(src, [Rec(html(ARTICLE, "gbk"), url=f"http://x.cn/{i}") for i in range(3)], gzip=gz)
    data = bytearray(src.read_bytes())
    for pos, value in edits:
        data[pos % len(data)] = value
    path = tmp_path / ("mut.warc.gz" if gz else "mut.warc")
    path.write_bytes(bytes(data))
    for item in read_pages([path]):
        assert isinstance(item, (Page, Skipped))
