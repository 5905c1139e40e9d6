"""Tables for the normalize parts: glosses, mojibake, metadata readers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.normalize import metadata as md
from xietong.normalize.glosses import strip_glosses
from xietong.normalize.mojibake import repair_mojibake
from xietong.normalize.offsets import Tracked


@pytest.mark.parametrize(("text", "want"), [
    ("產(chǎn)業(yè)", "產業"), ("協(xié)同", "協同"), ("学(xué)习(xí)", "学习"),
    ("中(zhōng guó)国", "中国"), ("绿(lǜ)色", "绿色"),
    ("三木石(北京)投资有限公司", "三木石(北京)投资有限公司"),
    ("(记者 孟宪峰)", "(记者 孟宪峰)"), ("(人民币,下同)", "(人民币,下同)"),
    ("(2021—2025年)", "(2021—2025年)"), ("重量(kg)", "重量(kg)"), ("x(chǎn)", "x(chǎn)"),
])
def test_glosses(text: str, want: str) -> None:
    assert strip_glosses(Tracked(text)).text == want


@pytest.mark.parametrize(("text", "want"), [
    ("衡水?咝录际醪?业开发区管委会与北京", "衡水高新技术产业开发区管委会与北京"),
    ("某某環??萍加邢薰九c天津", "某某環保科技有限公司與天津"),
])
def test_mojibake_repaired(text: str, want: str) -> None:
    assert repair_mojibake(Tracked(text)).text == want


CLEAN = [
    "为什么选择衡水?因为这里交通便利、成本较低。",
    "项目何时投产?预计明年一季度。",
    "企业家们问:京津冀协同发展给县域带来了什么?答案写在一个个项目里。",
    "“能不能再快一点?”他说,园区正在加紧建设。",
    "总投资约?亿元的项目尚未公布具体金额。",
    "你知道吗?保定·中关村创新中心已入驻企业百余家。",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_sentences_untouched(text: str) -> None:
    assert repair_mojibake(Tracked(text)).text == text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*CLEAN, "北京", "河北省廊坊市", "签约", "?", "??"]), max_size=10))
def test_clean_text_never_repaired(parts: list[str]) -> None:
    text = "".join(parts)
    assert repair_mojibake(Tracked(text)).text == text


@pytest.mark.parametrize(("text", "want"), [
    ("2015年09月24日 10:30 来源:某报", "2015-09-24T10:30"), ("发布日期:2014-06-13", "2014-06-13"),
    ("时间:2021年05月14日", "2021-05-14"), ("2024/3/8", "2024-03-08"), ("5月13日", None),
    ("2020-13-01", None),
])
def test_parse_date(text: str, want: str | None) -> None:
    assert md.parse_date(text) == want


@pytest.mark.parametrize(("text", "want"), [
    ("某县签约十个项目_新华网", "某县签约十个项目"), ("某县签约十个项目-河北新闻网", "某县签约十个项目"),
    ("某县签约十个项目 - 中国经济网", "某县签约十个项目"), ("某县签约十个项目 最新快讯", "某县签约十个项目"),
    ("【独家】某县签约十个项目", "某县签约十个项目"), ("京冀携手打造保定·中关村创新中心", "京冀携手打造保定·中关村创新中心"),
])
def test_clean_title(text: str, want: str) -> None:
    assert md.clean_title(text) == want


@pytest.mark.parametrize(("line", "want"), [
    ("来源:某某日报——本地最大门户 作者:", (True, "某某日报")), ("来源:未知 日期:2015-09-24", (True, None)),
    ("来源:某某新闻高级记者 张三", (True, "某某新闻")), ("日期:2015-09-24", (False, None)),
])
def test_source_label(line: str, want: tuple[bool, str | None]) -> None:
    assert md.source_from_label(line) == want


@pytest.mark.parametrize(("line", "want"), [
    ("中新网石家庄6月1日电 (记者 李四)某市", "中新网"), ("新华社北京1月2日电 近日", "新华社"),
    ("某某新闻网讯(记者 王五)昨天", "某某新闻网"), ("本报保定3月4日电 (记者 赵六)", "某某报"),
    ("本报讯 昨日", "某某报"), ("昨天,据某某网记者了解,该项目", "某某网"), ("3月26日上午,某县举行", None),
])
def test_outlet_in_byline(line: str, want: str | None) -> None:
    assert md.outlet_in_byline(line, "某某报") == want


def test_authors() -> None:
    assert md.authors_in("中新网北京5月1日电 (张三 李四)某市") == ["张三", "李四"]
    assert md.authors_in("图为现场。某报通讯员王小五摄") == ["王小五"]
