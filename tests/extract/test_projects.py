"""Projects extractor on hand-built contexts (mentions constructed here, not by other finders)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xietong.extract.context import Context
from xietong.extract.project_attrs import Sentence, cues_in
from xietong.extract.project_lexicon import lexicon
from xietong.extract.projects import _COUNTERS, _stop_end, find_projects
from xietong.model import Document, Mention, Project

ORG_TYPES = {"大学": "university", "学院": "university", "局": "government", "委": "government",
             "管委会": "government", "政府": "government"}


def _mentions(text: str, kind: str, names: dict[str, dict[str, Any]]) -> list[Mention]:
    out: list[Mention] = []
    for name, data in names.items():
        for m in re.finditer(re.escape(name), text):
            out.append(Mention(kind, m.start(), m.end(), name, dict(data)))
    out.sort(key=lambda m: m.start)
    # drop mentions nested in longer ones
    kept: list[Mention] = []
    for m in sorted(out, key=lambda m: (m.start, -(m.end - m.start))):
        if any(k.start <= m.start and m.end <= k.end for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def make_ctx(text: str, orgs: list[str] = (), places: dict[str, tuple[str, str]] | None = None,  # type: ignore[assignment]
             amounts: dict[str, int] | None = None, dates: dict[str, str] | None = None,
             published: str = "2023-06-01") -> Context:
    doc = Document(id="t", text=text, published=published)
    ctx = Context(doc)
    ctx.orgs = _mentions(text, "org", {o: {"name": o, "type": next(
        (t for k, t in ORG_TYPES.items() if o.endswith(k)), "enterprise")} for o in orgs})
    ctx.places = _mentions(text, "place", {n: {"adcode": c, "name": n, "level": lv, "path": ""}
                                           for n, (c, lv) in (places or {}).items()})
    ctx.amounts = _mentions(text, "money", {t: {"value": Decimal(v), "currency": "CNY",
                                                "qualifier": "exact"} for t, v in (amounts or {}).items()})
    ctx.dates = _mentions(text, "date", {t: {"date": d, "period": None, "relative": False, "vague": False}
                                         for t, d in (dates or {}).items()})
    return ctx


def by_name(projects: list[Project], needle: str) -> Project:
    hits = [p for p in projects if p.name and needle in p.name]
    assert hits, f"no project named like {needle!r} in {[p.name for p in projects]}"
    return hits[0]


PLACES = {"青河县": ("139901", "county"), "青河": ("139901", "county"), "松原市": ("139900", "prefecture"),
          "北京": ("110000", "province"), "河北省": ("130000", "province")}

# text, orgs, amounts, dates, expected: {needle: (status, category, parties, investment)}
CASES: list[tuple[str, list[str], dict[str, int], dict[str, str], dict[str, tuple[str, str, tuple[str, ...], int | None]]]] = [
    (  # a list of signings with parties per item, aggregate investment after the list
        "6月8日,青河县举行招商大会。其中,甲乙化工有限公司与丙丁投资有限公司合资建设年产5万吨环氧树脂项目、"
        "星河机械有限公司建设智能农机装备项目等12个项目,总投资48亿元,在会上集中签约。",
        ["甲乙化工有限公司", "丙丁投资有限公司", "星河机械有限公司"], {"48亿元": 4800000000},
        {"6月8日": "2023-06-08"},
        {"年产5万吨环氧树脂项目": ("signed", "industry", ("甲乙化工有限公司", "丙丁投资有限公司"), None),
         "智能农机装备项目": ("signed", "industry", ("星河机械有限公司",), None)},
    ),
    (  # single investment, ground-breaking with a future completion
        "总投资3.5亿元的青河县污水处理厂扩建工程今天开工建设,预计明年年底竣工投产。",
        [], {"3.5亿元": 350000000}, {},
        {"污水处理厂扩建工程": ("started", "infrastructure", (), 350000000)},
    ),
    (  # production start
        "青河县天和制药有限公司原料药生产线已正式投产,年产值可达5亿元。",
        ["天和制药有限公司"], {"5亿元": 500000000}, {},
        {"原料药生产线": ("operating", "industry", ("天和制药有限公司",), None)},
    ),
    (  # agreement between governments
        "北京与河北省签署《共建绿色能源示范区合作协议》。",
        [], {}, {},
        {"共建绿色能源示范区合作协议": ("signed", "industry", (), None)},
    ),
    (  # intended: under negotiation
        "松原市与华光集团合作建设新能源电池项目正在积极洽谈之中。",
        ["华光集团"], {}, {},
        {"新能源电池项目": ("intended", "industry", ("华光集团",), None)},
    ),
    (  # research station founded
        "明远公司与青河大学合作建立“博士后科研工作站”。",
        ["明远公司", "青河大学"], {}, {},
        {"博士后科研工作站": ("started", "research", ("明远公司", "青河大学"), None)},
    ),
    (  # enumeration of enterprises operating
        "园区已有宏达电子、新锐科技、北辰精工等30个重点项目建成投产。",
        ["宏达电子", "新锐科技", "北辰精工"], {}, {},
        {"宏达电子": ("operating", "industry", ("宏达电子",), None),
         "北辰精工": ("operating", "industry", ("北辰精工",), None)},
    ),
    (  # road completed
        "当日,青河县东环路改建工程竣工通车。",
        [], {}, {},
        {"东环路改建工程": ("completed", "infrastructure", (), None)},
    ),
    (  # generic agreement named after its parties
        "青河职业技术学院与松原医学院签署战略合作框架协议。",
        ["青河职业技术学院", "松原医学院"], {}, {},
        {"战略合作框架协议": ("signed", "public_service", ("青河职业技术学院", "松原医学院"), None)},
    ),
]


@pytest.mark.parametrize("text,orgs,amounts,dates,expected", CASES)
def test_projects_table(text: str, orgs: list[str], amounts: dict[str, int], dates: dict[str, str],
                        expected: dict[str, tuple[str, str, tuple[str, ...], int | None]]) -> None:
    projects = find_projects(make_ctx(text, orgs, PLACES, amounts, dates))
    for needle, (status, category, parties, investment) in expected.items():
        p = by_name(projects, needle)
        assert p.status == status, (needle, p)
        assert p.category == category, (needle, p)
        assert set(parties) <= set(p.parties), (needle, p)
        assert p.investment == investment, (needle, p)
        assert p.evidence.sentence


NOT_PROJECTS = [
    "今年全县共签约15个项目,总投资20亿元。",
    "会议指出,要加快推进重点项目建设。",
    "工人们在青河县工业园区的车间里忙碌着。",
    "双方达成了36个合作协议。",
]


@pytest.mark.parametrize("text", NOT_PROJECTS)
def test_not_projects(text: str) -> None:
    assert find_projects(make_ctx(text, [], PLACES)) == []


def test_place_and_date() -> None:
    text = "5月18日,青河县与宏远集团签约,宏远集团将在青河建设汽车零部件产业园。"
    ctx = make_ctx(text, ["宏远集团"], PLACES, dates={"5月18日": "2023-05-18"})
    p = by_name(find_projects(ctx), "汽车零部件产业园")
    assert p.place == "139901"
    assert p.status == "signed"
    assert p.date == "2023-05-18"
    assert p.parties == ("宏远集团",)


def test_empty_context() -> None:
    assert find_projects(make_ctx("")) == []


# ---------------------------------------------------------------- dates (invented sentences)

def test_vague_date_is_null_and_dateline_is_not_the_event_date() -> None:
    text = ("新华网松原6月9日电 记者9日从青河县获悉,由天和制药有限公司投资的青河县中药提取项目日前正式开工。"
            "同日开工的还有星河机械有限公司投资的智能农机装备项目。")
    ctx = make_ctx(text, ["天和制药有限公司", "星河机械有限公司"], PLACES,
                   dates={"6月9日": "2023-06-09", "9日": "2023-06-09"}, published="2023-06-10")
    projects = find_projects(ctx)
    assert by_name(projects, "中药提取项目").date is None
    assert by_name(projects, "智能农机装备项目").date is None


def test_event_date_beats_dateline() -> None:
    text = "新华网松原6月9日电 6月8日,宏远集团与青河县签约,投资5亿元建设汽车零部件产业园。"
    ctx = make_ctx(text, ["宏远集团"], PLACES, amounts={"5亿元": 500000000},
                   dates={"6月9日": "2023-06-09", "6月8日": "2023-06-08"}, published="2023-06-10")
    p = by_name(find_projects(ctx), "汽车零部件产业园")
    assert (p.status, p.date) == ("signed", "2023-06-08")


def test_planned_stage_gives_no_date() -> None:
    text = "今年4月,宏远集团与青河县签约建设新能源电池项目,目前已完成选址,计划明年3月开工。"
    ctx = make_ctx(text, ["宏远集团"], PLACES, dates={"今年4月": "2023-04", "明年3月": "2024-03"})
    p = by_name(find_projects(ctx), "新能源电池项目")
    assert (p.status, p.date) == ("signed", "2023-04")


def test_dates_of_other_items_stay_theirs() -> None:
    text = "其中,青河大学合作建设的新材料中试基地于今年5月揭牌,星河机械有限公司投资的特种轴承项目已完成主体工程。"
    ctx = make_ctx(text, ["青河大学", "星河机械有限公司"], PLACES, dates={"今年5月": "2023-05"})
    projects = find_projects(ctx)
    assert by_name(projects, "新材料中试基地").date == "2023-05"
    assert by_name(projects, "特种轴承项目").date is None


# ---------------------------------------------------------------- status (invented sentences)

def test_signing_in_the_sentence_head_beats_an_intention() -> None:
    text = "宏远集团与青河县政府签约,拟投资3亿元建设冷链物流中心,计划明年开工。"
    ctx = make_ctx(text, ["宏远集团", "青河县政府"], PLACES, amounts={"3亿元": 300000000})
    assert by_name(find_projects(ctx), "冷链物流中心").status == "signed"


def test_projects_listed_under_a_signing_are_signed() -> None:
    text = ("6月8日,青河县举行招商大会,共有8个项目现场签约。"
            "其中,宏远集团将在青河县设立华北结算中心;星河机械有限公司在开发区设立智能农机研发中心。")
    ctx = make_ctx(text, ["宏远集团", "星河机械有限公司"], PLACES, dates={"6月8日": "2023-06-08"},
                   published="2023-06-10")
    projects = find_projects(ctx)
    for needle in ("华北结算中心", "智能农机研发中心"):
        assert by_name(projects, needle).status == "signed", needle
    assert by_name(projects, "智能农机研发中心").date == "2023-06-08"


def test_signed_list_header() -> None:
    text = "签约项目中,华光集团拟投资6亿元建设年产2万吨饲料项目,目前正在选址。"
    ctx = make_ctx(text, ["华光集团"], PLACES, amounts={"6亿元": 600000000})
    assert by_name(find_projects(ctx), "年产2万吨饲料项目").status == "signed"


# ---------------------------------------------------------------- merges and non-projects (invented)

def test_agreement_merged_with_the_undertaking_it_establishes() -> None:
    text = "青河大学与宏远集团签订校企合作协议,双方将共建智能装备检测平台。"
    ctx = make_ctx(text, ["青河大学", "宏远集团"], PLACES)
    projects = find_projects(ctx)
    assert len(projects) == 1, projects
    p = by_name(projects, "智能装备检测平台")
    assert p.status == "signed"
    assert set(p.parties) == {"青河大学", "宏远集团"}


def test_framework_agreement_stays_an_umbrella() -> None:
    text = "北京与河北省签署战略合作框架协议,两地将共建云存储中心、智算中心两大项目。"
    projects = find_projects(make_ctx(text, [], PLACES))
    assert any(p.name and "框架协议" in p.name for p in projects), projects


@pytest.mark.parametrize("text", [
    "松原市将在审批、环评、用地等方面为京津企业提供便利。",
    "青河县将围绕装备制造、现代农业两条主线,推动更多项目落地。",
    "青河县农业产业园在开发区召开推进会,现场签约8个项目。",
    "青河大数据产业基地再添新项目,累计投资超过40亿元。",
])
def test_hosts_aspects_and_plan_language_are_not_projects(text: str) -> None:
    assert find_projects(make_ctx(text, [], PLACES)) == []


def test_operating_campus_and_completed_road() -> None:
    text = "青河县第一中学松原校区去年9月开学,东西快速通道已于今年5月建成通车。"
    ctx = make_ctx(text, ["青河县第一中学"], PLACES, dates={"去年9月": "2022-09", "今年5月": "2023-05"})
    projects = find_projects(ctx)
    campus = by_name(projects, "松原校区")
    assert (campus.status, campus.date, campus.category) == ("operating", "2022-09", "public_service")
    road = by_name(projects, "东西快速通道")
    assert (road.status, road.date, road.category) == ("completed", "2023-05", "infrastructure")


def test_locative_clause_and_paragraph_give_the_place() -> None:
    text = ("青河县今年引进京津项目12个。\n"
            "在松原市,装备产业园今年已引进企业6家。其中,星河机械有限公司投资的特种轴承项目已完成主体工程。\n"
            "7月1日,在青河县的食品产业园内,天和制药有限公司原料药生产线正式投产。")
    ctx = make_ctx(text, ["星河机械有限公司", "天和制药有限公司"],
                   {**PLACES, "松原市": ("139900", "prefecture")}, dates={"7月1日": "2023-07-01"},
                   published="2023-07-02")
    projects = find_projects(ctx)
    assert by_name(projects, "特种轴承项目").place == "139900"
    assert by_name(projects, "原料药生产线").place == "139901"


def test_joint_lab_and_a_built_unit_named_as_an_organization() -> None:
    text = ("宏远集团将设立华北研发中心;星河机械有限公司与青河大学共建智能制造联合实验室。"
            "青河县与松原医学院共建的中医药研发中心已投入使用。")
    ctx = make_ctx(text, ["宏远集团", "星河机械有限公司", "青河大学", "松原医学院", "中医药研发中心"], PLACES)
    projects = find_projects(ctx)
    lab = by_name(projects, "智能制造联合实验室")
    assert lab.category == "research"
    assert {"星河机械有限公司", "青河大学"} <= set(lab.parties)
    assert by_name(projects, "中医药研发中心").status == "operating"
    assert not any(p.name == "松原医学院" for p in projects), projects


@pytest.mark.parametrize("text", [
    "工人们在青河县的食品产业园内加紧生产,园区已投产。",
    "青河装备产业园今年已引进京津企业14家。",
    "松原大学与园区管委会签署合作协议。",
])
def test_locations_and_hosts_are_not_projects(text: str) -> None:
    projects = find_projects(make_ctx(text, ["松原大学"], PLACES))
    assert not any(p.name and ("产业园" in p.name or p.name.endswith("园区")) for p in projects), projects


def test_move_into_a_park_without_a_place_name() -> None:
    text = "宏远集团旗下的星河机械有限公司已于今年3月正式入驻科技城办公,员工约200人。"
    ctx = make_ctx(text, ["宏远集团", "星河机械有限公司"], PLACES, dates={"今年3月": "2023-03"})
    p = by_name(find_projects(ctx), "入驻科技城办公")
    assert (p.status, p.date) == ("operating", "2023-03")
    assert "星河机械有限公司" in p.parties


def test_planned_and_signed_move_ins() -> None:
    text = "星河机械有限公司将入驻科技城总部区;天和制药有限公司签约入驻青河生物医药园区。"
    projects = find_projects(make_ctx(text, ["星河机械有限公司", "天和制药有限公司"], PLACES))
    assert by_name(projects, "星河机械有限公司").status == "intended"
    assert by_name(projects, "天和制药有限公司").status == "signed"


def test_headline_echo_of_a_body_project_is_dropped() -> None:
    title = "青河松原共谋发展 青河县与松原市签署合作协议"
    text = title + "\n6月8日,青河县人民政府与松原市人民政府签署全面战略合作协议。"
    doc = Document(id="t", text=text, published="2023-06-10", title=title)
    ctx = make_ctx(text, ["青河县人民政府", "松原市人民政府"], PLACES, dates={"6月8日": "2023-06-08"},
                   published="2023-06-10")
    ctx.doc = doc
    agreements = [p for p in find_projects(ctx) if p.name and "协议" in p.name]
    assert len(agreements) == 1, agreements
    assert agreements[0].evidence.start > len(title)


def test_phases_are_projects_of_their_own() -> None:
    text = ("近日,青河县天和制药有限公司原料药基地二期正式投产。该项目一期于2019年建成,二期于去年5月开工。"
            "同日开工的还有市重点项目——松原智能装备产业园二期,该产业园一期已于2020年建成投产。")
    ctx = make_ctx(text, ["天和制药有限公司"], PLACES,
                   dates={"2019年": "2019", "去年5月": "2022-05", "2020年": "2020"})
    projects = find_projects(ctx)
    names = [p.name for p in projects]
    first = by_name(projects, "原料药基地一期")
    assert (first.status, first.date) == ("completed", "2019")
    assert by_name(projects, "原料药基地二期").status == "operating"
    park1 = by_name(projects, "松原智能装备产业园一期")
    assert (park1.status, park1.date) == ("operating", "2020")
    assert by_name(projects, "松原智能装备产业园二期").status == "started"
    assert not any(n and n.endswith("重点项目") for n in names), names


def test_agents_after_the_name_and_split_lists() -> None:
    text = ("另有两个新材料项目,分别由宏远集团和星河机械有限公司投资;"
            "青河县冷链物流中心项目已开工,由天和制药有限公司投资建设;"
            "松原市污水处理厂已建成,由于资金到位较快,工期缩短。")
    projects = find_projects(make_ctx(text, ["宏远集团", "星河机械有限公司", "天和制药有限公司"], PLACES))
    assert by_name(projects, "宏远集团新材料项目").parties == ("宏远集团",)
    assert by_name(projects, "星河机械有限公司新材料项目").parties == ("星河机械有限公司",)
    assert by_name(projects, "冷链物流中心项目").parties == ("天和制药有限公司",)
    assert by_name(projects, "污水处理厂").parties == ()


@pytest.mark.parametrize("text,orgs,needle,category", [
    ("青河县与松原理工大学签署战略合作框架协议。", ["松原理工大学"], "框架协议", "research"),
    ("宏远集团投资5亿元的青河县医用影像设备基地已投产。", ["宏远集团"], "医用影像设备基地", "industry"),
    ("星河机械有限公司建设的青河县冷链仓储配送中心项目已开工。", ["星河机械有限公司"], "仓储配送中心项目", "other"),
    ("青河大学与天和制药有限公司共建的中药分析检测平台已投入使用。", ["青河大学", "天和制药有限公司"],
     "分析检测平台", "research"),
    ("宏远集团在青河县设立的跨境电商展示中心已开业。", ["宏远集团"], "展示中心", "other"),
])
def test_categories(text: str, orgs: list[str], needle: str, category: str) -> None:
    assert by_name(find_projects(make_ctx(text, orgs, PLACES)), needle).category == category


def test_cooperation_under_negotiation() -> None:
    text = "此外,青河县发改局表示,正与松原市洽谈风电外送合作。"
    p = by_name(find_projects(make_ctx(text, ["青河县发改局"], PLACES)), "风电外送合作")
    assert (p.status, p.category, p.parties) == ("intended", "infrastructure", ("青河县发改局",))


def test_list_items_take_their_shared_predicate_and_zone_names_have_no_place() -> None:
    text = ("在医院方面,青河人民医院、松原妇幼医院2家医院的雄安院区正加快建设,"
            "青河中医院、松原眼科医院2家医院的雄安院区已完成选址。")
    orgs = ["青河人民医院", "松原妇幼医院", "青河中医院", "松原眼科医院"]
    projects = find_projects(make_ctx(text, orgs, {**PLACES, "北京": ("110000", "province")}))
    first = by_name(projects, "青河人民医院")
    assert (first.status, first.place) == ("under_construction", None)
    assert by_name(projects, "松原眼科医院").status == "intended"


def test_a_completed_move_is_operating() -> None:
    text = "星河机械有限公司10日正式由北京迁驻雄安新区办公。"
    p = by_name(find_projects(make_ctx(text, ["星河机械有限公司"], PLACES)), "迁驻")
    assert (p.status, p.place) == ("operating", None)


_STOP_ALPHABET = "的建设立签约在谈将已目前当天产业园项目，。、与A1 "


@given(st.text(alphabet=_STOP_ALPHABET, max_size=40))
def test_stop_end_equals_longest_stop_word_scan(text: str) -> None:
    """_stop_end(i) holds exactly where the longest stop word at some position ends."""
    lex = lexicon()
    expected = {m.end(1) for m in lex.stop_rx.finditer(text)}
    got = {i for i in range(len(text) + 1) if _stop_end(text, i, lex.stop_longer)}
    assert got == expected


def test_name_breakers_cover_the_left_bound_tests() -> None:
    """Every character _left_bound tests besides punctuation is a breaker (else it is skipped)."""
    lex = lexicon()
    assert set(_COUNTERS) | set("与同—)") | lex.stop_last <= lex.name_breakers


_CUE_ALPHABET = "已开工建设竣工投产签约拟将正在运营，项目园"


@given(st.text(alphabet=_CUE_ALPHABET, min_size=1, max_size=30), st.data())
def test_cues_of_a_span_from_the_sentence_equal_a_scan_of_the_span(text: str, data: st.DataObject) -> None:
    """cues_in with the sentence's cue words finds what a scan of the span itself finds."""
    lex = lexicon()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    sent = Sentence(0, len(text))
    direct = [(m.start(), m.end(), m.group()) for m in lex.cues.finditer(text, start, end)]
    assert cues_in(text, start, end, lex, sent) == direct
    assert cues_in(text, start, end, lex, sent) == direct  # again, from the cached cues


