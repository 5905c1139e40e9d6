"""Numbers and quantities: Chinese and Arabic numerals, multipliers, measure words.

Two layers:

* pure parsers — :func:`parse_number` turns any written number into an exact
  :class:`~decimal.Decimal` (Arabic with separators, full-width digits, Chinese and
  financial numerals, 万/亿 multipliers, percentages, fractions, 成);
* :func:`find_quantities` — every number in a text with its measure word or unit,
  in base units (万/亿 removed) and with its qualifier (约 → approx, 超 → over, ...).

:func:`scan_numbers` is the shared scanner that :mod:`xietong.extract.money` reuses.
Everything is one precompiled regex per pass; no pattern backtracks over a digit run
(each number branch starts with a look-behind that refuses to start inside a run).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from xietong.model import Mention

# --------------------------------------------------------------------------- characters

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－～：", "0123456789.,%-~:")

CN_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
CN_SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000,
                          "兆": 10**12}

_CNDIG = "〇零○一壹二贰貳两兩三叁參叄四肆五伍六陆陸七柒八捌九玖"
_CNSMALL = "十拾百佰千仟"
_CNBIG = "万萬亿億"
# 兆 = 10¹² in Taiwan usage (5.5兆元), only right before a currency: 兆瓦 is a unit (MW),
# and a bare 兆 in the mainland means 10⁶ (兆字节).
_ZHAO = "兆(?=元|美元|人民币|新台币|港元|日元|欧元|澳门元)"
_MULT_CHARS = _CNBIG + "兆"
_ADIG = "0-9０-９"

_HUNDRED = Decimal(100)


def _to_half(s: str) -> str:
    return s.translate(_FULLWIDTH)


def _arabic(s: str) -> Decimal:
    return Decimal(_to_half(s).replace(",", "").replace("，", ""))


def _cn_digits_positional(s: str) -> Decimal:
    """二〇一九 → 2019; 三点五 handled by the caller."""
    v = 0
    for ch in s:
        v = v * 10 + CN_DIGITS[ch]
    return Decimal(v)


_TOKEN = re.compile(
    rf"[{_ADIG}][{_ADIG},，]*(?:[.．][{_ADIG}]+)?"      # Arabic leaf (possibly decimal)
    rf"|[{_CNDIG}]+(?:点[{_CNDIG}]+)?"                  # Chinese digit leaf (三点五)
    rf"|[{_CNSMALL}{_MULT_CHARS}]"                     # multiplier
)


def _parse_plain(s: str) -> Decimal:
    """A number without percent forms: 1,200.5 / 一千二百 / 3.5万 / 一万二 / 3万亿."""
    s = s.strip()
    if not s:
        raise ValueError("empty number")
    pos = 0
    tokens: list[str] = []
    for m in _TOKEN.finditer(s):
        if m.start() != pos:
            raise ValueError(f"not a number: {s!r}")
        tokens.append(m.group())
        pos = m.end()
    if pos != len(s):
        raise ValueError(f"not a number: {s!r}")
    # A run of Chinese digits only (二〇一九) is positional.
    if len(tokens) == 1 and tokens[0][0] in CN_DIGITS and "点" not in tokens[0]:
        return _cn_digits_positional(tokens[0])
    total = Decimal(0)      # completed 亿 groups
    high = Decimal(0)       # completed 万 group
    section = Decimal(0)    # below 万
    pending: Decimal | None = None
    last_unit: int | None = None
    seen_any = False
    for tok in tokens:
        ch = tok[0]
        if ch in CN_SMALL and len(tok) == 1:
            u = CN_SMALL[ch]
            section += (pending if pending is not None else Decimal(1)) * u
            pending, last_unit, seen_any = None, u, True
        elif ch in CN_BIG and len(tok) == 1:
            u = CN_BIG[ch]
            group = section + (pending if pending is not None else Decimal(0))
            if u == 10_000:
                if group == 0 and high == 0 and total == 0 and not seen_any:
                    group = Decimal(1)
                high = (high + group) * u
            else:
                group += high
                if group == 0 and total == 0 and not seen_any:
                    group = Decimal(1)
                total += group * u
                high = Decimal(0)
            section, pending, last_unit, seen_any = Decimal(0), None, u, True
        else:
            if ch in CN_DIGITS:
                if "点" in tok:
                    a, b = tok.split("点", 1)
                    val = Decimal(f"{_cn_digits_positional(a)}.{int(_cn_digits_positional(b)):0{len(b)}d}")
                elif tok.strip("〇零○"):
                    # 一百零五: zeros are separators; take the last non-zero digit run value
                    zero_sep = tok[0] in "〇零○"
                    val = _cn_digits_positional(tok.lstrip("〇零○"))
                    if zero_sep:
                        last_unit = None
                else:
                    val = Decimal(0)
                    last_unit = None
            else:
                val = _arabic(tok)
                last_unit = None if not seen_any else last_unit
            if pending is not None:
                raise ValueError(f"two numbers in a row: {s!r}")
            pending, seen_any = val, True
    if pending is not None:
        # 一万二 = 12000, 三千五 = 3500: a trailing digit counts in the next lower unit.
        if last_unit is not None and last_unit >= 100 and pending < 10 and pending == pending.to_integral_value():
            pending = pending * (last_unit // 10)
        section += pending
    return total + high + section


_PERCENT_RE = re.compile(r"^(?:百分之(?P<p1>.+)|(?P<p2>.+)[%％]|(?P<p3>.+)成)$")
_FRACTION_RE = re.compile(r"^(?P<den>.+)分之(?P<num>.+)$")


@lru_cache(maxsize=4096)
def parse_number(s: str) -> Decimal:
    """The exact value of a written number.

    Percent forms give the percentage (百分之七, 7%, 6成 → 60, 三分之二 → 66.67,
    rounded to two decimals), 半 gives 0.5.  Raises ValueError on anything else.

    >>> parse_number("7.19亿") == Decimal("719000000")
    True
    >>> parse_number("1,200.5")
    Decimal('1200.5')
    >>> parse_number("一千二百"), parse_number("两千"), parse_number("一万二")
    (Decimal('1200'), Decimal('2000'), Decimal('12000'))
    >>> parse_number("16.4亿") == 1640000000
    True
    >>> parse_number("三分之二"), parse_number("6成"), parse_number("百分之七")
    (Decimal('66.67'), Decimal('60'), Decimal('7'))
    >>> parse_number("３万亿") == Decimal(3 * 10**12)
    True
    """
    s = _to_half(s.strip())
    if s == "半":
        return Decimal("0.5")
    if s.endswith("个半") and len(s) > 2:
        return _parse_plain(s[:-2]) + Decimal("0.5")
    m = _PERCENT_RE.match(s)
    if m:
        inner = m.group("p1") or m.group("p2") or m.group("p3")
        v = _parse_plain(inner)
        return normalize_decimal(v * 10 if m.group("p3") else v)
    f = _FRACTION_RE.match(s)
    if f:
        den = _parse_plain(f.group("den"))
        if den == 0:
            raise ValueError(f"zero denominator: {s!r}")
        return (_parse_plain(f.group("num")) * _HUNDRED / den).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)
    try:
        return normalize_decimal(_parse_plain(s))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the token regex
        raise ValueError(f"not a number: {s!r}") from exc


def normalize_decimal(v: Decimal) -> Decimal:
    """Drop a trailing exponent/zeros so 7.190E+8 prints as 719000000."""
    if v == v.to_integral_value():
        return Decimal(int(v))
    return v.normalize()


# --------------------------------------------------------------------------- scanner

# Units, longest first.  Values: the unit as reported (aliases normalized).
_UNITS: dict[str, str] = {
    "平方公里": "平方公里", "平方千米": "平方公里", "平方米": "平方米", "平米": "平方米",
    "立方米": "立方米", "千瓦时": "千瓦时", "度电": "千瓦时", "个百分点": "百分点", "百分点": "百分点",
    "人次": "人次", "家次": "家次", "户次": "户次", "个月": "个月", "周年": "周年", "公里": "公里", "千米": "千米", "公顷": "公顷",
    "公斤": "公斤", "千克": "千克", "千瓦": "千瓦", "兆瓦": "MW", "吉瓦": "GW", "小时": "小时",
    "标准箱": "标准箱", "标箱": "标箱", "批次": "批次", "车次": "车次", "架次": "架次", "班次": "班次", "人民币": "元",
    "美元": "美元", "欧元": "欧元", "港元": "港元", "港币": "港元", "日元": "日元", "英镑": "英镑",
    "韩元": "韩元", "澳元": "澳元", "卢布": "卢布", "新台币": "新台币", "澳门元": "澳门元",
    "澳门币": "澳门元", "澳币": "澳元", "加元": "加元", "新加坡元": "新加坡元", "瑞士法郎": "瑞士法郎",
    "美金": "美元",
    "MW": "MW", "GW": "GW", "kW": "千瓦", "KW": "千瓦", "kWh": "千瓦时", "TEU": "标箱",
    "km": "公里", "%": "%", "‰": "‰",
    "个": "个", "家": "家", "名": "名", "人": "人", "位": "位", "项": "项", "亩": "亩", "吨": "吨",
    "米": "米", "辆": "辆", "台": "台", "套": "套", "所": "所", "座": "座", "张": "张", "床": "床",
    "户": "户", "条": "条", "件": "件", "届": "届", "倍": "倍", "元": "元", "批": "批", "次": "次",
    "场": "场", "例": "例", "份": "份", "株": "株", "头": "头", "只": "只", "棵": "棵", "间": "间",
    "栋": "栋", "层": "层", "处": "处", "支": "支", "款": "款", "种": "种", "类": "类", "年": "年",
    "天": "天", "岁": "岁", "列": "列", "架": "架", "艘": "艘", "块": "块", "部": "部", "篇": "篇",
    "册": "册", "门": "门", "期": "期", "轮": "轮", "对": "对", "組": "组", "组": "组", "宗": "宗",
    "笔": "笔", "栋楼": "栋", "片": "片", "孔": "孔", "盏": "盏", "根": "根", "吨标准煤": "吨标准煤",
    "成": "%",
}
_DURATION_UNITS = frozenset({"年", "个月", "天", "小时", "周年"})
CURRENCY_UNITS: dict[str, str] = {
    "元": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "日元": "JPY", "英镑": "GBP",
    "韩元": "KRW", "澳元": "AUD", "卢布": "RUB", "新台币": "TWD", "澳门元": "MOP",
    "加元": "CAD", "新加坡元": "SGD", "瑞士法郎": "CHF",
}
# A Chinese numeral directly before one of these nouns takes the noun as unit (三县 → 3 县).
NOUN_UNITS = frozenset("县市区省地国方村镇乡校院园企")
# ... and so do these two-character nouns (九城市 → 9 城市).
NOUN_WORDS = ("城市", "国家", "省份", "省市", "地市", "区县", "县区", "县市", "乡镇")

_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True) if u != "成")

# One number: Arabic (with 万/亿 multipliers after it) or a run of Chinese numerals.
# 千 before 米/瓦/克 is a unit prefix, not a multiplier.
_MULT = rf"(?:[十百拾佰仟](?![米瓦克])|千(?![米瓦克])|[{_CNBIG}]|{_ZHAO})*"
_NUM = (
    rf"(?:[{_ADIG}]+(?:[,，][{_ADIG}]{{3}}(?![{_ADIG}]))*"
    rf"(?:[.．][{_ADIG}]+)?{_MULT}"
    rf"|(?:[{_CNDIG}]|[十拾百佰仟]|千(?![米瓦克])|[{_CNBIG}])+"
    rf"(?:点[{_CNDIG}]+)?)"
)
_FIRST = f"{_ADIG}{_CNDIG}{_CNSMALL}{_CNBIG}"
_CN_CHARS = frozenset(_CNDIG + _CNSMALL + _CNBIG)
# A number right after one of these is an ordinal, a code or inside a run an earlier
# match refused (七八个, 1.2.3).
_BAD_PREV = frozenset("第#号.．0123456789０１２３４５６７８９") | _CN_CHARS
# The multipliers that only count as such after Arabic digits (3千, 5百).
_SMALL_MULT = frozenset(_CNSMALL + "千")

# Qualifiers before a number (and 人民币), matched on the reversed text from the number's
# start backwards (one anchored match instead of a search for "…$"): 超过 is 过超 here, and
# the look-aheads are the characters before 约/近 (签约 and 附近 are no hedges).
_PRE_REV = re.compile(
    r"(?P<cur1>币民人)?"
    r"(?P<pre>为约|合约|约大|近将|近接|过超|出超|破突|于低不|于少不|足不|到不|于低|于少"
    r"|约(?![签契合预节邀公条制婚履违特相赴守失践简制])|近(?![附最就邻靠亲贴将接])|超|逾)?"
)
# The leading look-ahead lets the regex engine skip to candidate characters quickly;
# every branch of a number matches a whole run, so no run is rescanned (linear time).
# The characters a qualifier or 人民币 before a number can end with (_PRE_REV's first).
_PRE_LAST = frozenset("币为合约近过出破于足到超逾")
_SCAN = re.compile(
    rf"(?=[{_FIRST}])"
    + rf"(?P<n1>{_NUM})"
    + rf"(?:(?P<sep>至|到|~|～|-|－|—{{1,2}}|–)(?P<n2>{_NUM}))?"
    + rf"(?:[×xX*](?P<n3>{_NUM}))?"
    + r"(?P<more>多|余)?"
    + rf"(?P<unit>{_UNIT_RE}|成(?![立为功本果员交长都效绩就]))?"
    + r"(?P<post>以上|以下|左右|多|余)?"
    + r"(?P<cur2>人民币|新台币)?"
)
_FRACTION = re.compile(
    rf"(?P<pre>约|近|超过|超|逾)?(?<![{_CNDIG}{_CNSMALL}])(?P<den>[{_CNDIG}{_CNSMALL}]+)分之"
    rf"(?P<num>[{_CNDIG}{_CNSMALL}]+)"
    rf"|百分之(?P<pct>[{_CNDIG}{_CNSMALL}]+(?:点[{_CNDIG}]+)?|[{_ADIG}]+(?:[.．][{_ADIG}]+)?)"
)

_SLASH_FRACTION = re.compile(rf"(?<![{_ADIG}./／])([{_ADIG}]{{1,3}})[/／]([{_ADIG}]{{1,3}})"
                             rf"(?![{_ADIG}./／%％])")
# Both are searched in the 12 characters before a number only: the clause tail is
# bounded ({0,11}) so that a search never rescans a long run from every position.
_SHARE_BEFORE = re.compile(r"(?:占|比例|比重|份额)[^，,。；;！？!?\n]{0,11}$")
_SHARE_HEDGE = re.compile(r"(约|近|将近|接近|超过|超|逾|不到|不足)占[^，,。；;！？!?\n]{0,11}$")
_PRE_QUAL: dict[str, str] = {
    "约为": "approx", "约合": "approx", "约": "approx", "大约": "approx", "将近": "approx",
    "接近": "approx", "近": "approx", "超过": "over", "超出": "over", "超": "over", "逾": "over",
    "突破": "over", "不低于": "at_least", "不少于": "at_least", "不足": "under", "不到": "under",
    "低于": "under", "少于": "under",
}
_POST_QUAL: dict[str, str] = {"以上": "at_least", "以下": "under", "左右": "approx",
                              "多": "over", "余": "over"}
_NOT_AFTER = re.compile(r"[月日号时点分秒]|周年|[A-Za-z]")
_VAGUE_BEFORE = frozenset("数几好")
_BAD_OR_VAGUE_PREV = _BAD_PREV | _VAGUE_BEFORE
_CODE_JOIN = frozenset("+＋/／")
_NAME_HEAD = re.compile(r"年产|年处理|年加工|年产能|年吞吐")
_NAME_TAIL = re.compile(r"[^，,。；;、！？\n]{0,14}?(?:项目|工程|基地|生产线|产业园)")
_EVENT_MD = re.compile(r"[\u4e00-\u9fff]{0,5}?(?:会|节|展|赛)")
_HAN = re.compile(r"[\u4e00-\u9fff]{1,4}")
_STOP_NOUN = frozenset("的和与及、，。等")


class NumberHit:
    """One number found by :func:`scan_numbers` (before it becomes a Mention).

    A plain class, never changed once built: compiled, its constructor and attributes
    are native (a NamedTuple's are Python-level)."""

    def __init__(self, start: int, end: int, value: Decimal, unit: str, qualifier: str,
                 has_multiplier: bool, chinese: bool, raw_unit: str,
                 flags: tuple[str, ...] = ()) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.unit = unit                    # normalized unit, "" when none
        self.qualifier = qualifier
        self.has_multiplier = has_multiplier  # written with 万/亿 (or 千/百 after digits)
        self.chinese = chinese              # written in Chinese numerals only
        self.raw_unit = raw_unit            # the unit as written
        self.flags = flags                  # "duration", "in_name", "range"


def _num_value(s: str) -> Decimal | None:
    try:
        return parse_number(s)
    except (ValueError, InvalidOperation, ArithmeticError):
        return None


@lru_cache(maxsize=4096)
def _values(s: str) -> tuple[Decimal, Decimal] | None:
    """``parse_number(s)`` and its normalized form, None when ``s`` is no number (cached:
    the same few numbers recur)."""
    v = _num_value(s)
    return None if v is None else (v, normalize_decimal(v))


def _is_year(v: Decimal) -> bool:
    return v == v.to_integral_value() and 1900 <= v <= 2100


_LAST: list[tuple[str, tuple[NumberHit, ...]]] = []


def scan_numbers(text: str) -> list[NumberHit]:
    """Every number of ``text`` with its unit and qualifier (shared by quantities and money).

    The last result is kept: money and quantities scan the same article one after the
    other, so the second call is free.
    """
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] == text:
        return list(last[1])
    hits = _scan(text)
    _LAST[:] = [(text, tuple(hits))]
    return hits


