"""Ingest: files, folders, JSONL and WARC → :class:`~xietong.model.Page` (streamed).

The one entry point is :func:`read_pages`; bytes → str decoding lives here too
(:func:`decode_bytes`), so every Page leaves ingest with ``text`` set.

>>> from xietong.ingest import read_pages, decode_bytes, DEFAULT_MAX_BYTES
"""

from __future__ import annotations

from xietong.ingest.decode import decode_bytes, normalize_charset, plausibility
from xietong.ingest.files import DEFAULT_MAX_BYTES, iter_files, read_pages
from xietong.ingest.pages import binary_kind, looks_html, record_id

__all__ = [
    "DEFAULT_MAX_BYTES",
    "binary_kind",
    "decode_bytes",
    "iter_files",
    "looks_html",
    "normalize_charset",
    "plausibility",
    "read_pages",
    "record_id",
]
