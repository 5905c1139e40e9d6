"""WARC crawls: response and resource records with HTML or plain text become Pages.

Streamed record by record with warcio: a record's body is read with a cap (``max_bytes``)
and the rest is skipped in blocks, so memory stays flat whatever the file size.  gzip is
undone by :class:`~xietong.ingest.gz.GzipReader` (bomb and truncation checks), so warcio
sees a plain WARC.  request, metadata, warcinfo, revisit and conversion records, non-2xx
responses and non-text media (images, scripts, styles) are not documents and are passed
over silently; everything else either becomes a Page or a Skipped with its reason.  A
truncated or corrupt file yields the records read so far, then one Skipped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator, WARCIterator
from warcio.bufferedreaders import ChunkedDataReader

from xietong.errors import InputError, SkipReason
from xietong.ingest.decode import header_charset
from xietong.ingest.gz import StreamCheck, StreamError, read_capped
from xietong.ingest.gz import intact as _intact
from xietong.ingest.pages import make_page, record_id
from xietong.model import Page, PageKind, Skipped

DOCUMENT_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_HEADER_ALLOWANCE = 64 * 1024     # HTTP headers inside a record, on top of the body cap
_DRAIN = 1 << 16


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _kind(media: str) -> PageKind | None:
    if media in _HTML_TYPES:
        return "html"
    if media in _TEXT_TYPES:
        return "text"
    return None


def _drain(record: Any) -> int:
    """Read what is left of a record's block; returns the bytes still missing (truncation)."""
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    return int(getattr(raw, "limit", 0))


def _payload(record: Any, source: str, cap: int) -> bytes:
    """The HTTP payload, de-chunked and de-compressed, at most ``cap`` + 1 bytes."""
    headers = record.http_headers
    raw = record.raw_stream
    if headers is None:
        return read_capped(raw, cap + 1)
    stream = raw
    if (headers.get_header("transfer-encoding") or "").lower() == "chunked":
        stream = ChunkedDataReader(raw, decomp_type=None)
    encoding = (headers.get_header("content-encoding") or "identity").strip().lower()
    if encoding in ("identity", ""):
        return read_capped(stream, cap + 1)
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise InputError(source, SkipReason.UNSUPPORTED, f"content-encoding {encoding}")
    body = read_capped(stream, cap + 1)
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        dec = zlib.decompressobj(wbits)
        out = dec.decompress(body, cap + 1)
    except zlib.error:
        try:                                        # raw deflate without zlib header
            dec = zlib.decompressobj(-zlib.MAX_WBITS)
            out = dec.decompress(body, cap + 1)
        except zlib.error as exc:
            raise InputError(source, SkipReason.MALFORMED, f"bad {encoding} body: {exc}") from None
    return out


def _record_page(record: Any, source: str, name: str, max_bytes: int) -> Page | Skipped | None:
    """One record → Page, Skipped, or None when it is not a document at all."""
    if record.rec_type not in DOCUMENT_RECORDS:
        return None
    headers = record.http_headers
    if headers is not None:
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = headers.get_header("content-type")
    else:
        content_type = record.rec_headers.get_header("content-type")
    kind = _kind(_media_type(content_type))
    if kind is None:
        return None
    length = record.length
    if length is not None and length > max_bytes + _HEADER_ALLOWANCE:
        return Skipped(source, SkipReason.TOO_LARGE, f"record of {length} bytes (limit {max_bytes})")
    try:
        body = _payload(record, source, max_bytes)
    except StreamError:
        raise
    except InputError as exc:
        return Skipped(exc.source, exc.reason, exc.detail)
    if len(body) > max_bytes:
        return Skipped(source, SkipReason.TOO_LARGE, f"body over {max_bytes} bytes")
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    rid = record.rec_headers.get_header("WARC-Record-ID") or source.rsplit("#", 1)[-1]
    return make_page(
        body, page_id=record_id(url or name, rid), source=source, kind=kind, url=url,
        published_hint=record.rec_headers.get_header("WARC-Date") or None,
        charset_hint=header_charset(content_type),
    )


