"""Periods of indicators: the date mentions of the article (今年以来, 10年来, 去年底,
截至6月底, 前5个月, 到2025年, 目前, an event's day) sorted into kinds that say how far
they scope the figures after them.

The time words themselves are found and resolved once by
:func:`xietong.extract.dates.find_dates` (``ctx.dates``); this module only classifies
them, so the article is not scanned twice.
"""

from __future__ import annotations

import re

from xietong.model import Mention

Period = tuple[str | None, str | None]
# (start, end, kind, period) of one time word; kinds: since (今年以来, 10年来), now (目前,
# 截至目前, 日前), point (去年底, 截至6月底), target (到2025年, 三年内), range (上半年,
# 前5个月, 1—10月), year, month, day, relative (unresolved).
Time = tuple[int, int, str, Period | None]

# Words saying the figure was counted at the event the article reports.
EVENT_RE = re.compile(r"此次|本次|当天|当日|现场|会上|仪式|集中签约|活动上|揭牌|签约|签订|签署|开工")
_DATELINE = re.compile(r"时间|日期|发布|来源|版\)|\d{4}-\d")
PRESENT_RE = re.compile(r"正在|正加快|已达|已有|已累计|累计")
_TARGET_LEAD = ("到", "至", "力争", "预计", "计划", "争取")
_FROM = ("从", "自")
_THIS_YEAR = frozenset({"今年", "本年"})
_EVENT_VAGUE = ("日前", "近日")
_KIND_OF_LENGTH = {10: "day", 7: "month"}     # a one-date period by its length


def _kind(m: Mention, published: str | None) -> tuple[str, Period | None]:
    """(kind, period) of one date mention (see :data:`Time`)."""
    per = m.data.get("period")
    text = m.text
    if not per or text.endswith("近期"):
        if m.data.get("vague") and published:
            return "now", (None, published)      # 近年来
        return "relative", None
    start, end = per[0], per[1]
    if text in _THIS_YEAR and published:
        return "since", (published[:4] + "-01", published)   # 今年 reports the year so far
    if start is None and end is not None and len(end) == 4 and text.startswith(("到", "至")) \
            and published and end < published[:4]:
        return "year", (end, end)       # 从2014年的…回升到去年的…: a past year compared
    if start is not None and start == end:
        return _KIND_OF_LENGTH.get(len(start), "year"), (start, end)
    if published and end == published:
        return ("since", (start, end)) if start else ("now", (None, end))
    if start is None:
        if end is None:
            return "relative", None
        later = published is not None and end[:4] > published[:4]
        earlier = published is not None and end[:4] < published[:4]
        if later or text.endswith("内") or (text.startswith(_TARGET_LEAD) and not earlier):
            return "target", (None, end)
        return "point", (None, end)
    return "range", (start, end)


def time_kinds(dates: list[Mention], published: str | None, text: str = "") -> list[Time]:
    """The article's time words in text order, each with its kind and period.

    With the article's ``text``: 从2014年的15个(增加到…) names the year of the figure, not
    a span from 2014 on."""
    out: list[Time] = []
    for m in sorted(dates, key=lambda d: d.start):
        kind, per = _kind(m, published)
        if kind == "since" and per and per[0] and m.text.startswith(_FROM) \
                and text[m.end:m.end + 1] == "的":
            kind, per = ("year" if len(per[0]) == 4 else "month"), (per[0], per[0])
        out.append((m.start, m.end, kind, per))
    return out


def event_from_dates(text: str, times: list[Time], start: int) -> Period | None:
    """The day of the event an article reports: its first dated day after ``start`` (the
    title's end) outside a date line, or the publication date for 日前/近日."""
    for s, e, kind, per in times:
        if s < start:
            continue
        if kind != "day" and not (kind == "now" and text.startswith(_EVENT_VAGUE, s)):
            continue
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if len(line) < 80 and _DATELINE.search(line):
            continue
        return per
    return None
