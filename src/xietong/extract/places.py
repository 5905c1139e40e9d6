"""Places: every mention of a Chinese administrative division, resolved to its adcode.

One Aho-Corasick automaton holds every division's full name, its short name (衡水,
曹妃甸, 大厂), former and newer names (冀县, 通县, 滦州市) and a few *blockers*: words
that contain a place name without naming it (雄安 in 雄安新区 would otherwise give
安新县; 广安门).  Matches are taken leftmost-longest, then filtered by the
grammar around them (roads 北京路, outlets 河北日报) and resolved by context: the other
places the article names (朝阳 next to 北京 is 北京市朝阳区), else the 京津冀 focus.

The automaton ships prebuilt in reference/data/places_tables.pickle (loaded in a few
milliseconds; ``python -m xietong.extract.places`` rebuilds it after the gazetteer data
or the word lists change, and a stale file is ignored: the tables are then built).
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from functools import cache

import ahocorasick
import rjieba

from xietong.model import Document, Mention
from xietong.reference.gazetteer import DATA, Division, Gazetteer, load_gazetteer


def _words(block: str) -> frozenset[str]:
    """The whitespace-separated words of ``block``."""
    return frozenset(block.split())


# Short names (and a few full names) that are ordinary words far more often than places.
STOP_NAMES = _words("""
和平 长安 东方 新城 城区 郊区 矿区 新区 开发区 高新区 永安 通道 江南 太平 平安 白云 友谊 友好
合作 共和 振兴 宏伟 向阳 前锋 新兴 兴业 公安 东风 中方 大方 比如 无为 同心 同德 同仁 民权
民乐 东区 西区 南区 北区 中区 回民 新星 新民 元宝 七星 温泉 石林 金沙 青山 龙门 三门 大关
大化 大安 东海 白塔 天桥 河口 河西 河东 西乡 新华 城中 城东 城西 城南 城北 市中 市南 市北
中山 长宁 普陀 南山 北山 西湖 东湖 南湖 仁和 永和 和顺 安宁 安定 长城 长乐 吉安 永康 永定
永丰 永兴 太和 太康 富民 城关 桥东 桥西 路南 路北 新市 江北 江东 江海 沙市 凤凰 龙华 黄山
泰山 衡山 庐山 天山 五台 九龙 石门 华容 平山 光明 红旗 胜利 解放 团结 江山 金山 丰收 阳光
资源 南部 新建 会同 复兴 运河 吉利 莲花 芙蓉 高明 清新 建华 名山 丰满 西山 长子 万年 紫金
""")

# Words that contain a place name without naming it (matched like places, then dropped).
BLOCKERS = _words("""
雄安 雄安新区 广安门 广安门内 广安门外 京津冀 京津 津冀 北京时间 东方红 中山装 中山公园 中山路
长安街 长安汽车 长城汽车 长城网 南京路 北京路 天津路 上海路 西藏路 新疆棉 江南大学 华北
华东 华南 华中 西北 东北 西南 东南 东北大学 山东大学 北京大学 河北大学 天津大学 清华大学
太原街 香港街 大连路 青岛路 宝山路 黄山路 金山路 泰山路 中华人民共和国 人民日报 光明日报
经济日报 南方日报 新华社 新华网 人民网 央视网 中新网 中国新闻网 澎湃新闻 阿里云 阿里巴巴
""")

# What may follow a place name when it is part of a road or street name (北京路, 天津大街).
_ROAD = re.compile(r"(?:[东西南北中]?(?:路|大街|大道|街道?|胡同|巷|里弄)(?![线网径演]))")
# What follows a place name that is an outlet's own name (河北日报, 北京青年报).
_OUTLET = re.compile(
    r"(?:日报|晚报|晨报|青年报|商报|时报|法制报|经济报|报社|报业|电视台|广播电视台|卫视|"
    r"新闻网|新闻频道|广播电台|人民广播|发布|融媒|客户端|网讯|信息港|在线|网(?![点络格]))")
# A line that credits the outlet (来源:固安信息港) names no place.
_CREDIT = re.compile(r"(?:来源|来自|出处|稿源|作者|编辑|责编)\s*[:：]")
# Copyright notices and share bars: lines that are about the site, not the story.
_BOILER = re.compile(r"版权|转载|授权|ICP备|Copyright|©")
# Region words that make their provinces the article's context (长三角 supports 嘉善).
_REGIONS: dict[str, tuple[str, ...]] = {
    "京津冀": ("110000", "120000", "130000"), "长三角": ("310000", "320000", "330000", "340000"),
    "珠三角": ("440000",), "粤港澳": ("440000", "810000", "820000"), "成渝": ("500000", "510000"),
    "东三省": ("210000", "220000", "230000"), "长江三角洲": ("310000", "320000", "330000", "340000"),
}
_REGION_RE = re.compile("|".join(_REGIONS))
# A short name followed by a level word is a full name written loosely (大厂县, 武清区).
_LEVEL_WORD = re.compile(r"[县市区旗]")

# After a county's or prefecture's short name: an estate or community named after it
# (滨海康养社区, 武清花园) — a place in its own right, often elsewhere — not the division.
# (花园城市, 花园式 are the place's own ambitions, not an estate.)
_ESTATE = re.compile(
    r"(?:康养|养老|国际)?(?:社区|小区|花园(?![城式])|家园|公寓|庄园|公馆|华府|名苑|雅苑)")
# After a county's short name: a bay (崖州湾, 胶州湾) or a zone named after it (北戴河新区).
# A 新区 that is itself a division (滨海新区) matched as a full name before this is asked.
_COUNTY_FEATURE = re.compile(f"{_ESTATE.pattern}|湾|新区")
# The characters these can start with (a set test before the regex).
_FEATURE_FIRST = frozenset("康养国社小花家公庄华名雅湾新")

# Characters of context on each side that the segmenter sees around a straddled name.
_WINDOW = 6

JJJ = ("11", "12", "13")
_SPLIT_WORDS = frozenset({"区域", "市场", "市民"})


@dataclass(frozen=True, slots=True)
class _Entry:
    """What a surface form may mean: candidate codes and how the form names them."""

    codes: tuple[str, ...]
    kind: str          # full | short | alias | block
    # what after a short name makes it the name of something else (see _feature_of):
    # None, or _ESTATE, or _COUNTY_FEATURE
    feature: re.Pattern[str] | None = None


class _Hit:
    """A form found in the text (a plain class: compiled, its constructor is native)."""

    def __init__(self, start: int, end: int, entry: _Entry, code: str = "") -> None:
        self.start = start
        self.end = end
        self.entry = entry
        self.code = code


@cache
def _cover() -> frozenset[str]:
    """Common words that contain a county's short name (built by scripts/build_gazetteer.py)."""
    path = DATA / "gazetteer_cover.txt"
    return frozenset(path.read_text(encoding="utf-8").split())


