"""The pipeline as one function per document: ingest → normalize → extract.

``process`` is what every front end calls (CLI, ingest into the ledger, the Spark job),
so a document gives the same facts wherever it is processed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
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


# An invented article that touches every lazily built table (gazetteer, automata,
# lexicons, OpenCC, the segmenter) so that warm_up() loads them all once.
_WARM_UP_TEXT = (
    "河北省廊坊市举行重点项目集中签约仪式\n2024年3月5日 来源：廊坊日报\n"
    "3月5日，北京某某科技有限公司与廊坊市人民政府签约新能源装备制造基地项目，"
    "总投资12.5亿元，预计明年6月竣工投产。今年一季度，全市地区生产总值同比增长6.2%。\n"
)


@cache
def warm_up() -> None:
    """Load every lazily built table, then freeze them out of the cyclic GC.

    Front ends (extract, ingest, benchmarks) call this before their loop: the gazetteer
    and automata are hundreds of thousands of long-lived objects, and without
    ``gc.freeze`` every full collection walks them again (~9% of extract time on the dev
    corpus).  Once per process: a library caller that ingests again and again must not
    freeze each call's garbage for good.
    """
    process(Page(id="warm-up", source="<warm-up>", kind="text", text=_WARM_UP_TEXT))
    gc.freeze()


def process_paths(
    paths: Iterable[str | Path], *, max_bytes: int | None = None
) -> Iterator[Processed | Skipped]:
    """Stream every document under ``paths`` through the pipeline.

    ``max_bytes`` caps each document (None: ``XIETONG_MAX_BYTES`` or 20 MiB).
    """
    for item in read_pages(paths, max_bytes=max_bytes):
        yield item if isinstance(item, Skipped) else process(item)
