"""Dates and periods, resolved against the publication date.

One precompiled regex finds every date expression: absolute dates (2019年5月18日,
2019-05-18), partial ones (5月13日, 13日, 5月份), relative words (今年, 去年底, 上半年,
10年来, 今年以来, 前两年), spans (2019—2021年, 截至目前, 到2025年, "十四五"期间),
event dates written M.DD (5.18…会) and vague words (近日, 日前, 目前).  Each becomes a
``date`` Mention with ``date`` (the point it names), ``period`` ([start, end], the span
it covers), ``relative`` and ``vague``; formats are ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``.
Weekdays and clock times are ignored.
"""

from __future__ import annotations

import datetime as dt
import re

from xietong.extract.numbers import parse_number
from xietong.model import Mention

_CN = "〇零○一二三四五六七八九"
_SEP = r"(?:至|到|—{1,2}|-|~|～|–|－)"
_YEAR_WORDS: dict[str, int] = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2,
                               "明年": 1, "后年": 2}
_HALVES: dict[str, tuple[int, int]] = {
    "上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "一季度": (1, 3),
    "二季度": (4, 6), "三季度": (7, 9), "四季度": (10, 12), "1季度": (1, 3), "2季度": (4, 6),
    "3季度": (7, 9), "4季度": (10, 12), "年中": (6, 6),
}
# 前5个月 / 前十一个月: January to the N-th month.
_FIRST_MONTHS = r"前(?:1[01]|[1-9]|十[一]?|[一二三四五六七八九两])个月"
_YS = rf"(?:年底|年末|年初|底|末|初|上半年|下半年|前三季度|第?[一二三四1-4]季度|年中|{_FIRST_MONTHS})"
_MONTH_CN = r"十[一二]?|[一二三四五六七八九]"


def _half(word: str) -> tuple[int, int]:
    """(first, last) month of 上半年, 前三季度, 二季度, 前5个月 ..."""
    word = word.lstrip("第")
    if word in _HALVES:
        return _HALVES[word]
    return 1, _int(word[1:-2])
_DAY_CN = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"


def _point(sfx: str, with_year: bool, chinese: bool) -> str:
    """Regex of one point in time; group names carry ``sfx`` so two can be combined."""
    mon = r"1[0-2]|0?[1-9]" + (rf"|{_MONTH_CN}" if chinese else "")
    day = r"3[01]|[12][0-9]|0?[1-9]" + (rf"|{_DAY_CN}" if chinese else "")
    mp = (rf"(?P<m{sfx}>{mon})月份?(?P<ms{sfx}>底|末|初|上旬|中旬|下旬)?"
          rf"(?:(?P<d{sfx}>{day})[日号](?![线楼院文令]))?")
    if with_year:
        yp = (rf"(?:(?P<y{sfx}>(?<![0-9])(?:19|20)[0-9]{{2}}|(?<![{_CN}])[{_CN}]{{4}})年度?"
              rf"|(?P<yr{sfx}>今年|本年|去年|上年|前年|明年|后年))")
        mr = rf"(?P<mr1{sfx}>1[0-2]|0?[1-9]){_SEP}(?P<mr2{sfx}>1[0-2]|0?[1-9])月(?:份)?"
        return rf"{yp}(?:(?P<ys{sfx}>{_YS})|{mr}|{mp})?"
    return rf"(?<![0-9.]){mp}"


_P1Y = _point("a", True, True)
_P1 = _point("b", False, False)
_P2Y = _point("c", True, True)
_P2 = _point("e", False, False)

