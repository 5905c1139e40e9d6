"""Re-run cross-article linking over the whole ledger (``xietong link --rebuild``).

For every article, in id order (the order they were ingested): re-apply its curation,
find its story again (stories only merge; merged stories are recounted) and relink its
organizations and projects with the current rules; then recount every project and
organization.  Articles go in batches of ``batch`` per write transaction, each leaving a
consistent ledger, so an interrupted rebuild is completed by running it again.  Running
it twice changes nothing the second time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from xietong.ledger.curation import reapply_article
from xietong.ledger.dupes import assign_story
from xietong.ledger.link import link_article, refresh_orgs, refresh_projects
from xietong.store.engine import Ledger
from xietong.store.tables import articles, orgs, projects


@dataclass(slots=True)
class RebuildSummary:
    """What a rebuild went over."""

    articles: int = 0
    projects: int = 0
    orgs: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"relinked {self.articles} articles; recounted {self.projects} projects and "
                f"{self.orgs} organizations in {self.seconds:.1f} s")


def rebuild_links(ledger: Ledger, *, batch: int = 100,
                  progress: Callable[[RebuildSummary], None] | None = None) -> RebuildSummary:
    """Relink every article of the ledger (see the module docstring); idempotent."""
    summary = RebuildSummary()
    t0 = time.perf_counter()
    last = 0
    while True:
        with ledger.write() as conn:
            rows = conn.execute(select(articles.c.id, articles.c.text)
                                .where(articles.c.id > last).order_by(articles.c.id)
                                .limit(batch)).all()
            for r in rows:
                reapply_article(conn, r.id)
                assign_story(conn, r.id, r.text)
                link_article(conn, r.id)
        if not rows:
            break
        last = int(rows[-1].id)
        summary.articles += len(rows)
        summary.seconds = time.perf_counter() - t0
        if progress is not None:
            progress(summary)
    for table, refresh in ((projects, refresh_projects), (orgs, refresh_orgs)):
        last = 0
        while True:
            with ledger.write() as conn:
                ids = [int(i) for i in conn.execute(
                    select(table.c.id).where(table.c.id > last).order_by(table.c.id)
                    .limit(batch * 10)).scalars()]
                refresh(conn, ids)
            if not ids:
                break
            last = ids[-1]
            if table is projects:
                summary.projects += len(ids)
            else:
                summary.orgs += len(ids)
    summary.seconds = time.perf_counter() - t0
    return summary