@cache
def _edges() -> frozenset[str]:
    """Common two-character words that straddle a place name's edge (built by
    scripts/build_gazetteer.py): 贯通 and 城区 around 通城 in 贯通城区."""
    path = DATA / "gazetteer_edges.txt"
    return frozenset(path.read_text(encoding="utf-8").split())


def _straddled(text: str, start: int, end: int) -> bool:
    """True when a two-character name lies across two words (贯通|城区, 平衡|水平).

    Cheap test first: the character before it forms a common word with its first
    character and the character after it one with its last.  Only then the segmenter
    decides on a short window: the name is straddled when neither of its edges is a word
    boundary (推动|武清|新城 keeps 武清; 和平|谷|地区 keeps 平谷).
    """
    if end - start != 2 or start == 0 or end >= len(text):
        return False
    edges = _edges()
    if text[start - 1:start + 1] not in edges or text[end - 1:end + 1] not in edges:
        return False
    return _cut_across(text, start, end)


def _cut_across(text: str, start: int, end: int) -> bool:
    """True when the segmenter puts no word boundary at either edge of [start, end)."""
    left = max(0, start - _WINDOW)
    bounds = {left}
    pos = left
    for word in rjieba.cut(text[left:end + _WINDOW]):
        pos += len(word)
        bounds.add(pos)
    return start not in bounds and end not in bounds


