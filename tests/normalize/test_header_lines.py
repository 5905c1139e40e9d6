"""Headline and source on page layouts found in crawls (invented pages)."""

from __future__ import annotations

import pytest

from xietong.model import Page
from xietong.normalize import normalize

BYLINE_ABOVE_DATE = """某某新闻　首页　时政　财经　科技　文化
某某新闻 > 区域观察 > 正文

滨海高新区两年引进研发机构42家　总投资超80亿元

某某新闻记者 王晓东
2022-04-18 10:05　来源：某某新闻

　　记者从滨海高新区管委会获悉，两年来高新区累计引进研发机构42家。
"""

EPAPER_NAV = """江淮日报　2021年09月14日　星期二　第03版：经济
上一版　下一版　　　　　　PDF版

合肥新站区上半年签约项目31个
两个新能源项目集中签约 总投资56亿元

　　本报讯（记者 陈思）9月13日，合肥新站区举行项目集中签约活动。
"""

SOURCE_AT_FOOT = """重磅！又一批高校科研平台落地保定

▲签约现场（某某融媒体中心供图）

　　6月18日，保定市与北京某某大学签署合作协议，共建新材料研究院。

来源丨保定市融媒体中心
编辑丨李娜
"""

PHOTO_SOURCE_AT_FOOT = """廊坊新增两条公交线路

　　5月6日起，廊坊新增两条通往北京的公交线路。

图片来源：视觉中国
"""


def _doc(text: str):  # type: ignore[no-untyped-def]
    return normalize(Page(id="t", source="t.txt", kind="text", text=text))


def test_byline_between_headline_and_date_is_not_the_headline() -> None:
    doc = _doc(BYLINE_ABOVE_DATE)
    assert doc.title == "滨海高新区两年引进研发机构42家 总投资超80亿元"
    assert doc.source == "某某新闻"
    assert "王晓东" not in doc.text.split("\n", 1)[1]


def test_epaper_page_navigation_is_not_the_headline() -> None:
    doc = _doc(EPAPER_NAV)
    assert doc.title == "合肥新站区上半年签约项目31个"
    assert "上一版" not in doc.text


@pytest.mark.parametrize(("page", "source"), [(SOURCE_AT_FOOT, "保定市融媒体中心"),
                                              (PHOTO_SOURCE_AT_FOOT, None)])
def test_source_line_at_the_foot(page: str, source: str | None) -> None:
    doc = _doc(page)
    assert doc.source == source
    assert "来源" not in doc.text
