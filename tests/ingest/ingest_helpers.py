"""Helpers for the ingest tests: WARC files built with warcio's writer, a byte-counting file."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from xietong.ingest import read_pages
from xietong.model import Page, Skipped


@dataclass
class Rec:
    """One WARC record to write."""

    body: bytes
    url: str = "http://news.example.cn/a.html"
    rec_type: str = "response"
    content_type: str = "text/html"
    status: str = "200 OK"
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


def write_warc(path: Path, records: list[Rec], *, gzip: bool = True) -> Path:
    """Write ``records`` with warcio (one gzip member per record when ``gzip``)."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        for r in records:
            if r.rec_type == "response":
                http = StatusAndHeaders(
                    r.status, [("Content-Type", r.content_type), *r.extra_headers],
                    protocol="HTTP/1.1",
                )
                rec = writer.create_warc_record(r.url, "response", payload=io.BytesIO(r.body),
                                                http_headers=http)
            elif r.rec_type == "request":
                http = StatusAndHeaders("GET /a.html HTTP/1.1", [("Host", "news.example.cn")],
                                        is_http_request=True)
                rec = writer.create_warc_record(r.url, "request", payload=io.BytesIO(b""),
                                                http_headers=http)
            else:
                rec = writer.create_warc_record(r.url, r.rec_type, payload=io.BytesIO(r.body),
                                                warc_content_type=r.content_type)
            writer.write_record(rec)
    return path


def html(body: str, charset: str = "utf-8", meta: bool = True) -> bytes:
    """A small HTML page in ``charset`` (declared in a meta tag when ``meta``)."""
    head = f'<meta charset="{charset}">' if meta else ""
    doc = f"<!DOCTYPE html><html><head>{head}<title>News</title></head><body><p>{body}</p></body></html>"
    return doc.encode(charset)


def read_all(*paths: Path | str, **kw: int) -> list[Page | Skipped]:
    return list(read_pages(list(paths), **kw))


def pages(items: list[Page | Skipped]) -> list[Page]:
    return [i for i in items if isinstance(i, Page)]


def skips(items: list[Page | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


class CountingFile(io.RawIOBase):
    """A read-only file that counts the bytes handed out."""

    def __init__(self, f: IO[bytes], counter: list[int]) -> None:
        self._f = f
        self._counter = counter

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, pos: int, whence: int = 0) -> int:
        return self._f.seek(pos, whence)

    def tell(self) -> int:
        return self._f.tell()

    def readinto(self, b: memoryview) -> int:  # type: ignore[override]
        data = self._f.read(len(b))
        b[: len(data)] = data
        self._counter[0] += len(data)
        return len(data)

    def close(self) -> None:
        self._f.close()
        super().close()