# ---------------------------------------------------------------- round 3 (invented sentences)

@pytest.mark.parametrize("text,orgs,absent", [
    ("青河物流港是两地合作的标志性项目,去年已建成投用。", [], "标志性项目"),
    ("松原市龙头疏解项目已于今年开工。", [], "龙头疏解项目"),
    ("目前近半数项目已经开工建设。", [], "近半数项目"),
    ("今年首批改造项目已全部开工。", [], "改造项目"),
    ("该公司首条生产线已于3月投产。", [], "首条生产线"),
    ("青河县地处京昆高速沿线,已引进宏远集团。", ["宏远集团"], "京昆高速"),
    ("宏远集团与园区签约,将建设智能仓储项目。", ["宏远集团"], "与园区"),
    ("青河电池产业园建设提速,一期主体工程日前封顶。", [], "一期主体工程"),
])
def test_evaluative_quantified_fragment_and_bare_phase_names_are_not_projects(
        text: str, orgs: list[str], absent: str) -> None:
    names = [p.name or "" for p in find_projects(make_ctx(text, orgs, PLACES))]
    assert not any(n.startswith(absent) or n.endswith(absent) for n in names), names


def test_whole_company_relocation_without_a_later_stage_is_found() -> None:
    text = "星河童车有限公司去年底整体搬迁至青河县。"
    p = by_name(find_projects(make_ctx(text, ["星河童车有限公司"], PLACES)), "搬迁至青河县")
    assert p.parties == ("星河童车有限公司",) and p.place == "139901"