def _feature_of(gaz: Gazetteer, codes: list[str], kind: str) -> re.Pattern[str] | None:
    """What may follow a short name and make it head the name of an estate, a bay or a
    新区 zone rather than name its division (滨海康养社区, 崖州湾, 北戴河新区): estates after
    a prefecture's or county's short name; bays and 新区 only after a county's."""
    if kind != "short":
        return None
    levels = {gaz.divisions[c].level for c in codes}
    if "province" in levels:
        return None
    return _COUNTY_FEATURE if levels == {"county"} else _ESTATE


@cache
def _automaton() -> tuple[ahocorasick.Automaton, Gazetteer]:
    """The automaton of every place name and blocker (built once)."""
    gaz = load_gazetteer()
    table: dict[str, tuple[list[str], str]] = {}

    def add(form: str, code: str, kind: str) -> None:
        if len(form) < 2:
            return
        codes, old = table.get(form, ([], kind))
        rank = {"full": 0, "alias": 1, "short": 2}
        if form in table and rank[kind] > rank[old]:
            return
        if form in table and rank[kind] < rank[old]:
            codes = []
        if code not in codes:
            codes.append(code)
        table[form] = (codes, kind)

    for d in gaz.divisions.values():
        add(d.name, d.code, "full")
    for alias, (code, _kind) in gaz.aliases.items():
        add(alias, code, "alias")
    for d in gaz.divisions.values():
        if d.short != d.name:
            add(d.short, d.code, "short")
    auto = ahocorasick.Automaton()
    for form, (codes, kind) in table.items():
        if form in STOP_NAMES:
            kind = "block"
        auto.add_word(form, (len(form), _Entry(tuple(codes), kind, _feature_of(gaz, codes, kind))))
    for word in BLOCKERS | STOP_NAMES:
        if word not in table:
            auto.add_word(word, (len(word), _Entry((), "block")))
    auto.make_automaton()
    return auto, gaz


def _wide(text: str) -> str:
    """``text`` with every character spelled as its four UTF-32-BE bytes (one letter each).

    pyahocorasick finds a node's child by a linear search over its children; with ~900
    distinct first characters at the root that search dominates the scan.  Spelled as
    bytes, the root has one child (NUL) and a character's high byte narrows the low one,
    so the same automaton walk costs about a quarter.
    """
    return text.encode("utf-32-be", "surrogatepass").decode("latin-1")  # 4 bytes per char, always


def _aligned(form: str) -> bool:
    """True when the wide spelling of ``form`` can only match at character boundaries.

    Every character's wide spelling starts with NUL, so a match shifted by 1, 2 or 3
    letters needs all of the form's characters below U+1100 or all with a NUL low byte."""
    return any(ord(c) >= 0x1100 for c in form) and any(ord(c) & 0xFF for c in form)


# The automaton, its entries and the useful edge words, built once by :func:`write_tables`
# (``python -m xietong.extract.places``) so that a process loads them in about a
# millisecond instead of building them (~150 ms).  Bump _TABLES_VERSION when the code
# that builds them changes; the key also covers the data files and word lists they
# come from, and a stale or unreadable file is ignored (the tables are then built).
TABLES = DATA / "places_tables.pickle"
_TABLES_VERSION = 4
_TABLE_SOURCES = ("gazetteer.tsv", "gazetteer_aliases.tsv", "gazetteer_edges.txt",
                  "gazetteer_cover.txt")
