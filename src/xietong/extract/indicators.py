"""Indicators: quantities that measure a place, organization, park, project or event.

Candidates are the quantity and money mentions of the context.  The grammar around a
number decides whether it is an indicator (a count, total, rate, output, capacity, area,
target) or not (dates, durations, ordinals, numbers inside names, counts of abstract
categories, thresholds such as 5000万元以上项目, a single project's own investment).
Subject and period come from the sentence, its paragraph and the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import Decimal

from xietong.extract.context import Context
from xietong.extract.indicator_period import (
    EVENT_RE,
    PRESENT_RE,
    Period,
    Time,
    event_from_dates,
    time_kinds,
)
from xietong.model import Evidence, Indicator, Mention

CURRENCIES = frozenset({"元", "美元", "欧元", "港元", "日元", "英镑", "韩元", "澳元", "卢布", "新台币"})
_CURRENCY_WORD = {"CNY": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元",
                  "GBP": "英镑", "KRW": "韩元", "AUD": "澳元", "RUB": "卢布", "TWD": "新台币"}
TIME_UNITS = frozenset({"年", "月", "日", "天", "周", "小时", "个月", "周年", "分钟", "秒"})
# Units that never make an indicator (product varieties, categories, ordinals of phases).
DROP_UNITS = frozenset({"种", "类", "批", "级", "等", "期间"})
# Physical measures: no time word → no period; directly before a name → part of the name.
PHYSICAL = frozenset({"亩", "公顷", "平方米", "平米", "平方公里", "平方千米", "公里", "千米", "米",
                      "吨", "立方米", "千瓦", "万千瓦", "兆瓦", "MW", "GW", "kW", "台", "栋",
                      "套", "床", "标准箱"})
NOUN_UNITS = frozenset({"县", "区", "市", "镇", "村", "乡", "省", "城市", "省市", "地市", "区县",
                        "县区", "县市", "乡镇", "省份"})
# Measure words and units an indicator may carry (anything else is a name or a noun).
ALLOWED_UNITS = PHYSICAL | frozenset({
    "个", "家", "项", "所", "座", "道", "名", "位", "人", "人次", "户", "例", "期", "届", "条",
    "辆", "架", "件", "场", "处", "间", "张", "株", "头", "只", "棵", "%", "倍", "百分点",
    "千瓦时", "公斤", "千克", "标箱", "车次", "架次", "班次", "艘", "列", "宗", "笔", "万千瓦",
    "吨标准煤", "‰", "家次", "户次", "批次",
})
SPACED_UNITS = frozenset("个家项所座名人亩米吨台套栋")
_SPACED_OR_DAO = SPACED_UNITS | {"道"}
UNIT_ALIASES = {"平方米": ("平米",), "平方公里": ("平方千米",)}
# units a quantity may carry at all (one lookup instead of three)
_KNOWN_UNITS = ALLOWED_UNITS | NOUN_UNITS | frozenset(UNIT_ALIASES)
_CN_SMALL = "二三四五六七八九十"
# N大 before a concrete noun (三大项目): found at each 大 whose character before is one of
# _CN_SMALL (a scan for 大 is fast; a search for a CJK class or a look-behind is not); the
# character before the numeral is checked in Python
_BIG_AT = re.compile(r"大(?=(?:县)?(?:工业园区|园区|项目|基地|中心|平台|工程|产业园))")
_BIG_PREV = frozenset("一二三四五六七八九十0123456789")
_BIG_NUM = frozenset(_CN_SMALL)
COUNT_UNITS = frozenset({"个", "家", "项", "所"})
# Nouns of abstract categories: "5个重点领域", "三大战略方向", "两个行业".
ABSTRACT_RE = re.compile(
    r"^[^,。;、]{0,4}?(?:领域|方面|方向|产业(?!园|基地|项目)|板块|层面|环节|行业|大类|品种|系列|体系|"
    r"战略|理念|主题|任务|目标|原则|机制|举措|措施|模式|路径|功能|优势|定位|阶段|步骤|类别|"
    r"个性|特色|中心城市|城市|主线|路线|思路|底线|红线|链条|赛道)"
)
# ... unless the noun phrase ends in a concrete head (京津产业承接平台, 特色产业园区).
CONCRETE_HEAD_RE = re.compile(r"[^,。;、的与和]{0,6}?(?:平台|园区|产业园|基地|中心|项目|企业|公司|工程|"
                              r"载体|医院|学校|机构|集群|示范区|工作站)")
# Livestock after 头 (500头奶牛) or before (存栏, 出栏): else 头 is a word (两头跑, 一头).
_HEAD_OF_CATTLE = re.compile(r"[牛羊猪驴马驼鹿]|存栏|出栏")
COUNTED_RE = re.compile(r"^[^,。;、]{0,8}?(?:项目|企业|协议|公司|药企|单位)")
OWN_INVEST_RE = re.compile(r"(?<!牵引|带动|拉动)(?:总投资|投资总额|投资额|投资|投入资金|投入)(?:为|约|达|近|超过|超|共计|合计|达到)?$")
NAME_LEAD_RE = re.compile(r"(?:年产|年加工|日产|年处理|年出栏|年存栏|年吞吐)$")
NAME_TAIL_RE = re.compile(r"^[^,。;、的]{0,20}?(项目|工程|基地|生产线|园区|园|示范区|棚区)")
# Areas and the places that have them (3000亩…基地 is the base's area, not part of its name).
AREA_UNITS = frozenset({"亩", "公顷", "平方米", "平米", "平方公里", "平方千米"})
AREA_HOLDERS = frozenset({"基地", "园区", "园", "示范区", "棚区"})
# ... after a verb that builds it (饶阳30万亩…基地 with a place before it is a name).
AREA_VERBS = ("建设", "建成", "新建", "扩建", "打造", "发展", "建起", "流转", "规划", "占地", "面积")
CLAUSE_END = ",。;:!?、\n"
EVENT_SUFFIX_RE = re.compile(r"推介会|洽谈会|招商会|对接会|博览会|会议|论坛|推介活动|招商活动|洽谈活动|廊洽会")
_EVENT_VERB_RE = re.compile(r"举办|举行|召开|参加|出席|在")
EVENT_LEFT_END = ",。“”\"\n;:!?"
VALUE_OF_RE = re.compile(r"(?:产值|销售额|销售收入|营业收入|收入|利税|税收|利润|营收)"
                         r"(?:达到|达|为|约为|约|超过|超|逾|突破|实现)?$")
# Capacities: what a project can do once built (达产后年产值, 可提供就业岗位, 建成后可容纳).
CAPACITY_RE = re.compile(r"达产后|建成后|投产后|满产后|可提供|可容纳|可安排|可实现|可带动|设计")
# ... also when a sentence opens with it (建成后,产值约…,年税收…)
_CAPACITY_LEAD = re.compile(r"[^,。;]{0,4}?(?:达产后|建成后|投产后|满产后)")
# A count of what exists now (现有, 已有, 共有…): a state at the publication date.
STATE_NOW_RE = re.compile(r"现有|已有|现拥有|已拥有")
_METRIC_TRIM = ("比上年", "同比", "分别", "累计", "共计", "合计", "总计", "增长", "增加", "提高", "下降",
                "达到", "超过", "突破", "实现", "完成", "达", "为", "约", "近", "超", "逾", "已", "将",
                "共", "的", ",", " ")
# matched on the reversed clause: the run of those words that ends it
_METRIC_TRIM_REV = re.compile("(?:" + "|".join(w[::-1] for w in _METRIC_TRIM) + ")+")
RATE_UNITS = frozenset({"%", "‰", "倍", "百分点"})
STATE_KINDS = frozenset({"point", "now", "since", "range", "target"})
AT_LEAST_BREAK = re.compile(r"[,。;]")
_NEWLINE = re.compile("\n")
# Names of parks, zones, bases and corridors: the subject of the figures about them.
PARK_SUFFIX = (r"(?:经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|产业园区|工业园区|"
               r"产业园|工业园|科技园|科创园|园区|示范区|协作区|合作区|新区|产业基地|基地|"
               r"创新中心|数据中心|科技谷|科创走廊|走廊|通道|项目)")
PARK_SUFFIX_RE = re.compile(PARK_SUFFIX + r"(?:[一二三四五]期)?")
# The same without 项目: project names matter only in an article that says 该项目.
PARK_ONLY_RE = re.compile(PARK_SUFFIX.replace("|项目)", ")") + r"(?:[一二三四五]期)?")
# Runs matched on the reversed text: the name or clause that ends at a position (one C
# match instead of a backwards loop or an O(n²) ``…$`` search).
_NAME_RUN = re.compile(r"[\u4e00-\u9fff·()“”A-Za-z0-9]*")
_CLAUSE_RUN = re.compile(r"[^,。;:!?、\n]*")
_REV: list[tuple[str, str]] = []


def _reversed(text: str) -> str:
    """``text[::-1]``, kept for the article being read."""
    if _REV and _REV[0][0] is text:
        return _REV[0][1]
    rev = text[::-1]
    _REV[:] = [(text, rev)]
    return rev


def _run_before(run: re.Pattern[str], text: str, start: int, limit: int) -> int:
    """Length of the run of ``run`` characters that ends at ``start`` (at most ``limit``)."""
    i = len(text) - start
    m = run.match(_reversed(text), i, i + limit)
    return m.end() - i if m else 0
# Words a name cannot contain: the name starts after the last of them.
_PARK_CUT_WORDS = ("共建", "建设", "打造", "谋划", "规划", "位于", "落户", "入驻", "签约", "引进",
                   "举办", "今年", "目前", "其中", "以来", "累计", "全市", "全县", "全区", "全省",
                   "设立", "成立", "先后", "迁往", "迁驻", "迁入", "简称")
_PARK_CUT_CHARS = "已将在是为了的与和向把对及从由到至于有等、仅"
# searched on the reversed text: its first match is the last cut before the name.  Only
# its start is read, so it is written as one character class (which the engine scans
# fast) and a check of the character after it: the same starts as the alternation
# ``建共|设建|…|[已将…]``.
_CUT_SECOND: dict[str, str] = {}
for _w in _PARK_CUT_WORDS:
    _CUT_SECOND[_w[-1]] = _CUT_SECOND.get(_w[-1], "") + _w[-2]
_PARK_CUT_REV = re.compile(
    "[" + "".join(sorted(set(_PARK_CUT_CHARS) | set(_CUT_SECOND))) + "](?:"
    + "|".join([f"(?<=[{_PARK_CUT_CHARS}])"]
               + [f"(?<={a})[{b}]" for a, b in _CUT_SECOND.items()]) + ")")
# Bare words that refer back to the last named park (园区, 该园区, 示范区, 该基地).
PARK_ANAPHOR = frozenset({"园区", "产业园", "工业园", "示范区", "协作区", "基地", "新区", "开发区",
                          "科技园", "数据中心", "走廊", "通道", "合作区"})
WHOLE_RE = re.compile(r"[该全本]([市县区省])")
EVENT_WORD_RE = re.compile(r"此次|本次|会上|现场|推介会|洽谈会|对接会|活动上|集中签约")
# A place before these is a modifier or an origin (北京企业, 来自北京的, 承接北京项目).
_PLACE_MOD_AFTER = ("项目", "企业", "产业", "医药", "药企", "籍", "方面", "地区", "等地", "市场",
                    "专家", "高校", "的", "非首都", "科技", "高校", "医院", "地区")
_PLACE_OBJ_BEFORE = ("承接", "签约", "引进", "来自", "向", "赴", "服务", "对接", "走进", "疏解",
                     "辐射", "落户", "在京", "到", "与", "和", "、")
# A numeral run is matched from its first character only (the lookbehind) and possessively:
# a search never rescans a long run from each of its positions (linear, not quadratic).
_RANGE_HEAD = re.compile(r"(?<![0-9.一二三四五六七八九十百千万亿])[0-9.一二三四五六七八九十百千万亿]++"
                         r"元?(?:至|到|~|～|-|－|—{1,2}|–)$")
_AGGREGATE_RE = re.compile(r"累计|先后|共计|合计|总计|全年|全市|全县|全区|全省|力争|目标|这些|各类|一批|"
                           r"(?<![0-9一二三四五六七八九十百千])[0-9一二三四五六七八九十百千]++[个家项批]")
_SINGLE_RE = re.compile(r"该项目|该基地|本项目|[一二三首]期")
_HEAD_NOUN = re.compile(r"[^,。;、]{0,8}?(项目|企业|公司|协议|平台|园区|基地|高校|医院|学校)")
_POPULATION_BEFORE = re.compile(r"人口(?:总数|总量|规模)?(?:已|将|约|近|达到|达|超过|突破|为|逾|有)*$")
_ATTEND_UNITS = frozenset({"家", "名", "位", "人", "个", "人次"})
_ATTENDANCE = re.compile(r"[^,。;]{0,8}?(?:参会|与会|出席|到场|列席|参加(?:了)?(?:本次|此次)?"
                         r"(?:会议|活动|推介会|对接会|洽谈会|论坛|开幕式|签约仪式))")
_ORDINAL_BEFORE = re.compile(r"第[^,。]{0,6}$")
_COUNTED_BEFORE = re.compile(r"(?:项目|企业|协议)[^,。]{0,6}$")
_THRESHOLD_OF = re.compile(r"的?(?:项目|企业|大项目|重点项目)")
_BUILT_OF = re.compile(r"(?:建设|建成|打造|兴建|改造)?的")
_NUMBER_START = re.compile(r"[0-9一二两三四五六七八九十百]")
_MOD_AFTER_FIRST = frozenset(w[0] for w in _PLACE_MOD_AFTER)
_OBJ_BEFORE_LAST = frozenset(w[-1] for w in _PLACE_OBJ_BEFORE)
_ENUM = frozenset("等、和与及")     # single characters: tested by set membership
_LEVEL_OF = {"市": ("prefecture", "county"), "县": ("county",), "区": ("county", "prefecture"),
             "省": ("province",)}
# the place of a dateline (某某社北京8月30日电) says where the report was filed
_DATELINE_AFTER = re.compile(r"[0-9]{1,2}月[0-9]{1,2}日(?:电|讯)")
_PLACE_SKIP_AFTER = ("企业", "市场", "地区", "籍", "药企", "专家", "的")


class _Article:
    """Per-article facts the indicator rules read: paragraphs, main place, event."""

    def __init__(self, ctx: Context) -> None:
        text = ctx.text
        self.ctx = ctx
        self.text = text
        self.published = ctx.doc.published_date
        self.placed = [p for p in ctx.places if p.data.get("adcode")]
        self.title_span = self._title_span()

    def prepare(self, sentences: list[tuple[int, int]]) -> None:
        """Build what subjects and periods read (only for an article with figures).

        Places, 全市/该县 and event words are subjects only in the ``sentences`` of the
        figures (spans in text order, each once), so only those are read for them."""
        text = self.text
        self.fig_sentences = sentences
        mask = bytearray(len(text) + 1)
        for s, e in sentences:
            mask[s:e] = b"\x01" * (e - s)
        self.para_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        # places that can be a subject, in the sentences of the figures
        self.subject_places = [p for p in self.placed if mask[p.start]
                               and not text.startswith(_PLACE_SKIP_AFTER, p.end)
                               and not _DATELINE_AFTER.match(text, p.end)]
        # a place inside an organization's name (北京某某科技有限公司) is not what the
        # article is about
        in_org = bytearray(len(text) + 1)
        for o in self.ctx.orgs:
            if o.data.get("type") != "government" and o.end - o.start > 3:
                in_org[o.start:o.end] = b"\x01" * (o.end - o.start)
        self.free_places = [p for p in self.placed if not in_org[p.start]]
        self.main_place = self._main_place()
        self._times = time_kinds(self.ctx.dates, self.published, text)
        self._time_starts = [t[0] for t in self._times]
        # a headline that dates the whole report (2024年前三季度某市经济运行情况)
        self.title_period: Period | None = None
        if self.title_span:
            for kind, per in self.times_between(*self.title_span):
                if kind == "range":
                    self.title_period = per
        self.event = event_from_dates(text, self._times, self.title_span[1] if self.title_span else 0)
        self.event_name = self._event_name()
        self.cands = self._candidates()
        self.cand_starts = [c[0] for c in self.cands]
        self.default_subject = self._title_park() or self.main_place

    def times_between(self, start: int, end: int) -> list[tuple[str, Period | None]]:
        """The time expressions lying in [start, end), in order: (kind, period)."""
        i = bisect_left(self._time_starts, start)
        out: list[tuple[str, Period | None]] = []
        while i < len(self._times) and self._times[i][1] <= end:
            out.append((self._times[i][2], self._times[i][3]))
            i += 1
        return out

    def last_time(self, start: int, end: int) -> Time | None:
        """The last of :meth:`times_between` (start, end, kind, period), or None."""
        times = self._times
        i = j = bisect_left(self._time_starts, start)
        n = len(times)
        while j < n and times[j][1] <= end:
            j += 1
        return times[j - 1] if j > i else None

    def paragraph_start(self, pos: int) -> int:
        """Start of the paragraph containing ``pos``."""
        return self.para_starts[bisect_right(self.para_starts, pos) - 1]

    def _title_span(self) -> tuple[int, int] | None:
        doc = self.ctx.doc
        if doc.title_span:
            return doc.title_span
        if doc.title:
            i = self.text.find(doc.title)
            if 0 <= i < 400:
                return (i, i + len(doc.title))
        return None

    def _main_place(self) -> str | None:
        places = self.free_places
        if not places:
            return None
        if self.title_span:
            ts, te = self.title_span
            in_title = [m for m in places if ts <= m.start and m.end <= te]
            if in_title:
                order = {"county": 0, "prefecture": 1, "province": 2}
                in_title.sort(key=lambda m: (order.get(m.data.get("level", ""), 1), m.start))
                return str(in_title[0].data["adcode"])
        # Counter.most_common(1): the first code seen among the most frequent
        counts: dict[str, int] = {}
        for m in places:
            code = str(m.data["adcode"])
            counts[code] = counts.get(code, 0) + 1
        return max(counts, key=counts.__getitem__)

    def _event_name(self) -> str | None:
        m = EVENT_SUFFIX_RE.search(self.text)
        if not m:
            return None
        lo = max(0, m.start() - 40)
        left = self.text[lo:m.start()]
        cut = max(left.rfind(ch) for ch in EVENT_LEFT_END)
        raw = left[cut + 1:] + m.group()
        name = _EVENT_VERB_RE.split(raw)[-1].strip("“”\"")
        return name if len(name) >= 4 else None

    def _parks(self) -> list[tuple[int, int, str]]:
        """Named parks, zones and bases (start, end, name); 园区, 该基地, 该项目 take the
        last name with the same ending; a name that is a division gives its adcode."""
        text = self.text
        out: list[tuple[int, int, str]] = []
        names: list[tuple[str, str]] = []     # (name as written without 一期…, subject)
        codes: dict[tuple[int, int], str] | None = None     # built at the first name
        projects = "该项目" in text     # project names matter only for 该项目
        rev, n = _reversed(text), len(text)
        name_run, cut_rev = _NAME_RUN.match, _PARK_CUT_REV.search
        for m in (PARK_SUFFIX_RE if projects else PARK_ONLY_RE).finditer(text):
            word = m.group()
            ms, me = m.span()
            i = n - ms
            run = name_run(rev, i, i + 24)
            k = run.end() - i if run else 0
            if k:
                cut = cut_rev(rev, i, i + k)
                if cut:
                    k = cut.start() - i
            head = text[ms - k:ms].lstrip("“”()·")
            start = ms - len(head)
            if len(head) < 2 or head.startswith("该"):
                if word == "项目" and not text.startswith("该", start - 1) and head != "该":
                    continue
                tail = "园" if word.endswith("园区") else word.rstrip("一二三四五期")
                for stem, ref in reversed(names):
                    if stem.endswith(tail):
                        out.append((start, me, ref))
                        break
                continue
            written = head + word
            if "“" in written or "”" in written:
                written = written.replace("”", "").replace("“", "")
            if codes is None:
                codes = {(p.start, p.end): str(p.data["adcode"]) for p in self.placed}
            name = codes.get((start, me)) or written
            names.append((written.rstrip("一二三四五期"), name))
            if word != "项目" and text[start - 1:start] != "、" \
                    and text[me:me + 1] not in _ENUM:
                out.append((start, me, name))
        return out

    org_spans: set[int]

    def _candidates(self) -> list[tuple[int, int, str]]:
        """Subjects named in the text, by start: (start, end, subject)."""
        text = self.text
        cands: list[tuple[int, int, str]] = []
        parks = self._parks()
        cands.extend(parks)
        spans = [(a, b) for a, b, _ in parks]
        self.org_spans = set()
        for o in self.ctx.orgs:
            if o.data.get("type") != "government":
                spans.append((o.start, o.end))
                # an example in a list (甲公司、乙公司等) is not what the figure measures
                if text[o.end:o.end + 1] not in _ENUM and text[o.start - 1:o.start] != "、":
                    cands.append((o.start, o.end, str(o.data["name"])))
                    self.org_spans.add(o.start)
        covered = bytearray(len(text) + 1)
        for a, b in spans:
            covered[a:b] = b"\x01" * (b - a)
        for p in self.subject_places:
            if covered[p.start] or text[p.start - 1:p.start] in ("(", "（"):
                continue    # inside a name, or a name's note: 中国地质大学(北京)
            if (text[p.end:p.end + 1] in _MOD_AFTER_FIRST and text.startswith(_PLACE_MOD_AFTER, p.end)) \
                    or (text[p.start - 1:p.start] in _OBJ_BEFORE_LAST
                        and text[max(0, p.start - 2):p.start].endswith(_PLACE_OBJ_BEFORE)):
                continue
            cands.append((p.start, p.end, str(p.data["adcode"])))
        for m in (m for s, e in self.fig_sentences for m in WHOLE_RE.finditer(text, s, e)):
            levels = _LEVEL_OF[m.group(1)]
            code = self.main_place
            for p in self.free_places:
                if p.start >= m.start():
                    break
                if p.data.get("level") in levels:
                    code = str(p.data["adcode"])
            if code:
                cands.append((m.start(), m.end(), code))
        if self.event_name:
            for s, e in self.fig_sentences:
                for m in EVENT_WORD_RE.finditer(text, s, e):
                        cands.append((m.start(), m.end(), self.event_name))
        cands.sort()
        return cands

    def _title_park(self) -> str | None:
        """A park named in the headline is the article's main subject (its fullest name)."""
        ts = self.title_span
        if not ts:
            return None
        m = PARK_SUFFIX_RE.search(self.text, ts[0], ts[1])
        if not m or m.group() in ("新区",):
            return None
        word, after = m.group(), ts[1]
        names: dict[str, int] = {}
        for c in self.cands:
            name = c[2]
            if c[0] >= after and name.endswith(word) and not name.isdigit():
                names[name] = names.get(name, 0) + 1
        if not names:
            return None
        # Counter.most_common(1): the first name seen among the most frequent
        return max(names, key=names.__getitem__)

    def first_subject(self, lo: int, hi: int, orgs: bool = True) -> str | None:
        """The first subject named in [lo, hi) (organizations only when ``orgs``)."""
        i = bisect_left(self.cand_starts, lo)
        while i < len(self.cands) and self.cands[i][0] < hi:
            c = self.cands[i]
            if c[1] <= hi and (orgs or c[0] not in self.org_spans) and not (
                    self.text.startswith("的", c[1]) and i + 1 < len(self.cands)
                    and self.cands[i + 1][1] <= hi):
                return self.cands[i][2]
            i += 1
        return None

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.para_starts, pos) - 1
        start = self.para_starts[i]
        end = self.para_starts[i + 1] - 1 if i + 1 < len(self.para_starts) else len(self.text)
        return start, end