def _scan(text: str) -> list[NumberHit]:
    hits: list[NumberHit] = []
    n = len(text)
    rev = text[::-1]
    for m in _SCAN.finditer(text):
        groups = m.groups()
        # typed locals: compiled, their string operations are native
        n1: str = groups[0]
        n2: str | None = groups[2]
        n3: str | None = groups[3]
        more: str | None = groups[4]
        unit_raw: str | None = groups[5]
        post: str | None = groups[6]
        cur2: str | None = groups[7]
        if cur2 == "新台币" and unit_raw in ("元", None):
            unit_raw = "新台币"     # 2.1兆元新台币: the currency is the word after 元
        end = m.end()
        chinese = n1[0] in _CN_CHARS
        if chinese and not unit_raw and text[end:end + 1] not in NOUN_UNITS \
                and not text.startswith(NOUN_WORDS, end):
            continue  # 统一, 一些, 百姓: Chinese numerals need a measure word
        if len(n1) > 40:
            continue
        s1 = m.start()
        prev = text[s1 - 1] if s1 > 0 else ""
        if prev in _BAD_OR_VAGUE_PREV or (prev.isascii() and prev.isalpha()):
            continue
        unit_raw = unit_raw or ""
        if not unit_raw:
            after = text[end:end + 2]
            if _NOT_AFTER.match(after) or (after[:1] == "." and after[1:2].isdigit()):
                continue
            if after[:1] == "几":
                continue
        # months and days: 5月, 13日 are dates, not numbers
        if unit_raw == "年":
            v_probe = _num_value(n1)
            n2p = n2
            if v_probe is not None and (_is_year(v_probe) or (
                    n2p is not None and (_num_value(n2p) or Decimal(0)) >= 1900)):
                continue
            if chinese and len(n1) == 4 and all(c in CN_DIGITS for c in n1):
                continue
        if prev in _PRE_LAST:
            ri = n - s1
            pm = _PRE_REV.match(rev, ri, ri + 7)
            rpre = pm.group("pre") if pm else None
            pre = rpre[::-1] if rpre else ""
            start = s1 - (pm.end() - ri) if pm else s1
        else:   # no qualifier or 人民币 can end here: the regex would match nothing
            pre, start = "", s1
        n1h = n1.translate(_FULLWIDTH)     # _to_half, inline
        if chinese:
            digits_only = all(c in CN_DIGITS for c in n1)
            if digits_only and len(n1) >= 2 and not any(c in "〇零○" for c in n1):
                continue  # 七八个: vague
            if n1 in ("一", "壹") and not pre and not more:
                continue  # 一个 / 一家: an article, not a count
            if len(n1) == 1 and n1 in "百佰千仟" + _CNBIG and not (
                    pre or more or post):
                continue  # 万家, 百姓: bare multiplier without a hedge
            if not unit_raw:
                nxt = text[end:end + 1]
                if text.startswith(NOUN_WORDS, end):
                    unit_raw = text[end:end + 2]
                    end += 2
                elif nxt in NOUN_UNITS:
                    unit_raw = nxt
                    end += 1
                else:
                    continue
        else:
            # leading-zero codes (0316), phone numbers, version strings
            if len(n1h) > 1 and n1h[0] == "0" and n1h[1] != ".":
                continue
            if not unit_raw and (len(n1h) >= 11 and n1h.isdigit()):
                continue
        if not unit_raw and (prev in _CODE_JOIN or text[end:end + 1] in _CODE_JOIN):
            continue  # "6+3", 1/3: codes and slogans
        if n2 is not None and not unit_raw:
            continue  # a range with no unit: phone numbers, scores, dates
        values = _values(n1)
        if values is None:
            continue
        v1, v1_normal = values
        unit = _UNITS.get(unit_raw, unit_raw)
        flags: list[str] = []
        if unit in _DURATION_UNITS:
            flags.append("duration")
        if unit_raw == "成":
            v1 = v1 * 10
        if n3 is not None:
            v3 = _num_value(n3)
            if v3 is None:
                continue
            v1 = v1 * v3
        more = more or ""
        post = post or ""
        qual = "exact"
        if pre:
            qual = _PRE_QUAL[pre]
        if more or post:
            qual = _POST_QUAL[more or post]
        has_mult = n1[-1] in _MULT_CHARS or (not chinese and n1[-1] in _SMALL_MULT)
        # a bare Arabic number M.DD before an event word (5.18 ...会) is a name
        if (not chinese and not unit_raw and not has_mult and "." in n1h
                and _EVENT_MD.match(text, end)):
            continue
        if "年" in text[s1 - 4 if s1 > 4 else 0:s1]:      # cheap test first
            ls = text.rfind("\n", s1 - 4 if s1 > 4 else 0, s1)
            head = text[max(ls + 1, s1 - 4):s1]
            if "年" in head and _NAME_HEAD.search(head) and _NAME_TAIL.match(text, end):
                flags.append("in_name")
        if n2 is not None:
            v2 = _num_value(n2)
            if v2 is None:
                continue
            if unit_raw == "成":
                v2 = v2 * 10
            # 3-5亿元: the first number takes the second's multiplier
            if n2[-1] in _MULT_CHARS and n1[-1] not in _MULT_CHARS:
                k = len(n2) - len(n2.rstrip(_MULT_CHARS))
                mult = _num_value("1" + n2[-k:]) or Decimal(1)
                v1 = v1 * mult
            e1 = m.end("n1")
            hits.append(NumberHit(start, e1, normalize_decimal(v1), unit,
                                  _PRE_QUAL.get(pre, "at_least") if pre else "at_least",
                                  has_mult or n2[-1] in _MULT_CHARS, chinese, unit_raw,
                                  (*flags, "range")))
            hits.append(NumberHit(m.start("n2"), end, normalize_decimal(v2), unit,
                                  "under", n2[-1] in _MULT_CHARS, chinese, unit_raw,
                                  (*flags, "range")))
            continue
        if end > n:
            end = n
        value = v1_normal if unit_raw != "成" and n3 is None else normalize_decimal(v1)
        hits.append(NumberHit(start, end, value, unit, qual, has_mult,
                              chinese, unit_raw, tuple(flags)))
    if "/" in text or "／" in text:
        hits.extend(_slash_fractions(text))
    for f in _FRACTION.finditer(text) if "分之" in text else ():
        if f.group("pct") is not None:
            v = _num_value(f.group("pct"))
        else:
            v = _num_value(f"{f.group('den')}分之{f.group('num')}")
        if v is None:
            continue
        pre = f.group("pre") or ""
        hits.append(NumberHit(f.start(), f.end(), normalize_decimal(v), "%",
                              _PRE_QUAL.get(pre, "exact") if pre else _share_hedge(text, f.start()),
                              False, True, "%"))
    hits.sort(key=_start)
    return _link_ranges(text, _drop_overlaps(hits))