@pytest.mark.parametrize("text,orgs,needle,status", [
    ("青河县新材料研究院去年建成投用。", ["青河县新材料研究院"], "新材料研究院", "operating"),
    ("宏远集团智能装备项目计划明年开工、2024年建成投用。", ["宏远集团"], "智能装备项目", "intended"),
    ("星河机械有限公司电机项目预计9月试产。", ["星河机械有限公司"], "电机项目", "intended"),
    ("宏远集团将在青河县设立华北结算中心。", ["宏远集团"], "华北结算中心", "intended"),
    ("天和制药有限公司新建的原料药生产线已于6月试产。", ["天和制药有限公司"], "原料药生产线", "operating"),
])
def test_announced_stages_are_intended_and_reached_use_is_operating(
        text: str, orgs: list[str], needle: str, status: str) -> None:
    assert by_name(find_projects(make_ctx(text, orgs, PLACES)), needle).status == status


def test_investment_stated_in_the_clause_before_the_name() -> None:
    text = "星河机械有限公司投资7.5亿元,建设年产5万台电机生产线,目前已投产;青河县累计投资20亿元,吸引了多家企业。"
    ctx = make_ctx(text, ["星河机械有限公司"], PLACES, amounts={"7.5亿元": 750000000, "20亿元": 2000000000})
    p = by_name(find_projects(ctx), "电机生产线")
    assert (p.investment, p.status) == (750000000, "operating")