def _clause_before(text: str, start: int, limit: int = 30) -> str:
    """The clause before ``start``: the text after the last clause end, at most ``limit``."""
    return text[start - _run_before(_CLAUSE_RUN, text, start, limit):start]


def _unit_as_written(unit: str, written: str) -> str:
    """Keep the unit as the text writes it where the number finder normalized an alias."""
    for alias in UNIT_ALIASES.get(unit, ()):
        if alias in written:
            return alias
    return unit


def _keep_quantity(text: str, m: Mention, sent_start: int) -> tuple[bool, str]:
    """Whether a quantity mention is an indicator, and its unit."""
    data = m.data
    unit = data.get("unit") or ""
    if unit.__class__ is not str:
        unit = str(unit)
    if data.get("in_name") or data.get("duration") or (unit and unit not in _KNOWN_UNITS):
        return False, unit
    start = m.start
    before, after = text[start - 6 if start > 6 else 0:start], text[m.end:m.end + 12]
    if before.endswith("第") or (
            text.count("《", sent_start, start) > text.count("》", sent_start, start)):
        return False, unit
    if not unit:
        if after[:1] == " " and after[1:2] in SPACED_UNITS:
            unit = after[1]
        elif after[:1] in _SPACED_OR_DAO and after[1:2] in CLAUSE_END:
            unit = after[0]
        elif _POPULATION_BEFORE.search(text, m.start - 12 if m.start > 12 else 0, m.start):
            return True, "人"
        else:
            return False, unit
    if unit in UNIT_ALIASES:
        unit = _unit_as_written(unit, m.text)
    if unit in NOUN_UNITS:
        lead = before.rsplit("、", 1)
        ok = len(lead) == 2 and 1 <= len(lead[1]) <= 4 and not any(c in lead[1] for c in "“”\"")
        return (ok and Decimal(str(m.data["value"])) >= 2), unit
    if unit not in ALLOWED_UNITS:
        return False, unit
    if unit == "期":
        digits = any(ch.isdigit() for ch in m.text)
        if not digits or before.endswith("分"):
            return False, unit
    if unit == "届" and _ORDINAL_BEFORE.search(before):
        return False, unit
    if unit in COUNT_UNITS or unit in ("座", "名", "位", "条"):
        noun = after.lstrip("“\"")
        am = ABSTRACT_RE.match(noun)
        if am and not CONCRETE_HEAD_RE.match(noun, am.end()):
            return False, unit
    if unit in _ATTEND_UNITS and _ATTENDANCE.match(after):
        return False, unit      # 200余家企业参会: event logistics
    if unit == "头" and not (_HEAD_OF_CATTLE.match(after) or _HEAD_OF_CATTLE.search(before)):
        return False, unit
    if NAME_LEAD_RE.search(before) and NAME_TAIL_RE.match(after):
        return False, unit
    if unit in PHYSICAL and after[:1] and "\u4e00" <= after[0] <= "\u9fff" and after[0] != "的":
        nt = NAME_TAIL_RE.match(after)
        # 建设3000亩蔬菜种植基地: an area before a base or park is the area of that place
        if nt and not (unit in AREA_UNITS and nt.group(1) in AREA_HOLDERS
                       and before.endswith(AREA_VERBS)):
            return False, unit
    return True, unit


