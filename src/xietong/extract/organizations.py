"""Organizations: named enterprises, universities, institutes, hospitals, bodies, typed.

Names are recognized by their grammar, not by a list: a type-giving last word (有限公司,
大学, 研究院, 医院, 协会 …) or a government ending (霸州市委, 北京市发改委, …管委会), whose
left edge is found by walking back over the segmenter's words until a verb, preposition,
conjunction or punctuation (与, 由, 引进, 其中 …).  Bare brands are read from lists
(A、B、C等企业), from the head of project and park names (华电|重型装备制造|项目) and from
a short lexicon of well-known names.  Short forms are linked to the longest form the
article uses through their brand (西伯力公司 ↔ 西伯力特种橡胶有限公司).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from importlib.resources import files
from operator import attrgetter

from xietong.extract.orgnames import (
    Lexicon,
    Segment,
    Tokens,
    alternation,
    dept_matches,
    ends_with,
    is_place_token,
    is_trade,
    jieba,
    lexicon,
    stops_name,
    stops_word,
)
from xietong.model import Document, Mention

__all__ = ["find_organizations"]

_MAX_NAME = 24          # characters walked back from a name's last word
_PROJECT_WORD = re.compile(
    "产业园区|产业园|工业园|科技园|物流园|产业基地|生产基地|研发基地|基地|项目|电厂|工厂|园区|园"
    # trade and logistics centres name their investor (华唐教育呼叫中心, 美邦家居物流中心)
    "|物流港|数智港|陆港|物流中心|配送中心|分拨中心|分拣中心|仓储中心|营销中心|结算中心|运营中心|呼叫中心|交易中心")
_CLASSES = r"(?P<cls>央企|国企|企业|公司|集团|高校|院校|大学|医院|科研院所|机构|单位|项目)"
# A list closed by 等 + a class noun (A、B、C等企业), or by a count (A、B、C 4家央企).
_LIST_DENG = re.compile(r"等(?!方面|领域|环节|层面|维度|事项|工作|问题|措施|内容|行业|产业)"
                        r"(?P<mod>[^，,。；;：:、\s]{0,12}?)" + _CLASSES)
# (A match starts only where a run of numerals does: linear over long runs.)
_LIST_COUNT = re.compile(r"(?<![\d一二两三四五六七八九十几])[\d一二两三四五六七八九十几]+[家所](?P<mod>[^，,。；;：:、\s]{0,8}?)"
                         + _CLASSES)
_NUMERAL = re.compile(r"[\d一二两三四五六七八九十几]")
_JIA_SUO = re.compile("[家所]")
_CLASS_TYPE = {"高校": "university", "院校": "university", "大学": "university",
               "医院": "hospital", "科研院所": "research", "机构": "other"}
# Brand + trade word as the subject of an investor's verb (XX科技在当地累计投资, XX药业二期).
_ACTOR = re.compile(r"(?:科技|药业|电子|能源|光电|智能|实业|控股|生物|医药|制药|电气|汽车|重工|"
                    r"机械|新材|化工|食品|乳业|物流|股份|环保|钢铁|数据|算力|装备)"
                    r"(?=在|将|已|正|累计|先后|投资|签约|签署|落户|入驻|计划|拟|负责|总经理|"
                    r"董事长|总裁|[一二三四]期)")
# A zone word with nothing before it (园区管委会) and relative heads (该区, 本园区) name no
# jurisdiction.
_BARE_ZONE = re.compile(r"(?:工业|产业|科技|物流|经济|高新|开发|示范|合作|综合|保税)?"
                        r"(?:园区|园|开发区|高新区|经开区|新区|示范区|片区|功能区|集聚区|自贸区)")
_PREPOSITIONS = frozenset("为在给向对与把将从被让")
_RELATIVE = ("该", "本", "各", "这", "其", "全", "我")
_OUTLETS = ("日报", "晚报", "早报", "商报", "时报", "报社", "电视台", "广播电视台", "新闻网", "新华社", "新华网", "在线")
_OUTLET = re.compile(f"(?:{'|'.join(_OUTLETS)})$")
_PROPER = frozenset(("nz", "nt", "nr", "nrt", "nrfg", "j", "eng", "z"))
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_START_END = attrgetter("start", "end")
_DATE_OR_NUMBER = re.compile(r"[\d年月日号期]")
_PAREN = re.compile(r"[(（][\u4e00-\u9fff]{1,6}[)）]")
# A numeral word: digits, or a well-formed Chinese numeral (十一, 二十, 两家); 三一 is no
# number but a brand (三一集团).
_NUMBER_WORD = re.compile(r"\A(?:\d+[级家个]?|[一二两三四五六七八九十]+[级家个]"
                          r"|[一二两三四五六七八九十]|[一二两三四五六七八九]?十[一二三四五六七八九]?)\Z")
# Characters no name starts with (的京沈, 了…), and the zone words no name ends with (经开区).
_NO_START = frozenset("的地得了着过是等及并或被把让就都也还又再即")
_FUNDS = frozenset(("基金", "母基金", "产业基金", "引导基金", "投资基金"))
# Type words that also name things generically (批发市场, 实验室): a name needs more than
# common words before them.
_GENERIC_TYPES = frozenset(("批发市场", "农产品批发市场", "实验室", "重点实验室", "试验站",
                            "实验站", "试验场", "实验场", "研发中心", "研究中心",
                            "基金", "母基金", "产业基金", "引导基金", "投资基金",
                            "学校"))
# Classifying words (三甲|医院, 研究型|大学, 寄宿制|学校, 民营|企业集团): a kind, not a name.
_KIND_END = ("型", "性", "制")
# A company's R&D unit: the company is the organization, the unit its project.
_UNIT_TYPES = frozenset(("研发中心", "研究中心", "实验室", "重点实验室"))
_COMPANY_IN = re.compile("公司|集团")
_LEGAL_BRACKET = re.compile(r"[(（](?:有限合伙|普通合伙|特殊普通合伙)[)）]")
# A state group's short name, a number and 局/院/所 (中建三局, 航天九院, 中铁十四局).
_UNIT_BODY = ("(?:中[建铁交冶核航化煤]|航天|航空|兵器|铁建|电建|水电)"
              "第?[一二三四五六七八九十]{1,3}(?:工程)?(?P<unit>局|院|所)")
_NUMBERED_UNIT = re.compile(_UNIT_BODY + "(?![长办])")     # (not 中建三局局长's 局长)
_NUMBERED_UNIT_END = re.compile(_UNIT_BODY + "$")
_NUMERAL_CHARS = frozenset("一二三四五六七八九十")
# Tags the segmenter gives some division names (保定 v, 正定 d, 永年 t).
_MISTAGGED = frozenset(("v", "d", "t", "a"))
_DASHES = frozenset(("—", "-", "－", "–", "——"))
# Prepositions and verbs that never start a name (据|雄安新区管委会, 从…获悉, 由…投资).
_FUNCTION_CHARS = frozenset("据从由向对经与和在将被把为自同跟及于赴到至给")
_ZONE_END = re.compile(r"(?:园区|开发区|经开区|高新区|新区|示范区|片区|功能区|集聚区|自贸区|产业园|工业园)$")
# A relative institution: a bare 市/县/区 before its name (市人民医院, 县第一中学).
_RELATIVE_UNIT = frozenset("市县区省州旗镇乡")
# A build verb before a centre or institute: the object being built, a project (共建的X研发中心).
_BUILT = re.compile(r"(?:共建|合建|共同建设|联合建设|建设|新建|筹建|打造|搭建|援建|在建)的?$")
# A founding verb near a service centre: an institution being set up (设立…服务中心, …挂牌成立).
_FOUNDED = re.compile(r"挂牌|揭牌|成立|设立|组建")
# Product nouns: a word or a character before a product morpheme (滑雪|服, 杏|扁, 羽绒|服).
_PRODUCT_END = frozenset("服装鞋帽袜衣裤扁仁果菜米面粉油酒茶奶肉蛋糖醋酱剂肥料纸布板管线丝膜瓷砖瓦灯泵阀柜床椅桌")


class _Cand:
    """A name candidate (a plain class: compiled, its constructor is native)."""

    def __init__(self, start: int, end: int, type: str, rank: int, core: str = "") -> None:
        self.start = start
        self.end = end
        self.type = type
        self.rank = rank    # 3 grammar/known, 2 list item, 1 project head, 0 alias
        self.core = core    # the brand, for linking short and long forms


def _resolve_key(c: _Cand) -> tuple[int, int, int]:
    """Better candidates first: higher rank (all of rank 3 alike), longer, earlier."""
    return (-c.rank if c.rank < 3 else -3, c.start - c.end, c.start)


@lru_cache(maxsize=1)
def _desc_span() -> int:
    """How far before a project word a descriptor can start: its longest length, plus one
    for a line break in between."""
    return max(map(len, lexicon().descriptors)) + 1


@lru_cache(maxsize=1)
def _known() -> tuple[dict[str, str], re.Pattern[str]]:
    """The well-known names lexicon (org_known.txt) and a regex over it."""
    text = (files("xietong.reference") / "data" / "org_known.txt").read_text(encoding="utf-8")
    known: dict[str, str] = {}
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            name, typ = ln.split("\t")
            known[name.strip()] = typ.strip()
    return known, re.compile(alternation(known))


@lru_cache(maxsize=8192)
def _head_kinds(head: str) -> list[str]:
    """Each word of ``head`` as place | region | trade | generic | number | brand (cached:
    the same heads recur across articles)."""
    lex = lexicon()
    kinds: list[str] = []
    for word, tag in jieba.tag(head):
        if word in lex.regions:
            kinds.append("region")
        elif word in lex.trade:
            kinds.append("trade")
        elif word in lex.generic or word in lex.stop:
            kinds.append("generic")
        elif is_place_token(word, tag):
            kinds.append("place")
        elif _NUMBER_WORD.fullmatch(word):
            kinds.append("number")
        elif _PAREN.fullmatch(word) or word in "()（）":
            kinds.append("generic")
        else:
            kinds.append("brand")
    return kinds


@lru_cache(maxsize=8192)
def _first_tag(name: str) -> str:
    """The segmenter's tag of the first word of a short name (cached by name)."""
    return jieba.tag(name)[0][1]