def test_an_amount_far_before_the_name_is_not_its_investment() -> None:
    text = "宏远集团去年投资5亿元,今年又在青河县与多家企业合作,共同打造冷链物流中心。"
    ctx = make_ctx(text, ["宏远集团"], PLACES, amounts={"5亿元": 500000000})
    assert by_name(find_projects(ctx), "冷链物流中心").investment is None


def test_items_of_a_signing_ceremony_are_signed_on_its_day() -> None:
    text = ("21日,青河县举行京津项目集中签约仪式。签约仪式上,宏远集团投资5亿元建设的新能源电池项目、"
            "星河机械有限公司建成后年产值3亿元的智能农机项目成功签约。")
    ctx = make_ctx(text, ["宏远集团", "星河机械有限公司"], PLACES, amounts={"5亿元": 500000000},
                   dates={"21日": "2023-05-21"})
    projects = find_projects(ctx)
    for needle in ("新能源电池项目", "智能农机项目"):
        p = by_name(projects, needle)
        assert (p.status, p.date) == ("signed", "2023-05-21"), p


def test_a_neighbouring_division_is_not_the_site() -> None:
    places = {**PLACES, "白山县": ("139801", "county")}
    text = "宏远集团电池项目近日落户与白山县相邻的青河县。"
    assert by_name(find_projects(make_ctx(text, ["宏远集团"], places)), "电池项目").place == "139901"
    text = "青河县紧邻白山县,宏远集团电池项目日前落户白山县。"
    assert by_name(find_projects(make_ctx(text, ["宏远集团"], places)), "电池项目").place == "139801"