def _big_counts(text: str) -> list[Mention]:
    """三大项目 / 四大县工业园区: a count written N大 + a concrete noun (unit 个).

    The number finder does not emit N大 (mostly abstract: 三大战略方向), so this reads
    the concrete cases itself."""
    out: list[Mention] = []
    # find each 大 (a fast scan) and test the numeral before it
    i = text.find("大", 1)
    while i > 0:
        s = i - 1
        if text[s] in _BIG_NUM and _BIG_AT.match(text, i) and not (
                s and (text[s - 1] in _BIG_PREV or text[s - 1].isdigit())):
            num = text[s]
            out.append(Mention("quantity", s, i, num,
                               {"value": Decimal(_CN_SMALL.index(num) + 2), "unit": "个",
                                "qualifier": "exact"}))
        i = text.find("大", i + 1)
    return out


def _sentence_counts(qty: list[Mention], text: str, sent: tuple[int, int], m: Mention) -> bool:
    """Whether the sentence counts the projects or enterprises the sum ``m`` adds up (签约项目
    12个，总投资…; 升级类13个，总投资…; 总投资…的150个项目).  A count after the sum in another
    clause (…总投资6000万元，建成后可容纳项目30个) is what the thing holds."""
    s, e = sent
    for q in qty:
        if not (s <= q.start < e and q.data.get("unit") in ("个", "家", "项", "批")):
            continue
        if q.start > m.start and AT_LEAST_BREAK.search(text, m.end, q.start):
            continue
        if CAPACITY_RE.search(_clause_before(text, q.start, 20)):
            continue    # 建成后可容纳企业50家: what it will hold
        if COUNTED_RE.match(text[q.end:q.end + 12]) or \
                _COUNTED_BEFORE.search(text, max(s, q.start - 10), q.start) or \
                (text[q.start - 1:q.start] == "类" and text[q.end:q.end + 1] in CLAUSE_END):
            return True
    return False