_DFIRST = '截到至自从"“近日目当眼现此过这前0-9〇○零一二三四五六七八九十两今本去上明后下第昨'
# The leading look-ahead lets the engine skip quickly to characters that can start a date.
# The second one refuses a digit right after a digit before trying every branch: all
# the branches that start with a digit refuse one after a digit, except 1季度 (so a
# digit before 季 is still tried).
_MASTER = re.compile(
    rf"(?=[{_DFIRST}])(?!(?<=[0-9])[0-9](?!季))"
    r"(?P<pre>截至|截止到|截止|到|至|自|从)?"
    r"(?:"
    r"(?P<fyp>[\"“]?(?P<fypn>十[一二三四五六七八九]|[一二三四五六七八九])五[\"”]?"
    r"(?:规划)?(?P<fyps>期间|时期|末|初)?)"
    r"|(?P<vague>近日|日前|目前|当前|近期|眼下|现阶段|此前)"
    r"|(?P<recent>近年来|近些年来?|近几年来?|近年)"
    r"|(?P<tday>今天|今日|昨天|昨日)"
    rf"|(?P<mrx>(?<![0-9.])(?P<mrx1>1[0-2]|0?[1-9]){_SEP}(?P<mrx2>1[0-2]|0?[1-9])月份?(?![0-9]))"
    rf"|(?P<nyl>(?P<nyp>近|过去|这)?(?P<nyn>(?<![0-9])[0-9]{{1,2}}|[十两一二三四五六七八九]{{1,3}})"
    r"(?:多|余)?年(?:多|余)?(?P<nyls>以来|来|间|前|内)?)"
    r"|(?P<qln>前(?P<qlnn>[两二三四五])年)"
    r"|(?P<evt>(?<![0-9.])(?P<evm>1[0-2]|[1-9])\.(?P<evd>[0-3][0-9])(?![0-9])"
    r"(?=[\u4e00-\u9fff]{0,5}?(?:会|节|展|赛)))"
    rf"|(?P<yrange>(?<![0-9])(?P<yr1>(?:19|20)[0-9]{{2}})年?{_SEP}(?P<yr2>(?:19|20)[0-9]{{2}})年)"
    rf"|(?P<iso>(?<![0-9])(?P<isy>(?:19|20)[0-9]{{2}})(?P<iss>[-/.])(?P<ism>1[0-2]|0?[1-9])"
    r"(?P=iss)(?P<isd>3[01]|[12][0-9]|0?[1-9])(?![0-9]))"
    rf"|(?P<pt>(?:{_P1Y}|{_P1}|(?P<hal>上半年|下半年|前三季度|第?[一二三四1-4]季度|{_FIRST_MONTHS})|(?<![0-9月.])(?P<dd>3[01]|[12][0-9]|0?[1-9])[日号]"
    r"(?![线楼院文令均]))"
    rf"(?:{_SEP}(?P<pt2>{_P2Y}|{_P2}|(?<![0-9月])(?P<dd2>3[01]|[12][0-9]|0?[1-9])[日号]))?)"
    r")"
    r"(?P<suf>以来|至今)?"
)


class _Pub:
    """The publication date (a plain class: compiled, its constructor is native)."""

    def __init__(self, y: int, m: int, d: int) -> None:
        self.y = y
        self.m = m
        self.d = d
        self.iso = f"{y:04d}-{m:02d}-{d:02d}"     # spelled once, not for every date


