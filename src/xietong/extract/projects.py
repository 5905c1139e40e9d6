"""Projects: concrete undertakings with parties, place, investment, status, date, category.

Grammar-based: in each sentence, project noun phrases are found from their head word
(…项目, …产业园, …实验室, 《…协议》), from enumerations of enterprises or projects
(A、B、C等N个项目), from cooperation frames (与A、B就X项目进行合作) and from relocation
frames (A迁往B).  Each candidate gets its frame (the clause that carries its parties), a
status from the cue words of its own stretch of text, and place, investment and date
from the mentions the other finders produced.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter

from xietong.extract.context import Context
from xietong.extract.project_attrs import (
    Sentence,
    Sentences,
    article_lead_date,
    category_of,
    choose_date,
    choose_investment,
    choose_place,
    cue_position,
    locative_place,
    main_place,
    number_of,
    sentence_times,
    status_in,
)
from xietong.extract.project_lexicon import Lexicon, lexicon
from xietong.model import STATUS_ORDER, Mention, Project

_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z()·\-—+“”\"'.]")
# _NAME_CHAR outside the CJK block, as a set (the left-bound scan tests it per character)
_NAME_EXTRA = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()·-—+“”\"'.")
_NUMERAL = "0123456789一二三四五六七八九十两百千几数多余"
_COUNTERS = "个家所项批座日月年大栋条"
_EVENT_AFTER = re.compile(r"[^，,。；;]{0,8}?(?:大会|会议|推介会|洽谈会|论坛|活动|仪式|发布会)")
# (?<!\d): a count starts a run of digits (matched right after a head word, never a digit),
# so a search does not re-scan a run of digits from each of its positions
_COUNT_AFTER = re.compile(r"(?<!\d)\d+(?:个|家|项)")
# either of the two (one regex call per head word)
_EVENT_OR_COUNT_AFTER = re.compile(_EVENT_AFTER.pattern + "|" + _COUNT_AFTER.pattern)
_PLURAL_BEFORE = re.compile(r"(?:一批|一大批|多个|多家|大批|一系列|若干)$")
_HEAD_CONT = "院师局处主负长管党口"
_ZONE_ENDS = ("发展示范区", "副中心")  # a zone named as an area (str.endswith: no regex call)
_AFTER_LIST = re.compile(r"等(?:共|首批|一批|多|一大批)?(?:\d+|[一二三四五六七八九十两百几数多]+)?(?:个|家|所|项|批|大)?$")
_DESCRIPTIVE = re.compile(r"(?:建成|打造成|成为|是|作为|形成)$")
_SUPERLATIVE = re.compile(r"最|一流|之一|领先|知名|先进")
_FOUNDED = re.compile(r"揭牌|挂牌|成立|落户|入驻|签约|开工|投产")
# what stands just before a head phrase that names no undertaking: the head noun of an
# enumeration (A、B等N个项目: _AFTER_LIST), a predicate (建成…基地) or a plural (一批…)
_NOT_NAMED_BEFORE = re.compile("(?:" + "|".join(rx.pattern for rx in (_AFTER_LIST, _DESCRIPTIVE, _PLURAL_BEFORE)) + ")")
# an institution whose own building is finished (某研究院去年建成投用): the verb right after it
_BUILT_AFTER = re.compile(r"[^，,。；;的与和、]{0,6}?(?:建成|竣工|投用|投入使用|启用|开业|开园|投入运营|投入运行|正式运营|正式运行)")
_BUILT_BEFORE = re.compile(r"(?:共建|合作建设|共同建设|联合建设|建设|成立|设立|组建)的$")
_CLAUSE_SEP = "，,；;：:。！？!?\n"
_CLAUSE_SEP_RE = re.compile("[，,；;：:。！？!?\n]")
_SIGN_BEFORE = re.compile(r"(?:签署|签订|签约|鉴定|达成)了?$")
_PROJECT_WORD = re.compile("项目")
_OPENER = re.compile(r"^(?:另外|此外|同时|其中|在此基础上|当天|当日|今天)")
_HAS_NUMERAL = re.compile(r"\d|[一二三四五六七八九十两]")
# (a numeral starts its run: the leftmost match is the same, found without re-scanning the run)
_CAMPUS = re.compile(r"(?=[\d一二三四五六七八九十两])"
                     r"(?:(?<!\d)\d+|(?<![一二三四五六七八九十两])[一二三四五六七八九十两]+)(?:所|家|个)[^，,。；的]{0,6}的"
                     r"([^，,。；]{2,8}?(?:校区|院区|分院|分校|总部))")
_BOOK = re.compile(r"《([^《》]{2,50})》")
# (only searched for presence: the numeral's last character before the counter says as much
# as the whole run, and a run is not re-scanned from each of its positions)
_COUNT_BEFORE = re.compile(r"[\d一二三四五六七八九十两几数多](?:个|项|份|家)(?:具体)?$")
_COOP = re.compile(r"就([^，,。；;]{2,40}?)(等)?项目(?:进行|开展)?了?(?:深入|深度|全面|广泛)?的?合作")
_AGREE_VERB = re.compile(r"(?:正式|共同|成功)?(?:签署|签订|签约|鉴定|达成)了?")
_SIGNED_LIST = re.compile(r"签约(?:的)?项目(?:中|里|包括|有)|签约(?:的)?(?:企业|项目)(?:当中|之中)"
                          r"|签约(?:仪式|大会|活动|会|现场会)(?:上|中|现场)")
_AMONG = re.compile(r"其中[,，:：]")
_SIGNED_WORD = re.compile(r"签约|签订|签署")
_REACHED_START = re.compile(r"已|正式|揭牌|挂牌|开工|动工|奠基|开建")
_ESTABLISH = re.compile(r"[^。；;]{0,12}?(?:共建|共同建设|合作建设|联合建设|共同打造|建设|设立|成立)")
_UMBRELLA = re.compile(r"战略|框架|备忘录|全面")
_HOST_AFTER = re.compile(r"[^，,。；;]{0,14}?(?:累计|再添|又添|新添|迎来|召开|举行|举办)"
                         r"|[^，,。；;]{0,8}?(?:引进|吸引|入驻|落地|落户|签约)[^，,。；;]{0,12}?"
                         r"(?:\d+|[一二三四五六七八九十两百几数多]+)(?:家|个|项)")
_NAME_MODIFIERS = frozenset(("联合",))
# a list item's marker opening a name (1.X项目, (2)X项目, ③X项目): not part of the name
_LIST_MARKER = re.compile(r"(?:\d{1,2}[.．](?!\d)|\(\d{1,2}\)|[①-⑳])")
_BUILD_GLUE = re.compile(r"(?:主要|用于|全部用于)?(?:投资)?(?:新建|扩建|建设|打造|实施|上马|建)?")
# an evaluative or quantifying opener (标志性, 龙头, 首批, 近半数): with at most a short
# descriptor before the head word (标志性疏解项目, 首批改造项目) the phrase names no undertaking
_EVALUATIVE = re.compile(r"(?:[\u4e00-\u9fff]{1,3}性|标杆|龙头|旗舰|明星|样板|骨干|亮点|重磅)的?")
# sector words (not products): 汽配和新材料项目 sums up the projects of two sectors
_SECTORS = (r"(?:新材料|新能源汽车|新能源|汽配|汽车零部件|汽车|电子信息|生物医药|医药|装备制造|高端装备|智能制造"
            r"|化工|物流|文旅|旅游|食品|农业|大健康|节能环保|环保|数字经济|现代服务业|服务业|商贸|轻工|纺织|建材"
            r"|机械|电子|信息技术|新一代信息技术|临空|商务|金融|科技|文化|康养|健康)")
_SECTOR_SUMMARY = re.compile(_SECTORS + r"(?:(?:和|及|与|、)" + _SECTORS + r")+(?:等)?(?:类)?(?:产业)?项目")
_BARE_PHASE = re.compile(r"[一二三四五六七八九首]期")
_QUANTIFIERS = frozenset(("首批", "首条", "首家", "首座", "近半数", "半数", "多数", "大多数", "大部分", "一批",
                          "部分", "所有", "全部", "多个", "多家", "多项", "一大批", "大批", "一系列", "更多",
                          "众多", "这些", "上述", "相关", "其他", "其它"))
_NOT_ITEMS = re.compile(r"等(?:方面|领域|环节|方式|行业|渠道)")
_PHASE_AFTER = re.compile(r"[一二三四五六七八九]期(?:工程)?(?![工项])")
_PHASE_FIRST = frozenset("一二三四五六七八九")  # what a match of _PHASE_AFTER starts with
_PHASE_TAIL = re.compile(r"\(?[一二三四五六七八九]期\)?(?:工程|项目)?$|项目$")
_PHASE_REF = re.compile(r"(?:该项目|该产业园|该园区|该基地|该工程|项目|其)([一二三四五六七八九]期)(?:工程|项目)?")
_AGENT_AFTER = re.compile(r"分别由|(?<![理经自])由(?!于|此)")
_TALKS = re.compile(r"与([^，,。；;与]{2,20}?)(?:正在|积极)?(?:洽谈|商谈|磋商)([^，,。；;]{0,16}?)(?:等)?(?:项目)?合作")
_TALK_WORD = re.compile(r"洽谈|商谈|磋商")
# 甲市与乙市建立对口合作关系: a cooperation between two named parties (also governments)
_PAIR_VERB = re.compile(r"建立|结成|确立|缔结|签署|签订|达成")
_PAIRING = re.compile(r"与([^，,。；;与、]{2,16}?)(?:正式)?(?:建立|结成|确立|缔结|签署|签订|达成)了?"
                      r"((?:对口|结对|友好|战略|全面|长期)[^，,。；;]{0,6}?(?:合作|协作|帮扶|共建))关系")
_MOVE_IN = re.compile(r"入驻|迁入|进驻")
_FUTURE_MOVE = re.compile(r"将|计划|拟|预计|有望|准备|即将")
_MOVE_TARGET = re.compile(r"区|园|办公|大厦|大楼|基地|中心|总部")
_PARTNER_STOP = re.compile(r"进行|签署|签订|签约|鉴定|达成|共同|正式|就|在|,|，|合作")


_start = attrgetter("start")  # sort key of candidates and mentions


class Cand:
    """A project candidate inside one sentence.

    A plain class, not a dataclass: compiled, its constructor is native (a dataclass's
    generated ``__init__`` stays interpreted).
    """

    def __init__(self, start: int, end: int, name: str, frame_start: int, kind: str,
                 parties: list[str] | None = None, forced_status: str | None = None,
                 place_from: int = -1, floor: str | None = None,
                 tail: tuple[int, int] | None = None) -> None:
        self.start = start
        self.end = end
        self.name = name
        self.frame_start = frame_start
        self.kind = kind               # head | agreement | list | coop | relocation
        self.parties: list[str] = parties if parties is not None else []
        self.forced_status = forced_status
        self.place_from = place_from   # relocation target: read the place from here
        self.floor = floor             # at least this stage (the agreement that establishes it)
        self.tail = tail               # a list's shared predicate (A、B等N所高校的校区正加快建设)

    def __repr__(self) -> str:
        return (f"Cand({self.start}, {self.end}, {self.name!r}, {self.frame_start}, {self.kind!r}, "
                f"parties={self.parties!r}, forced_status={self.forced_status!r}, "
                f"place_from={self.place_from}, floor={self.floor!r}, tail={self.tail!r})")


def find_projects(ctx: Context) -> list[Project]:
    """The projects the article reports, one per undertaking."""
    lex = lexicon()
    text = ctx.text
    sentences = Sentences(ctx)
    main = main_place(ctx, lex)
    lead = article_lead_date(ctx, sentences)
    title = ctx.doc.title or ""
    title_status = status_in(title, 0, len(title), lex) if title else None
    out: list[tuple[Cand, Project]] = []
    single = -1  # the sentence whose one candidate is out[-1]
    for k in sentences.holding(lex.verbs, text):  # a project needs a verb
        sent = sentences[k]
        cands = _candidates(ctx, sent, lex, main)
        phases = [m.start() for m in _PHASE_REF.finditer(text, sent.start, sent.end)] \
            if text.find("期", sent.start, sent.end) >= 0 else []
        if not cands:
            if out and single == k - 1 and out[-1][1].investment is None and sent.amounts \
                    and _ITS_INVESTMENT.match(text, sent.start, sent.end):
                inv = choose_investment(text, sent, sent.start, _clause_end(text, sent.start, sent),
                                        sent.start, sent.start)
                if inv is not None:  # X项目开工。该项目总投资4.2亿元: its own investment
                    out[-1] = (out[-1][0], replace(out[-1][1], investment=inv))
            if phases and out:
                out += _phase_mentions(ctx, sent, cands, out[-1][1], lex, sentence_times(ctx, sent, lead), lead)
            continue
        times = sentence_times(ctx, sent, lead)
        cands.sort(key=_start)
        cands = _absorb_agreements(text, cands)
        prev = sentences[k - 1] if k > 0 else None
        para = _paragraph_place(text, sentences, k)
        signed_ctx = _signed_context(text, sentences, k, cands[0].frame_start)
        each = _respective_investments(text, sent, cands) if len(cands) > 1 else {}
        for i, c in enumerate(cands):
            nxt = cands[i + 1].frame_start if i + 1 < len(cands) else sent.end
            own_end = max(nxt, c.end)
            for ph in phases:
                if c.end <= ph < own_end:
                    own_end = ph  # 该项目一期已于…建成: another phase's clause
                    break
            prev_end = cands[i - 1].end if i > 0 else sent.start
            status = c.forced_status or _status(text, c, own_end, cands, sent, lex, signed_ctx)
            if status is None:
                future = lex.future.search(text, sent.start, c.start)
                status = (None if future else title_status) or "unknown"
            if c.floor and (status == "unknown" or STATUS_ORDER.index(status) < STATUS_ORDER.index(c.floor)):
                status = c.floor
            parties, pstart = _parties(ctx, sent, c)
            parties = c.parties or parties
            split: list[str] = []
            if not parties:
                parties, split = _agents_after(text, sent, c.end, own_end)
            inv = each[i] if i in each else \
                choose_investment(text, sent, max(c.frame_start, prev_end), own_end, c.start, c.end)
            if inv is None and sent.amounts and c.frame_start > max(prev_end, sent.start):
                inv = _investment_before(text, sent, max(prev_end, sent.start), c)
            if status == "unknown" and not parties and inv is None:
                continue
            if status == "unknown" and lex.future.search(text, c.frame_start, own_end):
                status = "intended"  # only announced stages (将在某地设立区域总部, 预计9月试产)
            if lex.zones.search(c.name):
                place = None  # …雄安校区: an uncoded zone
            elif c.place_from >= 0:
                place = choose_place(ctx, sent, prev, c.place_from, c.end, c.place_from, c.end, main, lex,
                                     context=para)
            else:
                place = choose_place(ctx, sent, prev, min(c.frame_start, pstart), own_end, c.start,
                                     c.end, main, lex, skip_inner=c.kind == "list", context=para)
            cue = cue_position(text, c.frame_start, own_end, sent.start, status, lex, (c.start, c.end), sent)
            others = [(o.frame_start, max(o.end, cands[j + 1].frame_start if j + 1 < len(cands) else sent.end))
                      for j, o in enumerate(cands) if o is not c] if len(cands) > 1 else []
            date = choose_date(sent, c.frame_start, own_end, cue, status, lead, times, others)
            cat = category_of(c.name, text[c.frame_start:own_end], parties, lex)
            for name, own in ([(f"{o}{c.name}", (o,)) for o in split] if split
                              else [(c.name, tuple(parties))]):
                out.append((c, Project(
                    name=name, category=cat, parties=own, place=place,  # type: ignore[arg-type]
                    investment=inv, status=status, date=date,  # type: ignore[arg-type]
                    evidence=ctx.evidence(c.start, c.end))))
        single = k if len(cands) == 1 and out and out[-1][0] is cands[0] else -1
        if phases and out:
            out += _phase_mentions(ctx, sent, cands, out[-1][1], lex, times, lead)
    projects = _merge([p for _, p in _one_per_signing(out)])
    if title and text.startswith(title):
        projects = _drop_title_echoes(projects, len(title))
    return projects


_ITS_INVESTMENT = re.compile(r"(?:该项目|项目|该工程|该基地|该产业园)(?:计划|预计)?总投资")
_RESPECTIVE = re.compile(r"分别(?:总?投资|投入|计划投资|拟投资)(?:约|达|为)?")
_AMOUNT_GLUE = re.compile(r"(?:、|，|,|和|及|以及|与)(?:总?投资|投入)?(?:约|达|为)?")


def _respective_investments(text: str, sent: Sentence, cands: list[Cand]) -> dict[int, int | float | None]:
    """X项目、Y项目、Z项目…，分别投资6亿元、15亿元和3.8亿元: the amounts in the order of the
    candidates before 分别 (index → investment; a sum not in yuan is none), when they are as many."""
    m = _RESPECTIVE.search(text, cands[-1].end, sent.end) if text.find("分别", sent.start, sent.end) >= 0 else None
    if m is None:
        return {}
    amounts: list[Mention] = []
    at = m.end()
    for a in sent.amounts:
        if a.start < at:
            continue
        if a.start != at and not (amounts and _AMOUNT_GLUE.fullmatch(text, at, a.start)):
            break
        amounts.append(a)
        at = a.end
    before = [i for i, c in enumerate(cands) if c.end <= m.start()]
    if len(amounts) < 2 or len(before) != len(amounts):
        return {}
    return {i: (number_of(a.data.get("value")) if a.data.get("currency", "CNY") in ("CNY", None) else None)
            for i, a in zip(before, amounts, strict=True)}


def _phase_mentions(ctx: Context, sent: Sentence, cands: list[Cand], last: Project, lex: Lexicon,
                    times: list[tuple[int, str | None]], lead: str | None) -> list[tuple[Cand, Project]]:
    """Other phases of the project just reported (X二期投产。该项目一期于2020年建成): one project
    each, named after it, with the stage and date of their own clause."""
    text = ctx.text
    base = _PHASE_TAIL.sub("", last.name or "")
    own_phase = _PHASE_TAIL.search(last.name or "")
    out: list[tuple[Cand, Project]] = []
    for m in _PHASE_REF.finditer(text, sent.start, sent.end):
        phase = m.group(1)
        if not base or len(base) < 4 or (own_phase and phase in own_phase.group()):
            continue
        if any(c.start <= m.start(1) < c.end for c in cands):
            continue  # inside a named candidate
        ce = _clause_end(text, m.end(1), sent)
        status = status_in(text, m.end(1), ce, lex, sent=sent)
        if status is None:
            continue
        cue = cue_position(text, m.end(1), ce, m.end(1), status, lex, sent=sent)
        c = Cand(m.start(), m.end(1), base + phase, m.start(), "phase", parties=list(last.parties))
        date = choose_date(sent, m.start(), ce, cue, status, lead, times, [])
        out.append((c, Project(
            name=c.name, category=last.category, parties=last.parties, place=last.place,
            investment=None, status=status, date=date,  # type: ignore[arg-type]
            evidence=ctx.evidence(m.start(1), m.end(1)))))
    return out


def _one_per_signing(found: list[tuple[Cand, Project]]) -> list[tuple[Cand, Project]]:
    """An organization listed by its bare name, when the article reports the undertaking it
    brings under a name of its own (甲公司签约建设X项目 … 甲公司、乙公司等签约), is that project."""
    bare = [i for i, (c, p) in enumerate(found) if c.kind == "list" and p.parties and p.name == p.parties[0]]
    if not bare:
        return found
    out = list(found)
    for i in bare:
        c, p = found[i]
        own = next((q for j, (_, q) in enumerate(found)
                    if j != i and q.name != p.name and p.parties[0] in q.parties), None)
        if own is not None:  # told again: the same project (merged below, latest stage kept)
            out[i] = (c, replace(p, name=own.name))
    return out


def _investment_before(text: str, sent: Sentence, lo: int, c: Cand) -> int | float | None:
    """The investment of a clause just before the candidate's (甲公司投资7.5亿元，建设X): the
    amount must end the clause, and only a build verb may stand between it and the name."""
    cs = _clause_start(text, lo, c.frame_start - 1, sent)
    if c.frame_start - 1 < lo or not _BUILD_GLUE.fullmatch(text, c.frame_start, c.start):
        return None
    last = [m for m in sent.amounts if cs <= m.start and m.end <= c.frame_start - 1]
    if not last or last[-1].end < c.frame_start - 3:
        return None
    return choose_investment(text, sent, cs, c.frame_start, c.start, c.end)


def _drop_title_echoes(projects: list[Project], title_end: int) -> list[Project]:
    """A headline's project that the body reports under a fuller name (滨海新区与海淀区合作协议
    in the title, 天津市滨海新区人民政府与北京市海淀区人民政府全面战略合作协议 below) is one
    project: the body's."""
    body = [p for p in projects if p.evidence.start >= title_end]
    out: list[Project] = []
    for p in projects:
        if p.evidence.start < title_end and any(
                (set(p.parties) & set(q.parties)) or _dice(p.name or "", q.name or "") >= 0.4
                for q in body):
            continue
        out.append(p)
    return out


