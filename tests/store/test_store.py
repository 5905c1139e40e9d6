"""The store on SQLite and PostgreSQL: migrations, idempotent writes, queries, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import func, select

from xietong.errors import SkipReason
from xietong.ledger.ingest import ingest_items, store_processed
from xietong.model import Skipped
from xietong.store import Ledger, open_ledger
from xietong.store.engine import current_revision, head_revision
from xietong.store.queries import (
    count_projects,
    get_article,
    get_project,
    landing_rates,
    list_orgs,
    list_places,
    list_projects,
    search_articles,
    stats,
)
from xietong.store.tables import articles, facts

PARK = "衡水华兴冷链物流园项目"


def _count(ledger: Ledger, table: Any) -> int:
    with ledger.read() as c:
        return int(c.execute(select(func.count()).select_from(table)).scalar_one())


def test_migrations_reach_head_and_reopen(db_url: str) -> None:
    led = open_ledger(db_url)
    assert current_revision(led.engine) == head_revision()
    led.close()
    again = open_ledger(db_url, create=False)
    assert current_revision(again.engine) == head_revision()
    again.close()


def test_same_article_twice_changes_nothing(ledger: Ledger, article: Any) -> None:
    a = article("a1", projects=((PARK, "signed", "2019-02", 1.2e9, ("华兴物流集团",), "131102"),),
                orgs=(("华兴物流集团", "enterprise"),))
    first = store_processed(ledger, a)
    n_facts = _count(ledger, facts)
    second = store_processed(ledger, a)
    assert (first.status, second.status) == ("new", "unchanged")
    assert first.article_id == second.article_id
    assert _count(ledger, articles) == 1
    assert _count(ledger, facts) == n_facts == 3   # place, org, project: nothing twice


def test_facts_survive_the_database_unchanged(ledger: Ledger, article: Any) -> None:
    a = article("a1", projects=((PARK, "started", "2020-05", 1.5e9, ("华兴物流集团",), "131102"),),
                orgs=(("华兴物流集团", "enterprise"),))
    res = store_processed(ledger, a)
    with ledger.read() as c:
        detail = get_article(c, res.article_id)
    assert detail is not None
    by_kind = {f.kind: f.data for f in detail.facts}
    want = a.facts.projects[0].to_json()
    want.pop("evidence")
    assert by_kind["project"] == want
    assert detail.text == a.document.text


def test_project_filters(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [
        article("a1", published="2019-03-01",
                projects=((PARK, "signed", "2019-02", 1.2e9, ("华兴物流集团",), "131102"),)),
        article("a2", published="2021-01-01",
                projects=(("廊坊数据中心项目", "operating", "2020", 5e8, ("云智科技公司",), "131000"),)),
    ])
    with ledger.read() as c:
        assert [p.name for p in list_projects(c, place="衡水")] == [PARK]
        assert [p.name for p in list_projects(c, place="131100")] == [PARK]
        assert [p.name for p in list_projects(c, place="河北")] == ["廊坊数据中心项目", PARK]
        assert [p.name for p in list_projects(c, party="华兴物流集团")] == [PARK]
        assert [p.name for p in list_projects(c, status="operating")] == ["廊坊数据中心项目"]
        assert [p.name for p in list_projects(c, status="landed")] == ["廊坊数据中心项目"]
        assert [p.name for p in list_projects(c, since=2020)] == ["廊坊数据中心项目"]
        assert list_projects(c, place="上海") == []
        assert count_projects(c) == 2
        assert next(p.name for p in list_projects(c, sort="investment")) == PARK


def test_places_orgs_stats_search(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [article("a1", orgs=(("华兴物流集团", "enterprise"),),
                                  projects=((PARK, "signed", "2019-02", None,
                                             ("华兴物流集团",), "131102"),)),
                          Skipped("/x/bad.bin", SkipReason.BINARY, "not text")])
    with ledger.read() as c:
        pl = list_places(c)
        assert pl[0].adcode == "131100" and pl[0].n_projects == 1 and pl[0].n_articles == 1
        org = list_orgs(c)[0]
        assert (org.name, org.n_articles, org.n_projects) == ("华兴物流集团", 1, 1)
        s = stats(c)
        assert (s.articles, s.projects, s.orgs, s.skipped) == (1, 1, 1, 1)
        assert s.extractors == ("test-extract/1",)
        assert [a.doc_id for a in search_articles(c, "a1")] == ["a1"]


def test_export_all_formats(ledger: Ledger, article: Any, tmp_path: Path) -> None:
    from xietong.store.export import export

    ingest_items(ledger, [article("a1", projects=((PARK, "signed", "2019-02", 1.2e9,
                                                   ("华兴物流集团",), "131102"),))])
    with ledger.read() as c:
        for fmt in ("csv", "json", "parquet"):
            paths = export(c, fmt, tmp_path / fmt)  # type: ignore[arg-type]
            assert {p.name for p in paths} >= {f"projects.{fmt}", f"timeline.{fmt}"}
    with (tmp_path / "csv" / "projects.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["name"] == PARK and rows[0]["status"] == "signed"
    data = json.loads((tmp_path / "json" / "timeline.json").read_text(encoding="utf-8"))
    assert data[0]["status"] == "signed" and data[0]["date"] == "2019-02"
    assert pq.read_table(tmp_path / "parquet" / "projects.parquet").num_rows == 1


def test_timeline_and_rates(ledger: Ledger, article: Any) -> None:
    party = ("华兴物流集团",)
    ingest_items(ledger, [
        article("s", published="2019-02-20",
                projects=((PARK, "signed", "2019-02", 1.2e9, party, "131102"),)),
        article("b", published="2020-05-12",
                projects=((PARK, "started", "2020-05", 1.5e9, party, "131102"),)),
        article("o", published="2021-07-01",
                projects=((PARK, "operating", "2021", None, party, "131102"),)),
        article("x", published="2019-06-01",
                projects=(("衡水另一个项目", "signed", "2019-06", None, ("别的公司",), "131100"),)),
    ])
    with ledger.read() as c:
        ps = {p.name: p for p in list_projects(c)}
        assert ps[PARK].status == "operating"
        assert ps[PARK].investments == (1.2e9, 1.5e9)   # conflicting figures side by side
        detail = get_project(c, ps[PARK].id)
        assert detail is not None
        assert [(e.status, e.date) for e in detail.timeline] == [
            ("signed", "2019-02"), ("started", "2020-05"), ("operating", "2021")]
        by_place = landing_rates(c, by="place")
        assert [(r.group, r.landed, r.signed) for r in by_place] == [("131100", 1, 2)]
        assert by_place[0].rate == 0.5
        assert [(r.group, r.landed, r.signed) for r in landing_rates(c, by="year")] == [
            ("2019", 1, 2)]