def test_an_organization_listed_again_by_its_bare_name_is_its_named_project() -> None:
    text = ("6月8日,宏远集团与青河县签约建设新能源电池项目,星河机械有限公司签约建设智能农机项目。"
            "此次签约的宏远集团、星河机械有限公司、天和制药有限公司等企业将于年内开工。")
    orgs = ["宏远集团", "星河机械有限公司", "天和制药有限公司"]
    projects = find_projects(make_ctx(text, orgs, PLACES, dates={"6月8日": "2023-06-08"}))
    names = [p.name for p in projects]
    assert "宏远集团" not in names and "星河机械有限公司" not in names, names
    assert by_name(projects, "新能源电池项目").status == "signed"
    assert "天和制药有限公司" in names, names


@pytest.mark.parametrize("text,needle,status", [
    ("宏远集团投资3亿元建设新厂区,已于年底完成搬迁。", "宏远集团新厂区", "operating"),
    ("宏远集团将在青河县设立区域总部。", "宏远集团区域总部", "intended"),
])
def test_an_unnamed_unit_is_named_after_the_organization_that_builds_it(
        text: str, needle: str, status: str) -> None:
    ctx = make_ctx(text, ["宏远集团"], PLACES, amounts={"3亿元": 300000000})
    assert by_name(find_projects(ctx), needle).status == status