def _start(hit: NumberHit) -> int:
    """The sort key of hits: where they start."""
    return hit.start


def _share_hedge(text: str, start: int) -> str:
    """The hedge of a share from its verb: 约占全国的三分之一 → approx, 超过…占 → over."""
    hm = _SHARE_HEDGE.search(text, max(0, start - 12), start)
    return _PRE_QUAL[hm.group(1)] if hm else "exact"


def _slash_fractions(text: str) -> list[NumberHit]:
    """1/15 written with a slash, as a share (6.67 %) where the clause says it is one
    (占…的1/15, 比例为1/2, 3/4的企业): elsewhere a slash joins codes, dates and slogans."""
    out: list[NumberHit] = []
    for f in _SLASH_FRACTION.finditer(text):
        num, den = int(_to_half(f.group(1))), int(_to_half(f.group(2)))
        if not 0 < num < den:
            continue
        if not (text[f.start() - 1:f.start()] == "的" or text[f.end():f.end() + 1] == "的"
                or _SHARE_BEFORE.search(
                text, max(0, f.start() - 12), f.start())):
            continue
        v = (Decimal(num) * _HUNDRED / den).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        post = text[f.end():f.end() + 2]
        end, qual = f.end(), _share_hedge(text, f.start())
        if post in _POST_QUAL:
            end, qual = end + 2, _POST_QUAL[post]
        out.append(NumberHit(f.start(), end, normalize_decimal(v), "%", qual, False, False, "%"))
    return out