def _keep_money(text: str, m: Mention, qty: list[Mention], sent: tuple[int, int]) -> bool:
    """Whether a money mention is an aggregate indicator rather than a threshold or one
    project's own investment."""
    after = text[m.end:m.end + 12]
    a = after
    for lead in ("以上", "以下", "规模"):
        if a.startswith(lead):
            a = a[len(lead):]
    if _THRESHOLD_OF.match(a):
        return False
    # the clause of 30 characters ends with the one of 14 (a run bounded at 14 is the
    # last 14 of the run bounded at 30)
    clause = _clause_before(text, m.start, 30)
    before = clause[-14:]
    if _BUILT_OF.match(a) and not VALUE_OF_RE.search(before):
        rest = a[a.index("的") + 1:]
        if not _NUMBER_START.match(rest):
            return False
    if m.data.get("range") and m.data.get("qualifier") == "under":
        # 首期投资3亿至5亿元: the upper end reads the words before the lower one
        rm = _RANGE_HEAD.search(before)
        if rm:
            before = _clause_before(text, m.start - len(rm.group()), 14)
    if OWN_INVEST_RE.search(before) is None:
        return True
    # 累计投资 / 全年签约项目总投资 / 力争…总投资: an aggregate, unless one project's phase
    if _AGGREGATE_RE.search(clause) and not _SINGLE_RE.search(clause):
        return True
    return _sentence_counts(qty, text, sent, m)


