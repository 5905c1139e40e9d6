"""Attributes of a project candidate: status, place, investment, date and category.

Each function reads one stretch of text (the candidate's frame and its own tail) and
the mentions of the other finders inside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, overload

from xietong.extract.context import Context
from xietong.extract.project_lexicon import STAGES, Lexicon, lexicon
from xietong.model import Mention

_INVEST_BEFORE = re.compile(r"(?:总投资|投资总额|投资额|投资|总投入|投入)(?:约|近|超过|超|达|为|逾|共)?$")
# (only searched for presence: one digit before 个项目 says as much as \d+, and a run of digits
# is not re-scanned from each of its positions)
_AGGREGATE = re.compile(r"等(?:共|首批)?\d*[个家项批所]|\d个项目|共计|合计|累计|其中")
_EVENT = re.compile(r"签约|签订|签署|揭牌|开工|启动|推介|洽谈会|对接会|举行|举办|招商|大会|仪式")
_AGREEMENT_END = re.compile(r"(?:协议|备忘录|意向书)$")
_ACADEMIC = re.compile(r"大学|学院|研究院|研究所|研究总院|科学院|工程院")
_LEVEL_RANK = {"county": 3, "prefecture": 2, "province": 1}


class Sentence:
    """A sentence span with the mentions that lie in it.

    A plain class, not a dataclass: compiled, its constructor is native.
    """

    def __init__(self, start: int, end: int, orgs: list[Mention] | None = None,
                 places: list[Mention] | None = None, amounts: list[Mention] | None = None,
                 dates: list[Mention] | None = None) -> None:
        self.start = start
        self.end = end
        self.orgs: list[Mention] = orgs if orgs is not None else []
        self.places: list[Mention] = places if places is not None else []
        self.amounts: list[Mention] = amounts if amounts is not None else []
        self.dates: list[Mention] = dates if dates is not None else []
        self._org_starts: frozenset[int] | None = None
        self._org_ends: dict[int, list[int]] | None = None
        self._place_ends: dict[int, list[int]] | None = None
        # computed on first use by the projects extractor (see projects._seps, _mention_jumps)
        self.seps: list[int] | None = None            # clause separators (，；：。…) in the sentence
        self.jumps: list[int] | None = None           # position inside an org/place → mention start
        self.cues: list[tuple[int, int, str]] | None = None  # the status cue words of the sentence

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end})"

    def org_starts(self) -> frozenset[int]:
        """Start offsets of the organization mentions (computed once)."""
        if self._org_starts is None:
            self._org_starts = frozenset(o.start for o in self.orgs)
        return self._org_starts

    def org_ends(self) -> dict[int, list[int]]:
        """The ends of the organization mentions by their start (computed once): a lookup
        instead of an attribute read per mention and question."""
        if self._org_ends is None:
            self._org_ends = _ends_by_start(self.orgs)
        return self._org_ends

    def place_ends(self) -> dict[int, list[int]]:
        """The ends of the place mentions by their start (computed once)."""
        if self._place_ends is None:
            self._place_ends = _ends_by_start(self.places)
        return self._place_ends


def _ends_by_start(mentions: list[Mention]) -> dict[int, list[int]]:
    """The ends of ``mentions`` grouped by start, in mention order."""
    out: dict[int, list[int]] = {}
    for m in mentions:
        s: int = m.start
        ends = out.get(s)
        if ends is None:
            out[s] = [m.end]
        else:
            ends.append(m.end)
    return out


class Sentences(Sequence[Sentence]):
    """The article's sentences, each built with its own mentions on first use.

    Most sentences of an article (captions, boilerplate lines) hold no project and are
    never looked at, so the mentions are grouped by sentence index once and a
    :class:`Sentence` is only made for the sentences the extractor reads.
    """

    def __init__(self, ctx: Context) -> None:
        self.spans = self._spans = ctx.sentences
        self.starts = [s for s, _ in ctx.sentences]
        self._built: list[Sentence | None] = [None] * len(ctx.sentences)
        self._mentions: dict[str, dict[int, list[Mention]]] = {
            attr: self._group(getattr(ctx, attr)) for attr in ("orgs", "places", "amounts", "dates")}

    def _group(self, mentions: list[Mention]) -> dict[int, list[Mention]]:
        """Mentions by the index of the sentence that holds them whole (others are dropped)."""
        groups: dict[int, list[Mention]] = {}
        starts, spans = self.starts, self._spans
        for m in mentions:
            i = bisect_right(starts, m.start) - 1
            if i >= 0 and m.end <= spans[i][1]:
                groups.setdefault(i, []).append(m)
        return groups

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, k: int) -> Sentence: ...

    @overload
    def __getitem__(self, k: slice) -> list[Sentence]: ...

    def __getitem__(self, k: int | slice) -> Sentence | list[Sentence]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self._spans)))]
        sent = self._built[k]
        if sent is None:
            sent = self._built[k] = self._build(k % len(self._spans))
        return sent

    def _build(self, k: int) -> Sentence:
        s, e = self._spans[k]
        by = self._mentions
        sent = Sentence(s, e, by["orgs"].get(k, []), by["places"].get(k, []),
                        by["amounts"].get(k, []), by["dates"].get(k, []))
        # an organization that is only a place name (a finder's alias) is not a party
        if sent.orgs and sent.places:
            reach: dict[int, int] = {}
            for p in sent.places:
                reach[p.start] = max(p.end, reach.get(p.start, -1))
            sent.orgs = [o for o in sent.orgs if reach.get(o.start, -1) < o.end]
        return sent

    def paragraph_start(self, text: str, k: int) -> int:
        """Index of the first sentence of the paragraph of sentence ``k`` (a line break
        before it, or the article's first)."""
        spans = self._spans
        while k > 0 and text.find("\n", spans[k - 1][1], spans[k][0]) < 0:
            k -= 1
        return k

    def holding(self, rx: re.Pattern[str], text: str) -> list[int]:
        """Indices of the sentences in which ``rx`` finds a match, in text order.

        One search per such sentence, resumed after it: the words searched for are all
        CJK, so none crosses a sentence bound and a match starting in a sentence is the
        one a search of that sentence alone finds.
        """
        found: list[int] = []
        starts, spans = self.starts, self._spans
        pos = 0
        while (m := rx.search(text, pos)) is not None:
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= spans[i][1]:
                found.append(i)
                pos = spans[i][1]
            else:
                pos = m.start() + 1
        return found


# ---------------------------------------------------------------- status

def cues_in(text: str, start: int, end: int, lex: Lexicon,
            sent: Sentence | None = None) -> list[tuple[int, int, str]]:
    """(start, end, word) of the cue words a scan of [start, end) finds.

    With ``sent`` (containing the span), read from the sentence's cues, scanned once: the
    same words unless one of them straddles ``start`` or ``end`` (then the span is scanned).
    """
    if sent is not None and sent.start <= start and end <= sent.end:
        cues = sent.cues
        if cues is None:
            cues = sent.cues = [(m.start(), m.end(), m.group())
                                for m in lex.cues.finditer(text, sent.start, sent.end)]
        out: list[tuple[int, int, str]] = []
        for cue in cues:
            s, e = cue[0], cue[1]
            if e <= start:
                continue
            if s >= end:
                return out
            if s < start or e > end:
                break  # straddles a bound: scan the span itself
            out.append(cue)
        else:
            return out
    return [(m.start(), m.end(), m.group()) for m in lex.cues.finditer(text, start, end)]


def status_in(text: str, start: int, end: int, lex: Lexicon,
              skip: tuple[int, int] = (0, 0), sent: Sentence | None = None) -> str | None:
    """The latest stage reached according to the cue words in [start, end), or None.

    Cue words inside ``skip`` (the project's own name: 运营管理中心) do not count.  ``sent``
    (containing the span) lends its cue words, found once.
    """
    best = -1
    for s, e, word in cues_in(text, start, end, lex, sent):
        if skip[0] <= s < skip[1]:
            continue
        stage = lex.cue_stage[word]
        if stage != "intended" and _is_future(text, start, s, lex):
            continue
        if word == "入驻" and (text[e:e + 1] == "的" or _gradual_move_in(text, start, s)):
            continue
        if text[e:e + 1] == "后" and stage != "intended":
            continue  # 建成后年产值…: a condition, not a stage reached
        best = max(best, STAGES.index(stage))
    return STAGES[best] if best >= 0 else None


_GRADUAL = re.compile(r"陆续|逐步|相继|纷纷")


def _gradual_move_in(text: str, lo: int, pos: int) -> bool:
    """企业陆续入驻 / 逐步入驻: other firms moving in over time, not the undertaking itself
    working (a building just topped out is still under construction)."""
    i = max([max(lo, pos - 8)] + [text.rfind(c, max(lo, pos - 8), pos) + 1 for c in "，,。；;：:"])
    return _GRADUAL.search(text, i, pos) is not None


def _is_future(text: str, lo: int, pos: int, lex: Lexicon) -> bool:
    """A future marker earlier in the same clause (将于年底竣工 → not reached)."""
    # back from pos to the last separator, at most 12 characters and not before lo
    lowest = max(lo, pos - 12)
    if text.rfind("、", lowest, pos) >= 0:
        lowest = max(lo, pos - 24)  # 计划明年开工、2024年建成: the marker governs the whole list
    i = max([lowest] + [text.rfind(c, lowest, pos) + 1 for c in "，,。；;：:"]) if pos > lo else pos
    window = text[i:pos]
    if "已" in window or "正" in window:
        # 已/正 after the marker means reached (计划…已开工 is rare; keep it simple)
        last_fut = max((m.end() for m in lex.future.finditer(window)), default=-1)
        last_done = max(window.rfind("已"), window.rfind("正"))
        return last_fut > last_done
    return bool(lex.future.search(window))


# ---------------------------------------------------------------- place

def main_place(ctx: Context, lex: Lexicon) -> tuple[str | None, str]:
    """The article's main place: the most-mentioned county or prefecture (adcode, name).

    An uncoded zone (雄安新区) mentioned more often than any coded place wins with adcode None.
    """
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    rank: dict[str, int] = {}
    for m in ctx.places:
        data = m.data
        code = data.get("adcode")
        if not code:
            continue
        if code in counts:
            counts[code] += 1
        else:
            counts[code] = 1
            names[code] = data.get("name", m.text)
        rank[code] = _LEVEL_RANK.get(data.get("level", ""), 2)
    zone_count = len(lex.zones.findall(ctx.text))
    lower = {c: n for c, n in counts.items() if rank[c] >= 2}
    pool = lower or dict(counts)
    if not pool:
        return (None, "雄安") if zone_count else (None, "")
    code = max(pool, key=lambda c: (pool[c], rank[c]))
    if zone_count > pool[code]:
        return (None, "雄安")
    return code, names[code]


def choose_place(ctx: Context, sent: Sentence, prev: Sentence | None, frame_start: int, own_end: int,
                 start: int, end: int, main: tuple[str | None, str], lex: Lexicon,
                 skip_inner: bool = False, context: str | None = None) -> str | None:
    """The most specific place in the candidate's frame, else of a locative phrase earlier in
    the sentence, else of the paragraph's opening locative (``context``), else the
    article's main place."""
    text = ctx.text
    if lex.zones.search(text, frame_start, own_end) or lex.zones.search(text, start, end):
        inner = [p for p in sent.places if start <= p.start and p.end <= end]
        if not inner or lex.zones.search(text, start, end):
            return None
    in_frame = [p for p in sent.places if frame_start <= p.start and p.end <= own_end
                and _LEVEL_RANK.get(p.data.get("level", ""), 2) >= 2
                and not any(o.start <= p.start and p.end <= o.end and o.data.get("type") != "government"
                            for o in sent.orgs)
                and not (skip_inner and start <= p.start and p.end <= end)
                and not _neighbour(text, p)]
    if in_frame:
        best = max(in_frame, key=lambda p: (_LEVEL_RANK.get(p.data.get("level", ""), 2),
                                            -abs(p.start - start)))
        code: str = best.data["adcode"]
        if _LEVEL_RANK.get(best.data.get("level", ""), 2) == 2:
            return _refine(code, sent, prev, main, text)
        return code
    local = locative_place(text, sent, sent.start, frame_start)
    if local is not None:
        return local
    return context if context is not None else main[0]


# a division named as the neighbour of another (与甲县相邻的乙县, 毗邻甲县): not the site
_NEIGHBOUR_AFTER = re.compile(r"[^，,。；;]{0,3}?(?:相邻|毗邻|接壤|交界|相连|相望|为邻)")
_NEIGHBOUR_BEFORE = re.compile(r"(?:毗邻|紧邻|邻近|靠近|距离|距)$")


def _neighbour(text: str, p: Mention) -> bool:
    """Whether place mention ``p`` is named as a neighbour, not as where something is."""
    return bool(_NEIGHBOUR_AFTER.match(text, p.end) or _NEIGHBOUR_BEFORE.search(text, max(0, p.start - 2), p.start))


_LOCATIVE = re.compile(r"在|位于|落户")


def locative_place(text: str, sent: Sentence, lo: int, hi: int) -> str | None:
    """The most specific place of a locative phrase in [lo, hi) (在沧州渤海新区黄骅市的园区内，…;
    在宁晋县，…): a county or prefecture named within a few characters after 在/位于."""
    best: tuple[int, str] | None = None
    for p in sent.places:
        if not lo <= p.start < hi:
            continue
        rank = _LEVEL_RANK.get(p.data.get("level", ""), 2)
        if rank < 2 or not _LOCATIVE.search(text, max(lo, p.start - 8), p.start):
            continue
        if best is None or rank >= best[0]:
            best = (rank, p.data["adcode"])
    return best[1] if best else None


def _refine(code: str, sent: Sentence, prev: Sentence | None, main: tuple[str | None, str], text: str) -> str:
    """A prefecture refined to the one county of it named nearby (or the main county)."""
    if main[0] and main[0][:4] == code[:4] and main[0] != code:
        return str(main[0])
    counties = {p.data["adcode"] for s in (sent, prev) if s for p in s.places
                if p.data.get("level") == "county" and p.data["adcode"][:4] == code[:4]
                and not _neighbour(text, p)}
    if len(counties) == 1:
        return str(counties.pop())
    return code


# ---------------------------------------------------------------- investment

def choose_investment(text: str, sent: Sentence, frame_start: int, own_end: int,
                      start: int, end: int) -> int | float | None:
    """An amount introduced by 投资 in the candidate's own stretch, not an aggregate's.

    An amount just before the name (总投资5亿元的X项目) wins over one after it.
    """
    before_name = [m for m in sent.amounts if m.start < start]
    after_name = [m for m in sent.amounts if m.start >= start]
    for m in list(reversed(before_name)) + after_name:
        if not (frame_start <= m.start and m.end <= own_end):
            continue
        if m.data.get("currency", "CNY") not in ("CNY", None):
            continue
        before = text[max(frame_start, m.start - 8):m.start]
        if not _INVEST_BEFORE.search(before):
            continue
        lo, hi = (end, m.start) if m.start >= end else (m.end, start)
        if _AGGREGATE.search(text, lo, hi) if lo < hi else False:
            continue
        return _number(m.data.get("value"))
    return None


def number_of(v: Any) -> int | float | None:
    """A mention's value as a plain int (when integral) or float."""
    return _number(v)


def _number(v: Any) -> int | float | None:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (int, float)):
        return v
    return None