def _drop_overlaps(hits: list[NumberHit]) -> list[NumberHit]:
    out: list[NumberHit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            if h.end - h.start > out[-1].end - out[-1].start and h.unit == "%":
                out[-1] = h
            continue
        out.append(h)
    return out


_RANGE_SEP = re.compile(r"(?:至|~|～|-|－|—{1,2}|–)")


def _link_ranges(text: str, hits: list[NumberHit]) -> list[NumberHit]:
    """3亿元至5亿元: two hits with the same unit joined by a range separator."""
    for i in range(len(hits) - 1):
        a, b = hits[i], hits[i + 1]
        if a.unit and a.unit == b.unit and "range" not in a.flags and a.qualifier == "exact" \
                and b.qualifier == "exact" and _RANGE_SEP.fullmatch(text, a.end, b.start):
            hits[i] = NumberHit(a.start, a.end, a.value, a.unit, "at_least", a.has_multiplier,
                                a.chinese, a.raw_unit, (*a.flags, "range"))
            hits[i + 1] = NumberHit(b.start, b.end, b.value, b.unit, "under", b.has_multiplier,
                                    b.chinese, b.raw_unit, (*b.flags, "range"))
    return hits


def find_quantities(text: str) -> list[Mention]:
    """Every number with its unit (kind "quantity").

    data: ``value`` (Decimal, base units: 13.3万人次 → 133000), ``unit`` (measure word or
    unit, "" for a bare number), ``qualifier`` (exact | approx | over | at_least | under),
    and when they apply: ``noun`` (the Han characters after a bare number, for the caller
    to pick a unit), ``duration`` (unit 年/个月/天/小时/周年 — 10年来, 工期24个月; kept so
    the caller can drop them), ``in_name`` (年产10万吨…项目), ``range`` (one end of 3—5个).
    Years, dates, ordinals (第三), codes (G20, 5G), phone numbers, vague counts (数十,
    七八个) and the article-like 一个/一家 are not emitted.
    """
    out: list[Mention] = []
    for h in scan_numbers(text):
        data: dict[str, object] = {"value": h.value, "unit": h.unit, "qualifier": h.qualifier}
        for flag in h.flags:
            data[flag] = True
        if not h.unit:
            nm = _HAN.match(text, h.end)
            if nm:
                noun = nm.group()
                cut = next((i for i, c in enumerate(noun) if c in _STOP_NOUN), len(noun))
                if cut:
                    data["noun"] = noun[:cut]
        out.append(Mention("quantity", h.start, h.end, text[h.start:h.end], data))
    return out
