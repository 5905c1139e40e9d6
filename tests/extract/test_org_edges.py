"""Organizations: left edges, dashes, legal brackets, funds, commissions, generic type
words and sources (invented sentences, one per mechanism)."""

from __future__ import annotations

import pytest

from xietong.extract.organizations import find_organizations
from xietong.extract.places import find_places
from xietong.model import Document


def orgs(text: str, source: str | None = None) -> list[tuple[str, str]]:
    """(canonical name, type) of each organization, once, in order of first mention."""
    doc = Document(id="t", text=text, source=source)
    seen: dict[str, str] = {}
    for m in find_organizations(doc, find_places(doc)):
        seen.setdefault(m.data["name"], m.data["type"])
    return list(seen.items())


CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # a preposition glued by the segmenter to the place that starts a full name
    ("据雄安新区管委会消息，新区将加快建设。", [("雄安新区管委会", "government")]),
    ("由雄安新区党工委、管委会组织。", [("雄安新区党工委", "government")]),
    # an adverb merged with a verb the segmenter tags as a noun (充分|利用)
    ("同时要充分利用北京温州商会的资源。", [("北京温州商会", "association")]),
    # ... but a dictionary word that starts with such a character stays whole
    ("对外经济贸易大学派出专家。", [("对外经济贸易大学", "university")]),
    # a place name the segmenter tags as a verb still starts the name
    ("保定宏峰铝业有限公司与满城区人民政府签约。",
     [("保定宏峰铝业有限公司", "enterprise"), ("满城区人民政府", "government")]),
    ("对正定新区管委会提出要求。", [("正定新区管委会", "government")]),
    # ... or a time word that the next word's admin character makes a division (永年|区…)
    ("邯郸市永年区鑫达标准件有限公司扩产。", [("邯郸市永年区鑫达标准件有限公司", "enterprise")]),
    # a place joined by a dash is part of the name
    ("由滨海—中关村科技园管委会负责招商。", [("滨海—中关村科技园管委会", "government")]),
    ("由滨海-中关村科技园管委会负责招商。", [("滨海-中关村科技园管委会", "government")]),
    # ... but a full division before a dash is another party
    ("河北雄安新区—北京大学深圳研究院合作。", [("北京大学深圳研究院", "research")]),
    # the region's programme inside a name (协同发展), a mis-tagged first word (首都)
    ("京津冀协同发展研究院发布报告。", [("京津冀协同发展研究院", "research")]),
    ("首都经济贸易大学派出专家。", [("首都经济贸易大学", "university")]),
    ("三地协同发展新能源产业，北京大学参与。", [("北京大学", "university")]),
    # a bracketed legal form after a fund
    ("北京东岭创业投资基金（有限合伙）完成投资。",
     [("北京东岭创业投资基金（有限合伙）", "enterprise")]),
    # funds named by their aim, after a place
    ("京津冀产业发展母基金完成首期募集。", [("京津冀产业发展母基金", "enterprise")]),
    # executive committees of cooperation zones are government bodies
    ("长三角生态绿色一体化发展示范区执行委员会发布通知。",
     [("长三角生态绿色一体化发展示范区执行委员会", "government")]),
    # one-character commissions (科委, 教委, 农委) with their jurisdiction
    ("向北京市科委汇报工作。", [("北京市科委", "government")]),
    ("天津市教委和河北省农委联合发文。",
     [("天津市教委", "government"), ("河北省农委", "government")]),
    # generic descriptions before a type word are no names
    ("这里有一家老牌批发市场和区域性批发市场。", []),
    ("企业租下整层实验室开展研发。", []),
    ("当地建设了葡萄试验站。", []),
    ("河北农业大学葡萄试验站提供技术。", [("河北农业大学葡萄试验站", "university")]),
    # classifying words and common words before a type word describe a kind
    ("当地新建一所三甲医院，引进多家民营医院。", []),
    ("培育一批研究型大学。", []),
    ("建设一所九年一贯制学校和一所寄宿制学校。", []),
    ("该县设立乡村振兴产业基金和专项基金。", []),
    ("组建天使投资基金。", []),
    # ... a named fund or hospital stays (丝路基金 from the lexicon; 友谊 is a name)
    ("丝路基金和北京友谊医院参与。", [("丝路基金", "enterprise"), ("北京友谊医院", "hospital")]),
    ("天津市海河产业基金参与投资。", [("天津市海河产业基金", "enterprise")]),
    # a company's R&D centre: the company is the organization
    ("金岭科技有限公司横琴研发中心投入运营。", [("金岭科技有限公司", "enterprise")]),
    # numbered units of state groups, alone and before a legal form
    ("由中建三局承建的教学楼封顶。", [("中建三局", "enterprise")]),
    ("中冶二十局集团有限公司与航天六院签约。",
     [("中冶二十局集团有限公司", "enterprise"), ("航天六院", "research")]),
    # the investor's brand at the head of a logistics port project
    ("安捷达智慧冷链物流港项目开工。", [("安捷达", "enterprise")]),
    # well-known brands that are common words or no trade head (lexicon)
    ("顺丰华北航空枢纽项目开工。", [("顺丰", "enterprise")]),
    ("晨光生物科技产业园开工。", [("晨光生物", "enterprise")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_edges(text: str, expected: list[tuple[str, str]]) -> None:
    assert orgs(text) == expected


def test_government_source_counts() -> None:
    """A statistics bureau that is the source of its bulletin is named in the text."""
    text = "全市生产总值增长5%。\n来源：张家口市统计局"
    assert orgs(text, source="张家口市统计局") == [("张家口市统计局", "government")]


def test_outlet_source_still_excluded() -> None:
    """The outlet in its byline stays out."""
    text = "据沧州晚报消息，沧州明珠塑料股份有限公司扩产。"
    assert orgs(text, source="沧州晚报") == [("沧州明珠塑料股份有限公司", "enterprise")]