def _period(art: _Article, pos: int, sent: tuple[int, int], unit: str,
            clause: str) -> Period | None:
    """The dates the figure covers (``clause``: the clause before it)."""
    text = art.text
    clause = clause[-40:]
    capacity = CAPACITY_RE.search(clause) is not None or \
        _CAPACITY_LEAD.match(text, sent[0]) is not None
    if capacity or unit in PHYSICAL:
        # capacities, areas, lengths: only a time word of their own clause dates them
        last = art.last_time(pos - len(clause), pos)
        if last is not None:
            if capacity and last[2] != "target":
                return None
            return last[3]
        # a state of the sentence (截至去年底, 目前), not the day of an event in it
        last = art.last_time(sent[0], pos)
        if last is not None and last[2] in STATE_KINDS and not capacity:
            return last[3]
        if art.published and not capacity and STATE_NOW_RE.search(clause):
            return (None, art.published)
        return None
    last = art.last_time(sent[0], pos)
    ps = art.paragraph_start(pos)
    if last is not None:
        if last[2] == "since":
            return _anchor_since(art, ps, sent[0], last[3])
        return last[3]
    # 现有/已有 in the figure's own clause: a state at publication (全县现有企业120家)
    if art.published and STATE_NOW_RE.search(clause):
        return (None, art.published)
    # A time word earlier in the paragraph (今年以来, 10年来, 截至6月底) scopes its sentences.
    if ps < sent[0]:
        carried: tuple[str, Period | None] | None = None
        for kind, per in art.times_between(ps, sent[0]):
            if kind in ("since", "now", "point", "range"):
                carried = (kind, per)
            elif kind in ("day",):
                carried = None
        if carried is not None:
            if carried[0] == "since":
                return _anchor_since(art, ps, sent[0], carried[1])
            return carried[1]
    if art.event is not None and EVENT_RE.search(text, ps, sent[1]):
        return art.event
    if art.title_period is not None:
        return art.title_period
    if art.published and PRESENT_RE.search(text, sent[0], sent[1]):
        return (None, art.published)
    return None


