"""Dates: points and periods resolved against the publication date (2024-03-08 here)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xietong.extract.dates import find_dates

PUB = "2024-03-08"

CASES = [
    ("2019年5月18日", "2019-05-18", ["2019-05-18", "2019-05-18"]),
    ("2019年5月", "2019-05", ["2019-05", "2019-05"]),
    ("2019年", "2019", ["2019", "2019"]),
    ("二〇一九年三月", "2019-03", ["2019-03", "2019-03"]),
    ("2019-05-18", "2019-05-18", ["2019-05-18", "2019-05-18"]),
    ("5月13日", "2024-05-13", ["2024-05-13", "2024-05-13"]),
    ("12月20日", "2023-12-20", ["2023-12-20", "2023-12-20"]),
    ("13日", "2024-03-13", ["2024-03-13", "2024-03-13"]),
    ("今年", "2024", ["2024", "2024"]),
    ("今年5月份", "2024-05", ["2024-05", "2024-05"]),
    ("去年", "2023", ["2023", "2023"]),
    ("前年", "2022", ["2022", "2022"]),
    ("明年", "2025", ["2025", "2025"]),
    ("去年底", "2023-12", [None, "2023-12"]),
    ("去年年底", "2023-12", [None, "2023-12"]),
    ("上半年", None, ["2024-01", "2024-06"]),
    ("一季度", None, ["2024-01", "2024-03"]),
    ("去年下半年", None, ["2023-07", "2023-12"]),
    ("10年来", None, ["2014", PUB]),
    ("十年来", None, ["2014", PUB]),
    ("近三年来", None, ["2021", PUB]),
    ("今年以来", None, ["2024-01", PUB]),
    ("2019年以来", None, ["2019", PUB]),
    ("截至目前", None, [None, PUB]),
    ("目前", None, [None, PUB]),
    ("截至今年2月", "2024-02", [None, "2024-02"]),
    ("截至2023年底", "2023-12", [None, "2023-12"]),
    ("2019年至2021年", None, ["2019", "2021"]),
    ("2019—2021年", None, ["2019", "2021"]),
    ("2021-2025年", None, ["2021", "2025"]),
    ("今年1—5月", None, ["2024-01", "2024-05"]),
    ("今年前4个月", None, ["2024-01", "2024-04"]),
    ("前十一个月", None, ["2024-01", "2024-11"]),
    ("去年前8个月", None, ["2023-01", "2023-08"]),
    ("1至2月", None, ["2024-01", "2024-02"]),
    ("截至1月底", "2024-01", [None, "2024-01"]),
    ("今天", "2024-03-08", ["2024-03-08", "2024-03-08"]),
    ("昨日", "2024-03-07", ["2024-03-07", "2024-03-07"]),
    ("五年内", None, [None, "2029"]),
    ("过去三年", None, ["2021", "2023"]),
    ("6年多来", None, ["2018", PUB]),
    ("5月13日至15日", None, ["2024-05-13", "2024-05-15"]),
    ("到2025年", "2025", [None, "2025"]),
    ("至2025年", "2025", [None, "2025"]),
    ("前两年", None, ["2022", "2023"]),
    ("“十四五”期间", None, ["2021", "2025"]),
    ("十三五时期", None, ["2016", "2020"]),
    ("十年前", "2014", ["2014", "2014"]),
]


@pytest.mark.parametrize(("text", "date", "period"), CASES)
def test_find_dates(text: str, date: str | None, period: list[str | None]) -> None:
    found = find_dates(text, PUB)
    assert [m.text for m in found] == [text]
    m = found[0]
    assert m.kind == "date"
    assert m.data["date"] == date
    assert m.data["period"] == period


def test_event_date_before_event_word() -> None:
    (m,) = find_dates("在5.18招商会上签约", PUB)
    assert m.text == "5.18" and m.data["date"] == "2024-05-18"


@pytest.mark.parametrize("text", ["近日", "日前"])
def test_vague_words(text: str) -> None:
    (m,) = find_dates(f"{text},园区签约", PUB)
    assert m.data["vague"] is True and m.data["date"] is None
    assert m.data["period"] == [None, PUB]


def test_recent_years_are_vague() -> None:
    (m,) = find_dates("近年来,园区发展迅速", PUB)
    assert m.data["vague"] is True and m.data["period"] is None


@pytest.mark.parametrize("text", ["今年", "去年底", "5月13日", "10年来", "今年以来", "目前"])
def test_relative_without_publication_date(text: str) -> None:
    (m,) = find_dates(text, None)
    assert m.data["relative"] is True
    assert m.data["date"] is None
    assert m.data["period"] is None


def test_absolute_without_publication_date() -> None:
    (m,) = find_dates("2019年5月18日", None)
    assert m.data["date"] == "2019-05-18" and m.data["relative"] is False


@pytest.mark.parametrize("text", [
    "地铁1号线", "星期一", "下午3点", "项目161个", "三年行动计划", "统一部署", "投资5亿元",
    "工厂投产后年产值可达8亿元", "改造之前年产量不足万吨",
])
def test_not_dates(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_several_in_one_sentence() -> None:
    text = "2023年12月,园区签约;今年以来,新增企业20家,截至目前共有300家。"
    got = [(m.text, m.data["period"]) for m in find_dates(text, PUB)]
    assert got == [("2023年12月", ["2023-12", "2023-12"]),
                   ("今年以来", ["2024-01", PUB]),
                   ("截至目前", [None, PUB])]


@given(st.integers(min_value=1950, max_value=2099), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=28))
def test_absolute_roundtrip(y: int, mo: int, d: int) -> None:
    (m,) = find_dates(f"于{y}年{mo}月{d}日签约", PUB)
    assert m.data["date"] == f"{y:04d}-{mo:02d}-{d:02d}"


@given(st.text(max_size=200), st.sampled_from([None, PUB, "2015-01-01", "bad"]))
def test_find_dates_any_text(text: str, pub: str | None) -> None:
    for m in find_dates(text, pub):
        assert text[m.start:m.end] == m.text


@given(st.text(alphabet=st.sampled_from(list("0123456789年月日号今去明前后底初以来至到截目近十五一二〇.—-“”季度上下半")),
               max_size=60))
def test_find_dates_never_raises(text: str) -> None:
    for m in find_dates(text, PUB):
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", ["1" * 100_000, "2019年" * 20_000, "十" * 100_000,
                                  "一" * 100_000, "年" * 100_000])
def test_adversarial_inputs_are_fast(text: str) -> None:
    import time
    t0 = time.perf_counter()
    find_dates(text, PUB)
    assert time.perf_counter() - t0 < 3.0


def test_digit_after_digit_starts_only_a_quarter() -> None:
    """The master regex refuses a digit right after a digit (nothing starts there) except
    a quarter (4季度); 12345日 names no day."""
    found = find_dates("项目编号1234季度完成，共12345日", "2024-05-01")
    assert [(m.text, m.data["period"]) for m in found] == [("4季度", ["2024-10", "2024-12"])]