_PUB = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _parse_pub(published: str | None) -> _Pub | None:
    if not published:
        return None
    m = _PUB.match(published)
    if not m:
        return None
    return _Pub(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _int(s: str) -> int:
    return int(parse_number(s))


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _ymd(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _year_for_month(month: int, pub: _Pub | None) -> int | None:
    """The year of a month written without one: the publication year, or the year before
    when the month would lie more than three months after publication."""
    if pub is None:
        return None
    return pub.y - 1 if month - pub.m > 3 else pub.y


Span = tuple[str | None, str | None]


def _resolve_point(g: _Groups, sfx: str, pub: _Pub | None,
                   base: tuple[int | None, int | None] | None = None
                   ) -> tuple[str | None, Span | None, bool, bool]:
    """(date, period, relative, end_of) of one point; ``base`` gives (year, month) for the
    second point of a range."""
    year: int | None = None
    relative = False
    if g.get("y" + sfx):
        ys = g["y" + sfx] or ""
        year = int(ys) if ys.isdigit() else int(parse_number(ys))
    elif g.get("yr" + sfx):
        relative = True
        year = pub.y + _YEAR_WORDS[g["yr" + sfx] or ""] if pub else None
    elif base is not None:
        year = base[0]
    ys_word = g.get("ys" + sfx)
    if ys_word:
        if year is None:
            return None, None, relative, False
        if ys_word in ("底", "末", "年底", "年末"):
            d = _ym(year, 12)
            return d, (None, d), relative, True
        if ys_word in ("初", "年初"):
            d = _ym(year, 1)
            return d, (d, d), relative, False
        a, b = _half(ys_word)
        return None, (_ym(year, a), _ym(year, b)), relative, False
    if g.get("mr1" + sfx):
        if year is None:
            return None, None, relative, False
        a, b = int(g["mr1" + sfx] or 0), int(g["mr2" + sfx] or 0)
        return None, (_ym(year, a), _ym(year, b)), relative, False
    mon_s = g.get("m" + sfx)
    if mon_s:
        month = _int(mon_s)
        if year is None and not g.get("y" + sfx) and not g.get("yr" + sfx):
            relative = True
            year = base[0] if base is not None else _year_for_month(month, pub)
        if year is None or not 1 <= month <= 12:
            return None, None, relative, False
        day_s = g.get("d" + sfx)
        if day_s:
            day = _int(day_s)
            if not 1 <= day <= 31:
                return None, None, relative, False
            d = _ymd(year, month, day)
            return d, (d, d), relative, False
        d = _ym(year, month)
        if g.get("ms" + sfx) in ("底", "末"):
            return d, (None, d), relative, True
        return d, (d, d), relative, False
    if year is not None:
        d = f"{year:04d}"
        return d, (d, d), relative, False
    return None, None, relative, False


def _day_only(day_s: str, pub: _Pub | None, base: tuple[int | None, int | None] | None
              ) -> str | None:
    day = int(day_s)
    if base is not None and base[0] is not None and base[1] is not None:
        return _ymd(base[0], base[1], day)
    if pub is None or not 1 <= day <= 31:
        return None
    return _ymd(pub.y, pub.m, day)


def _fyp_years(n: int) -> tuple[int, int]:
    """Years of the n-th five-year plan (十四五 → 2021–2025)."""
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4


class _Groups:
    """The groups of a match by name, read on demand (``groupdict`` builds all ~60 of
    them for every date); a name the pattern lacks reads as ``default``."""

    __slots__ = ("_m",)

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, name: str) -> str | None:
        return self._m.group(name)

    def get(self, name: str, default: str | None = None) -> str | None:
        # a set test, not IndexError: points without a year ask for the year groups
        # of their suffix, which the pattern lacks, several times per date
        return self._m.group(name) if name in _GROUP_NAMES else default


_GROUP_NAMES = frozenset(_MASTER.groupindex)


def _resolve(m: re.Match[str], pub: _Pub | None) -> dict[str, object] | None:
    g = m.group     # groups read directly (no wrapper) on this hot path
    date: str | None = None
    period: Span | None = None
    relative = False
    vague = False
    pubiso = pub.iso if pub else None
    if g("fyp"):
        n = _int(g("fypn") or "")
        if not 6 <= n <= 20:
            return None
        a, b = _fyp_years(n)
        if g("fyps") == "末":
            date = str(b)
            period = (None, str(b))
        elif g("fyps") == "初":
            date = str(a)
            period = (str(a), str(a))
        else:
            period = (str(a), str(b))
    elif g("vague"):
        vague = relative = True
        period = (None, pubiso) if pubiso else None
    elif g("recent"):
        vague = relative = True
    elif g("tday"):
        relative = True
        if pub is not None:
            day = dt.date(pub.y, pub.m, pub.d) - dt.timedelta(days=1 if g("tday")[0] == "昨" else 0)
            date = day.isoformat()
            period = (date, date)
    elif g("mrx"):
        relative = True
        a, b = int(g("mrx1") or 0), int(g("mrx2") or 0)
        y = _year_for_month(b, pub)
        if y is None or a > b:
            return None
        period = (_ym(y, a), _ym(y, b))
    elif g("nyl"):
        relative = True
        if not g("nyp") and not g("nyls"):
            return None
        n = _int(g("nyn") or "")
        if n <= 0 or n > 100:
            return None
        if pub is not None:
            if g("nyls") == "内":
                period = (None, str(pub.y + n))
            elif g("nyls") == "前":
                date = str(pub.y - n)
                period = (date, date)
            elif g("nyp") == "过去" and not g("nyls"):
                period = (str(pub.y - n), str(pub.y - 1))    # 过去两年: the years before this
            else:
                period = (str(pub.y - n), pubiso)
    elif g("qln"):
        relative = True
        n = _int(g("qlnn") or "")
        if pub is not None:
            period = (str(pub.y - n), str(pub.y - 1))
    elif g("evt"):
        relative = True
        if pub is not None:
            date = _ymd(pub.y, int(g("evm") or 0), int(g("evd") or 0))
            period = (date, date)
    elif g("yrange"):
        period = (g("yr1"), g("yr2"))
    elif g("iso"):
        date = _ymd(int(g("isy") or 0), int(g("ism") or 0), int(g("isd") or 0))
        period = (date, date)
    else:
        base: tuple[int | None, int | None]
        if g("hal"):
            relative = True
            if pub is not None:
                a, b = _half(g("hal") or "")
                period = (_ym(pub.y, a), _ym(pub.y, b))
            base = (pub.y if pub else None, None)
        elif g("dd"):
            relative = True
            date = _day_only(g("dd") or "", pub, None)
            period = (date, date) if date else None
            base = (pub.y, pub.m) if pub else (None, None)
        else:
            sfx = "a" if (g("ya") or g("yra") or g("ma")) else "b"
            date, period, relative, _ = _resolve_point(_Groups(m), sfx, pub)
            y = int(date[:4]) if date else (int(period[0][:4]) if period and period[0] else None)
            mon = int(date[5:7]) if date and len(date) >= 7 else None
            base = (y, mon)
        if g("pt2"):
            if g("dd2"):
                d2 = _day_only(g("dd2") or "", pub, base)
                p2: Span | None = (d2, d2) if d2 else None
            else:
                sfx2 = "c" if (g("yc") or g("yrc")) else "e"
                _, p2, rel2, _ = _resolve_point(_Groups(m), sfx2, pub, base)
                relative = relative or rel2
            start = period[0] if period else None
            end = p2[1] if p2 else None
            date = None
            period = (start, end) if (start or end) else None
    pre, suf = g("pre"), g("suf")
    if pre in ("截至", "截止到", "截止", "到", "至") and not g("pt2"):
        end = (period[1] if period else None) or date
        if g("vague"):
            end = pubiso
        period = (None, end) if end else None
    elif (pre in ("自", "从") or suf) and not g("pt2"):
        start = period[0] if period and period[0] else date
        if start and g("yra") and len(start) == 4:
            start = start + "-01"      # 今年以来 → YYYY-01
        period = (start, pubiso) if start and pubiso else None
        if suf:
            date = None
    return {"date": date, "period": list(period) if period else None,
            "relative": relative, "vague": vague}


_PREFILTER = re.compile(rf"[0-9{_CN}十年月日号今去明近目前当截期昨]")


# A verb of completion (or 之/以/此) before 后年/前年 takes the 后/前 as "after/before".
_NOT_YEAR_WORD = re.compile(r"(?:建成|投产|达产|满产|竣工|完工|运营|落地|完成|实施|开业|入驻|投用|通车|"
                            r"运行|开通|见效|达效|改造|搬迁|之|以|此)$")


def find_dates(text: str, published: str | None) -> list[Mention]:
    """Every date or period expression (kind "date").

    data: ``date`` ("YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None — the point it names),
    ``period`` ([start, end] or None — the span it covers), ``relative`` (resolved
    against ``published``; None when there is no publication date) and ``vague``
    (近日, 日前, 目前, 近年来 state no date).
    """
    pub = _parse_pub(published)
    out: list[Mention] = []
    if not _PREFILTER.search(text):
        return out
    for m in _MASTER.finditer(text):
        if m.end() == m.start():
            continue
        if m.group().startswith(("后年", "前年")) and _NOT_YEAR_WORD.search(
                text, max(0, m.start() - 3), m.start()):
            continue    # 建成后年可实现产值: 后 ends "after completion", 年 starts "yearly"
        try:
            data = _resolve(m, pub)
        except (ValueError, ArithmeticError):
            continue
        if data is None:
            continue
        out.append(Mention("date", m.start(), m.end(), m.group(), data))
    return out
