"""Ingest: normalize → extract → store → link, one transaction per article.

Pages are processed (normalize + extract) in this process or in a pool of ``workers``
processes; one writer stores each article in its own transaction (store its facts,
re-apply curation, find its story, link it), so an interrupted ingest leaves whole
articles only and a rerun completes the batch (``tests/ledger/test_kill.py`` SIGKILLs it
and checks :func:`xietong.store.check.consistency`).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xietong.ingest import read_pages
from xietong.ledger.curation import reapply_article
from xietong.ledger.dupes import assign_story
from xietong.ledger.link import link_article
from xietong.model import Page, Skipped
from xietong.pipeline import Processed, process, warm_up
from xietong.store.engine import Ledger, open_ledger
from xietong.store.write import StoredArticle, forget_skipped, store_article, store_skipped


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest run (updated as it goes, for progress displays)."""

    documents: int = 0      # articles stored or already there
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    facts: int = 0
    skipped: int = 0
    seconds: float = 0.0
    skipped_items: list[Skipped] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"{self.documents} documents ({self.new} new, {self.updated} updated, "
                f"{self.unchanged} unchanged), {self.facts} facts, {self.skipped} skipped, "
                f"{self.rate:.0f} documents/s")


Progress = Callable[[IngestSummary, Processed | Skipped], None]


def store_processed(ledger: Ledger, item: Processed, *, force: bool = False) -> StoredArticle:
    """Store and link one processed article in one transaction."""
    with ledger.write() as conn:
        res = store_article(conn, item.page, item.document, item.facts, force=force)
        if res.status != "unchanged":
            fresh = res.status == "new"
            reapply_article(conn, res.article_id, fresh=fresh)
            assign_story(conn, res.article_id, item.document.text, fresh=fresh)
            link_article(conn, res.article_id, fresh=fresh, also_refresh=res.old_projects,
                         also_refresh_orgs=res.old_orgs)
        forget_skipped(conn, item.page.source)
    return res


def _process(page: Page) -> Processed | Skipped:
    return process(page)


def _processed(pages: Iterable[Page | Skipped], workers: int) -> Iterator[Processed | Skipped]:
    warm_up()  # before forking: the workers share the loaded tables, and GC leaves them alone
    if workers <= 1:
        for p in pages:
            yield p if isinstance(p, Skipped) else process(p)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    skipped: list[Skipped] = []

    def only_pages() -> Iterator[Page]:
        for p in pages:
            if isinstance(p, Skipped):
                skipped.append(p)
            else:
                yield p

    with ctx.Pool(workers) as pool:
        for out in pool.imap(_process, only_pages(), chunksize=8):
            while skipped:
                yield skipped.pop(0)
            yield out
    yield from skipped


def ingest_items(ledger: Ledger, items: Iterable[Processed | Skipped], *,
                 progress: Progress | None = None, force: bool = False) -> IngestSummary:
    """Store already-processed items (e.g. from Spark or a test)."""
    summary = IngestSummary()
    t0 = time.perf_counter()
    for item in items:
        if isinstance(item, Skipped):
            summary.skipped += 1
            summary.skipped_items.append(item)
            with ledger.write() as conn:
                store_skipped(conn, item)
        else:
            res = store_processed(ledger, item, force=force)
            summary.documents += 1
            summary.facts += res.facts
            if res.status == "new":
                summary.new += 1
            elif res.status == "updated":
                summary.updated += 1
            else:
                summary.unchanged += 1
        summary.seconds = time.perf_counter() - t0
        if progress is not None:
            progress(summary, item)
    summary.seconds = time.perf_counter() - t0
    return summary


def ingest_paths(paths: Iterable[str | Path], db_url: str | None = None, *, workers: int = 1,
                 progress: Progress | None = None, force: bool = False,
                 ledger: Ledger | None = None) -> IngestSummary:
    """Ingest every document under ``paths`` into the ledger at ``db_url``."""
    own = ledger is None
    led = ledger or open_ledger(db_url)
    try:
        return ingest_items(led, _processed(read_pages(paths), workers), progress=progress,
                            force=force)
    finally:
        if own:
            led.close()
