"""The store's read queries on SQLite and PostgreSQL: LIKE wildcards in filters are plain
characters, landing rates group municipality districts, the read indexes are used."""

from __future__ import annotations

from typing import Any

import pytest

from xietong.ledger.ingest import ingest_items
from xietong.store import Ledger
from xietong.store.queries import (
    LIVE_SQL,
    PROJECT_INDEXES,
    count_projects,
    ensure_indexes,
    escape_like,
    get_article,
    get_fact,
    get_project,
    landing_rates,
    list_articles,
    list_orgs,
    list_projects,
    prefecture_of,
    resolve_orgs,
)

PARK = "衡水华兴冷链物流园项目"
HUB = "通州智慧物流枢纽项目"
PORT = "滨海新区港口物流项目"


def _ledger(ledger: Ledger, article: Any) -> Ledger:
    ingest_items(ledger, [
        article("a1", published="2019-03-01",
                projects=((PARK, "signed", "2019-02", 1.2e9, ("华兴物流集团",), "131102"),),
                orgs=(("华兴物流集团", "enterprise"),)),
        article("a2", published="2020-06-01",
                projects=((HUB, "started", "2020-05", 3e8, ("京东方_科技集团",), "110112"),),
                orgs=(("京东方_科技集团", "enterprise"),)),
        article("a3", published="2021-02-01",
                projects=((PORT, "signed", "2021-01", None, ("天津港集团",), "120116"),),
                orgs=(("天津港集团", "enterprise"),)),
    ])
    return ledger


@pytest.mark.parametrize(("party", "expected"), [
    ("%", []),
    ("_", [HUB]),                    # literally in 京东方_科技集团, nowhere else
    ("%%", []),
    ("华兴%", []),
    ("华_物流", []),
    ("华兴物流", [PARK]),            # a substring of the name still matches
    ("京东方_科技", [HUB]),          # an underscore is a plain character
])
def test_party_filter_wildcards_are_literal(ledger: Ledger, article: Any, party: str,
                                            expected: list[str]) -> None:
    _ledger(ledger, article)
    with ledger.read() as c:
        assert [p.name for p in list_projects(c, party=party)] == expected
        assert count_projects(c, party=party) == len(expected)


def test_resolve_orgs_and_org_search_escape(ledger: Ledger, article: Any) -> None:
    _ledger(ledger, article)
    with ledger.read() as c:
        assert resolve_orgs(c, "%") == []
        assert len(resolve_orgs(c, "华兴物流集团")) == 1
        assert list_orgs(c, q="%") == []
        assert [o.name for o in list_orgs(c, q="_科技")] == ["京东方_科技集团"]


@pytest.mark.parametrize(("raw", "escaped"), [
    ("abc", "abc"), ("50%", "50\\%"), ("a_b", "a\\_b"), ("a\\b", "a\\\\b"),
])
def test_escape_like(raw: str, escaped: str) -> None:
    assert escape_like(raw) == escaped


@pytest.mark.parametrize(("code", "prefecture"), [
    ("131102", "131100"),   # a district of 衡水
    ("131100", "131100"),   # a prefecture is its own
    ("110112", "110000"),   # a Beijing district counts under the municipality
    ("120116", "120000"),   # Tianjin
    ("310115", "310000"),   # Shanghai
    ("500101", "500000"),   # Chongqing
    ("130000", "130000"),   # a province stays itself
    ("139999", "139900"),   # unknown: its first four digits
])
def test_prefecture_of(code: str, prefecture: str) -> None:
    assert prefecture_of(code) == prefecture


def test_landing_rates_group_municipality_districts(ledger: Ledger, article: Any) -> None:
    _ledger(ledger, article)
    with ledger.read() as c:
        rates = {r.group: (r.label, r.signed, r.landed) for r in landing_rates(c, by="place")}
        years = [(r.group, r.signed, r.landed) for r in landing_rates(c, by="year")]
    assert rates == {"110000": ("北京市", 1, 1), "120000": ("天津市", 1, 0),
                     "131100": ("衡水市", 1, 0)}
    assert years == [("2019", 1, 0), ("2020", 1, 1), ("2021", 1, 0)]


def test_lookups_by_id(ledger: Ledger, article: Any) -> None:
    _ledger(ledger, article)
    with ledger.read() as c:
        arts = list_articles(c)
        assert [a.doc_id for a in arts] == ["a3", "a2", "a1"]    # newest first
        detail = get_article(c, arts[1].id)
        assert detail is not None and detail.article.doc_id == "a2"
        proj = next(f for f in detail.facts if f.kind == "project")
        assert proj.data["name"] == HUB and proj.wrong is False and proj.corrected is False
        assert get_fact(c, proj.id) == proj
        assert get_fact(c, 10**9) is None and get_article(c, 10**9) is None
        hub = next(p for p in list_projects(c) if p.name == HUB)
        pd = get_project(c, hub.id)
        assert pd is not None
        assert (pd.project.place, pd.project.place_name, pd.project.parties) == (
            "110112", "通州区", ("京东方_科技集团",))
        assert [(e.status, e.article_id) for e in pd.timeline] == [("started", arts[1].id)]
        assert get_project(c, 10**9) is None


def test_sorted_pages_and_read_indexes(ledger: Ledger, article: Any) -> None:
    _ledger(ledger, article)
    with ledger.write() as c:
        ensure_indexes(c)
        ensure_indexes(c)   # idempotent
    with ledger.read() as c:
        assert [p.name for p in list_projects(c)] == [PORT, HUB, PARK]
        assert [p.name for p in list_projects(c, limit=1, offset=1)] == [HUB]
        by_inv = [p.name for p in list_projects(c, sort="investment")]
        assert by_inv[-2:] == [PARK, HUB] or by_inv[:2] == [PARK, HUB]   # NULL: dialect's end
        if c.dialect.name == "sqlite":
            for sort, index in (("recent", "ix_projects_live_recent"),
                                ("investment", "ix_projects_live_investment")):
                plan = " ".join(str(r[3]) for r in c.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN SELECT * FROM projects WHERE {LIVE_SQL} ORDER BY " + {"recent": "last_date DESC, id DESC",
                                                  "investment": "investment DESC, id ASC"}[sort]
                    + " LIMIT 50 OFFSET 500"))
                assert index in plan and "TEMP B-TREE" not in plan, plan
    assert len(PROJECT_INDEXES) == 2
