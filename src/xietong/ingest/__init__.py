"""Ingest: files, folders, JSONL and WARC → :class:`~xietong.model.Page` (streamed).

STUB — replaced by the ingest implementation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from xietong.errors import SkipReason
from xietong.model import Page, PageKind, Skipped


def read_pages(paths: Iterable[str | Path]) -> Iterator[Page | Skipped]:
    """Yield one Page per document found under ``paths`` (or a Skipped with its reason)."""
    for p in paths:
        path = Path(p)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_dir():
                continue
            try:
                data = f.read_bytes()
            except OSError as exc:
                yield Skipped(str(f), SkipReason.NOT_FOUND, str(exc))
                continue
            kind: PageKind = "html" if f.suffix.lower() in (".html", ".htm") else "text"
            yield Page(id=f.stem, source=str(f), kind=kind, data=data,
                       sha256=hashlib.sha256(data).hexdigest())
