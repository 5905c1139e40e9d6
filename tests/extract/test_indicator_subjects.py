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
