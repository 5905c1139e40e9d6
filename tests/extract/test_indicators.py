"""Indicators: which numbers are indicators, and their value, unit, qualifier, subject, period.

Contexts are built by hand (Document + Mention lists) so these tests do not depend on the
other mention finders; a few end-to-end tests at the bottom go through ``extract``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from xietong.extract import extract
from xietong.extract.context import Context
from xietong.extract.dates import find_dates
from xietong.extract.indicators import find_indicators
from xietong.model import Document, Mention

PUB = "2023-06-01"


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.index(needle, after)
    return i, i + len(needle)


def q(needle: str, value: str, unit: str, qual: str = "exact", **flags: Any) -> tuple[str, dict[str, Any]]:
    """A quantity mention spec: the text as written and its data."""
    return needle, {"value": Decimal(value), "unit": unit, "qualifier": qual, **flags}


def money(needle: str, value: str, qual: str = "exact", currency: str = "CNY",
          **flags: Any) -> tuple[str, dict[str, Any]]:
    return needle, {"value": Decimal(value), "currency": currency, "qualifier": qual, **flags}


def place(needle: str, adcode: str, level: str = "county") -> tuple[str, dict[str, Any]]:
    return needle, {"adcode": adcode, "name": needle, "level": level}


def ctx_of(text: str, qty: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
           amounts: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
           places: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
           published: str | None = PUB, title: str | None = None) -> Context:
    def mentions(kind: str, specs: Any) -> list[Mention]:
        out, cursor = [], 0
        for needle, data in specs:
            s, e = _find(text, needle, cursor)
            cursor = s + 1
            out.append(Mention(kind, s, e, needle, data))
        return out

    ctx = Context(Document(id="t", text=text, published=published, title=title))
    ctx.quantities = mentions("quantity", qty)
    ctx.amounts = mentions("money", amounts)
    ctx.places = mentions("place", places)
    ctx.dates = find_dates(text, ctx.doc.published_date)   # indicators read the time words
    return ctx


def rows(ctx: Context) -> list[tuple[Any, ...]]:
    return [(i.value, i.unit, i.qualifier, i.subject, i.period) for i in find_indicators(ctx)]


CASES: list[tuple[str, Context, list[tuple[Any, ...]]]] = [
    ("since this year, counts and a total",
     ctx_of("今年以来,枣强县共签约项目12个,总投资36亿元。",
            [q("12个", "12", "个")], [money("36亿元", "3600000000")], [place("枣强县", "131121")]),
     [(12, "个", "exact", "131121", ("2023-01", PUB)),
      (3600000000, "元", "exact", "131121", ("2023-01", PUB))]),
    ("N年来 and 全市 → the article's place",
     ctx_of("近日,武邑县召开大会。10年来,全县引进企业35家。",
            [q("10年", "10", "年", duration=True), q("35家", "35", "家")],
            places=[place("武邑县", "131122")]),
     [(35, "家", "exact", "131122", ("2013", PUB))]),
    ("threshold money is not an indicator",
     ctx_of("截至目前,全市5000万元以上项目达到88个。",
            [q("88个", "88", "个")], [money("5000万元", "50000000", "at_least")]),
     [(88, "个", "exact", None, (None, PUB))]),
    ("a single project's own investment is not an indicator",
     ctx_of("总投资8.5亿元的新材料项目开工建设。", amounts=[money("8.5亿元", "850000000")]),
     []),
    ("project investment without a count is not an indicator",
     ctx_of("该基地计划总投资20亿元,占地600亩。",
            [q("600亩", "600", "亩")], [money("20亿元", "2000000000")]),
     [(600, "亩", "exact", None, None)]),
    ("a range gives two indicators",
     ctx_of("各园区3—5平方公里起步区建设已开始。",
            [q("3", "3", "平方公里", "at_least", range=True),
             q("5平方公里", "5", "平方公里", "under", range=True)]),
     [(3, "平方公里", "at_least", None, None), (5, "平方公里", "under", None, None)]),
    ("counts of abstract categories are not indicators",
     ctx_of("园区聚焦5个重点领域,形成两个特色产业。",
            [q("5个", "5", "个"), q("两个", "2", "个")]),
     []),
    ("N大 + a concrete noun counts (个)",
     ctx_of("两省将共建数据中心、物流园、科创基地三大项目。"),
     [(3, "个", "exact", None, None)]),
    ("N大 + an abstract noun does not",
     ctx_of("示范区围绕三大战略方向发力。"),
     []),
    ("editions count, ordinals do not",
     ctx_of("该论坛已连续举办五届。第六届将于明年举行。",
            [q("五届", "5", "届"), q("六届", "6", "届")], published=None),
     [(5, "届", "exact", None, None)]),
    ("numbers inside a project name",
     ctx_of("年产20万吨钢管项目签约落户。", [q("20万吨", "200000", "吨", in_name=True)]),
     []),
    ("去年底 and 到2030年",
     ctx_of("到去年底,全市公路里程达到9500公里。力争到2030年,园区产值达到300亿元。",
            [q("9500公里", "9500", "公里")], [money("300亿元", "30000000000")]),
     [(9500, "公里", "exact", None, (None, "2022-12")),
      (30000000000, "元", "exact", None, (None, "2030"))]),
    ("a count made at a dated event",
     ctx_of("5月20日,招商推介会在北京举行。此次推介会共签约项目18个。",
            [q("18个", "18", "个")]),
     [(18, "个", "exact", "招商推介会", ("2023-05-20", "2023-05-20"))]),
    ("no publication date: relative periods are null",
     ctx_of("今年以来,该县新增企业40家。", [q("40家", "40", "家")], published=None),
     [(40, "家", "exact", None, None)]),
    ("a number before a place noun after an enumeration",
     ctx_of("辛集、晋州、深州三市共建园区。", [q("三市", "3", "市")]),
     [(3, "市", "exact", None, None)]),
    ("no enumeration: 两地 / 两区 are not indicators",
     ctx_of("两地合作,两区一县参会。", [q("两地", "2", "地"), q("两区", "2", "区")]),
     []),
    ("a park as subject, an area has no period",
     ctx_of("滨河新材料产业园占地1200亩,建筑面积8.6万平方米。",
            [q("1200亩", "1200", "亩"), q("8.6万平方米", "86000", "平方米")]),
     [(1200, "亩", "exact", "滨河新材料产业园", None),
      (86000, "平方米", "exact", "滨河新材料产业园", None)]),
    ("shares",
     ctx_of("目前,超过6成的企业已投产。", [q("6成", "60", "%", "over")]),
     [(60, "%", "over", None, (None, PUB))]),
    ("a repeated figure is reported once",
     ctx_of("全县签约项目25个。记者获悉,全县签约项目25个。",
            [q("25个", "25", "个"), q("25个", "25", "个")], published=None),
     [(25, "个", "exact", None, None)]),
    ("截至N月底 ends the period at that month",
     ctx_of("截至4月底,园区已入驻企业58家。", [q("58家", "58", "家")]),
     [(58, "家", "exact", None, (None, "2023-04"))]),
    ("前N个月 covers January to that month",
     ctx_of("今年前4个月,该县新签约项目16个。", [q("16个", "16", "个")]),
     [(16, "个", "exact", None, ("2023-01", "2023-04"))]),
    ("a site area takes no date from an event earlier in the sentence",
     ctx_of("该项目去年9月签约,占地约150亩。", [q("150亩", "150", "亩", "approx")]),
     [(150, "亩", "approx", None, None)]),
    ("a capacity after 达产后 has no period",
     ctx_of("今年以来,该园新开工项目5个,达产后可提供岗位800个。",
            [q("5个", "5", "个"), q("800个", "800", "个")]),
     [(5, "个", "exact", None, ("2023-01", PUB)), (800, "个", "exact", None, None)]),
    ("a named park is the subject, not the place inside its name",
     ctx_of("某县经济开发区已入驻企业210家。", [q("210家", "210", "家")],
            places=[place("某县", "139999")]),
     [(210, "家", "exact", "某县经济开发区", None)]),
    ("园区 refers back to the park named before",
     ctx_of("青禾智造产业园位于某县。园区今年以来新签约项目9个。", [q("9个", "9", "个")],
            places=[place("某县", "139999")]),
     [(9, "个", "exact", "青禾智造产业园", ("2023-01", PUB))]),
    ("该项目 refers back to the project named before",
     ctx_of("青禾新材料项目开工。该项目占地约80亩。", [q("80亩", "80", "亩", "approx")]),
     [(80, "亩", "approx", "青禾新材料项目", None)]),
    ("a place that only modifies a noun is not the subject",
     ctx_of("某县今年以来签约北京项目14个。", [q("14个", "14", "个")],
            places=[place("某县", "139999"), place("北京", "110000", "province")]),
     [(14, "个", "exact", "139999", ("2023-01", PUB))]),
    ("至少 before an enumeration covers every item",
     ctx_of("三年内至少迁入两所高校、三家医院。",
            [q("两所", "2", "所"), q("三家", "3", "家")]),
     [(2, "所", "at_least", None, (None, "2026")), (3, "家", "at_least", None, (None, "2026"))]),
    ("years, dates and durations are not indicators",
     ctx_of("2022年3月5日,工期24个月的道路开工。",
            [q("24个月", "24", "个月", duration=True)]),
     []),
    ("the title repeats the body",
     ctx_of("某区签约项目30个\n某区签约项目30个,总投资50亿元。",
            [q("30个", "30", "个"), q("30个", "30", "个")], [money("50亿元", "5000000000")],
            published=None, title="某区签约项目30个"),
     [(30, "个", "exact", None, None), (5000000000, "元", "exact", None, None)]),
    ("a total in another currency keeps the currency as unit",
     ctx_of("今年前三季度,全市实际利用外资4.6亿美元。",
            amounts=[money("4.6亿美元", "460000000", currency="USD")]),
     [(460000000, "美元", "exact", None, ("2023-01", "2023-09"))]),
    ("a project phase's own investment is not an indicator; what it holds is",
     ctx_of("该园区二期总投资约8000万元,建成后可入驻企业40家。",
            [q("40家", "40", "家")], [money("约8000万元", "80000000", "approx")]),
     [(40, "家", "exact", None, None)]),
    ("a count of what a site will hold does not make its investment a total",
     ctx_of("该中心建成后可容纳团队60个,总投资9亿元。",
            [q("60个", "60", "个")], [money("9亿元", "900000000")], published=None),
     [(60, "个", "exact", None, None)]),
    ("a bare number of population takes 人",
     ctx_of("新区常住人口已超过85万,持续增长。", [q("超过85万", "850000", "", "over")],
            published=None),
     [(850000, "人", "over", None, None)]),
    ("attendance is event logistics",
     ctx_of("推介会吸引150余家企业参会,现场签约项目12个。",
            [q("150余家", "150", "家", "over"), q("12个", "12", "个")], published=None),
     [(12, "个", "exact", None, None)]),
    ("从2015年的N个 is that year's figure",
     ctx_of("合作项目从2015年的12个增加到去年的90个。",
            [q("12个", "12", "个"), q("90个", "90", "个")]),
     [(12, "个", "exact", None, ("2015", "2015")), (90, "个", "exact", None, ("2022", "2022"))]),
    ("先后投资 by a company is an aggregate",
     ctx_of("青禾集团在当地先后投资超过12亿元。",
            amounts=[money("超过12亿元", "1200000000", "over")], published=None),
     [(1200000000, "元", "over", None, None)]),
    ("a company's cumulative investment is an aggregate",
     ctx_of("截至目前,青禾集团在当地累计投资超过25亿元。",
            amounts=[money("超过25亿元", "2500000000", "over")]),
     [(2500000000, "元", "over", None, (None, PUB))]),
    ("a target total of many projects",
     ctx_of("力争全年签约项目总投资不低于150亿元。",
            amounts=[money("不低于150亿元", "15000000000", "at_least")]),
     [(15000000000, "元", "at_least", None, None)]),
    ("both ends of a phase's investment range are its own",
     ctx_of("园区首期投资2亿至4亿元。",
            amounts=[money("2亿", "200000000", "at_least", range=True),
                     money("4亿元", "400000000", "under", range=True)]),
     []),
    ("a total before the projects it adds up",
     ctx_of("总投资36亿元的12个项目集中开工。",
            [q("12个", "12", "个")], [money("36亿元", "3600000000")], published=None),
     [(3600000000, "元", "exact", None, None), (12, "个", "exact", None, None)]),
    ("a concrete head after an abstract word counts",
     ctx_of("该市将新建5个科技成果转化平台。", [q("5个", "5", "个")], published=None),
     [(5, "个", "exact", None, None)]),
    ("idioms and abstract counts are not indicators",
     ctx_of("围绕三条主线推进改革,群众办事不再两头跑。",
            [q("三条", "3", "条"), q("两头", "2", "头")], published=None),
     []),
    ("head of cattle count",
     ctx_of("牧场存栏奶牛两千头。", [q("两千头", "2000", "头")], published=None),
     [(2000, "头", "exact", None, None)]),
    ("a number before 城市 after an enumeration",
     ctx_of("苏州、无锡、常州三城市联合招商。", [q("三城市", "3", "城市")], published=None),
     [(3, "城市", "exact", None, None)]),
    ("a count said again with the same counted noun is one indicator",
     ctx_of("青禾科技等8个产业项目签约落户。签约落户园区的8个项目中,外资项目3个。",
            [q("8个", "8", "个"), q("8个", "8", "个"), q("3个", "3", "个")], published=None),
     [(8, "个", "exact", None, None), (3, "个", "exact", None, None)]),
]


@pytest.mark.parametrize(("label", "ctx", "expected"), CASES, ids=[c[0] for c in CASES])
def test_indicators(label: str, ctx: Context, expected: list[tuple[Any, ...]]) -> None:
    assert rows(ctx) == expected


def test_evidence_points_at_the_number() -> None:
    text = "今年以来,全县新增企业40家。"
    ctx = ctx_of(text, [q("40家", "40", "家")])
    (ind,) = find_indicators(ctx)
    assert text[ind.evidence.start:ind.evidence.end] == "40家"
    assert ind.evidence.sentence == text
    assert ind.metric


def test_empty_text() -> None:
    assert find_indicators(Context(Document(id="e", text=""))) == []


# ---------------------------------------------------------------- end to end (all finders)

def test_end_to_end_counts_and_totals() -> None:
    doc = Document(id="e2e", published="2023-09-15",
                   text="今年以来,枣强县新签约项目26个,总投资48.5亿元,其中超亿元项目9个。")
    got = {(i.value, i.unit) for i in extract(doc).indicators}
    assert {(26, "个"), (4850000000, "元"), (9, "个")} <= got
    assert (100000000, "元") not in got


def test_end_to_end_foreign_money_and_shares() -> None:
    doc = Document(id="e2e3", published="2023-10-20",
                   text="今年前三季度,某市实际利用外资超过3.5亿美元。该市外贸总额约占全省的1/8。")
    got = {(i.value, i.unit, i.qualifier) for i in extract(doc).indicators}
    assert {(350000000, "美元", "over"), (12.5, "%", "approx")} <= got


def test_end_to_end_area_of_a_base_and_container_units() -> None:
    doc = Document(id="e2e4", published="2023-09-15",
                   text="明年,柳河县将新建4500亩高标准食用菌种植基地。去年,西港集装箱吞吐量达到96万标准箱。"
                        "该园区今年拟分2至3批次集中招商。")
    got = {(i.value, i.unit, i.qualifier) for i in extract(doc).indicators}
    assert {(4500, "亩", "exact"), (960000, "标准箱", "exact"),
            (2, "批次", "at_least"), (3, "批次", "under")} <= got


def test_end_to_end_number_inside_a_base_name_is_not_an_area() -> None:
    doc = Document(id="e2e5", published="2023-09-15",
                   text="今年,该县规划建设桃源8万亩优质林果示范基地。")
    assert (80000, "亩") not in {(i.value, i.unit) for i in extract(doc).indicators}


def test_end_to_end_existing_counts_are_a_state_at_publication() -> None:
    doc = Document(id="e2e6", published="2023-09-15",
                   text="6月8日,某县举办招商推介会,现场签约项目9个。\n全县现有省级专精特新企业37家,"
                        "已有耕地保护面积12万亩。")
    got = {(i.value, i.unit): i.period for i in extract(doc).indicators}
    assert got[(37, "家")] == (None, "2023-09-15")
    assert got[(120000, "亩")] == (None, "2023-09-15")
    assert got[(9, "个")] == ("2023-06-08", "2023-06-08")


def test_end_to_end_place_inside_an_organization_name_is_not_the_subject() -> None:
    doc = Document(id="e2e7", published="2023-09-15",
                   text="天津恒远精密机械有限公司今年以来累计投资3.6亿元,新增就业岗位450个。")
    got = {(i.value, i.unit): i.subject for i in extract(doc).indicators}
    assert got[(360000000, "元")] == "天津恒远精密机械有限公司"
    assert got[(450, "个")] == "天津恒远精密机械有限公司"


def test_end_to_end_equal_rates_of_two_metrics_are_two_figures() -> None:
    doc = Document(id="e2e8", published="2023-09-15",
                   text="上半年,某市规上工业增加值同比增长7.2%。前8个月,该市社会消费品零售总额增长7.2%。"
                        "全市新签约项目210个。签约的210个项目中,京津项目过半。")
    got = [(i.value, i.unit) for i in extract(doc).indicators]
    assert got.count((7.2, "%")) == 2
    assert got.count((210, "个")) == 1


def test_end_to_end_one_project_funding_is_not_an_indicator() -> None:
    doc = Document(id="e2e9", published="2023-09-15",
                   text="合作方首期投入资金1.5亿元,用于建设中试基地。三年来,全县累计投入资金9亿元。")
    got = {(i.value, i.unit) for i in extract(doc).indicators}
    assert (150000000, "元") not in got
    assert (900000000, "元") in got


def test_end_to_end_filters_dates_and_names() -> None:
    doc = Document(id="e2e2", published="2023-09-15",
                   text="2023年9月12日,总投资6亿元的年产5万吨新材料项目开工,工期18个月。")
    assert extract(doc).indicators == ()
