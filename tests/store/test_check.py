"""The consistency checker on SQLite and PostgreSQL: clean ledgers pass, each kind of
damage is named; counters stay right through re-extraction, curation and story merges."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from xietong.ledger.curation import merge_orgs, merge_projects, split_org, undo
from xietong.ledger.ingest import ingest_items
from xietong.store import Ledger
from xietong.store.check import consistency
from xietong.store.queries import list_projects
from xietong.store.tables import article_bands, articles, facts, orgs, project_events, projects

PARK = "衡水华兴冷链物流园项目"
_TOWNS = ("泊头", "任丘", "黄骅", "河间", "献县", "肃宁", "吴桥", "东光", "南皮", "盐山", "青县",
          "海兴")
_WORKS = ("厂房封顶", "设备进场", "道路硬化", "管网铺设", "绿化完成", "试车成功", "仓库启用",
          "桥梁合龙")
_UNITS = ("工人", "车辆", "企业", "专家", "项目", "机组")


def _sentences(n: int = 30, seed: int = 1) -> list[str]:
    """Invented progress-report sentences, all different."""
    r = random.Random(seed)
    return [f"{r.choice(_TOWNS)}第{i}标段{r.choice(_WORKS)}，投入{r.choice(_UNITS)}"
            f"{r.randint(10, 999)}个，完成{r.randint(10, 99)}%。" for i in range(1, n + 1)]


# A = sentences 1–24, B = 7–30 (Jaccard 0.6: two stories), C = all (0.8 to both)
SENTENCES = _sentences()


def _problems(ledger: Ledger) -> list[str]:
    with ledger.read() as c:
        return consistency(c)


def _small_ledger(ledger: Ledger, article: Any) -> None:
    ingest_items(ledger, [
        article("a1", orgs=(("华兴物流集团", "enterprise"),),
                projects=((PARK, "signed", "2019-02", 1.2e9, ("华兴物流集团",), "131102"),)),
        article("a2", published="2020-06-01", orgs=(("华兴物流集团有限公司", "enterprise"),),
                projects=((PARK, "started", "2020-05", None, ("华兴物流集团有限公司",), "131102"),
                          ("衡水数据中心项目", "signed", "2020", 3e8, ("云智科技公司",), "131100"))),
    ])


def test_a_clean_ledger_has_no_problems(ledger: Ledger, article: Any) -> None:
    assert _problems(ledger) == []
    _small_ledger(ledger, article)
    assert _problems(ledger) == []


DAMAGE: list[tuple[str, Any]] = [
    ("article without a story", update(articles).where(articles.c.id == 1).values(story_id=None)),
    ("article without its LSH bands", delete(article_bands).where(article_bands.c.article_id == 2)),
    ("project fact without exactly one event",
     delete(project_events).where(project_events.c.article_id == 1)),
    ("project whose article count is stale", update(projects).values(n_articles=7)),
    ("project whose story count is stale", update(projects).values(n_stories=9)),
    ("organization whose article count is stale", update(orgs).values(n_articles=5)),
    ("organization fact not linked",
     update(facts).where(facts.c.kind == "org").values(entity_id=None)),
    ("project merged into a missing or merged one",
     update(projects).where(projects.c.id == 1).values(merged_into=1)),
]


@pytest.mark.parametrize(("problem", "stmt"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_each_damage_is_named(ledger: Ledger, article: Any, problem: str, stmt: Any) -> None:
    _small_ledger(ledger, article)
    with ledger.write() as c:
        c.execute(stmt)
    found = _problems(ledger)
    assert any(p.startswith(problem + ":") for p in found), found


def test_reextraction_and_curation_keep_counters_right(ledger: Ledger, article: Any) -> None:
    _small_ledger(ledger, article)
    # re-extraction drops the organization and moves the project elsewhere
    ingest_items(ledger, [article("a2", published="2020-06-01", extractor="test-extract/2",
                                  projects=(("衡水数据中心项目", "signed", "2020", 3e8,
                                             ("云智科技公司",), "131100"),))])
    assert _problems(ledger) == []
    with ledger.read() as c:
        ids = {r.name[:6]: r.id for r in c.execute(select(orgs.c.id, orgs.c.name))}
        pids = sorted(p.id for p in list_projects(c))
    with ledger.write() as c:
        eid = merge_orgs(c, ids["云智科技公司"], ids["华兴物流集团"], "alice")
    assert _problems(ledger) == []
    with ledger.write() as c:
        undo(c, eid, "bob")
        split_org(c, ids["华兴物流集团"], "华兴物流集团", "carol")
        merge_projects(c, pids[0], pids[1], "dave")
    assert _problems(ledger) == []


def test_a_bridging_reprint_recounts_the_stories_it_merges(ledger: Ledger, article: Any) -> None:
    # two texts that share too little to be one story, then one that is close to both
    a, b = "".join(SENTENCES[:24]), "".join(SENTENCES[6:])
    proj = (("沧州智能制造产业园项目", "signed", "2021-03", 8e8, (), "130900"),)
    ingest_items(ledger, [article("x1", text=a, projects=proj),
                          article("x2", text=b, projects=proj)])
    with ledger.read() as c:
        before = {r.id: r.story_id for r in c.execute(select(articles.c.id, articles.c.story_id))}
    ingest_items(ledger, [article("x3", text="".join(SENTENCES))])
    assert _problems(ledger) == []
    with ledger.read() as c:
        (p,) = list_projects(c)
        stories = {r.story_id for r in c.execute(select(articles.c.story_id))}
    assert (p.n_articles, p.n_stories) == (2, 1)   # x3 names no project: recounted by the merge
    assert len(set(before.values())) == 2 and len(stories) == 1   # x3 bridged them