@lru_cache(maxsize=8192)
def _core(bare: str) -> str:
    """The brand of a name without brackets and legal form: without place prefix and
    trailing trade words (北京新发地 → 新发地; 西伯力特种橡胶 → 西伯力)."""
    lex = lexicon()
    k = _division_prefix_len(bare)
    if k and len(bare) - k >= 2:
        bare = bare[k:]                 # 北京|华康药业 (segmented 北京华|康|药业)
    tagged = jieba.tag(bare)
    words = [w for w, _ in tagged]
    tags = [t for _, t in tagged]
    i = 0
    while i < len(words) - 1 and (words[i] in lex.regions or is_place_token(words[i], tags[i])):
        i += 1
    j = len(words)
    while j > i + 1 and (is_trade(words[j - 1], lex.trade) or words[j - 1] in lex.generic
                         or words[j - 1] in ("股份", "有限", "有限责任", "控股")):
        j -= 1
    core = "".join(words[i:j])
    if i == len(words) - 1 and (words[i] in lex.regions or is_place_token(words[i], tags[i])):
        return ""
    if len(core) < 2 or is_trade(core, lex.trade) or core in lex.generic:
        return ""
    return core


@lru_cache(maxsize=8192)
def _kind_head(head: str) -> bool:
    """Whether ``head`` is a classifying word (三甲, 民营, 研究型, 寄宿制), alone or before
    common words (民营|企业; cached)."""
    tagged = jieba.tag(head)
    word, tag = tagged[0]
    if not (tag == "b" or (word.endswith(_KIND_END) and len(word) >= 3)):
        return False
    return all(tag == "b" or (_common_word(word) and tag not in _PROPER and tag != "ns")
               for word, tag in tagged[1:])