_FEATURES: tuple[re.Pattern[str] | None, ...] = (None, _ESTATE, _COUNTY_FEATURE)
# An automaton value packs the entry's index, whether it is a blocker and the form's
# length (at most 31): index << 6 | block << 5 | length.
_LENGTH_MASK = 31
_BLOCK = 32
_ENTRY_SHIFT = 6


@dataclass(slots=True)
class _Tables:
    """What the scan needs: the automaton (values: see _ENTRY_SHIFT), whether
    it spells forms wide, the entries (materialized on first use) and the edge words
    that can touch a two-character form's edge (see :func:`_straddled`)."""

    auto: ahocorasick.Automaton
    wide: bool
    lines: list[str]                  # entry i as "kind feature code code ..."
    entries: list[_Entry | None]
    edges: dict[str, str]             # edge words: first character → the second ones
    cover_pairs: frozenset[str]       # the two-character pieces of the cover words

    def entry(self, i: int) -> _Entry:
        """Entry ``i`` (built from its line the first time it is asked for)."""
        e = self.entries[i]
        if e is None:
            kind, feature, *codes = self.lines[i].split(" ")
            e = self.entries[i] = _Entry(tuple(codes), kind, _FEATURES[int(feature)])
        return e


def _tables_key() -> str:
    """Digest of everything the tables are built from (data files, word lists, version)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_TABLES_VERSION} {sorted(STOP_NAMES)} {sorted(BLOCKERS)}".encode())
    for name in _TABLE_SOURCES:
        h.update((DATA / name).read_bytes())
    return h.hexdigest()


def _table_state() -> dict[str, object]:
    """The tables as plain data (what :func:`write_tables` pickles)."""
    auto, _ = _automaton()
    wide = all(_aligned(form) for form in auto)
    packed = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    lines: list[str] = []
    index: dict[_Entry, int] = {}
    for form, (length, entry) in sorted(auto.items(), key=lambda item: item[0]):
        i = index.get(entry)
        if i is None:
            i = index[entry] = len(lines)
            lines.append(" ".join((entry.kind, str(_FEATURES.index(entry.feature)),
                                   *entry.codes)))
        block = _BLOCK if entry.kind == "block" else 0
        packed.add_word(_wide(form) if wide else form, i << _ENTRY_SHIFT | block | length)
    packed.make_automaton()
    pairs = [form for form in auto if len(form) == 2]
    firsts, lasts = {f[0] for f in pairs}, {f[1] for f in pairs}
    after: dict[str, list[str]] = {}
    for w in sorted(_edges()):
        if len(w) == 2 and (w[1] in firsts or w[0] in lasts):
            after.setdefault(w[0], []).append(w[1])
    edges = {first: "".join(seconds) for first, seconds in after.items()}
    cover_pairs = sorted({w[i:i + 2] for w in _cover() for i in range(len(w) - 1)})
    return {"key": _tables_key(), "auto": packed, "wide": wide, "lines": "\n".join(lines),
            "edges": edges, "cover_pairs": " ".join(cover_pairs)}


def write_tables() -> None:
    """(Re)write the packaged tables file from the gazetteer data (run at build time)."""
    TABLES.write_bytes(pickle.dumps(_table_state(), protocol=pickle.HIGHEST_PROTOCOL))


@cache
def _tables() -> _Tables:
    """The tables: read from the packaged file when it is current, else built."""
    state: dict[str, object] | None = None
    try:
        loaded = pickle.loads(TABLES.read_bytes())
        if isinstance(loaded, dict) and loaded.get("key") == _tables_key():
            state = loaded
    except Exception:  # any unreadable file (other pickle format) means building them
        state = None
    if state is None:
        state = _table_state()
    auto, edges = state["auto"], state["edges"]
    lines = str(state["lines"]).split("\n")
    assert isinstance(auto, ahocorasick.Automaton) and isinstance(edges, dict)
    return _Tables(auto, bool(state["wide"]), lines, [None] * len(lines),
                   edges,
                   frozenset(str(state["cover_pairs"]).split()))


def _scan(text: str) -> list[_Hit]:
    """Leftmost-longest, non-overlapping matches of the automaton over ``text``."""
    return [_Hit(start, end, entry) for start, end, entry in _matches(text)]


def _line_info(text: str, line_start: int) -> tuple[int, bool]:
    """For the line starting at ``line_start``: where its first credit marker (来源:) ends
    (-1 if none), and whether it is boilerplate (copyright notice, share bar)."""
    line_end = text.find("\n", line_start)
    if line_end < 0:
        line_end = len(text)
    credit = _CREDIT.search(text, line_start, line_end)
    boiler = bool(_BOILER.search(text, line_start, line_end)) \
        or text.count("|", line_start, line_end) >= 3
    return (credit.end() if credit else -1, boiler)


# The road and outlet words never look further than 6 characters past the name.
_ROAD_OR_OUTLET = re.compile(f"{_ROAD.pattern}|{_OUTLET.pattern}")
# The characters they can start with (a set test before the regex).
_ROAD_OR_OUTLET_FIRST = frozenset("东西南北中路大街胡巷里日晚晨青商时法经报电广卫新人发融客网信在")


def _clear_until(text: str) -> int:
    """Where the first line that may hold a credit marker or boilerplate starts (the
    lines before it need no :func:`_line_info`): the line of the first 来源:, 版权 or |."""
    first = len(text)
    for m in (_CREDIT.search(text), _BOILER.search(text)):
        if m is not None and m.start() < first:
            first = m.start()
    bar = text.find("|", 0, first)
    if bar >= 0:
        first = bar
    return text.rfind("\n", 0, first) + 1 if first < len(text) else first


def _context_ok(text: str, hit: _Hit, lines: dict[int, tuple[int, bool]] | None = None) -> bool:
    """False when the name is part of a road, an outlet's name or a credit line.

    ``lines`` caches :func:`_line_info` per line start for one article.
    """
    if _ROAD_OR_OUTLET.match(text, hit.end, hit.end + 6):
        return False
    line_start = text.rfind("\n", 0, hit.start) + 1
    info = lines.get(line_start) if lines is not None else None
    if info is None:
        info = _line_info(text, line_start)
        if lines is not None:
            lines[line_start] = info
    credit_end, boiler = info
    # credit markers never overlap, so one ends before the hit iff the first one does
    return not boiler and not 0 <= credit_end <= hit.start


def _split_word(text: str, hit: _Hit) -> _Hit | None:
    """河北区域 is 河北 + 区域, 冀州市场 is 冀州 + 市场: re-read the name without its last character."""
    if hit.end < len(text) and text[hit.end - 1:hit.end + 1] in _SPLIT_WORDS:
        tables = _tables()
        form = text[hit.start:hit.end - 1]
        key = _wide(form) if tables.wide else form
        if key in tables.auto:
            entry = tables.entry(tables.auto.get(key) >> _ENTRY_SHIFT)
            return _Hit(hit.start, hit.end - 1, entry) if entry.kind != "block" else None
        return None
    return hit


def _covered(text: str, hit: _Hit) -> bool:
    """True when a county's short name lies inside a longer common word (大城市, 潮白河):
    a cover word of at most 6 characters with at most 4 around the name on either side.

    A word reaching left of the name holds the two characters across its start, one
    reaching right those across its end: checked first, as pairs of cover words."""
    s, e = hit.start, hit.end
    pairs = _tables().cover_pairs
    most_left = min(4, s) if text[s - 1:s + 1] in pairs else 0
    most_right = min(4, len(text) - e) if text[e - 1:e + 1] in pairs else 0
    if not (most_left or most_right):
        return False
    cover = _cover()
    room = 6 - (e - s)
    for left in range(min(most_left, room) + 1):
        for right in range(min(most_right, room - left) + 1):
            if (left or right) and text[s - left:e + right] in cover:
                return True
    return False


@cache
def _above(code: str) -> frozenset[str]:
    """The codes of the divisions above ``code``."""
    return frozenset(a.code for a in load_gazetteer().ancestors(code))


@cache
def _support(code: str) -> frozenset[str]:
    """``code`` and the codes above it: what naming it says about the article's context."""
    return _above(code) | {code}


