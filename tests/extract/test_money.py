"""Money: every written sum with its exact value, currency and qualifier."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xietong.extract.money import find_amounts, parse_money

AMOUNT_CASES = [
    ("引进项目总投资5000万元", "5000万元", "50000000", "CNY", "exact"),
    ("实现营业收入7.19亿元", "7.19亿元", "719000000", "CNY", "exact"),
    ("总投资92亿元", "92亿元", "9200000000", "CNY", "exact"),
    ("拨付资金一千二百万元", "一千二百万元", "12000000", "CNY", "exact"),
    ("其中超亿元项目12个", "超亿元", "100000000", "CNY", "over"),
    ("打造百亿元产业集群", "百亿元", "10000000000", "CNY", "exact"),
    ("年产值超百亿元", "超百亿元", "10000000000", "CNY", "over"),
    ("交易额逾千亿元", "逾千亿元", "100000000000", "CNY", "over"),
    ("亿元以上项目", "亿元以上", "100000000", "CNY", "at_least"),
    ("获得融资1.5万美元", "1.5万美元", "15000", "USD", "exact"),
    ("引进外资2亿欧元", "2亿欧元", "200000000", "EUR", "exact"),
    ("注资3000万港元", "3000万港元", "30000000", "HKD", "exact"),
    ("投资人民币5000万元", "人民币5000万元", "50000000", "CNY", "exact"),
    ("投资5000万元人民币", "5000万元人民币", "50000000", "CNY", "exact"),
    ("这批企业总投资64亿,分布在园区", "64亿", "6400000000", "CNY", "exact"),
    ("投资额达15亿", "15亿", "1500000000", "CNY", "exact"),
    ("争取资金3000万", "3000万", "30000000", "CNY", "exact"),
    ("计划投资约318亿元", "约318亿元", "31800000000", "CNY", "approx"),
    ("累计投入近87亿元", "近87亿元", "8700000000", "CNY", "approx"),
    ("预计销售额约为18.6亿元", "约为18.6亿元", "1860000000", "CNY", "approx"),
    ("项目投资超过410亿元", "超过410亿元", "41000000000", "CNY", "over"),
    ("合同金额逾7亿元", "逾7亿元", "700000000", "CNY", "over"),
    ("总投资5亿元以上项目", "5亿元以上", "500000000", "CNY", "at_least"),
    ("投资不足1000万元", "不足1000万元", "10000000", "CNY", "under"),
    ("补贴500万元左右", "500万元左右", "5000000", "CNY", "approx"),
    ("募集资金10亿多元", "10亿多元", "1000000000", "CNY", "over"),
    ("房价每平方米1.2万元", "1.2万元", "12000", "CNY", "exact"),
    ("均价8000元/平方米", "8000元", "8000", "CNY", "exact"),
    ("投资16.4亿元", "16.4亿元", "1640000000", "CNY", "exact"),
    ("投资１６．４億元", "１６．４億元", "1640000000", "CNY", "exact"),
    ("总投资208.06亿元", "208.06亿元", "20806000000", "CNY", "exact"),
    ("资金3万亿元", "3万亿元", "3000000000000", "CNY", "exact"),
    ("超千万元项目", "超千万元", "10000000", "CNY", "over"),
    ("上半年营收合计约2.4兆元人民币", "约2.4兆元人民币", "2400000000000", "CNY", "approx"),
    ("岛内出口总额约1.8兆元新台币", "约1.8兆元新台币", "1800000000000", "TWD", "approx"),
    ("融资300亿新台币", "300亿新台币", "30000000000", "TWD", "exact"),
]


@pytest.mark.parametrize(("text", "surface", "value", "currency", "qualifier"), AMOUNT_CASES)
def test_find_amounts(text: str, surface: str, value: str, currency: str, qualifier: str) -> None:
    found = find_amounts(text)
    assert [m.text for m in found] == [surface]
    m = found[0]
    assert text[m.start:m.end] == m.text
    assert m.kind == "money"
    assert m.data["value"] == Decimal(value)
    assert m.data["currency"] == currency
    assert m.data["qualifier"] == qualifier


@pytest.mark.parametrize(("text", "values"), [
    ("投资3亿至5亿元", ["300000000", "500000000"]),
    ("投资3亿—5亿元", ["300000000", "500000000"]),
    ("投资3-5亿元", ["300000000", "500000000"]),
    ("投资3亿元至5亿元", ["300000000", "500000000"]),
    ("单体投资3000万-5000万元", ["30000000", "50000000"]),
])
def test_ranges_give_two_amounts(text: str, values: list[str]) -> None:
    found = find_amounts(text)
    assert [m.data["value"] for m in found] == [Decimal(v) for v in values]
    assert [m.data["qualifier"] for m in found] == ["at_least", "under"]


@pytest.mark.parametrize("text", [
    "吸引数十亿元投资",
    "总投资几十亿元",
    "十几亿元的规模",
    "单位GDP能耗下降,每万元GDP能耗0.5吨",
    "万元GDP能耗",
    "亿元级项目",
    "辐射人口5000万",
    "年产10万吨",
    "项目161个",
    "2019年5月",
])
def test_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_from_increase_is_not_a_range() -> None:
    found = find_amounts("税收从2.4亿元增加到36.8亿元")
    assert [(m.data["value"], m.data["qualifier"]) for m in found] == [
        (Decimal(240000000), "exact"), (Decimal(3680000000), "exact")]


def test_headline_takes_the_hedge_of_the_body() -> None:
    text = "园区招商引资513亿元\n\n本次共落地27个项目,计划投资约513亿元。"
    found = find_amounts(text)
    assert [m.data["qualifier"] for m in found] == ["approx", "approx"]
    assert found[0].data["written_qualifier"] == "exact"


@pytest.mark.parametrize(("written", "value", "currency"), [
    ("7.19亿元", "719000000", "CNY"),
    ("5000万元", "50000000", "CNY"),
    ("1.5万美元", "15000", "USD"),
    ("2亿欧元", "200000000", "EUR"),
    ("人民币5000万元", "50000000", "CNY"),
    ("92亿", "9200000000", "CNY"),
    ("一千二百万元", "12000000", "CNY"),
])
def test_parse_money(written: str, value: str, currency: str) -> None:
    assert parse_money(written) == (Decimal(value), currency)


def test_parse_money_rejects() -> None:
    with pytest.raises(ValueError):
        parse_money("161个")


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_decimal_yi_yuan_is_exact(whole: int, frac: int) -> None:
    text = f"总投资{whole}.{frac:02d}亿元"
    (m,) = find_amounts(text)
    assert m.data["value"] == Decimal(f"{whole}.{frac:02d}") * 10**8
    assert m.data["value"] == (whole * 100 + frac) * 10**6


@given(st.text(max_size=200))
def test_find_amounts_any_text(text: str) -> None:
    for m in find_amounts(text):
        assert text[m.start:m.end] == m.text


@given(st.text(alphabet=st.sampled_from(list("0123456789.万亿千百十一二两约超逾余多以上下元美欧人民币至-—数投资总额,。")),
               max_size=60))
def test_find_amounts_never_raises(text: str) -> None:
    for m in find_amounts(text):
        assert text[m.start:m.end] == m.text
        assert m.data["value"] >= 0


@pytest.mark.parametrize("text", ["1" * 100_000, "万" * 100_000, "亿元" * 50_000,
                                  "投资" * 50_000, "超" * 100_000])
def test_adversarial_inputs_are_fast(text: str) -> None:
    import time
    t0 = time.perf_counter()
    find_amounts(text)
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("澳资企业投资1.5亿澳门元建设研发中心", 150_000_000, "MOP"),
    ("外方出资3亿澳门币", 300_000_000, "MOP"),
    ("引进外资2000万美金", 20_000_000, "USD"),
    ("加拿大企业投资4亿加元", 400_000_000, "CAD"),
    ("新加坡基金出资5000万新加坡元", 50_000_000, "SGD"),
    ("合同金额约2亿瑞士法郎", 200_000_000, "CHF"),
])
def test_other_currencies(text: str, value: int, currency: str) -> None:
    [m] = find_amounts(text)
    assert (m.data["value"], m.data["currency"]) == (value, currency)