@lru_cache(maxsize=4096)
def _starts_with_place_word(rest: str) -> bool:
    """Whether one of the first two words of ``rest`` is a place (雄安|新区…; cached)."""
    return any(tag == "ns" and len(word) >= 2 for word, tag in jieba.tag(rest)[:2])


@lru_cache(maxsize=8192)
def _common_word(word: str) -> bool:
    """A common word: in the dictionary, or made of common dictionary words (乡村|振兴),
    not a number, place or proper noun (cached by word)."""
    if _NUMBER_WORD.fullmatch(word) or not _CJK.fullmatch(word):
        return False
    if jieba.has_word(word):
        return True
    parts = jieba.tag(word)
    return len(parts) > 1 and all(
        len(w) >= 2 and jieba.has_word(w) and t not in _PROPER and t != "ns" for w, t in parts)


def _product_noun(word: str) -> bool:
    """A product noun: a product morpheme after a dictionary word (滑雪服, 杏扁, 羽绒服)."""
    return 2 <= len(word) <= 4 and word[-1] in _PRODUCT_END and jieba.has_word(word[:-1]) \
        and word[:-1] not in _division_names()


@lru_cache(maxsize=8192)
def _descriptor_word(word: str) -> bool:
    """Trade, product or region word, whatever its position (cached by word)."""
    lex = lexicon()
    return (word in lex.trade or word in lex.regions
            or (word in lex.generic and len(word) >= 2)
            or is_trade(word, lex.trade)
            or word.endswith(("园", "基地", "项目"))
            or word in ("新", "大", "高端", "现代", "重型", "国际", "总部", "一期", "二期")
            or _product_noun(word)
            or (len(word) > 2 and ends_with(word, len(word), lex.trade)))


@lru_cache(maxsize=1)
def _division_names() -> frozenset[str]:
    """Full and short names of all divisions (衡水市, 衡水), from the gazetteer."""
    from xietong.reference.gazetteer import load_gazetteer

    names: set[str] = set()
    for d in load_gazetteer().divisions.values():
        names.add(d.name)
        if len(d.short) >= 2:
            names.add(d.short)
    return frozenset(names)


_GOV_KEY = re.compile(r"(?<=[\u4e00-\u9fff]{2})[省市](?=.)")


@lru_cache(maxsize=4096)
def _gov_key(name: str) -> str:
    """Grouping key of a government body: its name without 省/市 and with its department
    words abbreviated (北京市经信委 → 北京经信委; 沈阳市发展和改革委员会 → 沈阳发改委)."""
    lex = lexicon()
    name = lex.gov_short_re.sub(lambda m: lex.gov_short[m.group()], name)
    return "gov:" + _GOV_KEY.sub("", name)


@lru_cache(maxsize=8192)
def _bare(name: str) -> str:
    """A name without its brackets and legal form (石景化工公司 → 石景化工; cached by name)."""
    name = _PAREN.sub("", name) if "(" in name or "（" in name else name
    end_re = lexicon().suffix_end_re
    sm = end_re.search(name)
    while sm and sm.start() > 0:
        name = name[:sm.start()]
        sm = end_re.search(name)
    return name


@lru_cache(maxsize=4096)
def _distinctive(core: str) -> bool:
    """Whether a brand is no common word (an unknown word or a proper noun)."""
    if not core or core.startswith("gov:"):
        return False
    tagged = jieba.tag(core)
    return len(tagged) > 1 or not jieba.has_word(core) or tagged[0][1] in _PROPER


_MAX_DIVISION = 8       # characters in the longest division name looked up in the text


def _division_prefix_len(prefix: str) -> int:
    """Length of the longest division name (full or short: 香港, 怀来县) ``prefix`` starts
    with, else 0."""
    names = _division_names()
    for k in range(min(_MAX_DIVISION, len(prefix)), 1, -1):
        if prefix[:k] in names:
            return k
    return 0


def _division_prefix(prefix: str) -> bool:
    """Whether ``prefix`` starts with a division's full or short name."""
    return _division_prefix_len(prefix) > 0


def _excluded(name: str, source: str | None, typ: str = "") -> bool:
    """The outlet itself (or part of its name), wire services and other outlets; a
    government body that is itself the source (a statistics bureau's bulletin) counts."""
    return bool(source and name in source and not (typ == "government" and name == source)) \
        or name.endswith(_OUTLETS) \
        or (name[-1:] == "\n" and name[:-1].endswith(_OUTLETS))


def _count_matches(text: str) -> list[re.Match[str]]:
    """``_LIST_COUNT.finditer(text)``, faster: tried only at the numerals before a 家/所
    (a match starts where the run of numerals does, or where the previous match ended)."""
    out: list[re.Match[str]] = []
    last = 0
    numeral = _NUMERAL.match
    for q in _JIA_SUO.finditer(text):
        s = q.start() - 1
        if s < last or not numeral(text, s):
            continue
        while s - 1 >= last and numeral(text, s - 1):
            s -= 1
        m = _LIST_COUNT.match(text, s)
        if m:
            out.append(m)
            last = m.end()
    return out


