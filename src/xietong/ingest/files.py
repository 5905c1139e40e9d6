"""Files and folders → documents: walk, pick a reader by extension (or by sniffing), guard.

Folders are walked recursively (hidden files and folders are passed over, symlinked
folders are not followed) and files are read in sorted order, so the same folder always
gives the same stream.  Each file is read by one of:

* ``.txt`` / ``.text`` / ``.html`` / ``.htm`` / ``.xhtml`` / ``.shtml`` — one document;
* ``.jsonl`` / ``.ndjson`` — one document per line (:mod:`xietong.ingest.jsonl`);
* ``.warc`` / ``.arc`` — one document per response/resource record (:mod:`xietong.ingest.warc`);
* any of these with ``.gz`` — decompressed on the fly with bomb and truncation checks;
* anything else — sniffed: HTML, text, a WARC, or Skipped(UNSUPPORTED) when binary.

Whatever happens in one file becomes a Skipped and the next file is read: no exception
leaves :func:`read_pages`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from xietong.errors import InputError, SkipReason
from xietong.ingest.gz import GZIP_MAGIC, GzipReader, StreamError, read_capped
from xietong.ingest.jsonl import iter_jsonl
from xietong.ingest.pages import binary_kind, looks_html, make_page
from xietong.ingest.warc import iter_warc
from xietong.model import Page, PageKind, Skipped
from xietong.settings import DEFAULT_MAX_BYTES  # re-exported: the per-document cap
from xietong.settings import max_bytes as configured_max_bytes

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
WARC_SUFFIXES = frozenset({".warc", ".arc"})
_KNOWN = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES
_SNIFF = 4096
_PLAIN = TEXT_SUFFIXES | HTML_SUFFIXES


def _open_binary(path: Path, buffered: bool = True) -> IO[bytes]:
    """Open a file for reading (a seam: tests wrap it to count the bytes read).

    Unbuffered for a small plain file read whole: three system calls instead of about
    ten (buffer set-up probes the file), a tenth of the per-file cost of ingest.
    """
    return open(path, "rb", buffering=-1 if buffered else 0)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Every file under ``paths`` in a deterministic order; Skipped(NOT_FOUND) for missing paths."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.extend(Path(root, f) for f in files if not f.startswith("."))
            yield from sorted(found)
        elif path.is_file():
            yield path
        elif path.exists():
            yield Skipped(str(path), SkipReason.UNSUPPORTED, "not a regular file")
        else:
            yield Skipped(str(path), SkipReason.NOT_FOUND, "no such file or folder")


def _split_name(path: Path) -> tuple[str, str, bool]:
    """(stem, format suffix, gzipped) — ``a.warc.gz`` → ('a', '.warc', True)."""
    name = path.name
    gz = name.lower().endswith(".gz")
    if gz:
        name = name[:-3]
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return name, "", gz
    return stem, "." + ext.lower(), gz


def read_pages(
    paths: Iterable[str | Path], *, max_bytes: int | None = None
) -> Iterator[Page | Skipped]:
    """Stream every document under ``paths`` (files, or folders recursively, sorted).

    Yields a :class:`Page` per document (``text`` always decoded) or a :class:`Skipped`
    with the reason; never raises for bad input.  ``max_bytes`` caps each document (a
    file, a JSONL line, a WARC record body); None means ``XIETONG_MAX_BYTES`` or 20 MiB.
    """
    if max_bytes is None:
        max_bytes = configured_max_bytes()
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        yield from _guarded(item, max_bytes)


def _guarded(path: Path, max_bytes: int) -> Iterator[Page | Skipped]:
    """Read one file; any failure ends this file with one Skipped."""
    source = str(path)
    try:
        yield from _read_file(path, max_bytes)
    except InputError as exc:
        yield Skipped(exc.source, exc.reason, exc.detail)
    except FileNotFoundError as exc:
        yield Skipped(source, SkipReason.NOT_FOUND, exc.strerror or "vanished")
    except OSError as exc:
        yield Skipped(source, SkipReason.MALFORMED, f"cannot read: {exc.strerror or exc}")
    except (MemoryError, RecursionError, ValueError, UnicodeError, LookupError) as exc:
        yield Skipped(source, SkipReason.MALFORMED, f"{type(exc).__name__}: {str(exc)[:120]}")


def _format(suffix: str, head: bytes) -> str:
    """'jsonl', 'warc', 'html', 'text' or 'sniff' (unknown extension: look at the body)."""
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in WARC_SUFFIXES:
        return "warc"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if head.startswith((b"WARC/1.", b"WARC/0.")):
        return "warc"
    return "sniff"


def _read_file(path: Path, max_bytes: int) -> Iterator[Page | Skipped]:
    source = str(path)
    stem, suffix, gz = _split_name(path)
    size = path.stat().st_size
    if size == 0:
        yield Skipped(source, SkipReason.EMPTY, "empty file")
        return
    if not gz and suffix in _PLAIN and size <= max_bytes:
        with _open_binary(path, buffered=False) as raw:   # the usual case: one small page
            data = read_capped(raw, max_bytes + 1)
        if not data.startswith(GZIP_MAGIC):
            yield from _page(data, source, stem, suffix, _format(suffix, data[:_SNIFF]), max_bytes)
            return
    with _open_binary(path) as raw:
        head = raw.read(_SNIFF)
        raw.seek(0)
        stream: IO[bytes] = raw
        gzr: GzipReader | None = None
        compressed = head.startswith(GZIP_MAGIC)
        if gz and not compressed:
            yield Skipped(source, SkipReason.MALFORMED, "named .gz but not gzip")
            return
        if compressed:
            gzr = GzipReader(raw, source, floor=max(64 * 1024 * 1024, 2 * max_bytes))
            buffered = io.BufferedReader(gzr, buffer_size=1 << 16)
            stream = buffered
            head = buffered.peek(_SNIFF)[:_SNIFF]

        def broken() -> StreamError | None:
            return gzr.error if gzr is not None else None

        fmt = _format(suffix, head)
        if fmt in ("jsonl", "warc"):
            records = iter_jsonl if fmt == "jsonl" else iter_warc
            yield from records(stream, source, path.name, max_bytes, broken)
            if (err := broken()) is not None:
                yield Skipped(err.source, err.reason, err.detail)
            return
        if not compressed and size > max_bytes:
            # Checked before reading: a 200 MB file is never loaded only to be refused.
            yield Skipped(source, SkipReason.TOO_LARGE, f"{size} bytes (limit {max_bytes})")
            return
        data = read_capped(stream, max_bytes + 1)
        if (err := broken()) is not None:
            yield Skipped(err.source, err.reason, err.detail)
            return
    yield from _page(data, source, stem, suffix, fmt, max_bytes)


def _page(data: bytes, source: str, stem: str, suffix: str, fmt: str,
          max_bytes: int) -> Iterator[Page | Skipped]:
    """The Page of one file's (decompressed) bytes, or why it is skipped."""
    if len(data) > max_bytes:
        yield Skipped(source, SkipReason.TOO_LARGE, f"over {max_bytes} bytes once decompressed")
        return
    kind: PageKind
    if fmt == "html":
        kind = "html"
    elif fmt == "text":
        kind = "html" if looks_html(data) else "text"
    else:
        why = binary_kind(data)
        if why is not None and data.strip():
            what = f"'{suffix}'" if suffix else "no extension"
            yield Skipped(source, SkipReason.UNSUPPORTED, f"binary file ({why}) with {what}")
            return
        kind = "html" if looks_html(data) else "text"
    page_id = stem if suffix in _KNOWN or not suffix else f"{stem}{suffix}"
    yield make_page(data, page_id=page_id, source=source, kind=kind)


__all__ = ["DEFAULT_MAX_BYTES", "StreamError", "iter_files", "read_pages"]
