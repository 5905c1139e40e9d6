"""A small hand-made ledger for the API, page and browser tests (team-written articles;
facts stored through the store's own ingest), and a check of what it holds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from xietong.store import Ledger, open_ledger

HOSTILE = '<script>alert("xss")</script>'


@dataclass(frozen=True)
class Built:
    """Ids of the things the tests look at."""

    url: str
    articles: dict[str, int]
    park: int        # the cold-chain park project (signed, then started)
    port: int        # the Huanghua logistics centre project


def _processed(doc_id: str, title: str, published: str, text: str, *,
               places: tuple[tuple[str, str, str], ...] = (),
               orgs: tuple[tuple[str, str], ...] = (),
               amounts: tuple[tuple[str, float], ...] = (),
               projects: tuple[dict[str, Any], ...] = (),
               indicators: tuple[dict[str, Any], ...] = ()) -> Any:
    from xietong.model import (
        Amount,
        Document,
        Evidence,
        Facts,
        Indicator,
        Organization,
        Page,
        Place,
        Project,
    )
    from xietong.pipeline import Processed

    def ev(span: str) -> Evidence:
        i = text.index(span)
        lo = max(text.rfind("。", 0, i) + 1, 0)
        hi = text.find("。", i)
        hi = len(text) if hi < 0 else hi + 1
        return Evidence(i, i + len(span), text[lo:hi])

    facts = Facts(
        id=doc_id, title=title, published=published, source="测试日报",
        places=tuple(Place(code, name, ev(span), "county" if not code.endswith("00") else
                           "prefecture") for code, name, span in places),
        organizations=tuple(Organization(n, t, ev(n)) for n, t in orgs),  # type: ignore[arg-type]
        amounts=tuple(Amount(s, v, "CNY", "exact", ev(s)) for s, v in amounts),
        projects=tuple(Project(p["name"], p.get("category", "industry"), p["parties"],
                               p["place"], p["investment"], p["status"], p["date"],
                               ev(p["span"])) for p in projects),
        indicators=tuple(Indicator(i["subject"], i["metric"], i["value"], i["unit"], "exact",
                                   i["period"], ev(i["span"])) for i in indicators),
        extractor="test-extract/1")
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=doc_id, text=text, title=title, published=published, source="测试日报",
                   sha256=sha, origin=f"/fixtures/{doc_id}.txt")
    page = Page(id=doc_id, source=f"/fixtures/{doc_id}.txt", kind="text", sha256=sha)
    return Processed(page, doc, facts)


PARK = "衡水华兴冷链物流园项目"
PORT = "黄骅港综合物流中心项目"


def articles() -> list[Any]:
    """Four short articles written for these tests."""
    a1 = ("本报讯 3月12日，北京华兴物流集团与衡水市桃城区人民政府签约，计划投资12亿元建设"
          f"{PARK}。该项目占地约300亩，建成后可实现年营业收入20亿元。"
          "2018年，桃城区地区生产总值达到320亿元，同比增长6.5%。")
    a2 = (f"记者从桃城区获悉，{PARK}近日正式开工建设，项目总投资12亿元，由北京华兴物流集团投资。"
          "2019年，桃城区地区生产总值达到345亿元。")
    a3 = (f"天津港集团投资5亿元的{PORT}正在加紧建设，目前主体结构已完成六成。"
          "该中心位于沧州市黄骅市，建成后将服务京津冀港口群。")
    a4 = (f"有读者来信称：{HOSTILE} 这是一段测试文字。云智科技有限公司在廊坊市广阳区"
          "投资3亿元的廊坊云智数据中心项目已投产运营。")
    return [
        _processed("hs-sign", "华兴冷链物流园项目签约落户桃城", "2019-03-15", a1,
                   places=(("131102", "桃城区", "桃城区"),),
                   orgs=(("北京华兴物流集团", "enterprise"),),
                   amounts=(("12亿元", 1.2e9),),
                   projects=({"name": PARK, "parties": ("北京华兴物流集团",),
                              "place": "131102", "investment": 1.2e9, "status": "signed",
                              "date": "2019-03-12", "span": PARK},),
                   indicators=({"subject": "桃城区", "metric": "地区生产总值", "value": 3.2e10,
                                "unit": "元", "period": ("2018", "2018"),
                                "span": "地区生产总值达到320亿元"},)),
        _processed("hs-start", "华兴冷链物流园开工", "2020-06-01", a2,
                   places=(("131102", "桃城区", "桃城区"),),
                   orgs=(("北京华兴物流集团", "enterprise"),),
                   projects=({"name": PARK, "parties": ("北京华兴物流集团",),
                              "place": "131102", "investment": 1.2e9, "status": "started",
                              "date": "2020-05", "span": PARK},),
                   indicators=({"subject": "桃城区", "metric": "地区生产总值", "value": 3.45e10,
                                "unit": "元", "period": ("2019", "2019"),
                                "span": "地区生产总值达到345亿元"},)),
        _processed("hh-port", "黄骅港物流中心加紧建设", "2021-04-20", a3,
                   places=(("130983", "黄骅市", "黄骅市"),),
                   orgs=(("天津港集团", "enterprise"),),
                   amounts=(("5亿元", 5e8),),
                   projects=({"name": PORT, "parties": ("天津港集团",), "place": "130983",
                              "investment": 5e8, "status": "under_construction",
                              "date": "2021-04", "span": PORT, "category": "infrastructure"},)),
        _processed("lf-data", f"读者来信 {HOSTILE}", "2022-01-10", a4,
                   places=(("131003", "广阳区", "广阳区"),),
                   orgs=(("云智科技有限公司", "enterprise"),),
                   projects=({"name": "廊坊云智数据中心项目", "parties": ("云智科技有限公司",),
                              "place": "131003", "investment": 3e8, "status": "operating",
                              "date": "2022-01", "span": "廊坊云智数据中心项目"},)),
    ]


def build(url: str) -> Built:
    """Store the four articles in the ledger at ``url``; return the ids tests need."""
    from sqlalchemy import select

    from xietong.ledger.ingest import ingest_items
    from xietong.store.tables import articles as articles_t
    from xietong.store.tables import projects

    led: Ledger = open_ledger(url)
    try:
        ingest_items(led, articles())
        with led.read() as c:
            ids = dict(c.execute(select(articles_t.c.doc_id, articles_t.c.id)).all())
            pids = dict(c.execute(select(projects.c.name, projects.c.id)
                                  .where(projects.c.merged_into.is_(None),
                                         projects.c.n_articles > 0)).all())
    finally:
        led.close()
    return Built(url, ids, pids[PARK], pids[PORT])


def test_built_ledger_links_the_park_across_two_articles(tmp_path: Any) -> None:
    from xietong.store.queries import get_project

    b = build(f"sqlite:///{tmp_path / 'w.db'}")
    assert set(b.articles) == {"hs-sign", "hs-start", "hh-port", "lf-data"}
    led = open_ledger(b.url)
    with led.read() as c:
        d = get_project(c, b.park)
    led.close()
    assert d is not None
    assert [e.status for e in d.timeline] == ["signed", "started"]
    assert d.project.status == "started"