def _dice(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two names."""
    x = {a[i:i + 2] for i in range(len(a) - 1)}
    y = {b[i:i + 2] for i in range(len(b) - 1)}
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


# ---------------------------------------------------------------- candidates

def _candidates(ctx: Context, sent: Sentence, lex: Lexicon, main: tuple[str | None, str]) -> list[Cand]:
    text = ctx.text
    cands: list[Cand] = []
    cands += _book_titles(ctx, sent, lex, main)
    cands += _head_phrases(text, sent, lex)
    if text.find("合作", sent.start, sent.end) >= 0:  # both cooperation frames end in 合作
        cands += _coop_frames(text, sent)
    cands += _enumerations(text, sent, lex, cands)
    if sent.orgs:  # a relocation or move-in is an organization's
        cands += _relocations(text, sent, lex)
    return _dedupe_spans(cands) if len(cands) > 1 else cands


def _mention_jumps(sent: Sentence) -> list[int]:
    """For every position i inside or at the end of an org/place mention: the mention's
    start at index i - sent.start, else -1 (computed once per sentence, on first use; a
    list, not a dict: no int is boxed per look-up)."""
    jumps = sent.jumps
    if jumps is None:
        base = sent.start
        jumps = sent.jumps = [-1] * (sent.end - base + 1)
        mentions = sent.orgs + sent.places
        mentions.sort(key=_start, reverse=True)
        # latest start first, so that where mentions overlap the earliest start wins
        # (the mentions of a sentence lie inside it)
        for m in mentions:
            s: int = m.start
            for i in range(s + 1 - base, m.end + 1 - base):
                jumps[i] = s
    return jumps


_NO_JUMPS: list[int] = []


@lru_cache(maxsize=1)
def _char_classes() -> bytes:
    """For each code point below U+10000, what :func:`_left_bound` does at it: 0 stops (not a
    name character), 1 goes on (a plain name character), 2 tests further (a name breaker)."""
    breakers = lexicon().name_breakers
    table = bytearray(0x10000)
    for c in range(0x4E00, 0xA000):
        table[c] = 1
    for ch in _NAME_EXTRA:
        table[ord(ch)] = 1
    for ch in breakers:
        if table[ord(ch)]:
            table[ord(ch)] = 2
    return bytes(table)


def _stop_end(text: str, i: int, longer: dict[str, tuple[str, ...]]) -> bool:
    """Whether the longest stop word starting somewhere before ``i`` ends at ``i``.

    Stop words are at most three characters long and hold no punctuation or space, so the
    longest one at a position is the same in its sentence as in the whole text.  The
    answer only depends on the three characters before ``i`` and the two after it.
    """
    lo = max(0, i - 3)
    return _stop_end_in(text[lo:i + 2], i - lo)


@lru_cache(maxsize=8192)
def _stop_end_in(window: str, i: int) -> bool:
    """:func:`_stop_end` of position ``i`` of a short window (memoized: windows recur)."""
    longer = lexicon().stop_longer
    for p in range(max(0, i - 3), i):
        ext = longer.get(window[p:i])
        if ext is not None and not any(window.startswith(x, p) for x in ext):
            return True
    return False


def _seps(text: str, sent: Sentence) -> list[int]:
    """Positions of the clause separators of the sentence (computed once)."""
    seps = sent.seps
    if seps is None:
        seps = sent.seps = [m.start() for m in _CLAUSE_SEP_RE.finditer(text, sent.start, sent.end)]
    return seps


def _clause_start(text: str, lo: int, pos: int, sent: Sentence | None = None) -> int:
    """Start of the clause containing ``pos`` (after the last separator, not before ``lo``).

    With ``sent`` (containing [lo, pos)), a bisection over its separators."""
    if sent is not None and sent.start <= lo and pos <= sent.end:
        seps = _seps(text, sent)
        j = bisect_left(seps, pos) - 1
        return seps[j] + 1 if j >= 0 and seps[j] >= lo else lo
    return max([lo] + [text.rfind(c, lo, pos) + 1 for c in "，,；;：:。！？!?\n"])


def _clause_end(text: str, cs: int, sent: Sentence) -> int:
    """The first clause separator at or after ``cs`` in the sentence, else its end."""
    if cs >= sent.end:
        return cs
    if cs < sent.start:
        while cs < sent.end and text[cs] not in _CLAUSE_SEP:
            cs += 1
        return cs
    seps = _seps(text, sent)
    j = bisect_left(seps, cs)
    return seps[j] if j < len(seps) else sent.end


def _item_start(text: str, lo: int, pos: int, sent: Sentence) -> int:
    """Frame start: the clause start, or the previous 、 unless what lies before is a party list."""
    cs = _clause_start(text, lo, pos, sent)
    i = pos
    while True:
        seg_end = text.rfind("、", cs, i)
        if seg_end < 0:
            return cs
        # an enumeration of organizations (A、B与C…) belongs to the same frame
        j = text.rfind("、", cs, seg_end) + 1 or cs
        if seg_end - j < 25 and any(m.start == j and m.end == seg_end for m in sent.orgs):
            i = j
            continue
        return seg_end + 1


def _left_bound(text: str, lo: int, pos: int, lex: Lexicon, jumps: list[int], base: int,
                org_starts: frozenset[int] = frozenset()) -> int:
    """Where a noun phrase ending at ``pos`` starts: scan left to a stop word or punctuation.

    ``jumps`` are :func:`_mention_jumps` of the sentence starting at ``base``."""
    stop_last, longer = lex.stop_last, lex.stop_longer
    classes = _char_classes()
    n = len(jumps)
    i = pos
    limit = max(lo, pos - 45)
    while i > limit:
        k = i - base
        if 0 <= k < n:
            j = jumps[k]
            if 0 <= j < i:
                if j < limit:
                    break
                i = j
                continue
        c = ord(text[i - 1])
        cls = classes[c] if c < 0x10000 else 0
        if cls == 0:
            break  # not a name character
        if cls == 1:
            i -= 1  # a plain name character: none of the tests below can stop here
            continue
        ch = text[i - 1]
        if ch in "与同" and i in org_starts:
            break
        if ch == "—" and text[i - 2:i - 1] == "—":
            break  # 重点项目——X: an apposition dash opens the name
        if ch == ")":
            k = text.rfind("(", max(lo, i - 14), i)
            if k < 0 or " " in text[k:i] or "记者" in text[k:i]:
                break
        if ch in _COUNTERS and i - 2 >= lo and text[i - 2] in _NUMERAL:
            break
        if ch in stop_last and _stop_end(text, i, longer):
            break
        i -= 1
    return i


def _clean_name(name: str) -> str:
    name = name.strip(" “”\"'、·")
    if name.count("“") != name.count("”"):
        name = name.replace("“", "").replace("”", "")
    if name.startswith("(") and ")" not in name:
        name = name[1:]
    return name


def _generic(name: str, lex: Lexicon) -> bool:
    """Whether ``name`` names a class of things (重点项目, 产业园), not an undertaking."""
    return _generic_name(name)


@lru_cache(maxsize=4096)
def _generic_name(name: str) -> bool:
    lex = lexicon()
    core = name.replace("“", "").replace("”", "")
    if len(core) < 3 or core in lex.generic_names:
        return True
    if lex.generic_inner_rx.search(core):
        return True
    if _SECTOR_SUMMARY.fullmatch(core):
        return True  # 汽配和新材料项目: the sectors of projects listed before, not one undertaking
    if _BARE_PHASE.match(core):
        return True  # 一期主体工程: a phase of an undertaking named elsewhere
    ev = _EVALUATIVE.match(core)
    prefixes = ((ev.group(),) if ev else ()) + lex.generic_prefix_by_char.get(core[0], ())
    for p in prefixes:
        if core.startswith(p):
            rest = core[len(p):]
            if not rest or rest in lex.generic_names:
                return True
            for skip in (0, 1, 2):  # the head word itself, or a descriptor of 1-2 characters
                m = lex.heads.match(rest, skip)
                if m and m.end() == len(rest) and (skip == 0 or ev is not None or p in _QUANTIFIERS):
                    return True
    m = lex.heads.search(core)
    return bool(m and m.start() == 0 and m.end() == len(core))


def _is_location(text: str, lo: int, start: int, lex: Lexicon) -> bool:
    if text[start - 1:start] not in _location_lasts():
        return False  # no location word can end here (nor a newline, where ``$`` also matches)
    return lex.location_rx.search(text, max(lo, start - 4), start) is not None


@lru_cache(maxsize=1)
def _location_lasts() -> frozenset[str]:
    """The last characters of the location words, and a newline."""
    return frozenset(w[-1:] for w in lexicon().location_prefix) | {"\n"}


# The characters a match of _NOT_NAMED_BEFORE can end with (besides digits), and a newline
# (``$`` also matches before a final one): no search where the character before is another.
_NOT_NAMED_LAST = frozenset("等共批多个家所项大一二三四五六七八九十两百几数成为是列干\n")


@lru_cache(maxsize=1)
def _strong_firsts() -> frozenset[str]:
    """First characters of the strong head words: no look for one where another stands."""
    return frozenset(h[:1] for h in lexicon().strong_heads)


def _head_phrases(text: str, sent: Sentence, lex: Lexicon) -> list[Cand]:
    out: list[Cand] = []
    jumps: list[int] | None = None
    org_starts: frozenset[int] = frozenset()
    agreement_heads, strong_heads = lex.agreement_heads, lex.strong_heads
    strong_firsts = _strong_firsts()
    for m in lex.heads.finditer(text, sent.start, sent.end):
        head = m.group()
        if head in agreement_heads:
            continue  # agreements only from 《》 titles or qualified names, see _book_titles
        hs, he = m.span()
        nxt = lex.heads.match(text, he) if text[he:he + 1] in strong_firsts else None
        if nxt and nxt.group() in strong_heads:
            continue  # 基地项目: the phrase goes on
        if he < sent.end and text[he] in _HEAD_CONT and text[he:he + 2] != "主体":
            continue  # 工程院, 中心主任: the head word is part of another noun
        if _EVENT_OR_COUNT_AFTER.match(text, he, sent.end):
            continue  # …项目推介洽谈会 (an event), …项目137个 (an aggregate)
        if head not in ("项目", "工程") and _HOST_AFTER.match(text, he, sent.end):
            continue  # 示范区累计落地…, 基地再添新项目, 园区召开推进会: a park as host, not an undertaking
        if he < sent.end and text[he] in "(（":
            close = text.find(")", he, min(sent.end, he + 10))
            if close > 0 and ("期" in text[he:close] or "区" in text[he:close]):
                he = close + 1
        elif text[he:he + 1] in _PHASE_FIRST and (ph := _PHASE_AFTER.match(text, he, sent.end)) is not None:
            he = ph.end()  # 产业园二期: the phase is part of the name
        if text[he:he + 1] in ("内", "里"):
            continue  # …产业园内: a location
        if text.endswith(_ZONE_ENDS, max(sent.start, he - 5), he):
            continue  # …协同发展示范区, 城市副中心: an area named as where things happen
        if text[he:he + 2] == "——":
            continue  # 重点项目——X: a class, the name follows the dash
        left = hs - 2 if text[hs - 2:hs] in _NAME_MODIFIERS else hs  # 联合实验室
        if jumps is None:
            jumps, org_starts = _mention_jumps(sent), sent.org_starts()
        pos = _left_bound(text, sent.start, left, lex, jumps, sent.start, org_starts)
        first = text[pos:pos + 1]
        marker = _LIST_MARKER.match(text, pos, he) \
            if first.isdigit() or first == "(" or "①" <= first <= "⑳" else None
        if marker is not None:
            pos = marker.end()  # 1.年产5万吨…项目: the item's number opens the name
        if he - pos <= 1:
            continue  # too short to name anything but the head (cleaning only shortens)
        name = _clean_name(text[pos:he])
        if len(name) <= 4 or _generic(name, lex):
            owner = _owner(text, sent, pos, he, name, lex)
            if owner is None:
                continue
            name = owner + name  # 甲公司将在某地设立区域总部 → 甲公司区域总部
        k = name.rfind("与")
        if k >= 0 and _generic(name[k + 1:], lex):
            continue  # 某公司与园区(签约): a party and a generic counterpart, not a name
        place_ends = sent.place_ends().get(pos) if sent.places else None
        if place_ends is not None and any(pe < he and _generic(text[pe:he], lex) for pe in place_ends):
            continue  # 某市标志性项目: a division and a class of projects
        if head not in ("项目", "工程") and _is_location(text, sent.start, pos, lex):
            continue
        if ("(" in name or ")" in name) and name.count("(") != name.count(")"):
            continue
        if (text[pos - 1:pos] in _NOT_NAMED_LAST or text[pos - 1:pos].isdigit()) \
                and _NOT_NAMED_BEFORE.search(text, max(sent.start, pos - 12), pos):
            continue  # the head noun of an enumeration (A、B等N个项目) or a predicate (建成…基地)
        cs = _clause_start(text, sent.start, pos, sent)
        k = text.rfind("的", cs, pos)
        if k >= 0 and _SUPERLATIVE.search(text, cs, k):
            continue  # 建设最具吸引力的…基地: a description, not an undertaking
        org_ends = sent.org_ends().get(pos) if sent.orgs else None
        if org_ends is not None and any(oe >= he - 1 for oe in org_ends):
            ce = _clause_end(text, he, sent)
            built = _BUILT_BEFORE.search(text, max(sent.start, pos - 6), pos) is not None
            if not built and not _BUILT_AFTER.match(text, he, ce) and (
                    not _FOUNDED.search(text, he, ce) or text[he:he + 1] in ("与", "和", "、", "等")):
                continue  # an organization acting, not an undertaking
        frame = _item_start(text, sent.start, pos, sent)
        if head not in strong_heads and not lex.verbs.search(text, frame, min(sent.end, he + 8)):
            continue
        split = _coordinated(text, pos, he, lex)
        if split is not None:  # A公司电池项目和B公司物流园项目: one project each
            out.append(Cand(pos, split[0], text[pos:split[0]], frame, "head"))
            out.append(Cand(split[1], he, text[split[1]:he], split[1], "head"))
            continue
        out.append(Cand(pos, he, name, frame, "head"))
    return out


_COORD = re.compile(r"以及|和|及|与")


def _coordinated(text: str, pos: int, he: int, lex: Lexicon) -> tuple[int, int] | None:
    """Where a name joins two project names (X项目和Y项目): the end of the first and the
    start of the second, when each side ends with a strong head word and names something."""
    lo, hi = pos + 3, he - 3
    if hi <= lo or (text.find("和", lo, hi) < 0 and text.find("及", lo, hi) < 0
                    and text.find("与", lo, hi) < 0):
        return None  # no conjunction (each _COORD match holds 和, 及 or 与)
    for m in _COORD.finditer(text, lo, hi):
        left, right = text[pos:m.start()], text[m.end():he]
        if not _ends_with_head(left, lex) or len(right) < 4 or _generic(right, lex) or _generic(left, lex):
            continue
        if right.endswith(("项目", "工程")) and not left.endswith(("项目", "工程")):
            continue  # X中心及Y中心项目: the closing 项目 covers both, one project
        return m.start(), m.end()
    return None


_OWN_BUILD = re.compile(r"(?:建设|新建|扩建|设立|成立|建立|打造)$")
_NOT_OWNABLE = re.compile(r"项目|工程|协议|该|此|这|其|本|各|上述|相关|首|一|多|部分|所有|全部|重点|重大|[\d]")


def _owner(text: str, sent: Sentence, pos: int, he: int, name: str, lex: Lexicon) -> str | None:
    """The organization that builds or sets up an unnamed unit (甲公司投资3亿元建设新厂区): the
    last organization of the clause before the build verb, if the unit is a plain noun."""
    if not _OWN_BUILD.search(text, max(sent.start, pos - 2), pos) or _NOT_OWNABLE.search(name):
        return None
    if name in lex.generic_names and name not in ("总部", "基地", "产业园", "中心"):
        return None
    cs = _clause_start(text, sent.start, pos, sent)
    orgs = [o for o in sent.orgs if cs <= o.start and o.end <= pos]
    return str(orgs[-1].data["name"]) if orgs else None


def _partners(text: str, lo: int, pos: int, sent: Sentence | None = None) -> str:
    """“A与B” before an agreement at ``pos``: the text from the clause start (or '')."""
    seg_start = lo
    seg = text[seg_start:pos]
    k = max(seg.rfind("与"), seg.rfind("同"))
    if k < 0:
        return ""
    left_start = _clause_start(text, seg_start, seg_start + k, sent)
    subj = text[left_start:seg_start + k]
    subj = _OPENER.sub("", subj.rsplit(" ", 1)[-1])
    rest = seg[k + 1:]
    mstop = _PARTNER_STOP.search(rest)
    cp = rest[: mstop.start()] if mstop else rest
    if not cp or len(cp) > 40:
        return ""
    return f"{subj}与{cp}"


def _book_titles(ctx: Context, sent: Sentence, lex: Lexicon, main: tuple[str | None, str]) -> list[Cand]:
    """《…协议》 and bare qualified agreements (签署战略合作框架协议)."""
    text = ctx.text
    out: list[Cand] = []
    spans: list[tuple[int, int, str]] = []
    for m in _BOOK.finditer(text, sent.start, sent.end) if text.find("《", sent.start, sent.end) >= 0 else ():
        inner = m.group(1)
        spans.append((m.start(), m.end(), inner))
    for m in lex.agreement_rx.finditer(text, sent.start, sent.end):
        if any(s <= m.start() < e for s, e, _ in spans):
            continue
        pos = _left_bound(text, sent.start, m.start(), lex, _NO_JUMPS, 0, sent.org_starts())
        if not _SIGN_BEFORE.search(text[max(sent.start, pos - 4):pos]):
            continue
        if any(c_end <= pos and pos - c_end <= 16 for c_end in _project_ends(text, sent, lex)):
            continue  # X项目，已签署了合作协议: the agreement is the project's status
        spans.append((pos, m.end(), text[pos:m.end()]))
    for s, e, inner in spans:
        head = next((h for h in lex.agreement_heads if inner.endswith(h)), None)
        if head is None:
            if lex.heads.search(inner) and lex.heads.search(inner) and _ends_with_head(inner, lex):
                out.append(Cand(s, e, inner, _item_start(text, sent.start, s, sent), "head"))
            continue
        before = text[sent.start:s]
        if _COUNT_BEFORE.search(before.rstrip("了的")):
            continue
        if not _AGREE_VERB.search(text, max(sent.start, s - 8), s) and "签" not in text[sent.start:e]:
            continue
        name = inner
        if len(inner) <= 10 and inner.startswith(("战略", "合作", "框架", "全面")):
            partners = _partners(text, sent.start, s, sent)
            if partners.startswith("与"):
                partners = (main[1] or "") + partners
            if partners:
                name = partners + inner
        frame = _clause_start(text, sent.start, s, sent)
        if "与" not in text[frame:s] and "同" not in text[frame:s]:
            k = text.rfind("与", sent.start, s)
            frame = _clause_start(text, sent.start, k, sent) if k >= 0 else frame
        out.append(Cand(s, e, name, frame, "agreement"))
    return out


def _project_ends(text: str, sent: Sentence, lex: Lexicon) -> list[int]:
    """Where the …项目 phrases of the sentence end."""
    return [m.end() for m in _PROJECT_WORD.finditer(text, sent.start, sent.end)]


def _ends_with_head(name: str, lex: Lexicon) -> bool:
    return any(name.endswith(h) for h in lex.strong_heads)


def _coop_frames(text: str, sent: Sentence) -> list[Cand]:
    """就X项目进行合作 (stage unknown), cooperation under negotiation (正与B洽谈X合作:
    intended, named after its partners and topic), and a pairing of two parties
    (甲市与乙市建立对口合作关系: at least started, signed when signed)."""
    out: list[Cand] = []
    talks = _TALKS.finditer(text, sent.start, sent.end) if _TALK_WORD.search(text, sent.start, sent.end) else ()
    for m in talks:
        partner, topic = m.group(1), m.group(2)
        if len(topic) < 2 or _CLAUSE_SEP_RE.search(partner):
            continue
        frame = _clause_start(text, sent.start, m.start(), sent)
        subject = [o.data["name"] for o in sent.orgs if o.end <= m.start()][-1:]
        out.append(Cand(m.start(), m.end(), f"{''.join(subject)}与{partner}{topic}合作", frame, "coop",
                        parties=subject, forced_status="intended"))
    if "关系" in text[sent.start:sent.end]:
        for m in _PAIRING.finditer(text, sent.start, sent.end):
            frame = _clause_start(text, sent.start, m.start(), sent)
            first = _OPENER.sub("", text[frame:m.start()]).lstrip("，, ")
            if not 2 <= len(first) <= 16:
                continue
            verb = _PAIR_VERB.search(text, m.end(1), m.start(2))
            stage = "signed" if verb is None or verb.group() in ("签署", "签订", "达成") else "started"
            out.append(Cand(frame, m.end(), f"{first}与{m.group(1)}{m.group(2)}", frame, "coop",
                            floor=stage))  # at least: founding verbs (建立) start, signing signs
    for m in _COOP.finditer(text, sent.start, sent.end):
        topic = m.group(1)
        name = topic + ("等" if m.group(2) else "") + "项目合作"
        frame = _clause_start(text, sent.start, m.start(), sent)
        out.append(Cand(m.start(1), m.end(), name, frame, "coop", forced_status="unknown"))
    return out


def _enumerations(text: str, sent: Sentence, lex: Lexicon, found: list[Cand]) -> list[Cand]:
    """A、B、C等N个项目/企业 …: one project per item that is not already a candidate."""
    out: list[Cand] = []
    pos = sent.start
    while True:
        k = text.find("、", pos, sent.end)
        if k < 0:
            break
        cs = _clause_start(text, sent.start, k, sent)
        ce = _clause_end(text, cs, sent)
        pos = ce + 1
        clause = text[cs:ce]
        items_end, suffix, trailer = _list_end(text, cs, ce, lex)
        if items_end < 0 or _NOT_ITEMS.match(trailer):
            continue  # 在审批、环评、用地等方面: aspects, not undertakings
        first_sep = text.find("、", cs, items_end)
        if first_sep < 0:
            continue
        first_start = _left_bound(text, cs, first_sep, lex, _mention_jumps(sent), sent.start,
                                  sent.org_starts())
        if text[first_start:first_start + 1] in ("与", "同", "就"):
            continue
        if text[max(cs, first_start - 1):first_start] in ("与", "和", "同", "就") or \
                text[max(cs, first_start - 2):first_start] == "依托":
            continue
        tail = text[items_end:ce] + text[ce:sent.end]
        if not lex.verbs.search(tail) and not lex.verbs.search(text[cs:first_start]):
            continue
        del clause
        counted = bool(_HAS_NUMERAL.search(trailer))
        if trailer.endswith("项目") and not counted and not any(
                o.start >= first_start and o.end <= items_end for o in sent.orgs):
            # A、B等C项目: one project named by its enumeration
            out.append(Cand(first_start, items_end + len(trailer), text[first_start:items_end + len(trailer)],
                            first_start, "list"))
            continue
        starts = [first_start] + [i + 1 for i in range(first_start, items_end) if text[i] == "、"]
        ends = [i for i in range(first_start, items_end) if text[i] == "、"] + [items_end]
        for s, e in zip(starts, ends, strict=True):
            item = _clean_name(text[s:e])
            if len(item) < 2 or len(item) > 30 or item in lex.generic_names:
                continue
            if any(c.start < e and s < c.end for c in found):
                continue
            is_org = any(o.start <= s + 1 and o.end >= s + 2 for o in sent.orgs)
            if lex.verbs.search(item) and not is_org:
                continue
            if not trailer.endswith("项目") and not is_org and not (counted and "家" in trailer):
                continue  # 等企业 / 等机构: only named organizations are undertakings
            name = item + suffix if suffix and not item.endswith(suffix) else item
            out.append(Cand(s, e, name, s, "list", tail=(items_end, _clause_end(text, items_end, sent))))
    return out


def _list_end(text: str, cs: int, ce: int, lex: Lexicon) -> tuple[int, str, str]:
    """End of the enumeration in clause [cs, ce), the shared head to append and the trailer."""
    m = lex.list_trailer.search(text, cs, ce)
    if m and "、" in text[cs:m.start()]:
        return m.start(), "", m.group()
    last = text.rfind("、", cs, ce)
    # A、B、C N所高校的雄安校区 / A、B、C雄安院区
    mm = _CAMPUS.search(text, last, ce)
    if mm:
        return mm.start(), mm.group(1), "项目"
    return -1, "", ""


def _relocations(text: str, sent: Sentence, lex: Lexicon) -> list[Cand]:
    out: list[Cand] = []
    for m in lex.relocation.finditer(text, sent.start, sent.end):
        orgs = [o for o in sent.orgs if o.end <= m.start()]
        if not orgs:
            continue
        org = orgs[-1]
        if m.start() - org.end > 30 or org.data.get("type") == "government":
            continue  # 某市政府迁往某地: a government moving is not an undertaking
        e = m.end()
        places = [p for p in sent.places if p.start >= e and p.start - e <= 4]
        while places:
            e = places[0].end
            places = [p for p in sent.places if p.start >= e and p.start - e <= 1
                      and not _CLAUSE_SEP_RE.search(text, e, p.start)]
        z = lex.zones.match(text, e) or lex.zones.match(text, m.end())
        if z:
            e = max(e, z.end())
        if e == m.end():
            continue
        name = org.data["name"] + text[m.start():e]
        cs = _clause_start(text, sent.start, org.start, sent)
        stage = lex.cue_stage.get(m.group())  # 迁驻: the move itself is the stage reached
        if stage is not None and _FUTURE_MOVE.search(text, cs, m.start()):
            stage = "intended"
        out.append(Cand(org.start, e, name, cs, "relocation",
                        parties=[org.data["name"]], place_from=m.end(), forced_status=stage))
    out += _move_ins(text, sent)
    out += _fund_settlements(text, sent)
    return out


_FUND_SETTLES = re.compile(r"(?:正式|成功|已|顺利)?(?:签约)?落户")


def _fund_settlements(text: str, sent: Sentence) -> list[Cand]:
    """A named fund that settles in a park or division (X产业基金落户某开发区): a project
    named as the fund (SPEC rulings), signed unless a stage word says more."""
    out: list[Cand] = []
    for org in sent.orgs:
        name = str(org.data["name"])
        if not name.endswith("基金") or len(name) < 6:
            continue
        m = _FUND_SETTLES.match(text, org.end, sent.end)
        if m is None:
            continue
        e = _clause_end(text, m.end(), sent)
        if e - m.end() < 2:
            continue
        cs = _clause_start(text, sent.start, org.start, sent)
        stage = "intended" if _FUTURE_MOVE.search(text, cs, org.start) else None
        out.append(Cand(org.start, org.end, name, cs, "relocation",
                        parties=[name], place_from=m.end(), forced_status=stage))
    return out


def _move_ins(text: str, sent: Sentence) -> list[Cand]:
    """An organization that moves into a park or building (X已于8月正式入驻启动区办公):
    a project named after the move, whatever the place."""
    out: list[Cand] = []
    for m in _MOVE_IN.finditer(text, sent.start, sent.end):
        orgs = [o for o in sent.orgs if o.end <= m.start()]
        if not orgs or m.start() - orgs[-1].end > 12 or text[orgs[-1].end:m.start()].count("，") \
                or _CLAUSE_SEP_RE.search(text, orgs[-1].end, m.start()):
            continue
        org = orgs[-1]
        e = _clause_end(text, m.end(), sent)
        rest = text[m.end():e]
        if not 2 <= len(rest) <= 16 or not _MOVE_TARGET.search(rest) or rest.startswith("的"):
            continue
        cs = _clause_start(text, sent.start, org.start, sent)
        if text[m.start() - 2:m.start()] == "签约":
            stage = "signed"  # 签约入驻: signed, per the rulings
        elif _FUTURE_MOVE.search(text, cs, m.start()):
            stage = "intended"
        else:
            stage = "operating"
        out.append(Cand(org.start, e, org.data["name"] + text[m.start():e], cs, "relocation",
                        parties=[org.data["name"]], forced_status=stage))
    return out


def _absorb_agreements(text: str, cands: list[Cand]) -> list[Cand]:
    """A plain agreement followed by the undertaking it establishes (A与B签订合作协议，共建X)
    is one project: X, at least signed.  Strategic and framework agreements are umbrellas
    and stay projects of their own."""
    out: list[Cand] = []
    for i, c in enumerate(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if (c.kind == "agreement" and c.end - c.start <= 10 and nxt is not None and nxt.kind == "head"
                and not _UMBRELLA.search(text, c.start, c.end)
                and _ESTABLISH.match(text, c.end, nxt.start)):
            nxt.floor = "signed"
            continue
        out.append(c)
    return out


def _dedupe_spans(cands: list[Cand]) -> list[Cand]:
    """Drop candidates inside another candidate's span (the longer phrase wins)."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Cand] = []
    for c in cands:
        if any(o.start <= c.start and c.end <= o.end for o in out):
            continue
        out = [o for o in out if not (c.start <= o.start and o.end <= c.end)]
        out.append(c)
    return out


# ---------------------------------------------------------------- attributes

def _status(text: str, c: Cand, own_end: int, cands: list[Cand], sent: Sentence,
            lex: Lexicon, signed_context: bool = False) -> str | None:
    """The candidate's own stage, else the sentence's tail or head.

    The head of the sentence (A与B签约，拟投资…建设X) is shared by its candidates: a
    signing there outranks an intention in the candidate's own stretch.  In a list of
    signed projects (签约项目中，… / 其中，… after N个项目签约) a project with no stage of
    its own, an intention or a founding verb describing what it will be (将设立) is signed.
    """
    st = status_in(text, c.frame_start, own_end, lex, skip=(c.start, c.end), sent=sent)
    if st is None and c.tail is not None:
        st = status_in(text, c.tail[0], c.tail[1], lex, sent=sent)
    if st is None and cands:
        st = status_in(text, cands[-1].end, sent.end, lex, sent=sent)
    if st is None or st == "intended":
        head = status_in(text, sent.start, cands[0].frame_start, lex, sent=sent)
        if head is not None and (st is None or STATUS_ORDER.index(head) > STATUS_ORDER.index(st)):
            st = head
    if signed_context and (st is None or st == "intended" or (
            st == "started" and not _REACHED_START.search(text, c.frame_start, own_end))):
        st = "signed"
    return st


def _paragraph_place(text: str, sents: Sentences, k: int) -> str | None:
    """The place of a locative that opens the paragraph of sentence ``k`` in an earlier
    sentence (在宁晋县，…。其中，…)."""
    first = sents.paragraph_start(text, k)
    if first == k:
        return None
    s = sents[first]
    return locative_place(text, s, s.start, min(s.end, s.start + 12))


def _signed_context(text: str, sents: Sentences, k: int, first: int) -> bool:
    """Whether sentence ``k`` lists projects signed together (签约项目中，…; 其中，… after a
    sentence reporting a signing), also as a later item after ； of such a list."""
    spans = sents.spans
    start = spans[k][0]
    if _SIGNED_LIST.search(text, start, first):
        return True
    while k > 0:
        prev_start, prev_end = spans[k - 1]
        if _AMONG.match(text, start):
            return bool(_SIGNED_WORD.search(text, prev_start, prev_end))
        if text[prev_end - 1:prev_end] not in ("；", ";"):
            return False
        if _SIGNED_LIST.search(text, prev_start, prev_end):
            return True
        k -= 1
        start = prev_start
    return False


def _parties(ctx: Context, sent: Sentence, c: Cand) -> tuple[list[str], int]:
    """The organizations of the candidate's frame, and where they start."""
    names: list[str] = []
    for o in sent.orgs:
        if c.frame_start <= o.start and o.end <= c.end and o.data["name"] not in names:
            names.append(o.data["name"])
    if names or c.kind == "list":
        return names, c.frame_start
    # the subject in an earlier clause of the same sentence (A与B签订协议，将在X建设Y)
    prior = [o for o in sent.orgs if o.end <= c.frame_start]
    if prior:
        cs = _clause_start(ctx.text, sent.start, prior[-1].start, sent)
        for o in prior:
            if o.start >= cs and o.data["name"] not in names:
                names.append(o.data["name"])
        return names, cs
    return names, c.frame_start


def _agents_after(text: str, sent: Sentence, end: int, own_end: int) -> tuple[list[str], list[str]]:
    """The organizations a following 由…(投资|建设) clause names as behind the candidate, and,
    after 分别由, the same list to split it into one project per organization."""
    m = _AGENT_AFTER.search(text, end, own_end)
    if m is None:
        return [], []
    ce = _clause_end(text, m.end(), sent)
    names = list(dict.fromkeys(o.data["name"] for o in sent.orgs if m.end() <= o.start and o.end <= ce))
    return names, (names if m.group().startswith("分别") and len(names) > 1 else [])


def _merge(projects: list[Project]) -> list[Project]:
    """One project per name: keep the latest stage, and the first known attributes."""
    out: list[Project] = []
    keys: list[str] = []           # _norm of each out[i].name
    for p in projects:
        key = _norm(p.name)
        hit = None
        for i, k in enumerate(keys):
            if k == key or (len(key) >= 6 and len(k) >= 6 and (key in k or k in key)):
                hit = i
                break
        if hit is None:
            out.append(p)
            keys.append(key)
            continue
        q = out[hit]
        later = STATUS_ORDER.index(p.status) > STATUS_ORDER.index(q.status)
        out[hit] = Project(
            name=q.name if len(q.name or "") >= len(p.name or "") else p.name,
            category=q.category,
            parties=tuple(dict.fromkeys(q.parties + p.parties)),
            place=q.place if q.place is not None else p.place,
            investment=q.investment if q.investment is not None else p.investment,
            status=p.status if later else q.status,
            date=(p.date if later else q.date) or q.date or p.date,
            evidence=q.evidence,
        )
        keys[hit] = _norm(out[hit].name)
    return out


def _norm(name: str | None) -> str:
    n = (name or "").replace("“", "").replace("”", "").replace("《", "").replace("》", "")
    return n[:-2] if n.endswith("项目") and len(n) > 4 else n


__all__ = ["find_projects"]