def find_organizations(doc: Document, places: list[Mention]) -> list[Mention]:
    """Every organization mention (kind "org"; data: name (canonical, longest form), type,
    aliases (the other forms of the same organization in this article))."""
    text = doc.text
    if not text or not text.strip():
        return []
    lex = lexicon()
    toks = Tokens(text)
    place_at = {m.start: m.end for m in places if m.kind == "place"}
    x = _Extractor(text, toks, lex, place_at)
    x.full_names()
    x.government()
    x.known()
    x.numbered_units()
    x.lists()
    x.project_heads()
    x.actors()
    kept = x.resolve()
    return x.link(kept, doc.source)


class _Extractor:
    """The candidates of one text and the rules that make them."""

    def __init__(self, text: str, toks: Tokens, lex: Lexicon, place_at: dict[int, int]) -> None:
        self.text = text
        self.toks = toks
        self.lex = lex
        self.place_at = place_at
        self._place_end: dict[int, int] | None = None    # place mentions by end, on demand
        self.cands: list[_Cand] = []
        self.divisions = _division_names()

    # ---- left edge -------------------------------------------------------------------

    def walk_left(self, pos: int, floor: int = 0, glue: bool = False) -> int:
        """Start of the name whose words end at ``pos``: back over name-like words.

        With ``glue`` the word right before ``pos`` belongs to the name unless it is a
        function word (翔宇|飞行|学校: a verb just before the last word is part of it)."""
        if pos <= 0:
            return pos
        toks = self.toks.segment(pos - 1)
        starts = toks.starts
        i = bisect_right(starts, pos - 1) - 1
        if i < 0:
            return pos
        text, lex = self.text, self.lex
        words, tags = toks.words, toks.tags
        stop = lex.stop
        start = pos
        limit = pos - _MAX_NAME
        if floor > limit:
            limit = floor
        if starts[i] + len(words[i]) > pos:     # the last word runs into the ending: glued to it
            part = text[starts[i]:pos]
            if part in stop or not _CJK.fullmatch(part):
                return pos
            start = starts[i] if starts[i] > limit else limit
            i -= 1
        elif glue and words[i] not in stop and _CJK.fullmatch(words[i]) \
                and tags[i][0] not in "pcurdmqxy":
            start = starts[i]
            i -= 1
        while i >= 0 and starts[i] >= limit:
            word = words[i]
            if word == ")" or word == "）":
                m = None
                for k in range(i - 1, max(i - 4, -1), -1):
                    if words[k] in ("(", "（"):
                        m = k
                        break
                if m is None or not _PAREN.fullmatch(text[starts[m]:toks.end(i)]):
                    break
                if m == 0 or stops_word(words[m - 1], tags[m - 1], lex):
                    break
                start = starts[m]
                i = m - 1
                continue
            if word in _DASHES and i > 0 and starts[i - 1] + len(words[i - 1]) == starts[i] \
                    and self._dash_place(starts[i - 1], words[i - 1], tags[i - 1]):
                start = starts[i - 1]       # 滨海—中关村科技园管委会: a place joined by a dash
                i -= 2
                continue
            if stops_word(word, tags[i], lex) and not self._brand_verb(toks, i) \
                    and not (word in self.divisions and tags[i][:1] in _MISTAGGED) \
                    and not self._division_word(starts[i], starts[i] + len(word)) \
                    and not (word == "协同" and text.startswith("发展", starts[i] + 2)):
                break                       # (保定|宏峰铝业, 正定|新区, 永年|区鑫达: a
                #                              place name tagged as a verb, adverb or time;
                #                              京津冀|协同发展|研究院: the region's programme)
            start = starts[i]
            i -= 1
        if start < pos and text[start] in _FUNCTION_CHARS:
            start = self._strip_function_char(toks, start, pos)
        if i >= 0 and pos - start >= 3 and len(words[i]) == 1 and starts[i] + 1 == start \
                and start + 1 < pos and start + 1 in toks.start_set \
                and _CJK.fullmatch(words[i]) and words[i] not in _NO_START \
                and (i == 0 or stops_name(toks, i - 1, lex)):
            start -= 1      # 与|以|岭药业, 与|和|利科技: a brand that starts with a function character
        return start

    def _strip_function_char(self, toks: Segment, start: int, pos: int) -> int:
        """``start`` + 1 when the name's first word is a preposition or verb glued by the
        segmenter to a place (据雄安|新区管委会, 从临港新区…): the rest, a full name, starts
        with a place; dictionary words (对外|经济贸易大学, 和平区) keep their character."""
        k = toks.index(start)
        if k < 0 or toks.starts[k] != start:
            return start
        first = toks.words[k]
        if len(first) < 2 or pos - start < 3 or jieba.has_word(first):
            return start
        rest = self.text[start + 1:pos]
        if start + 1 in self.place_at or _division_prefix(rest) \
                or (k + 1 < len(toks.tags) and toks.tags[k + 1] == "ns"):
            return start + 1
        return start + 1 if _starts_with_place_word(rest) else start

    def _division_word(self, start: int, end: int) -> bool:
        """Whether the word text[start:end] and the admin character after it form a
        division's name that the segmenter split (永年|区鑫达: 永年区)."""
        text = self.text
        if end >= len(text) or text[end] not in _RELATIVE_UNIT:
            return False
        return self.division_ending(end + 1) <= start

    def _dash_place(self, pos: int, word: str, tag: str) -> bool:
        """Whether the word before a dash inside a name is a short place (滨海—中关村…),
        not a full division joined to another party (河北雄安新区—北京大学)."""
        return 2 <= len(word) <= 3 and _CJK.fullmatch(word) is not None \
            and word[-1] not in _RELATIVE_UNIT \
            and (tag == "ns" or pos in self.place_at or word in self.divisions) \
            and not _division_prefix(self.text[pos + len(word) + 1:pos + len(word) + 9])

    def _brand_verb(self, toks: Segment, i: int) -> bool:
        """A verb-looking word right after a place is a brand (北京|奔驰|汽车有限公司)."""
        return (i > 0 and toks.tags[i].startswith("v") and toks.words[i] not in self.lex.stop
                and toks.tags[i - 1] == "ns" and len(toks.words[i]) == 2)

    def head_kinds(self, head: str) -> list[str]:
        """Each word of ``head`` as place | region | trade | generic | number | brand."""
        return _head_kinds(head)

    def add(self, start: int, end: int, typ: str, rank: int, core: str = "") -> None:
        if end - start < 2 or self.text[start] in _NO_START:
            return
        if rank < 3 and _ZONE_END.search(self.text, start, end):
            return                          # 经开区, …高新区: a zone is no organization
        self.cands.append(_Cand(start, end, typ, rank, core))

    # ---- rules -----------------------------------------------------------------------

    def full_names(self) -> None:
        """Names ending in a legal form or a type-giving word (…有限公司, …大学, …医院)."""
        text = self.text
        for m in self.lex.suffix_re.finditer(text):
            s, e = m.span()
            g = m.group()
            if s > 0 and ((g == "商会" and text[s - 1] == "招")         # 招商会 is an event
                          or (g == "公司" and text[s - 1] == "子")):    # 子公司: a subsidiary
                continue
            start = self.walk_left(s, glue=True)
            if 0 < start < s and text[start - 1] in _NUMERAL_CHARS:
                um = _NUMBERED_UNIT_END.search(text, max(0, start - 8), start + 1)
                if um:
                    start = um.start()      # 中铁十四局|集团有限公司: the walk stops at the number
            head = text[start:s]
            if not head:
                continue
            kinds = self.head_kinds(head)
            if "brand" not in kinds and not (
                    ("place" in kinds or "region" in kinds) and kinds[-1] != "generic"
                    and kinds[0] in ("place", "region")) \
                    and not (g in _FUNDS and len(head) >= 4 and kinds[0] in ("place", "region")):
                continue                    # (京津产业协同发展|母基金: a fund named by its aim)
            if (s - start <= 6 and _kind_head(head)) \
                    or (g in _GENERIC_TYPES and self._common_head(start, s)):
                continue                    # 三甲|医院, 老牌|批发市场, 专项|基金: a description
            if g in _UNIT_TYPES and _COMPANY_IN.search(head):
                continue                    # …有限公司横琴研发中心: the company's project
            if "brand" not in kinds and len(kinds) == 1 and g in ("公司", "集团") \
                    and (self.place_at.get(start, -1) >= s or len(head) < 3
                         or head[-1] in "省市县区"):
                continue                    # 北京公司: a place and a bare legal form
            if g.endswith("中心") and g not in ("研究中心", "研发中心") \
                    and not self.has_jurisdiction(head, start):
                continue                    # a centre needs its jurisdiction (…省…检验中心)
            if g == "服务中心" and not _FOUNDED.search(text, max(0, start - 12), e + 8):
                continue                    # a service centre counts when it is set up
            if g.endswith("中心") and _BUILT.search(text, max(0, start - 5), start) \
                    and not _FOUNDED.match(text, e):
                continue                    # 共建的…研发中心: the object built is a project
            if head[0] in _RELATIVE_UNIT and self.words(start, s)[0][0] == head[0]:
                continue                    # 市人民医院, 县中学: relative, no jurisdiction
            typ = self.lex.suffix_type[g]
            if g[-1] in "场站" and ("大学" in head or "学院" in head):
                typ = "university"          # a university's unit (…大学…实验场)
            lm = _LEGAL_BRACKET.match(text, e)
            if lm:
                e = lm.end()                # …创业投资基金（有限合伙）: the bracketed legal form
            self.add(start, e, typ, 3, self.core(start, e))

    def _common_head(self, s: int, e: int) -> bool:
        """Whether text[s:e] is only common words: no place, proper noun or unknown word."""
        pos = s
        for word, tag in self.words(s, e):
            if tag in _PROPER or tag == "ns" or pos in self.place_at \
                    or word in self.lex.regions or not _common_word(word):
                return False        # (a division's short name that is a word, 振兴, is none)
            pos += len(word)
        return True

    def has_jurisdiction(self, prefix: str, start: int) -> bool:
        """Whether ``prefix`` (the text before a government ending) names a jurisdiction."""
        if not prefix:
            return False
        if prefix.startswith(("国家", "中央", "国务院", "中共", "全国")):
            return True
        if start in self.place_at or _division_prefix(prefix):
            return True
        seg = self.toks.segment(start)
        i = seg.index(start)
        if i >= 0 and seg.starts[i] == start and seg.tags[i] == "ns" and len(seg.words[i]) >= 2:
            return True
        return re.match(r"[\u4e00-\u9fff]{2,}?[省市县区州旗盟]", prefix) is not None

    def division_ending(self, end: int) -> int:
        """Start of the division named right before ``end`` (怀来|县委: a verb-looking place
        name the walk stops at), from the place mentions or the gazetteer; else ``end``."""
        if self._place_end is None:
            self._place_end = {e: s for s, e in self.place_at.items()}
        s = self._place_end.get(end, end)
        if s < end:
            return s
        text, names = self.text, self.divisions
        for k in range(min(_MAX_DIVISION, end), 1, -1):
            if text[end - k:end] in names:
                return end - k
        return end

    def government(self) -> None:
        """Party committees, governments, departments and management committees."""
        text = self.text
        for m in self.lex.party_re.finditer(text):          # 霸州市委, 天津市滨海新区人民政府
            a = m.start()
            start = min(self.walk_left(a), self.division_ending(a + 1))
            if (a - start >= 2 or text[start:a + 1] in self.divisions) \
                    and self.has_jurisdiction(text[start:a + 1], start):   # 易县人民政府
                self.add(start, m.end(), "government", 3)
        for m in dept_matches(text, self.lex):               # 北京市发改委, 国家食药总局, 生态环境部
            s = m.start()
            start = self.walk_left(s)
            prefix = text[start:s]
            ok = self.has_jurisdiction(prefix, start)
            if not ok and m.group().endswith("部") and m.group()[:-1] in self.lex.ministry_depts:
                ok, start = True, s         # a national ministry (生态环境部)
            if ok:
                self.add(start, m.end(), "government", 3)
        for m in self.lex.body_re.finditer(text):           # …经济开发区管委会, …领导小组
            s = m.start()
            start = self.walk_left(s)
            head = text[start:s]
            if head.startswith(_RELATIVE) or _BARE_ZONE.fullmatch(head):
                continue                    # 园区管委会, 该区管委会: no jurisdiction
            if (len(head) >= 2 and "brand" in self.head_kinds(head)) or \
                    self.has_jurisdiction(head, start):
                self.add(start, m.end(), "government", 3)

    def known(self) -> None:
        """Well-known bare brands (国家电网, 京东方) on word boundaries."""
        known, pattern = _known()
        for m in pattern.finditer(self.text):
            if len(m.group()) >= 4 or (self.toks.is_boundary(m.start())
                                        and self.toks.is_boundary(m.end())):
                self.add(m.start(), m.end(), known[m.group()], 3, m.group())

    def numbered_units(self) -> None:
        """Numbered units of state groups (中建三局, 中交一局, 航天九院, 中铁十四局)."""
        for m in _NUMBERED_UNIT.finditer(self.text):
            if self.toks.is_boundary(m.start()):
                typ = "enterprise" if m.group("unit") == "局" else "research"
                self.add(m.start(), m.end(), typ, 3, m.group())

    def lists(self) -> None:
        """Items of a list closed by a class noun: A、B、C等企业 / 4家央企 / 等7个项目."""
        text = self.text
        matches = list(_LIST_DENG.finditer(text))
        if "、" in text and ("家" in text or "所" in text):
            matches += _count_matches(text)
        for m in matches:
            end = m.start()
            if end == 0 or text[end - 1] in "、，,。；;：:\n 高同平中上初优对相甲乙丙一二三特头均劣次何":
                continue
            cls = m.group("cls")
            if not _PREPOSITIONS.isdisjoint(m.group("mod")):
                continue                    # A、B等为企业提供: the list ends at 等
            if not m.group().startswith("等") and "、" not in text[max(0, end - 40):end]:
                continue
            items: list[tuple[int, int]] = []
            e = end
            while True:
                s = self.walk_left(e, floor=max(0, e - 20))
                if s < e:
                    items.append((s, e))
                if s > 0 and text[s - 1] == "、" and s == self.list_item_floor(e):
                    e = s - 1
                    continue
                break
            if len(items) < 2 and not m.group().startswith("等"):
                continue
            for s, e in items:
                if cls == "项目":
                    self.project_head(s, e, in_list=True)
                else:
                    self.list_item(s, e, _CLASS_TYPE.get(cls, "enterprise"))

    def list_item_floor(self, e: int) -> int:
        """Where the list item ending at ``e`` starts if it is bounded by 、 (else -1)."""
        k = self.text.rfind("、", max(0, e - 20), e)
        return k + 1 if k >= 0 else -1

    def list_item(self, s: int, e: int, typ: str) -> None:
        name = self.text[s:e]
        if not 2 <= len(name) <= 16 or _OUTLET.search(name):
            return
        if s in self.place_at and self.place_at[s] >= e:
            return
        kinds = self.head_kinds(name)
        if "brand" not in kinds and not (len(name) >= 4 and "trade" in kinds
                                         and kinds[0] in ("place", "brand")):
            return
        if len(kinds) == 1 and is_place_token(name, _first_tag(name)):
            return
        sm = self.lex.suffix_re.search(name)
        if sm and sm.end() == len(name):
            typ = self.lex.suffix_type[sm.group()]
        self.add(s, e, typ, 2, self.core(s, e))

    def project_heads(self) -> None:
        """The investor at the head of a project or park name (正威|新材料|产业园)."""
        text = self.text
        ends_descriptor = self.lex.descriptor_ends.at
        span = _desc_span()
        for m in _PROJECT_WORD.finditer(text):
            s = m.start()
            if s < 3 or not ends_descriptor(text, s, s - span):
                continue                    # a brand needs trade words before the project word
            seg = self.toks.segment(s - 1)
            if not seg.starts:
                continue
            i = seg.index(s - 1)
            if seg.starts[i] + len(seg.words[i]) == s and \
                    not self._is_descriptor(seg.starts[i], seg.words[i], seg.tags[i]):
                continue                    # a brand needs trade words before the project word
            start = self.walk_left(s)
            if start < s:
                self.project_head(start, s, in_list=False)

    def actors(self) -> None:
        """A brand and one trade word as the subject of an investor's verb (秦云|科技|在…投资):
        the brand must be a proper noun or no dictionary word, at a name's left edge."""
        text = self.text
        for m in _ACTOR.finditer(text):
            s = m.start()
            seg = self.toks.segment(s)
            if not seg.starts or s not in seg.start_set:
                continue
            i = seg.index(s)
            if i < 1 or seg.starts[i - 1] + len(seg.words[i - 1]) != s:
                continue
            word, tag = seg.words[i - 1], seg.tags[i - 1]
            b = seg.starts[i - 1]
            if not 2 <= len(word) <= 3 or not _CJK.fullmatch(word) \
                    or (i > 1 and not stops_name(seg, i - 2, self.lex)):
                continue
            if word in self.lex.stop or word in self.lex.generic or _descriptor_word(word) \
                    or self._is_place(b, word, tag) or word[0] in _RELATIVE:
                continue
            if tag in _PROPER or tag in ("nr", "ns") or not jieba.has_word(word):
                self.add(b, m.end(), "enterprise", 2, word)

    def words(self, s: int, e: int) -> list[tuple[str, str]]:
        """The tagged words of text[s:e], from the clause's segmentation when it aligns."""
        seg = self.toks.segment(s)
        if seg.starts and s in seg.start_set and (e in seg.start_set or e == seg.end(-1)):
            i, j = seg.index(s), (seg.index(e) if e in seg.start_set else len(seg.words))
            return seg.pairs[i:j]
        return jieba.tag(self.text[s:e])

    def project_head(self, s: int, e: int, in_list: bool) -> None:
        """Add the brand that heads the project name text[s:e] (conservatively): the words
        before the first trade, product, place or project word, when all that follows is
        such words (华电|重型装备制造, 焜原|光电扩产, 派米雷·虹桥国际数智港)."""
        name = self.text[s:e]
        pm = _PROJECT_WORD.search(name)
        if pm and pm.end() == len(name):
            name = name[:pm.start()]
        words = self.words(s, s + len(name))
        whole = (s, words)
        while len(words) > 1 and (words[0][0] in self.lex.regions
                                  or self._is_place(s, words[0][0], words[0][1])):
            s += len(words[0][0])           # 廊坊|正威新材料产业园: the brand after the place
            words = words[1:]
        head: list[tuple[str, str]] = []
        rest_kinds: list[str] = []
        pos = s
        first_rest = ""
        for word, tag in words:
            if word == "·" and head and not rest_kinds:
                rest_kinds.append("dot")    # 派米雷·虹桥国际数智港: the brand ends at the dot
                break
            desc = self._is_descriptor(pos, word, tag)
            if not rest_kinds and not desc:
                head.append((word, tag))
            else:
                first_rest = first_rest or word
                rest_kinds.append("d" if desc else "x")
            pos += len(word)
        if len(head) == 1 and _product_noun(first_rest) and jieba.has_word(head[0][0]):
            return                  # 尼龙|薄膜: a material before a product, no brand
        if in_list and not rest_kinds and whole[0] < s:
            s, head = whole[0], list(whole[1])     # 红河锌联: an unknown name that starts with a place
        brand = "".join(w for w, _ in head)
        if not 2 <= len(brand) <= 6 or brand in self.lex.generic or brand in self.lex.stop:
            return
        if "x" in rest_kinds and "dot" not in rest_kinds:
            return
        if any(w in self.lex.infra or w[-2:] in self.lex.infra for w, _ in words):
            return                  # 石衡沧港城际铁路: a transport line, not an investor
        if not rest_kinds and (not in_list or jieba.has_word(brand) or len(brand) > 4):
            return                  # no trade words: a brand only as an unknown list item
        if not self._brandish(head, s, strict=not in_list):
            return
        if _DATE_OR_NUMBER.search(brand) or brand[0] in "一二两三四五六七八九十百千几多":
            return
        self.add(s, s + len(brand), "enterprise", 2 if in_list else 1, brand)

    def _brandish(self, head: list[tuple[str, str]], s: int, strict: bool) -> bool:
        """Whether the words ``head`` look like a brand: a proper noun, or no dictionary word."""
        brand = "".join(w for w, _ in head)
        if s in self.place_at and self.place_at[s] >= s + len(brand):
            return False
        if len(head) == 1:
            word, tag = head[0]
            if tag == "ns":                 # 正威 (unknown word) yes; 中关村, 虹桥 (landmarks) no
                return not jieba.has_word(word) and word not in _division_names()
            return tag in _PROPER or not jieba.has_word(word)
        if jieba.has_word(brand):
            return not strict
        common = [w for w, t in head if len(w) >= 2 and jieba.has_word(w) and t not in _PROPER]
        return not common if strict else len(common) < len(head)

    def _is_place(self, pos: int, word: str, tag: str) -> bool:
        """A place at ``pos``: a place mention there or a division's name (衡水, 廊坊市)."""
        return pos in self.place_at or word in self.divisions

    def _is_descriptor(self, pos: int, word: str, tag: str) -> bool:
        """Trade, product, region or place word (what follows a brand in a project name)."""
        return _descriptor_word(word) or pos in self.place_at or word in self.divisions

    # ---- brand and linking ---------------------------------------------------------

    def core(self, s: int, e: int) -> str:
        """The brand of the name text[s:e]: without place prefix, legal form, trade words."""
        return _core(_bare(self.text[s:e]))

    def resolve(self) -> list[_Cand]:
        """Drop candidates inside or across better ones (longer, then higher rank)."""
        order = sorted(self.cands, key=_resolve_key)
        kept: list[_Cand] = []
        taken = bytearray(len(self.text) + 1)     # 1 where a kept candidate stands
        find = taken.find
        for c in order:
            s, e = c.start, c.end
            if find(1, s, e) >= 0:
                continue
            kept.append(c)
            taken[s:e] = b"\x01" * (e - s)
        return kept

    def link(self, kept: list[_Cand], source: str | None) -> list[Mention]:
        """Link short forms to long ones, add bare-brand mentions, emit the mentions."""
        text = self.text
        kept = [c for c in kept if not _excluded(text[c.start:c.end], source, c.type)]
        # bare occurrences of the brands of full names (新发地 for 北京新发地集团)
        cores = {c.core for c in kept if c.core and c.rank == 3}
        taken: bytearray | None = None      # 1 where a kept name stands (made on demand)
        for core in cores:
            first = text.find(core)
            if text.find(core, first + 1) < 0:
                continue                    # named once: nothing to link
            if taken is None:
                taken = bytearray(len(text) + 1)
                for c in kept:
                    taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            owner = max((c for c in kept if c.core == core), key=lambda c: c.end - c.start)
            full = text[owner.start:owner.end]
            rest = full[full.find(core):] if core in full else core
            ms = first - len(core)
            while True:
                ms = text.find(core, ms + len(core))
                if ms < 0:
                    break
                if taken[ms]:
                    continue                # inside a kept name (the owner's own brand)
                me = ms + len(core)
                if not self.toks.is_boundary(ms):
                    continue
                # 石景化工 for 石景化工特种橡胶有限公司: extend over the full name's words
                k = len(core)
                while k < len(rest) and me + (k - len(core)) < len(text) \
                        and text[ms + k] == rest[k]:
                    k += 1
                if self.toks.is_boundary(ms + k):
                    me = ms + k
                if not self.toks.is_boundary(me) or not self.ends_name(me):
                    continue
                if taken.find(1, ms, me) >= 0:
                    continue
                kept.append(_Cand(ms, me, owner.type, 0, core))
                taken[ms:me] = b"\x01" * (me - ms)
        groups = self.group(kept)
        mentions: list[Mention] = []
        for group in groups:
            if len(group) == 1:             # most organizations are named in one form
                c = group[0]
                name = text[c.start:c.end]
                mentions.append(Mention("org", c.start, c.end, name,
                                        {"name": name, "type": c.type, "aliases": []}))
                continue
            forms = sorted({text[c.start:c.end] for c in group}, key=lambda f: (-len(f), f))
            best = max(group, key=lambda c: (c.end - c.start, c.rank))
            canon = text[best.start:best.end]
            for c in group:
                mentions.append(Mention("org", c.start, c.end, text[c.start:c.end], {
                    "name": canon, "type": best.type,
                    "aliases": [f for f in forms if f != canon]}))
        mentions.sort(key=_START_END)
        return mentions

    def ends_name(self, pos: int) -> bool:
        """Whether a bare brand ending at ``pos`` is complete (中铁 in 中铁物合作 is not)."""
        seg = self.toks.segment(pos)
        if not seg.starts:
            return True
        i = seg.index(pos)
        word, tag = seg.words[i], seg.tags[i]
        return (stops_name(seg, i, self.lex) or tag.startswith("v") or word in self.lex.trade
                or bool(self.lex.suffix_re.match(word)) or word in ("总部", "负责人", "董事长"))

    def group(self, kept: list[_Cand]) -> list[list[_Cand]]:
        """Candidates that name one organization: same brand, a government body with and
        without its 市/省 (北京经信委, 北京市经信委), a name inside a longer one of the same
        type (示范区执委会), a name in brackets right after another (A(B))."""
        text = self.text
        n = len(kept)
        parent = list(range(n))
        merged = False

        def find(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        # Two long forms merge only over a distinctive brand (西伯力), not a common word
        # (河北港口集团有限公司 and 渤海津冀港口投资发展有限公司 share only 港口).
        def full(c: _Cand) -> bool:       # a long form: more than brand + 公司/集团
            return c.rank == 3 and c.type != "government" and c.end - c.start > len(c.core) + 2

        names = [text[c.start:c.end] for c in kept]
        first: dict[str, int] = {}
        for k, c in enumerate(kept):
            a = names[k]
            kk = _gov_key(a) if c.type == "government" else (c.core or a)
            j = first.get(kk)
            if j is None:
                first[kk] = k
                continue
            b = names[j]
            if a == b or not (full(c) and full(kept[j])) or self._distinctive(c.core) \
                    or self._bare(a) in b or self._bare(b) in a:
                parent[find(k)] = find(j)
                merged = True
                if full(c):
                    first[kk] = k
        # longer names by type and last character, longest first (only names of 5 or more
        # characters can contain another name of 4 or more)
        longest_first: dict[tuple[str, str], list[int]] = {}
        for j in sorted((j for j in range(n) if len(names[j]) >= 5), key=lambda j: -len(names[j])):
            longest_first.setdefault((kept[j].type, names[j][-1]), []).append(j)
        by_start: dict[int, int] | None = None
        size = len(text)
        for k, c in enumerate(kept):
            name = names[k]
            if c.end < size and text[c.end] in "(（":
                if by_start is None:
                    by_start = {c.start: k for k, c in enumerate(kept)}
                j = by_start.get(c.end + 1, -1)
                if j >= 0 and kept[j].rank >= 2 and text[kept[j].end:kept[j].end + 1] in (")", "）"):
                    parent[find(j)] = find(k)
                    merged = True
            if len(name) < 4 or c.rank == 0:
                continue
            for j in longest_first.get((c.type, name[-1]), ()):
                other = names[j]
                if len(other) <= len(name):
                    break
                if other.endswith(name):
                    parent[find(k)] = find(j)
                    merged = True
                    break
        if not merged:
            return [[c] for c in kept]
        groups: dict[int, list[_Cand]] = {}
        for k, c in enumerate(kept):
            groups.setdefault(find(k), []).append(c)
        return list(groups.values())

    @staticmethod
    def _bare(name: str) -> str:
        """A name without its brackets and legal form (石景化工公司 → 石景化工)."""
        return _bare(name)

    @staticmethod
    def _distinctive(core: str) -> bool:
        """Whether a brand is no common word (an unknown word or a proper noun)."""
        return _distinctive(core)

    @staticmethod
    def _excluded(name: str, source: str | None) -> bool:
        """The outlet itself, wire services and other non-organizations."""
        return _excluded(name, source)