@cache
def _base_score(code: str) -> float:
    """The context-free part of a candidate's score: 京津冀 and the division's level."""
    d = load_gazetteer().divisions[code]
    return (1.0 if code[:2] in JJJ else 0.0) + {"province": 5, "prefecture": 1}.get(d.level, 0)


class _Code:
    """What resolving and reporting a place ask about its code (a plain class: compiled,
    its attributes are native, unlike a Division's)."""

    def __init__(self, d: Division, above: frozenset[str], base: float) -> None:
        self.name = d.name
        self.level = d.level
        self.path = d.path
        self.parent = d.parent
        self.county = d.level == "county"
        self.jjj = d.code[:2] in JJJ
        self.above = above                  # the codes above it
        self.support = above | {d.code}     # see _support
        self.base = base                    # see _base_score


_CODES: dict[str, _Code] = {}


def _code(code: str) -> _Code:
    """The :class:`_Code` of ``code`` (built once per code)."""
    c = _CODES.get(code)
    if c is None:
        c = _CODES[code] = _Code(load_gazetteer().divisions[code], _above(code),
                                 _base_score(code))
    return c


def _score(gaz: Gazetteer, code: str, anchors: set[str], near: set[str]) -> float:
    """How well a candidate fits the context: next to its parent, under a named division,
    in 京津冀; a province's short name (河北) outweighs a district's (天津河北区)."""
    score = 0.0
    c = _code(code)
    above = c.above
    if not above.isdisjoint(near):
        score += 8
    if not above.isdisjoint(anchors):
        score += 4 if c.parent in anchors else 2
    return score + c.base


