"""Numbers: exact parsing of every written form, and quantities with units and qualifiers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.extract.numbers import find_quantities, parse_number

PARSE_CASES = [
    ("7.19亿", "719000000"),
    ("16.4亿", "1640000000"),
    ("1,200.5", "1200.5"),
    ("１２３", "123"),
    ("３．５万", "35000"),
    ("一千二百", "1200"),
    ("两千", "2000"),
    ("三十五", "35"),
    ("十二", "12"),
    ("十", "10"),
    ("〇", "0"),
    ("零", "0"),
    ("壹贰叁", "123"),
    ("壹仟贰佰", "1200"),
    ("3.5万", "35000"),
    ("1.2亿", "120000000"),
    ("5千", "5000"),
    ("一万二", "12000"),
    ("三千五", "3500"),
    ("两百五", "250"),
    ("一百零五", "105"),
    ("一千零一十", "1010"),
    ("一亿二千万", "120000000"),
    ("3万亿", "3000000000000"),
    ("1.5万亿", "1500000000000"),
    ("百亿", "10000000000"),
    ("千万", "10000000"),
    ("亿", "100000000"),
    ("二〇一九", "2019"),
    ("三点五", "3.5"),
    ("三分之二", "66.67"),
    ("三分之一", "33.33"),
    ("四分之一", "25"),
    ("6成", "60"),
    ("六成", "60"),
    ("百分之七", "7"),
    ("百分之三十五点五", "35.5"),
    ("7%", "7"),
    ("12.5%", "12.5"),
    ("半", "0.5"),
    ("两个半", "2.5"),
    ("5000万", "50000000"),
    ("92亿", "9200000000"),
    ("5.5兆", "5500000000000"),
]


@pytest.mark.parametrize(("written", "value"), PARSE_CASES)
def test_parse_number(written: str, value: str) -> None:
    assert parse_number(written) == Decimal(value)


@pytest.mark.parametrize("bad", ["", "abc", "亿元", "1.2.3", "5个"])
def test_parse_number_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_number(bad)


def test_parse_number_is_exact() -> None:
    v = parse_number("16.4亿")
    assert v == 1640000000 and str(v) == "1640000000"


QUANTITY_CASES = [
    ("全年接待游客13.3万人次", "13.3万人次", "133000", "人次", "exact"),
    ("新增种植30万亩", "30万亩", "300000", "亩", "exact"),
    ("塔高73.40米", "73.40米", "73.4", "米", "exact"),
    ("累计引进项目161个", "161个", "161", "个", "exact"),
    ("装机4×350MW", "4×350MW", "1400", "MW", "exact"),
    ("增长7%", "7%", "7", "%", "exact"),
    ("占全省6成", "6成", "60", "%", "exact"),
    ("约三分之二来自京津", "约三分之二", "66.67", "%", "approx"),
    ("覆盖三县", "三县", "3", "县", "exact"),
    ("营业收入7.19亿元", "7.19亿元", "719000000", "元", "exact"),
    ("吸引企业10余家", "10余家", "10", "家", "over"),
    ("建筑面积4万多平方米", "4万多平方米", "40000", "平方米", "over"),
    ("年产智能家居超100万套", "超100万套", "1000000", "套", "over"),
    ("服务群众约5000人", "约5000人", "5000", "人", "approx"),
    ("园区面积近20平方公里", "近20平方公里", "20", "平方公里", "approx"),
    ("引进人才300名左右", "300名左右", "300", "名", "approx"),
    ("5000万元以上项目", "5000万元以上", "50000000", "元", "at_least"),
    ("投资不低于3亿元", "不低于3亿元", "300000000", "元", "at_least"),
    ("不足50家", "不足50家", "50", "家", "under"),
    ("医疗机构逾百所", "逾百所", "100", "所", "over"),
    ("新建学校十二所", "十二所", "12", "所", "exact"),
    ("连续举办六届", "六届", "6", "届", "exact"),
    ("搭建两个平台", "两个", "2", "个", "exact"),
    ("年吞吐量1.2亿吨", "1.2亿吨", "120000000", "吨", "exact"),
    ("增长了33倍", "33倍", "33", "倍", "exact"),
    ("床位1,200张", "1,200张", "1200", "张", "exact"),
    ("全长１２．５公里", "１２．５公里", "12.5", "公里", "exact"),
    ("提高2.5个百分点", "2.5个百分点", "2.5", "百分点", "exact"),
    ("光伏电站5万千瓦", "5万千瓦", "50000", "千瓦", "exact"),
    ("线路长3千米", "3千米", "3", "千米", "exact"),
    ("签约项目签约85个", "85个", "85", "个", "exact"),
    # 兆 before a currency is 10^12 (Taiwan usage); 兆瓦 is a unit
    ("全岛出口总值约3.2兆元人民币", "约3.2兆元人民币", "3200000000000", "元", "approx"),
    ("光伏电站装机500兆瓦", "500兆瓦", "500", "MW", "exact"),
    # a Chinese numeral before a two-character noun takes it as unit
    ("苏州、无锡、常州三城市联合签约", "三城市", "3", "城市", "exact"),
    ("全年走访服务企业860余家次", "860余家次", "860", "家次", "over"),
    # a slash fraction that is a share of something
    ("该市外贸总额约占全省的1/8。", "1/8", "12.5", "%", "approx"),
    ("新能源车销量占比达1/3以上,", "1/3以上", "33.33", "%", "at_least"),
    ("外资企业比例为1/4。", "1/4", "25", "%", "exact"),
    ("3/5的受访企业已上云", "3/5", "60", "%", "exact"),
    # container units: 标准箱 as written, TEU as 标箱
    ("东湾码头全年完成集装箱吞吐量185万标准箱。", "185万标准箱", "1850000", "标准箱", "exact"),
    ("新泊位设计能力为40万TEU,", "40万TEU", "400000", "标箱", "exact"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit", "qualifier"), QUANTITY_CASES)
def test_find_quantities(text: str, surface: str, value: str, unit: str, qualifier: str) -> None:
    found = [m for m in find_quantities(text) if m.text == surface]
    assert found, [m.text for m in find_quantities(text)]
    m = found[0]
    assert text[m.start:m.end] == surface
    assert m.kind == "quantity"
    assert m.data["value"] == Decimal(value)
    assert m.data["unit"] == unit
    assert m.data["qualifier"] == qualifier


@pytest.mark.parametrize("text", [
    "2019年5月13日开幕",
    "2021—2025年规划",
    "第三批名单",
    "第1名",
    "G20峰会",
    "5G基站",
    '"6+3"战略',
    "5.18招商会开幕",
    "联系电话0316-1234567",
    "手机13912345678",
    "二〇二四年工作",
    "统一思想",
    "一个重要节点",
    "数十家企业",
    "七八个部门",
    "百姓生活",
    "2023/10/1发布",
    "进入1/2决赛",
    "一兆字节",
])
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(("text", "first", "second", "unit"), [
    ("规划面积3—5平方公里", "3", "5", "平方公里"),
    ("每年引进3至5个项目", "3", "5", "个"),
    ("投资3-5亿元", "300000000", "500000000", "元"),
    ("投资3亿至5亿元", "300000000", "500000000", "元"),
    ("投资3亿元至5亿元", "300000000", "500000000", "元"),
    ("示范区拟分2至4批次遴选试点企业", "2", "4", "批次"),
])
def test_ranges(text: str, first: str, second: str, unit: str) -> None:
    ms = [m for m in find_quantities(text) if m.data["unit"] == unit]
    assert [m.data["value"] for m in ms] == [Decimal(first), Decimal(second)]
    assert [m.data["qualifier"] for m in ms] == ["at_least", "under"]


def test_durations_are_marked() -> None:
    ms = find_quantities("十年来新增园区，工期24个月")
    assert [(m.data["unit"], m.data.get("duration")) for m in ms] == [("年", True), ("个月", True)]


def test_number_in_project_name_is_marked() -> None:
    (m,) = find_quantities("开工建设年产10万吨车用尿素项目")
    assert m.data["value"] == 100000 and m.data["unit"] == "吨" and m.data["in_name"] is True


def test_bare_number_gets_noun_or_nothing() -> None:
    (m,) = find_quantities("辐射人口5000万,覆盖")
    assert m.data["value"] == 50000000 and m.data["unit"] == ""
    (m,) = find_quantities("签约800企业")
    assert m.data["noun"] == "企业"


# ------------------------------------------------------------------ properties

_CN = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write a non-negative integer in standard Chinese numerals (reference formatter)."""
    if n == 0:
        return "零"
    for unit_v, unit_s in ((10**8, "亿"), (10**4, "万")):
        if n >= unit_v:
            hi, lo = divmod(n, unit_v)
            out = to_chinese(hi) + unit_s
            if lo:
                out += ("零" if lo < unit_v // 10 else "") + to_chinese(lo)
            return out
    out, zero = "", False
    for unit_v, unit_s in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit_v % 10
        if d:
            out += ("零" if zero else "") + _CN[d] + unit_s
            zero = False
        elif out:
            zero = True
    return out


@given(st.integers(min_value=0, max_value=10**15))
def test_chinese_roundtrip(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_roundtrip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full) == n


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["万", "亿", "万亿"]))
def test_multiplier_roundtrip(n: int, mult: str) -> None:
    factor = {"万": 10**4, "亿": 10**8, "万亿": 10**12}[mult]
    assert parse_number(f"{n}{mult}") == n * factor


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,万亿千百十一二三两约超余多以上下个元年月日%—-至第人次平方米成分之 ,。、")),
               max_size=60))
def test_find_quantities_never_raises(text: str) -> None:
    for m in find_quantities(text):
        assert text[m.start:m.end] == m.text


@given(st.text(max_size=200))
def test_find_quantities_any_text(text: str) -> None:
    for m in find_quantities(text):
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", ["1" * 100_000, "万" * 100_000, "一" * 100_000, "十" * 100_000,
                                  "1." * 50_000, "三分" * 50_000, "分之" * 50_000])
def test_adversarial_inputs_are_fast(text: str) -> None:
    import time
    t0 = time.perf_counter()
    find_quantities(text)
    assert time.perf_counter() - t0 < 2.0


def test_qualifier_precheck_covers_every_qualifier_ending() -> None:
    """_scan skips the reversed-qualifier regex unless the character before a number is
    in _PRE_LAST: every other character must give that regex an empty match."""
    from xietong.extract.numbers import _PRE_LAST, _PRE_REV
    for code in range(0x20, 0xA000):
        c = chr(code)
        if c in _PRE_LAST:
            continue
        for tail in ("", "约", "过超", "于低不", "民人", "近"):
            m = _PRE_REV.match(c + tail)
            assert m is not None and m.end() == 0, (c, tail)
