"""Curation on SQLite and PostgreSQL: recorded, undoable, surviving re-extraction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from xietong.ledger.curation import (
    correct_fact,
    list_edits,
    mark_wrong,
    merge_orgs,
    merge_projects,
    split_project,
    undo,
)
from xietong.ledger.ingest import ingest_items
from xietong.store import Ledger
from xietong.store.queries import get_project, list_orgs, list_projects
from xietong.store.tables import facts

PARK = "衡水华兴冷链物流园项目"


def _project_fact(ledger: Ledger, doc_index: int = 1) -> int:
    with ledger.read() as c:
        return int(c.execute(select(facts.c.id).where(
            facts.c.kind == "project", facts.c.article_id == doc_index)).scalar_one())


def test_correction_is_recorded_undoable_and_survives_reextraction(
        ledger: Ledger, article: Any) -> None:
    a = article("a1", projects=((PARK, "signed", "2019-02", None, (), "131102"),))
    ingest_items(ledger, [a])
    fid = _project_fact(ledger)
    with ledger.write() as c:
        eid = correct_fact(c, fid, {"status": "operating", "investment": 9e8}, "alice")
    with ledger.read() as c:
        (p,) = list_projects(c)
        assert (p.status, p.investment) == ("operating", 9e8)
        (e,) = list_edits(c)
        assert (e.id, e.author, e.action, e.target["key"]) == (eid, "alice", "correct", PARK)
    # A new extractor version re-extracts: the correction is put back.
    ingest_items(ledger, [article("a1", extractor="test-extract/2",
                                  projects=((PARK, "signed", "2019-03", None, (), "131102"),))])
    with ledger.read() as c:
        (p,) = list_projects(c)
        assert (p.status, p.investment, p.signed_date) == ("operating", 9e8, "2019-03")
    with ledger.write() as c:
        undo(c, eid, "bob")
    with ledger.read() as c:
        (p,) = list_projects(c)
        assert (p.status, p.signed_date) == ("signed", "2019-03")
        assert list_edits(c)[0].undone_by == "bob"


def test_wrong_fact_leaves_the_ledger(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [article("a1", projects=((PARK, "signed", None, None, (), "131102"),))])
    fid = _project_fact(ledger)
    with ledger.write() as c:
        eid = mark_wrong(c, fid, "alice")
    with ledger.read() as c:
        assert list_projects(c) == []
    with ledger.write() as c:
        undo(c, eid, "alice")
    with ledger.read() as c:
        assert [p.name for p in list_projects(c)] == [PARK]


def test_merge_and_split_projects(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [
        article("a1", projects=((PARK, "signed", "2019-02", None, (), "131102"),)),
        article("a2", projects=(("冀州冷链园", "started", "2020-05", None, (), "131102"),)),
    ])
    with ledger.read() as c:
        ids = {p.name: p.id for p in list_projects(c)}
    with ledger.write() as c:
        eid = merge_projects(c, ids["冀州冷链园"], ids[PARK], "alice")
    with ledger.read() as c:
        (p,) = list_projects(c)
        assert (p.id, p.status, p.n_articles) == (ids[PARK], "started", 2)
    # The merge holds when the second article is re-extracted.
    ingest_items(ledger, [article("a2", extractor="test-extract/2",
                                  projects=(("冀州冷链园", "operating", "2021", None, (),
                                             "131102"),))])
    with ledger.read() as c:
        (p,) = list_projects(c)
        assert p.status == "operating"
    with ledger.write() as c:
        undo(c, eid, "alice")
    with ledger.read() as c:
        assert len(list_projects(c)) == 2
    # Split a report off a project.
    with ledger.write() as c:
        merge_projects(c, ids["冀州冷链园"], ids[PARK], "alice")
        split_project(c, ids[PARK], [_project_fact(ledger, 2)], "alice")
    with ledger.read() as c:
        ps = list_projects(c)
        assert len(ps) == 2
        detail = get_project(c, ids[PARK])
        assert detail is not None and [e.article_id for e in detail.timeline] == [1]


def test_merge_orgs_and_undo(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [
        article("a1", orgs=(("华兴物流集团", "enterprise"),),
                projects=((PARK, "signed", None, None, ("华兴物流集团",), "131102"),)),
        article("a2", orgs=(("冀州华兴", "enterprise"),)),
    ])
    with ledger.read() as c:
        ids = {o.name: o.id for o in list_orgs(c)}
    with ledger.write() as c:
        eid = merge_orgs(c, ids["冀州华兴"], ids["华兴物流集团"], "alice")
    with ledger.read() as c:
        (o,) = list_orgs(c)
        assert (o.name, o.n_articles, o.aliases) == ("华兴物流集团", 2, ("冀州华兴",))
        assert [p.name for p in list_projects(c, party="冀州华兴")] == [PARK]
    with ledger.write() as c:
        undo(c, eid, "alice")
    with ledger.read() as c:
        assert len(list_orgs(c)) == 2