@pytest.mark.parametrize("text", ["宏远集团将加快建设该项目。", "宏远集团将建设首批项目。"])
def test_a_determiner_unit_is_not_named_after_its_builder(text: str) -> None:
    assert find_projects(make_ctx(text, ["宏远集团"], PLACES)) == []


@pytest.mark.parametrize("text,status", [
    ("青河县与松原市建立对口合作关系。", "started"),
    ("6月8日,青河县与松原市签署了全面战略合作关系。", "signed"),
])
def test_a_pairing_of_two_governments_is_a_cooperation(text: str, status: str) -> None:
    p = by_name(find_projects(make_ctx(text, [], PLACES)), "青河县与松原市")
    assert p.status == status and p.parties == ()


# ---- topped-out buildings, sector summaries, clause fragments (invented text)
def test_firms_moving_in_gradually_do_not_make_a_topped_out_building_operating() -> None:
    text = "青河县数字经济产业园项目主体结构已封顶，入园企业陆续入驻。"
    [p] = find_projects(make_ctx(text, [], PLACES))
    assert p.status == "under_construction"


def test_a_firm_that_moved_in_is_still_operating() -> None:
    text = "甲乙科技有限公司已正式入驻青河县数字经济产业园。"
    ps = find_projects(make_ctx(text, ["甲乙科技有限公司"], PLACES))
    assert [p.status for p in ps] == ["operating"]


