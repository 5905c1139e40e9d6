"""read_pages over files and folders: formats, kinds, ids, bad input, sizes, ordering."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest
from ingest_helpers import html, pages, read_all, skips

from xietong.errors import SkipReason
from xietong.ingest import DEFAULT_MAX_BYTES, read_pages
from xietong.model import Page, Skipped

ARTICLE = "今年5月，河北雄创新材料科技有限公司年产3万吨新型建材项目在曹妃甸区开工，总投资8.6亿元。"
ARTICLE_T = "今年5月，河北雄創新材料科技有限公司年產3萬噸新型建材項目在曹妃甸區開工，總投資8.6億元。"

# (file name, bytes, expected kind, expected id, text the Page must contain)
FORMATS = [
    ("a.txt", ARTICLE.encode("utf-8"), "text", "a", "曹妃甸区"),
    ("bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), "text", "bom", "曹妃甸区"),
    ("gbk.txt", ARTICLE.encode("gbk"), "text", "gbk", "曹妃甸区"),
    ("big5.txt", ARTICLE_T.encode("big5"), "text", "big5", "曹妃甸區"),
    ("u16.txt", ARTICLE.encode("utf-16"), "text", "u16", "曹妃甸区"),
    ("page.html", html(ARTICLE, "gb2312"), "html", "page", "曹妃甸区"),
    ("page-nometa.htm", html(ARTICLE, "gbk", meta=False), "html", "page-nometa", "曹妃甸区"),
    ("trad.html", html(ARTICLE_T, "big5"), "html", "trad", "曹妃甸區"),
    ("httpequiv.html",
     ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>'
      f"<body>{ARTICLE}</body></html>").encode("gbk"), "html", "httpequiv", "曹妃甸区"),
    ("dump.txt", html(ARTICLE), "html", "dump", "曹妃甸区"),          # HTML saved as .txt
    ("notes.md", ARTICLE.encode("utf-8"), "text", "notes.md", "曹妃甸区"),  # unknown: sniffed
    ("saved.dat", html(ARTICLE), "html", "saved.dat", "曹妃甸区"),
    ("noext", ARTICLE.encode("gbk"), "text", "noext", "曹妃甸区"),
    ("z.txt.gz", gzip.compress(ARTICLE.encode("utf-8")), "text", "z", "曹妃甸区"),
    ("z2.html.gz", gzip.compress(html(ARTICLE, "gbk")), "html", "z2", "曹妃甸区"),
]


@pytest.mark.parametrize(("name", "data", "kind", "page_id", "needle"), FORMATS, ids=[f[0] for f in FORMATS])
def test_single_file_formats(tmp_path: Path, name: str, data: bytes, kind: str, page_id: str,
                             needle: str) -> None:
    (tmp_path / name).write_bytes(data)
    [page] = read_all(tmp_path / name)
    assert isinstance(page, Page), page
    assert (page.kind, page.id, page.source) == (kind, page_id, str(tmp_path / name))
    assert page.text is not None and needle in page.text
    assert page.sha256 and len(page.sha256) == 64


# (file name, bytes, reason) — each a Skipped, never an exception.
BAD = [
    ("empty.txt", b"", SkipReason.EMPTY),
    ("blank.txt", b" \n\t\r\n  ", SkipReason.EMPTY),
    ("nul.txt", b"abc\x00\x01\x02\x03def" * 50, SkipReason.BINARY),
    ("png.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, SkipReason.BINARY),
    ("ctrl.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 100, SkipReason.BINARY),
    ("garbage.txt", b"\x80\x80\x81\xff" * 100, SkipReason.UNDECODABLE),
    ("image.xyz", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, SkipReason.UNSUPPORTED),
    ("fake.gz", b"plain text, not gzip", SkipReason.MALFORMED),
    ("cut.txt.gz", gzip.compress(ARTICLE.encode() * 50)[:-20], SkipReason.TRUNCATED),
    ("bad.txt.gz", gzip.compress(ARTICLE.encode() * 50)[:30] + b"\x00garbage" * 20, SkipReason.MALFORMED),
    ("fake.warc", b"this is not a WARC file\r\n\r\n", SkipReason.MALFORMED),
    ("empty.warc.gz", gzip.compress(b""), SkipReason.EMPTY),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_skipped_with_reason(tmp_path: Path, name: str, data: bytes,
                                          reason: SkipReason) -> None:
    (tmp_path / name).write_bytes(data)
    items = read_all(tmp_path / name)
    assert [type(i) for i in items] == [Skipped], items
    assert items[0].reason is reason, items[0]
    assert items[0].source.startswith(str(tmp_path / name))
    assert items[0].detail


def test_iteration_continues_after_bad_files(tmp_path: Path) -> None:
    for name, data, _ in BAD:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "zz-good.txt").write_text(ARTICLE, encoding="utf-8")
    items = read_all(tmp_path)
    assert len(skips(items)) == len(BAD)
    assert [p.id for p in pages(items)] == ["zz-good"]


def test_missing_path_and_folder_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("二" + ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "1.txt").write_text("一" + ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    items = read_all(tmp_path, tmp_path / "missing.txt")
    assert [p.source for p in pages(items)] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b" / "1.txt"), str(tmp_path / "b" / "2.txt")]
    [missing] = skips(items)
    assert missing.reason is SkipReason.NOT_FOUND
    # Same folder, same stream.
    assert [(p.id, p.sha256) for p in pages(read_all(tmp_path))] == \
        [(p.id, p.sha256) for p in pages(items)]


def test_oversize_file_is_refused_before_reading(tmp_path: Path, bytes_read: list[int]) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:                    # sparse: 200 MB on no disk
        f.truncate(200 * 1024 * 1024)
    [item] = read_all(big)
    assert isinstance(item, Skipped) and item.reason is SkipReason.TOO_LARGE
    assert bytes_read[0] <= 4096                  # only the sniffing head


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE * 10, encoding="utf-8")
    [item] = read_all(tmp_path / "a.txt", max_bytes=100)
    assert isinstance(item, Skipped) and item.reason is SkipReason.TOO_LARGE
    [page] = read_all(tmp_path / "a.txt", max_bytes=10_000)
    assert isinstance(page, Page)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        for _ in range(100):                      # 100 MB of zeros in ~100 KB
            f.write(b"\x00" * (1 << 20))
    [item] = read_all(bomb, max_bytes=1 << 20)
    assert isinstance(item, Skipped) and item.reason is SkipReason.TOO_LARGE


# --- JSONL ----------------------------------------------------------------------------------

def _jsonl(tmp_path: Path, lines: list[object | str], name: str = "feed.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)
                              for x in lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [
        {"text": ARTICLE, "url": "http://a.cn/1", "published": "2024-05-12"},
        "",
        {"html": f"<p>{ARTICLE}</p>", "id": "xw-7"},
        {"text": ARTICLE, "id": 42},
    ])
    items = read_all(path)
    assert [type(i) for i in items] == [Page, Page, Page]
    first, second, third = pages(items)
    assert (first.kind, first.url, first.published_hint, first.source) == (
        "text", "http://a.cn/1", "2024-05-12", f"{path}#1")
    assert second.kind == "html" and second.source == f"{path}#3"
    assert first.text == ARTICLE and first.data == ARTICLE.encode()
    assert len({first.id, second.id, third.id}) == 3 and all(len(p.id) == 16 for p in pages(items))


@pytest.mark.parametrize(
    ("line", "reason"),
    [("{not json", SkipReason.MALFORMED), ("[1, 2]", SkipReason.MALFORMED),
     ('{"url": "http://a.cn"}', SkipReason.NO_TEXT), ('{"text": 5}', SkipReason.NO_TEXT),
     ('{"text": ""}', SkipReason.EMPTY), ('{"text": "  "}', SkipReason.EMPTY)],
)
def test_jsonl_bad_lines(tmp_path: Path, line: str, reason: SkipReason) -> None:
    path = _jsonl(tmp_path, [line, {"text": ARTICLE}])
    items = read_all(path)
    assert isinstance(items[0], Skipped) and items[0].reason is reason
    assert items[0].source == f"{path}#1"
    assert isinstance(items[1], Page)


def test_jsonl_lone_surrogate_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "签约\\ud800开工"}\n', encoding="utf-8")
    [page] = read_all(path)
    assert isinstance(page, Page) and page.text == "签约\ufffd开工"


def test_jsonl_ids_are_stable(tmp_path: Path) -> None:
    a = _jsonl(tmp_path, [{"text": "甲", "id": "k1"}, {"text": "乙", "url": "http://a.cn/2"}], "a.jsonl")
    b = _jsonl(tmp_path, [{"text": "丙"}, {"text": "丁"}, {"text": "乙", "url": "http://a.cn/2"},
                          {"text": "甲", "id": "k1"}], "b.jsonl")
    ida = [p.id for p in pages(read_all(a))]
    idb = [p.id for p in pages(read_all(b))]
    assert ida == [p.id for p in pages(read_all(a))]      # same file, same ids
    assert ida[0] != idb[3]         # no URL: keyed by the file name and the given id
    assert ida[1] != idb[2]         # URL without id: keyed by URL and line number (2 vs 3)
    c = _jsonl(tmp_path, [{"text": "x", "url": "http://a.cn/9", "id": "k"}], "c.jsonl")
    d = _jsonl(tmp_path, [{"text": "y"}, {"text": "x", "url": "http://a.cn/9", "id": "k"}], "d.jsonl")
    assert pages(read_all(c))[0].id == pages(read_all(d))[1].id   # URL + id: position-free


def test_jsonl_huge_line_is_skipped_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as f:
        f.write(json.dumps({"text": ARTICLE}, ensure_ascii=False).encode() + b"\n")
        f.write(b'{"text": "' + b"x" * (200 * 1024 * 1024) + b'"}\n')     # a 200 MB line
        f.write(json.dumps({"text": ARTICLE}, ensure_ascii=False).encode() + b"\n")
    tracemalloc.start()
    try:
        items = read_all(path, max_bytes=1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i) for i in items] == [Page, Skipped, Page]
    assert isinstance(items[1], Skipped) and items[1].reason is SkipReason.TOO_LARGE
    assert items[1].source == f"{path}#2" and items[2].source == f"{path}#3"
    assert peak < 16 * 1024 * 1024, peak


def test_jsonl_gz_truncated_yields_lines_then_one_skip(tmp_path: Path) -> None:
    body = "".join(json.dumps({"text": f"{ARTICLE}{i}"}, ensure_ascii=False) + "\n" for i in range(50))
    path = tmp_path / "feed.jsonl.gz"
    data = gzip.compress(body.encode())
    path.write_bytes(data[: len(data) * 2 // 3])
    items = read_all(path)
    assert all(isinstance(i, Page) for i in items[:-1]) and len(items) > 5
    assert isinstance(items[-1], Skipped) and items[-1].reason is SkipReason.TRUNCATED


def test_read_pages_is_lazy_over_files(tmp_path: Path, bytes_read: list[int]) -> None:
    for i in range(20):
        (tmp_path / f"{i:02d}.txt").write_text(ARTICLE * 100, encoding="utf-8")
    it = read_pages([tmp_path])
    first = next(it)
    assert isinstance(first, Page) and first.id == "00"
    assert bytes_read[0] <= len((ARTICLE * 100).encode()) + 4096
