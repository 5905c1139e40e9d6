"""Linking across articles on SQLite and PostgreSQL: stories, organizations, projects."""

from __future__ import annotations

from typing import Any

from xietong.ledger.dupes import signature, similarity
from xietong.ledger.ingest import ingest_items
from xietong.store import Ledger
from xietong.store.queries import get_article, get_project, list_orgs, list_projects, stats

PARK = "衡水华兴冷链物流园项目"
RELEASE = ("衡水市与北京企业签约冷链物流园项目，总投资十二亿元，选址冀州区，"
           "计划三年内建成投产，带动就业两千人。项目由华兴物流集团投资建设。") * 6


def test_signature_similarity() -> None:
    a, b = signature(RELEASE), signature(RELEASE + "（来源：某某网）")
    assert similarity(a, b) >= 0.7
    assert similarity(a, signature("廊坊市举办数据中心推介会，吸引多家企业参加。" * 8)) < 0.3


def test_reprints_are_one_story_and_count_once(ledger: Ledger, article: Any) -> None:
    proj = ((PARK, "signed", "2019-02", 1.2e9, ("华兴物流集团",), "131102"),)
    ingest_items(ledger, [
        article("site-a", text=RELEASE, projects=proj),
        article("site-b", text="转载：" + RELEASE, projects=proj),
        article("other", text="廊坊市举办数据中心推介会，吸引多家企业参加。" * 8),
    ])
    with ledger.read() as c:
        s = stats(c)
        assert (s.articles, s.stories) == (3, 2)
        (p,) = list_projects(c)
        assert (p.n_articles, p.n_stories) == (2, 1)
        a = get_article(c, 1)
        assert a is not None and a.duplicates == (2,)


def test_org_names_become_one_entity(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [
        article("a1", orgs=(("北京新发地集团有限公司", "enterprise"),),
                projects=((PARK, "signed", "2019-02", None, ("北京新发地集团有限公司",), "131102"),)),
        article("a2", orgs=(("新发地集团", "enterprise"),),
                projects=((PARK, "started", "2020-05", None, ("新发地集团",), "131102"),)),
        article("a3", orgs=(("霸州市委", "government"), ("衡水市委", "government"))),
    ])
    with ledger.read() as c:
        orgs = {o.name: o for o in list_orgs(c)}
        assert set(orgs) == {"北京新发地集团有限公司", "霸州市委", "衡水市委"}
        assert orgs["北京新发地集团有限公司"].aliases == ("新发地集团",)
        assert orgs["北京新发地集团有限公司"].n_articles == 2
        assert [p.name for p in list_projects(c, party="新发地集团")] == [PARK]


def test_similar_project_names_with_a_shared_party_link(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [
        article("a1", projects=((PARK, "signed", "2019-02", None, ("华兴物流集团",), "131102"),)),
        article("a2", projects=(("衡水华兴智慧冷链物流园", "operating", "2021", None,
                                 ("华兴物流集团",), "131102"),)),
        article("a3", projects=(("衡水华兴冷链物流园", "started", "2020", None, (), "131000"),)),
    ])
    with ledger.read() as c:
        ps = list_projects(c, sort="oldest")
        assert len(ps) == 2          # a3 is in another prefecture: not the same project
        main = next(p for p in ps if p.n_articles == 2)
        detail = get_project(c, main.id)
        assert detail is not None
        assert [e.status for e in detail.timeline] == ["signed", "operating"]
        assert all(e.sentence for e in detail.timeline)


def test_reingest_with_new_extractor_replaces_facts(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [article("a1", projects=((PARK, "signed", "2019-02", None, (), "131102"),))])
    s = ingest_items(ledger, [article("a1", extractor="test-extract/2",
                                      projects=((PARK, "started", "2019-05", None, (), "131102"),))])
    assert (s.updated, s.new) == (1, 0)
    with ledger.read() as c:
        (p,) = list_projects(c)
        assert p.status == "started"
        assert stats(c).extractors == ("test-extract/2",)