# ---------------------------------------------------------------- date

def _date_of(m: Mention) -> str | None:
    d = m.data.get("date")
    if not isinstance(d, str) or not d or m.data.get("vague"):
        return None
    return d[:10]


# a dateline (…11月9日电) or a reporting date (记者2日从…获悉): when the news was told
_REPORT_AFTER = re.compile(r"电|[^，,。；;]{0,10}?(?:获悉|了解到|对外发布|通报)")
_FUTURE_BEFORE = re.compile(r"将|计划|预计|力争|争取|拟|有望|到|预期")
# vague time words: the stage was reached, but on no stated day (目前 only inside a
# clause: 目前已封顶; a sentence adverb 目前，… describes the state of things in general)
_VAGUE_TIME = re.compile(r"日前|近日|近期|目前(?![，,])|日内|不久前|同日|同一天|当天|当日")
# …except the same-day anaphors, which take the day of the time expression before them
_SAME_DAY = frozenset(("同日", "同一天", "当天", "当日"))
def _reached_dates(text: str, sent_start: int, dates: list[Mention], lo: int, hi: int,
                   published: str | None) -> list[tuple[int, str]]:
    """(position, date) of the dates in [lo, hi) that can date a reached stage: not in the
    future of the publication date, not announced as a plan (将于明年底), not a report date."""
    out: list[tuple[int, str]] = []
    for m in dates:
        if not lo <= m.start < hi:
            continue
        d = _date_of(m)
        if d is None or (published and d > published[:len(d)]):
            continue
        if _REPORT_AFTER.match(text, m.end) or text[max(0, m.start - 2):m.start] == "记者":
            continue
        if _FUTURE_BEFORE.search(text, max(sent_start, m.start - 3), m.start):
            continue
        out.append((m.start, d))
    return out