def _resolve(gaz: Gazetteer, text: str, hits: list[_Hit]) -> list[_Hit]:
    """Pick one code per hit from context; drop names the context does not support.

    Context is what the *other* mentions of the article name: their codes and the
    divisions above them.  A county named only by its short name outside 京津冀 needs
    that support (or a level word after it, 嘉善县); so does an ambiguous name with no
    candidate in 京津冀 (新城区 of Hohhot or of Xi'an).
    """
    support: dict[str, frozenset[str]] = {}      # code named → it and the divisions above it
    for h in hits:
        if len(h.entry.codes) == 1:
            h.code = h.entry.codes[0]
            support[h.code] = _code(h.code).support
    regions: set[str] | None = None       # the provinces of the regions named (长三角), lazily
    others_of: dict[str, set[str]] = {}    # a hit's own code → what the other mentions name
    kept: list[_Hit] = []
    prev: _Hit | None = None
    for h in hits:
        before, prev = prev, h
        if h.code and (h.entry.kind != "short" or not _code(h.code).county):
            kept.append(h)  # one candidate, no support needed
            continue
        others = others_of.get(h.code)
        if others is None:
            if regions is None:
                regions = {c for m in _REGION_RE.finditer(text) for c in _REGIONS[m.group()]}
            others = set(regions)
            for code, codes in support.items():
                if code != h.code:
                    others |= codes
            others_of[h.code] = others
        near = {before.code} if before is not None and before.end >= h.start - 1 and before.code \
            else set()
        if not h.code:
            # the first candidate of the best (score, -code): max() without a key lambda
            best, best_score, best_num = "", 0.0, 0
            for c in h.entry.codes:
                sc, num = _score(gaz, c, others, near), -int(c)
                if not best or sc > best_score or (sc == best_score and num > best_num):
                    best, best_score, best_num = c, sc, num
            h.code = best
            info = _code(best)
            supported = not info.above.isdisjoint(others | near)
            if info.county and not supported and (not info.jjj or h.entry.kind == "short"):
                continue
        info = _code(h.code)
        if h.entry.kind == "short" and info.county:
            if _covered(text, h):
                continue
            if not info.jjj and info.above.isdisjoint(others | near) \
                    and not _LEVEL_WORD.match(text, h.end):
                continue
        kept.append(h)
    return kept


