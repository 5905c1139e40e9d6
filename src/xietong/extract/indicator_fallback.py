"""TEMPORARY private number/money reader for the indicators extractor.

REMOVE when ``numbers.find_quantities`` and ``money.find_amounts`` land: the indicators
extractor only uses this while those finders return nothing for an article.  It reads
Arabic and Chinese numerals with 万/亿 multipliers, an optional measure word or unit, the
qualifier words around them and ranges (3—5平方公里), and emits the same Mention shapes
(kind "quantity": value, unit, qualifier; kind "money": value, currency, qualifier).
"""

from __future__ import annotations

import re
from decimal import Decimal

from xietong.model import Mention

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}

# Longest first: the measure words and units an indicator can carry.
UNITS = (
    "平方公里", "平方千米", "平方米", "立方米", "万千瓦", "千瓦时", "人次", "标准箱", "个月",
    "公顷", "平米", "公里", "千米", "千瓦", "兆瓦", "MW", "GW", "kW", "吨", "亩", "米",
    "个", "家", "项", "所", "座", "道", "栋", "台", "套", "例", "期", "届", "批", "条",
    "辆", "架", "名", "位", "人", "户", "件", "种", "类", "场", "次", "倍", "%", "成",
    "年", "月", "日", "天", "周", "小时", "县", "区", "市", "镇", "村", "张", "处", "间",
    "床", "张", "株", "头", "只",
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_MULT = r"(?:万亿|千万|百万|万|亿)"
_PRE = r"(?P<pre>大约|超过|不低于|不少于|不足|不到|至少|约|近|超|逾|达)?"

_QTY = re.compile(
    _PRE
    + r"(?P<num>" + _NUM + r")(?P<mult>" + _MULT + r")?(?P<mid>多|余)?"
    + r"(?:(?P<range>[—\-~至到])(?P<num2>" + _NUM + r")(?P<mult2>" + _MULT + r")?)?"
    + r"(?P<mid2>多|余)?"
    + r"\s?(?P<money>(?:元人民币|美元|欧元|元))?"
    + r"(?P<unit>" + _UNIT_RE + r")?"
    + r"(?P<post>以上|以下|左右|多)?"
)
_FRACTION = re.compile(r"(?P<pre>超过|约|近|超)?(?P<den>[一二三四五六七八九十]+)分之(?P<num>[一二三四五六七八九十]+)")


def cn_number(s: str) -> Decimal | None:
    """Chinese numeral (三, 十五, 一百二十, 两千) or Arabic string → Decimal."""
    s = s.replace(",", "")
    if not s:
        return None
    if s[0].isdigit():
        try:
            return Decimal(s)
        except ArithmeticError:
            return None
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (cur or 1) * _CN_UNIT[ch]
            cur = 0
        else:
            return None
    return Decimal(total + cur)


def _mult(m: str | None) -> Decimal:
    return {"万": Decimal(10000), "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12,
            "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6}.get(m or "", Decimal(1))


def _qualifier(pre: str | None, mid: str | None, post: str | None) -> str:
    if pre in ("约", "近", "大约") or post == "左右":
        return "approx"
    if pre in ("超过", "超", "逾") or mid or post == "多":
        return "over"
    if pre in ("至少", "不低于", "不少于") or post == "以上":
        return "at_least"
    if pre in ("不足", "不到") or post == "以下":
        return "under"
    return "exact"


def find_numbers(text: str) -> tuple[list[Mention], list[Mention]]:
    """(quantities, money) mentions of ``text`` — fallback only, see module docstring."""
    qty: list[Mention] = []
    money: list[Mention] = []
    for m in _QTY.finditer(text):
        num = m.group("num")
        if num[0] in "十百千" and m.start("num") > 0 and text[m.start("num") - 1] in _CN_DIGIT:
            continue
        value = cn_number(num)
        if value is None:
            continue
        value *= _mult(m.group("mult"))
        unit = m.group("unit") or ""
        cur = m.group("money")
        mid = m.group("mid") or m.group("mid2")
        values = [(value, m.group("pre"), mid, m.group("post"))]
        if m.group("range") and m.group("num2"):
            v2 = cn_number(m.group("num2"))
            if v2 is not None:
                v2 *= _mult(m.group("mult2") or m.group("mult"))
                if not m.group("mult") and m.group("mult2"):
                    values[0] = (value * _mult(m.group("mult2")), None, None, None)
                values = [(values[0][0], "至少", None, None), (v2, "不到", None, None)]
        if unit == "成" and not cur:
            unit = "%"
            values = [(v * 10, p, mi, po) for v, p, mi, po in values]
        for v, pre, mi, post in values:
            q = _qualifier(pre, mi, post)
            if cur:
                currency = {"美元": "USD", "欧元": "EUR"}.get(cur, "CNY")
                money.append(Mention("money", m.start(), m.end(), m.group(),
                                     {"value": v, "currency": currency, "qualifier": q}))
            else:
                qty.append(Mention("quantity", m.start(), m.end(), m.group(),
                                   {"value": v, "unit": unit, "qualifier": q}))
    for f in _FRACTION.finditer(text):
        den, nu = cn_number(f.group("den")), cn_number(f.group("num"))
        if den and nu:
            pct = (nu * 100 / den).quantize(Decimal("0.01"))
            qty.append(Mention("quantity", f.start(), f.end(), f.group(),
                               {"value": pct, "unit": "%",
                                "qualifier": _qualifier(f.group("pre"), None, None)}))
    return qty, money
