"""Projects from the whole pipeline on invented articles: numbered and 分别 lists, coordinated
names, false projects, and the status, category and investment lexicon."""

from __future__ import annotations

from xietong.extract import extract
from xietong.model import Document, Project


def _projects(text: str) -> list[Project]:
    return list(extract(Document(id="t", text=text, published="2023-06-09")).projects)


def _named(projects: list[Project], name: str) -> Project:
    hits = [p for p in projects if p.name == name]
    assert hits, f"no project {name!r} in {[p.name for p in projects]}"
    return hits[0]


def test_numbered_items_drop_their_marker_and_take_their_own_place() -> None:
    ps = _projects("2023年6月8日,沧州市举行京津项目集中签约活动。签约项目包括:"
                   "1.年产5万吨环保涂料项目,由北京华彩涂料有限公司与任丘市人民政府签约,投资3.2亿元;"
                   "2.冷链物流园项目,由天津顺达物流有限公司与泊头市人民政府签约,投资5亿元;"
                   "(3)新能源电池项目,由北京星源科技有限公司与黄骅市人民政府签约,投资8亿元。")
    assert {p.name for p in ps} >= {"年产5万吨环保涂料项目", "冷链物流园项目", "新能源电池项目"}
    assert _named(ps, "年产5万吨环保涂料项目").place == "130982"
    assert _named(ps, "冷链物流园项目").place == "130981"
    assert _named(ps, "新能源电池项目").place == "130983"
    assert _named(ps, "冷链物流园项目").investment == 500000000


def test_coordinated_project_names_split() -> None:
    ps = _projects("2023年6月8日,保定市举行签约仪式,北京锐能科技有限公司电池项目和"
                   "天津顺达物流有限公司物流园项目分别签约。")
    names = {p.name for p in ps}
    assert "北京锐能科技有限公司电池项目" in names
    assert "天津顺达物流有限公司物流园项目" in names


def test_closing_project_word_shared_by_two_heads_is_one_project() -> None:
    ps = _projects("2023年6月8日,固安县签约了星河轨道研发中心及成果展示中心项目。")
    assert [p.name for p in ps] == ["星河轨道研发中心及成果展示中心项目"]


def test_respective_investments_map_in_order() -> None:
    ps = _projects("2023年6月8日,廊坊市固安县举行签约仪式,智能装备制造项目、冷链物流园项目、"
                   "生物医药研发中心项目现场签约,分别投资6亿元、15亿元和3.8亿元。")
    assert _named(ps, "智能装备制造项目").investment == 600000000
    assert _named(ps, "冷链物流园项目").investment == 1500000000
    assert _named(ps, "生物医药研发中心项目").investment == 380000000


def test_announcer_and_aggregates_are_not_projects() -> None:
    ps = _projects("2023年6月8日,县委书记王明宣布项目开工。省市重点项目加快推进。"
                   "京津冀协同发展示范区建设加快推进。城市副中心建设稳步推进。")
    assert ps == []


def test_announced_project_keeps_its_own_name() -> None:
    ps = _projects("2023年6月8日,市委书记宣布天和电子产业园项目开工。")
    assert [p.name for p in ps] == ["天和电子产业园项目"]


def test_topping_out_is_under_construction() -> None:
    ps = _projects("2023年6月8日,涿州市京南医疗器械产业园项目主体结构封顶。")
    assert [(p.name, p.status) for p in ps] == [("涿州市京南医疗器械产业园项目", "under_construction")]


def test_utility_and_manufacturing_categories() -> None:
    ps = _projects("2023年6月8日,沧州市运河区城区供暖扩容工程开工。衡水湖补水工程开工。"
                   "保定市莲池区综合交通枢纽工程开工。唐山市丰南区光伏组件项目开工。")
    assert _named(ps, "沧州市运河区城区供暖扩容工程").category == "infrastructure"
    assert _named(ps, "衡水湖补水工程").category == "infrastructure"
    assert _named(ps, "保定市莲池区综合交通枢纽工程").category == "infrastructure"
    assert _named(ps, "唐山市丰南区光伏组件项目").category == "industry"


def test_investment_of_the_next_sentence() -> None:
    ps = _projects("2023年6月8日,保定市定兴县年产3万吨食品加工项目开工。该项目总投资4.2亿元,建成后年产值10亿元。")
    assert [(p.name, p.investment) for p in ps] == [("保定市定兴县年产3万吨食品加工项目", 420000000)]


def test_foreign_currency_is_no_investment() -> None:
    ps = _projects("2023年6月8日,廊坊市香河县与香港恒达集团有限公司签约,建设物流园项目,投资2亿美元。")
    assert [p.investment for p in ps] == [None]