def _anchor_since(art: _Article, ps: int, before: int, per: Period | None) -> Period | None:
    """5年多来 after "2018年10月, …启动…": the span starts at that month, not at a year."""
    if per is None or per[0] is None or len(per[0]) != 4:
        return per
    year = int(per[0])
    for kind, p in art.times_between(ps, before):
        if kind in ("month", "day") and p and p[0] and year - 1 <= int(p[0][:4]) <= year:
            return (p[0][:7], per[1])
    return per


def _subject(art: _Article, pos: int, sent: tuple[int, int], clause: str) -> str | None:
    """Who the figure measures: the first subject named in its clause, else in its
    sentence, else the event for signing counts, else the article's main subject."""
    text = art.text
    lo = pos - len(clause)
    if lo < sent[0]:
        lo = sent[0]
    found = art.first_subject(lo, pos)
    if found:
        return found
    if art.event_name and text.find("签约", sent[0], pos) >= 0:
        return art.event_name
    return art.first_subject(sent[0], lo, orgs=False) or _topic_org(art, sent, lo) \
        or art.default_subject


def _topic_org(art: _Article, sent: tuple[int, int], lo: int) -> str | None:
    """An organization that opens the sentence (after at most a short lead clause such as
    今年以来,) is its topic: 某某公司累计投资…,带动就业800人 measures that company."""
    i = bisect_left(art.cand_starts, sent[0])
    if i >= len(art.cands):
        return None
    start, end, name = art.cands[i]
    if end > lo or start not in art.org_spans:
        return None
    lead = art.text[sent[0]:start].strip(" \u3000\t“\"")
    if lead and not (lead[-1] == "," and len(lead) <= 12):
        return None
    return name


