"""Periods of indicators: the time words of a sentence (今年以来, 10年来, 去年底, 到2025年,
目前, an event's day) resolved against the publication date into ``[start, end]``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from xietong.extract.numbers import parse_number


def cn_number(s: str) -> int | None:
    """10 / 十 / 两 → int (None when not a number)."""
    try:
        return int(parse_number(s))
    except (ValueError, ArithmeticError):
        return None


Period = tuple[str | None, str | None]

_N = r"[0-9一二两三四五六七八九十]+"
# One alternation, scanned left to right; the last match before a number wins.
TIME_RE = re.compile(
    r"(?=[截止到去力预计争自今近过前\d一二两三四五六七八九十目至当现此日昨])"
    r"(?:(?P<lastend>(?:截至|截止|到)?去年(?:年)?底)"
    r"|(?P<yend>(?:截至|截止|到)(?P<ye>\d{4})年底)"
    r"|(?P<target>(?:力争|预计|计划|争取)?到(?P<ty>\d{4})年|(?P<ty2>\d{4})年前)"
    r"|(?P<sincem>自?(?P<smy>\d{4})年(?P<smm>\d{1,2})月(?:份)?[^。,]{0,20}?以来)"
    r"|(?P<since>自?(?P<sy>\d{4})年[^。]{0,30}?(?:以来|至今))"
    r"|(?P<thisyear>今年(?:以来)?)"
    r"|(?P<nyears>(?:近|过去)?(?P<n>" + _N + r")年(?P<more>多)?(?:来|间|以来))"
    r"|(?P<recent>近年来|近几年|近些年)"
    r"|(?P<prev2>前两年|过去两年)"
    r"|(?P<within>(?P<wn>" + _N + r")年内)"
    r"|(?P<now>截至目前|目前|至今|当前|现已|此前|日前|近日)"
    r"|(?P<lastyear>去年)"
    r"|(?P<day>(?:(?P<dy>\d{4})年)?(?:(?P<dm>\d{1,2})月)?(?P<dd>\d{1,2})日)"
    r"|(?P<today>今天|今日)|(?P<yday>昨天|昨日)"
    r"|(?P<year>(?P<yy>\d{4})年(?!\d|月|以来|底|前|度)))"
)
# Words saying the figure was counted at the event the article reports.
EVENT_RE = re.compile(r"此次|本次|当天|当日|现场|会上|仪式|集中签约|活动上|揭牌|签约|签订|签署|开工")
_DATELINE = re.compile(r"时间|日期|发布|来源|版\)|\d{4}-\d")
PRESENT_RE = re.compile(r"正在|正加快|已达|已有|已累计|累计")


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve(m: re.Match[str], published: str | None) -> tuple[str, Period | None]:
    """(kind, period) of one time expression; period None when it cannot be resolved."""
    pub = _pub(published)
    p = pub.isoformat() if pub else None
    y = pub.year if pub else None
    g = m.group
    if g("target"):
        return "target", (None, g("ty") or g("ty2"))
    if g("yend"):
        return "point", (None, f"{g('ye')}-12")
    if g("sincem"):
        return "since", (f"{g('smy')}-{int(g('smm')):02d}", p) if p else None
    if g("since"):
        return "since", (g("sy"), p) if p else None
    if g("year"):
        return "year", (g("yy"), g("yy"))
    if y is None:
        return "relative", None
    if g("lastend"):
        return "point", (None, f"{y - 1}-12")
    if g("thisyear"):
        return "since", (f"{y}-01", p)
    if g("nyears"):
        n = cn_number(g("n"))
        return ("since", (str(y - int(n)), p)) if n is not None else ("relative", None)
    if g("recent") or g("now"):
        return "now", (None, p)
    if g("prev2"):
        return "range", (str(y - 2), str(y - 1))
    if g("within"):
        n = cn_number(g("wn"))
        return ("target", (None, str(y + int(n)))) if n is not None else ("relative", None)
    if g("lastyear"):
        return "year", (str(y - 1), str(y - 1))
    if g("today"):
        return "day", (p, p)
    if g("yday") and pub:
        d = (pub - timedelta(days=1)).isoformat()
        return "day", (d, d)
    if g("day"):
        yy = int(g("dy")) if g("dy") else y
        mm = int(g("dm")) if g("dm") else pub.month if pub else None
        if mm is None or not 1 <= mm <= 12 or not 1 <= int(g("dd")) <= 31:
            return "relative", None
        d = f"{yy}-{mm:02d}-{int(g('dd')):02d}"
        return "day", (d, d)
    return "relative", None


def event_date(text: str, published: str | None) -> Period | None:
    """The day of the event an article reports: its first dated day (or 日前/近日)."""
    for m in TIME_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if len(line) < 80 and _DATELINE.search(line):
            continue
        if m.group("day") or m.group("today") or m.group("yday"):
            return resolve(m, published)[1]
        if m.group("now") in ("日前", "近日"):
            p = _pub(published)
            return (None, p.isoformat()) if p else None
    return None