def article_lead_date(ctx: Context, sents: Sentences) -> str | None:
    """The date of the event an article opens with (签约 at a meeting on 5月18日), if any."""
    text = ctx.text
    published = ctx.doc.published_date
    for k, (start, end) in enumerate(sents.spans[:6]):
        if not _EVENT.search(text, start, end):
            continue
        s = sents[k]
        for _, d in _reached_dates(text, s.start, s.dates, s.start, s.end, published):
            if len(d) == 10:
                return d
    return None


def sentence_times(ctx: Context, sent: Sentence, lead: str | None) -> list[tuple[int, str | None]]:
    """(position, date) of the sentence's time expressions in text order: the usable dates,
    and the vague words with date None; a same-day word (同日, 当天) takes the date of the
    article's lead event (None without one).  (Read per sentence: a date only ever dates
    a stage reported in its own sentence.)"""
    text = ctx.text
    found: list[tuple[int, str | None]] = list(_reached_dates(
        text, sent.start, sent.dates, sent.start, sent.end, ctx.doc.published_date))
    found += [(m.start(), lead if m.group() in _SAME_DAY else None)
              for m in _VAGUE_TIME.finditer(text, sent.start, sent.end)]
    found.sort(key=_first_item)
    return found


def cue_position(text: str, start: int, end: int, lo: int, stage: str, lex: Lexicon,
                 skip: tuple[int, int] = (0, 0), sent: Sentence | None = None) -> int | None:
    """Where a cue of ``stage`` stands: the last one in [start, end) outside ``skip``,
    else the first one in [lo, end)."""
    last = None
    cue_stage = lex.cue_stage
    for s, _, word in cues_in(text, start, end, lex, sent):
        if cue_stage[word] == stage and not skip[0] <= s < skip[1]:
            last = s
    if last is not None:
        return last
    for s, _, word in cues_in(text, lo, end, lex, sent):
        if cue_stage[word] == stage:
            return s
    return None


