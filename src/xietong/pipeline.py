"""The pipeline as one function per document: ingest → normalize → extract.

``process`` is what every front end calls (CLI, ingest into the ledger, the Spark job),
so a document gives the same facts wherever it is processed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from xietong.errors import InputError, SkipReason
from xietong.extract import extract
from xietong.ingest import read_pages
from xietong.model import Document, Facts, Page, Skipped
from xietong.normalize import normalize


@dataclass(frozen=True, slots=True)
class Processed:
    """A page that went through the pipeline."""

    page: Page
    document: Document
    facts: Facts


def clean(page: Page) -> Document | Skipped:
    """Normalize one page, turning documented input errors into a Skipped."""
    try:
        doc = normalize(page)
    except InputError as exc:
        return Skipped(page.source, exc.reason, exc.detail)
    if not doc.text.strip():
        return Skipped(page.source, SkipReason.NO_TEXT, "no text left after cleaning")
    return doc


def process(page: Page) -> Processed | Skipped:
    """Normalize and extract one page."""
    doc = clean(page)
    if isinstance(doc, Skipped):
        return doc
    return Processed(page, doc, extract(doc))


def process_paths(
    paths: Iterable[str | Path], *, max_bytes: int | None = None
) -> Iterator[Processed | Skipped]:
    """Stream every document under ``paths`` through the pipeline.

    ``max_bytes`` caps each document (None: ``XIETONG_MAX_BYTES`` or 20 MiB).
    """
    for item in read_pages(paths, max_bytes=max_bytes):
        yield item if isinstance(item, Skipped) else process(item)