def test_a_sector_summary_of_listed_projects_is_not_a_project() -> None:
    text = ("青河县签约了甲乙公司年产5万吨轮毂项目、丙丁公司碳纤维复合材料项目，"
            "汽配和新材料项目将带动就业2000人。")
    names = [p.name for p in find_projects(make_ctx(text, ["甲乙公司", "丙丁公司"], PLACES))]
    assert "汽配和新材料项目" not in names
    assert len(names) == 2


def test_products_joined_by_and_still_name_a_project() -> None:
    text = "甲乙公司与丙丁公司签约铁路扣件及桥梁支座项目。"
    names = [p.name for p in find_projects(make_ctx(text, ["甲乙公司", "丙丁公司"], PLACES))]
    assert names == ["铁路扣件及桥梁支座项目"]


def test_projects_under_construction_as_a_class_are_not_a_project() -> None:
    text = "今年青河县在建重点项目完成投资50亿元。"
    assert find_projects(make_ctx(text, [], PLACES, {"50亿元": 5000000000})) == []


def test_a_station_gathering_lines_is_not_named_by_the_clause() -> None:
    text = "青河站汇集京唐城际、津承城际等线路，正在建设。"
    assert [p.name for p in find_projects(make_ctx(text, [], PLACES))
            if p.name and "汇集" in p.name] == []


