"""Subjects and periods of indicators: invented articles through ``extract``."""

from __future__ import annotations

from xietong.extract import extract
from xietong.model import Document


def _by_value(doc: Document) -> dict[object, tuple[str | None, object]]:
    return {i.value: (i.subject, i.period) for i in extract(doc).indicators}


def test_dateline_place_is_not_the_subject() -> None:
    doc = Document(id="s1", published="2024-05-20",
                   text="某某社北京5月20日电 金川科技园自2018年揭牌以来,累计注册企业超过3200家。")
    got = _by_value(doc)
    assert got[3200][0] != "110000"


def test_a_part_after_其中_takes_the_total_subject_and_period() -> None:
    doc = Document(id="s2", published="2024-05-20",
                   text="截至4月底,金川科技园累计签约项目57个。其中,签约北京项目31个,总投资86亿元。")
    got = _by_value(doc)
    assert got[31] == got[57]


def test_place_in_parentheses_after_a_name_is_not_the_subject() -> None:
    doc = Document(id="s3", published="2024-05-20",
                   text="廊坊市与某某大学(北京)等3所高校签订合作协议。")
    got = _by_value(doc)
    assert got[3][0] != "110000"


def test_park_name_does_not_start_with_a_founding_verb() -> None:
    doc = Document(id="s4", published="2024-05-20",
                   text="近年来,廊坊市先后设立金川示范区,示范区面积达12平方公里。")
    subjects = {i.subject for i in extract(doc).indicators}
    assert not any(s and s.startswith("先后") for s in subjects)


def test_figures_of_a_dated_bulletin_take_the_headline_period() -> None:
    doc = Document(id="s5", published="2024-10-25", title="2024年前三季度金川市经济运行情况",
                   text="2024年前三季度金川市经济运行情况\n全市规模以上工业企业新增46家,社会消费品零售总额增长5.2%。")
    got = _by_value(doc)
    assert got[46][1] == ("2024-01", "2024-09")


def test_what_a_project_yields_once_built_has_no_period() -> None:
    doc = Document(id="s6", published="2024-10-25",
                   text="10月,金川数据中心项目开工。建成后,年产值约为12亿元,年纳税8000万元。")
    got = _by_value(doc)
    assert got[1200000000][1] is None