def choose_date(sent: Sentence, frame_start: int, own_end: int, cue: int | None, status: str,
                lead: str | None, times: list[tuple[int, str | None]],
                others: list[tuple[int, int]]) -> str | None:
    """When the reported stage was reached: the last time expression before its cue word
    (in the candidate's stretch or the sentence's shared part), else the candidate's last
    one, else the sentence's one date, else the lead event's date for a signing or start.

    Vague words (日前, 近日) give None: the stage has no stated date.  ``others`` are the
    stretches of the sentence's other candidates: their dates are theirs.  ``times`` are
    the sentence's (:func:`sentence_times`; those of other sentences are ignored).
    """
    lo = bisect_left(times, sent.start, key=_first_item)
    hi = bisect_left(times, sent.end, key=_first_item)
    usable = [t for t in times[lo:hi]
              if (frame_start <= t[0] < own_end) or not any(s <= t[0] < e for s, e in others)]
    if cue is not None:
        pre = [t for t in usable if t[0] < cue]
        if pre:
            return pre[-1][1]
    own = [t for t in usable if frame_start <= t[0] < own_end]
    if own:
        return own[-1][1]
    dates = {d for _, d in usable if d is not None}
    if len(dates) == 1:
        return dates.pop()
    if status in ("signed", "started") and lead:
        return lead
    return None


# ---------------------------------------------------------------- category

def category_of(name: str | None, frame: str, parties: list[str], lex: Lexicon) -> str:
    """Category from keywords of the name, then of the frame; industry by default.

    An agreement of a university or research institute with an enterprise or government is
    research (校企合作, 院地合作); between academic institutions the keywords decide.
    """
    if name and _AGREEMENT_END.search(name) and _ACADEMIC.search(name + "".join(parties)) \
            and not (len(parties) > 1 and all(_ACADEMIC.search(p) for p in parties)):
        return "research"
    by_name = _keyword_category(name or "")
    if by_name is not None:
        return by_name
    for cat, rx in lex.categories:
        if rx.search(frame):
            return "industry" if cat == "industry_strong" else cat
    return "industry"


@lru_cache(maxsize=4096)
def _keyword_category(name: str) -> str | None:
    """The category of the first keyword list that ``name`` hits, or None (memoized: names
    recur across articles)."""
    for cat, rx in lexicon().categories:
        if rx.search(name):
            return "industry" if cat == "industry_strong" else cat
    return None


_first_item = itemgetter(0)  # the position of a (position, date) pair