def _unparsed_tail(archive: Any, stream: IO[bytes]) -> bool:
    """After the last record: were there bytes warcio could not make a record of?

    warcio stops silently when the file ends inside a record's headers; its offset then
    stays at the end of the last whole record.
    """
    try:
        return int(archive.offset) < stream.tell()
    except (OSError, ValueError, TypeError):
        return False


class _LineGuard:
    """The stream warcio reads, refusing a run of bytes without a line break over ``limit``.

    Why: warcio reads record headers (and the blank lines between records) with an
    unbounded ``readline`` that concatenates 64 KB blocks: junk without a newline after
    a record (a lying Content-Length, a file glued to another) cost 310 MB and 97 s per
    100 MB, and its warning printed the whole line on stderr.  A record body longer than
    the cap without a single newline is skipped anyway, so the guard loses nothing real.
    Record bodies (read while :attr:`in_body` is set) are not counted: a minified page
    on one line is a document.
    """

    def __init__(self, raw: IO[bytes], source: str, limit: int) -> None:
        self._raw = raw
        self._source = source
        self._limit = limit
        self._run = 0                 # bytes since the last line break
        self.in_body = False          # set while a record's body is read

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        if self.in_body:
            self._run = 0
            return data
        nl = data.rfind(b"\n")
        self._run = self._run + len(data) if nl < 0 else len(data) - nl - 1
        if self._run > self._limit:
            raise StreamError(self._source, SkipReason.TOO_LARGE,
                              f"over {self._limit} bytes without a line break (not a WARC record)")
        return data

    def tell(self) -> int:
        return self._raw.tell()


def iter_warc(
    stream: IO[bytes], path: str, name: str, max_bytes: int, broken: StreamCheck = _intact
) -> Iterator[Page | Skipped]:
    """Yield the documents of a (decompressed) WARC stream, lazily, one record at a time.

    ``broken`` tells whether the stream under it ended early (a truncated or corrupt
    gzip): then the record cut short is not yielded and the caller reports the problem.
    """
    arc = name.lower().endswith((".arc", ".arc.gz"))    # ARC only when named so
    guarded = _LineGuard(stream, path, max_bytes + _HEADER_ALLOWANCE)
    archive = (ArchiveIterator if arc else WARCIterator)(guarded, block_size=_DRAIN)
    archive.INC_RECORD = ""      # warcio's warning would print the offending line on stderr
    records = iter(archive)
    n = 0
    documents = 0
    while True:
        source = f"{path}#{n + 1}"
        try:
            guarded.in_body = False
            record = next(records)
            n += 1
            if record.length is None:
                yield Skipped(source, SkipReason.TRUNCATED, "record without Content-Length (cut in its headers?)")
                return
            guarded.in_body = True
            item = _record_page(record, source, name, max_bytes)
            missing = _drain(record)
        except StopIteration:
            break
        except StreamError as exc:
            yield Skipped(source, exc.reason, exc.detail)
            return
        except Exception as exc:
            if broken() is not None:
                return  # warcio's parse errors have no common base: any means "stop"
            text = str(exc).strip()
            detail = text.splitlines()[0][:120] if text else type(exc).__name__
            what = "not a WARC file" if n == 0 else "bad WARC record"
            yield Skipped(source, SkipReason.MALFORMED, f"{what}: {detail}")
            return
        if missing > 0:
            if broken() is not None:
                return
            yield Skipped(source, SkipReason.TRUNCATED,
                          f"file ends inside the record ({missing} of {record.length} bytes missing)")
            return
        if item is not None:
            documents += 1
            yield item
    if broken() is not None:
        return
    if n and _unparsed_tail(archive, stream):
        yield Skipped(f"{path}#{n + 1}", SkipReason.TRUNCATED, "file ends inside the headers of a record")
        return
    if n == 0:
        yield Skipped(path, SkipReason.EMPTY, "no WARC records")
    elif documents == 0:
        yield Skipped(path, SkipReason.NO_TEXT, f"no HTML or text documents among {n} records")