def find_indicators(ctx: Context) -> list[Indicator]:
    """The indicators of the article, with subject, value, unit, qualifier and period."""
    text = ctx.text
    if not text:
        return []
    art = _Article(ctx)
    qty, money = ctx.quantities, ctx.amounts
    ts = art.title_span
    t0, t1 = ts if ts else (0, 0)
    # ctx.sentence_span, inlined: the sentence of a start by bisect over the starts
    sentences = ctx.sentences
    starts = [s for s, _ in sentences]
    chosen: list[tuple[Mention, str, tuple[int, int]]] = []
    for q in qty + _big_counts(text):
        qs = q.start
        if t0 <= qs < t1 or q.kind == "money" or q.data.get("unit") in CURRENCIES:
            continue
        k = bisect_right(starts, qs) - 1
        sent = sentences[k] if k >= 0 else (0, 0)
        ok, unit = _keep_quantity(text, q, sent[0])
        if ok:
            chosen.append((q, unit, sent))
    for a in money:
        if t0 <= a.start < t1:
            continue
        k = bisect_right(starts, a.start) - 1
        sent = sentences[k] if k >= 0 else (0, 0)
        if _keep_money(text, a, qty, sent):
            chosen.append((a, _money_unit(a), sent))
    if not chosen:
        return []
    chosen.sort(key=lambda c: c[0].start)
    art.prepare(sorted({c[2] for c in chosen}))
    out: list[Indicator] = []
    seen: dict[tuple[str, Decimal], list[tuple[str | None, str | None, str, str, int]]] = {}
    rev, n = _reversed(text), len(text)
    last: tuple[int, str | None, Period | None] | None = None    # the figure before
    for m, unit, sent in chosen:
        ms, me = m.start, m.end
        v = m.data["value"]
        value = v if isinstance(v, Decimal) else Decimal(str(v))
        left = text[ms - 2 if ms > 2 else 0:ms]
        right = text[me:me + 2]
        earlier = seen.setdefault((unit, value), [])
        # the clause before the figure (at most 60 characters): _clause_before, inlined
        ri = n - ms
        cm = _CLAUSE_RUN.match(rev, ri, ri + 60)
        clause = text[ms - (cm.end() - ri if cm else 0):ms]
        subject = _subject(art, ms, sent, clause)
        # 其中… after a total: a part of the figure before it (same paragraph), so the
        # same subject and, without a time word of its own, the same period
        part_of: tuple[int, str | None, Period | None] | None = None
        k = text.rfind("其中", sent[0], ms)
        if k >= 0 and last is not None and art.paragraph_start(k) <= last[0] < k \
                and art.first_subject(k, ms) is None:
            part_of = last
            subject = last[1]
        tail: str | None = None     # the metric key, read only when a repeat is possible
        # a small count said again is a repeat when its context or its counted noun is
        # the same (…等7个产业项目签约…; 签约的7个项目中…); a large or exact figure when
        # it measures the same subject or the same metric (two different 6.5% growth
        # rates of two subjects are two figures)
        integral = value == value.to_integral_value()
        if earlier:
            if unit in CURRENCIES or value >= 100 or not integral:
                # rates repeat by chance: only the same metric makes a repeat
                rate = unit in RATE_UNITS or not integral
                tail = _metric_key(clause)
                if any(tl == tail or (sj == subject and not rate) for sj, tl, _, _, _ in earlier):
                    continue
            else:
                head = _head(text, me, right)
                if any(lft == left or rgt == right or _head(text, end, rgt) == head
                       for _, _, lft, rgt, end in earlier):
                    continue
        elif unit in CURRENCIES or value >= 100 or not integral:
            tail = _metric_key(clause)
        earlier.append((subject, tail, left, right, me))
        # _metric, inlined: the words around the number within its clause
        am = _CLAUSE_RUN.match(text, me, me + 10 if me + 10 < sent[1] else sent[1])
        metric = (clause[-16:] + "…" + (am.group() if am else "")).strip() or m.text
        # _qualifier: 至少 before an enumeration (至少一所…、两家…) covers it all
        qualifier = m.data.get("qualifier", "exact")
        if qualifier == "exact":
            k = max(text.rfind("至少", sent[0], ms), text.rfind("不少于", sent[0], ms))
            if k >= 0 and not AT_LEAST_BREAK.search(text, k, ms):
                qualifier = "at_least"
        # ctx.evidence, inlined: ``sent`` is the sentence of the start
        s, e = sent
        evidence = Evidence(ms, me, text[s:(e if e >= me else me) if s <= ms else me])
        # positional (subject, metric, value, unit, qualifier, period, evidence): keywords
        # cost more in a frozen dataclass's __init__
        period = _period(art, ms, sent, unit, clause)
        if part_of is not None and art.last_time(k, ms) is None:
            period = part_of[2]
        last = (ms, subject, period)
        out.append(Indicator(
            subject,
            metric,
            int(value) if integral else float(round(value, 6)),
            unit,
            qualifier,
            period,
            evidence,
        ))
    return out


def _head(text: str, end: int, right: str) -> str:
    """The counted noun after a figure ending at ``end`` (项目, 企业…), else ``right``."""
    hm = _HEAD_NOUN.match(text, end, end + 10)
    return hm.group(1) if hm else right


def _metric_key(clause: str) -> str:
    """What a figure measures, for telling repeats apart: the last words of its clause
    without the verbs and hedges right before the number (…生产总值增长 → 生产总值)."""
    m = _METRIC_TRIM_REV.match(clause[::-1])
    end = len(clause) - m.end() if m else len(clause)
    return clause[end - 4 if end > 4 else 0:end]


def _money_unit(m: Mention) -> str:
    """The unit of a money indicator: 元 for CNY, else the currency's own word (美元)."""
    return _CURRENCY_WORD.get(str(m.data.get("currency", "CNY")), "元")