def _matches(text: str) -> list[tuple[int, int, _Entry]]:
    """(start, end, entry) of the leftmost-longest, non-overlapping automaton matches."""
    tables = _tables()
    entry, mask = tables.entry, _LENGTH_MASK
    if not tables.wide:
        return [(x + 1 - (v & mask), x + 1, entry(v >> _ENTRY_SHIFT))
                for x, v in tables.auto.iter_long(text)]
    # a match ending at letter x of the wide spelling ends at character (x + 1) / 4
    return [((end := x + 1 >> 2) - (v & mask), end, entry(v >> _ENTRY_SHIFT))
            for x, v in tables.auto.iter_long(_wide(text))]


def find_places(doc: Document) -> list[Mention]:
    """Every place mention in ``doc.text`` (kind "place"; data: adcode, name, level, path)."""
    text = doc.text
    gaz = load_gazetteer()
    lines: dict[int, tuple[int, bool]] = {}
    road_or_outlet, road_or_outlet_first = _ROAD_OR_OUTLET.match, _ROAD_OR_OUTLET_FIRST
    n = len(text)
    tables = _tables()
    entry_of, entries, edges = tables.entry, tables.entries, tables.edges
    length_mask, block_bit, entry_shift, split_words = _LENGTH_MASK, _BLOCK, _ENTRY_SHIFT, \
        _SPLIT_WORDS
    feature_first = _FEATURE_FIRST
    clear_until = _clear_until(text)
    hits: list[_Hit] = []
    # the loop of _matches, inlined: a match ending at letter x of the wide spelling
    # ends at character (x + 1) / 4
    shift = 2 if tables.wide else 0
    for x, v in tables.auto.iter_long(_wide(text) if shift else text):
        end = x + 1 >> shift
        start = end - (v & length_mask)
        if end < n and text[end - 1:end + 1] in split_words:
            split = _split_word(text, _Hit(start, end, entry_of(v >> entry_shift)))
            if split is None:
                continue    # (a split name is never a blocker)
            start, end, entry = split.start, split.end, split.entry
        elif v & block_bit:
            continue
        else:
            entry = entries[v >> entry_shift] or entry_of(v >> entry_shift)
        # inline _context_ok: this loop runs for every automaton match
        if text[end:end + 1] in road_or_outlet_first and road_or_outlet(text, end, end + 6):
            continue
        if end - start == 2 and start and text[start] in edges.get(text[start - 1], "") \
                and end < n and text[end] in edges.get(text[end - 1], "") \
                and _cut_across(text, start, end):
            continue
        feature = entry.feature
        if feature is not None and text[end:end + 1] in feature_first \
                and feature.match(text, end):
            continue
        if start >= clear_until:
            line_start = text.rfind("\n", 0, start) + 1
            info = lines.get(line_start)
            if info is None:
                info = lines[line_start] = _line_info(text, line_start)
            if info[1] or 0 <= info[0] <= start:
                continue
        hits.append(_Hit(start, end, entry))
    out: list[Mention] = []
    for h in _resolve(gaz, text, hits):
        d = _code(h.code)
        out.append(Mention("place", h.start, h.end, text[h.start:h.end],
                           {"adcode": h.code, "name": d.name, "level": d.level,
                            "path": d.path}))
    return out


if __name__ == "__main__":
    write_tables()
