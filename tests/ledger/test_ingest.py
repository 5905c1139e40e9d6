"""Ingest end to end through the pipeline, with workers, bad files and two writers at once."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from xietong.ledger.ingest import ingest_items, ingest_paths
from xietong.store import Ledger, open_ledger
from xietong.store.queries import list_projects, stats
from xietong.store.tables import articles, facts, orgs, project_events, projects

FIXTURES = Path(__file__).parent / "fixtures"


def _snapshot(ledger: Ledger) -> tuple[int, ...]:
    with ledger.read() as c:
        return tuple(int(c.execute(select(func.count()).select_from(t)).scalar_one())
                     for t in (articles, facts, orgs, projects, project_events))


def test_ingest_paths_end_to_end_and_idempotent(ledger: Ledger) -> None:
    s = ingest_paths([FIXTURES], ledger=ledger)
    assert (s.documents, s.new, s.skipped) == (3, 3, 1)
    assert s.skipped_items[0].source.endswith("broken.txt")
    before = _snapshot(ledger)
    again = ingest_paths([FIXTURES], ledger=ledger, workers=2)
    assert (again.unchanged, again.new) == (3, 0)
    assert _snapshot(ledger) == before
    with ledger.read() as c:
        st = stats(c)
        assert (st.articles, st.stories, st.skipped) == (3, 2, 1)
        for p in list_projects(c):
            assert p.n_articles >= 1 and p.status


def _writer(url: str, ids: list[str]) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent))
    from conftest import make_processed

    led = open_ledger(url)
    ingest_items(led, [make_processed(i, projects=(("衡水冷链园项目", "signed", "2019", None,
                                                    ("华兴物流集团",), "131102"),))
                       for i in ids])
    led.close()


def test_two_writers_at_once_lose_and_duplicate_nothing(db_url: str, article: Any) -> None:
    open_ledger(db_url).close()
    ids = [f"d{i}" for i in range(12)]
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(db_url, ids)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    led = open_ledger(db_url)
    with led.read() as c:
        assert c.execute(select(func.count()).select_from(articles)).scalar_one() == 12
        (p,) = list_projects(c)
        assert p.n_articles == 12
        assert c.execute(select(func.count()).select_from(orgs)).scalar_one() == 1
    led.close()
