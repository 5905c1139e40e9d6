"""Money: sums of money in every written form, with exact values and qualifiers.

Built on :func:`xietong.extract.numbers.scan_numbers`: a number whose unit is a
currency (元, 美元, 欧元, ...) is an amount; so is a number written with 万/亿 but
without 元 right after a money word (总投资92亿, 资金3000万).  Vague sums (数十亿元,
十几亿元) and per-unit denominators (万元GDP能耗) are not amounts.
"""

from __future__ import annotations

import re
from decimal import Decimal

from xietong.extract.numbers import CURRENCY_UNITS, NumberHit, scan_numbers
from xietong.model import Mention

# Words after which a 万/亿 number is money even without 元.
_MONEY_WORDS = (
    "总投资", "投资额", "投资", "投入", "资金", "融资", "产值", "营收", "营业收入", "收入",
    "销售额", "销售收入", "税收", "利税", "利润", "成交额", "交易额", "营业额", "签约额",
    "合同额", "金额", "注册资本", "资本", "出口额", "进出口额", "贷款", "补贴", "奖励",
    "拨付", "预算", "GDP", "生产总值", "增加值", "总额", "规模", "资产", "基金", "募集",
)
_MONEY_CTX = re.compile("(?:" + "|".join(sorted(_MONEY_WORDS, key=len, reverse=True)) + ")"
                        r"(?:总额|总计|共计|累计|合计)?"
                        r"(?:达到|达|为|约为|约|共|近|超过|超|逾|突破|将达|预计|高达|了)*$")
_CLAUSE_BREAK = "，,。；;！？!?、\n：:"
# Currency words whose number has no 元 attached: "人民币" alone is CNY.
_CNY_ALIASES = frozenset({"元"})


def _money_context(text: str, start: int) -> bool:
    """True when a money word stands just before ``start`` in the same clause."""
    lo = max(0, start - 12)
    window = text[lo:start]
    for i in range(len(window) - 1, -1, -1):
        if window[i] in _CLAUSE_BREAK:
            window = window[i + 1:]
            break
    return bool(_MONEY_CTX.search(window))


def _currency(hit: NumberHit) -> str | None:
    return CURRENCY_UNITS.get(hit.unit)


def _to_mention(text: str, hit: NumberHit, currency: str) -> Mention:
    data: dict[str, object] = {"value": hit.value, "currency": currency,
                               "qualifier": hit.qualifier}
    if "range" in hit.flags:
        data["range"] = True
    return Mention("money", hit.start, hit.end, text[hit.start:hit.end], data)


def find_amounts(text: str) -> list[Mention]:
    """Every sum of money (kind "money"; data: value (Decimal), currency, qualifier).

    ``value`` is in units of the currency (元 for CNY): 7.19亿元 → 719000000.
    A range (3亿至5亿元, 3-5亿元) gives two amounts, ``at_least`` and ``under``.
    """
    out: list[Mention] = []
    currency_of = CURRENCY_UNITS.get     # _currency, inline
    for hit in scan_numbers(text):
        cur = currency_of(hit.unit)
        if cur is None:
            if hit.unit or not hit.has_multiplier or not _money_context(text, hit.start):
                continue
            cur = "CNY"
        out.append(_to_mention(text, hit, cur))
    return _harmonize(out)


def _harmonize(mentions: list[Mention]) -> list[Mention]:
    """Give a sum written bare (often in the headline) the hedge it has elsewhere.

    Headlines drop 约/超: "涉及资金247亿元" above "意向投资额约247亿元".  When the
    same value is hedged in exactly one way elsewhere, exact mentions take that
    qualifier; ``written_qualifier`` keeps what the span itself says.
    """
    hedges: dict[tuple[str, Decimal], set[str]] = {}
    for m in mentions:
        if m.data["qualifier"] != "exact" and "range" not in m.data:
            hedges.setdefault((m.data["currency"], m.data["value"]), set()).add(m.data["qualifier"])
    if not hedges:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        q = hedges.get((m.data["currency"], m.data["value"]))
        if m.data["qualifier"] == "exact" and q is not None and len(q) == 1:
            data = dict(m.data, qualifier=next(iter(q)), written_qualifier="exact")
            m = Mention(m.kind, m.start, m.end, m.text, data)
        out.append(m)
    return out


def parse_money(s: str) -> tuple[Decimal, str]:
    """(value in currency units, ISO currency) of one written sum.

    >>> parse_money("7.19亿元")
    (Decimal('719000000'), 'CNY')
    >>> parse_money("1.5万美元")
    (Decimal('15000'), 'USD')
    >>> parse_money("人民币5000万元")
    (Decimal('50000000'), 'CNY')
    """
    for hit in scan_numbers(s):
        cur = _currency(hit)
        if cur is not None:
            return hit.value, cur
        if not hit.unit and hit.has_multiplier and hit.end == len(s.rstrip()):
            return hit.value, "CNY"
    raise ValueError(f"not a sum of money: {s!r}")