def test_a_government_moving_is_not_a_relocation_project() -> None:
    text = "松原市政府迁往青河县，青河县新区建设加快推进。"
    names = [p.name for p in find_projects(make_ctx(text, ["松原市政府"], PLACES))]
    assert not any(n and "政府" in n for n in names)


# ---- missed kinds: funds settling, institutes operating, R&D towers, intended expansions, market relocations
def test_a_named_fund_settling_in_a_park_is_a_project() -> None:
    text = "青河京冀协同发展产业投资基金正式落户青河县经济开发区。"
    ps = find_projects(make_ctx(text, ["青河京冀协同发展产业投资基金"], PLACES))
    p = by_name(ps, "产业投资基金")
    assert (p.status, p.parties) == ("signed", ("青河京冀协同发展产业投资基金",))


def test_a_university_station_in_operation_is_a_project() -> None:
    text = "松原农业大学青河试验站已投入运行，累计推广新品种20个。"
    p = by_name(find_projects(make_ctx(text, ["松原农业大学青河试验站"], PLACES)), "试验站")
    assert (p.status, p.category) == ("operating", "research")


def test_an_institute_put_into_operation_is_a_project() -> None:
    text = "青河大学松原研究院已投入运营。"
    p = by_name(find_projects(make_ctx(text, ["青河大学松原研究院"], PLACES)), "研究院")
    assert p.status == "operating"


def test_an_rd_headquarters_tower_keeps_its_name() -> None:
    text = "甲乙集团研发总部大楼正在加紧建设。"
    p = by_name(find_projects(make_ctx(text, ["甲乙集团"], PLACES)), "研发总部大楼")
    assert p.status == "under_construction"


def test_an_expansion_a_firm_intends_is_named_without_the_verb() -> None:
    text = "甲乙公司拟扩建年产10万吨生产线。"
    p = by_name(find_projects(make_ctx(text, ["甲乙公司"], PLACES)), "生产线")
    assert (p.name, p.status, p.parties) == ("年产10万吨生产线", "intended", ("甲乙公司",))


def test_a_market_moving_out_whole_is_a_project() -> None:
    text = "青河县小商品批发市场整体疏解至松原市。"
    p = by_name(find_projects(make_ctx(text, ["小商品批发市场"], PLACES)), "整体疏解")
    assert p.category == "other"
