"""Lexicons and token helpers for the organizations extractor.

The data lives in ``xietong/reference/data/org_*`` (legal forms and type-giving endings,
government-body words, trade words, stop words, generic heads); it is read once per process.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import accumulate
from typing import Any


class _Segmenter:
    """rjieba's ``tag`` and ``has_word``, imported on first use: loading its dictionary
    costs about 0.1 s, which runs that never meet an organization ending need not pay.
    (Plain methods, not ``__getattr__``: the module is compiled with mypyc.)"""

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech) pairs of ``text``."""
        return _rjieba().tag(text)  # type: ignore[no-any-return]

    def has_word(self, word: str) -> bool:
        """Whether ``word`` is in rjieba's dictionary."""
        return _rjieba().has_word(word)  # type: ignore[no-any-return]


@cache
def _rjieba() -> Any:
    import rjieba

    return rjieba


jieba = _Segmenter()


def _lines(name: str) -> list[str]:
    """Non-comment, non-empty lines of a data file."""
    text = (files("xietong.reference") / "data" / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` that prefers the longest form, written as a trie
    (发(?:展(?:和改革|改革委|改革)|改)): the engine tries one branch per character
    instead of every word at every position.  Same matches as the flat longest-first
    alternation: the words that match at one position are prefixes of each other and
    the trie tries the longer before the shorter."""
    return _trie(sorted(set(words), key=lambda w: (-len(w), w)))


def _trie(words: list[str]) -> str:
    """Alternation of ``words`` (longest first, no duplicates) grouped by first character;
    the empty word (a word ending here) is tried last."""
    groups: dict[str, list[str]] = {}
    ends = False
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            ends = True
    alts = []
    for ch, rest in groups.items():
        if len(rest) == 1:
            alts.append(re.escape(ch + rest[0]))
        else:
            alts.append(f"{re.escape(ch)}(?:{_trie(rest)})")
    if ends:
        alts.append("")
    return "|".join(alts)




@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per process
class Lexicon:
    """Everything the extractor looks words up in, compiled once."""

    suffix_type: dict[str, str]
    suffix_re: re.Pattern[str]
    suffix_end_re: re.Pattern[str]
    party_re: re.Pattern[str]
    dept_re: re.Pattern[str]
    body_re: re.Pattern[str]
    depts: frozenset[str]
    trade: frozenset[str]
    descriptors: frozenset[str]     # trade, region and generic words and 园/地/目
    descriptor_ends: WordEnds       # the same, for "does a descriptor end here"
    ending_first: re.Pattern[str]   # the first characters of the government endings
    dept_by_last: dict[str, tuple[int, ...]]   # lengths of the dept words by last character
    stop: frozenset[str]
    generic: frozenset[str]
    ministry_depts: frozenset[str]
    name_verbs: frozenset[str]
    regions: frozenset[str]
    infra: frozenset[str]
    gov_short: dict[str, str]       # long department word or ending → its abbreviation
    gov_short_re: re.Pattern[str]   # the long forms, longest first


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicons, loaded and compiled on first use."""
    suffix_type: dict[str, str] = {}
    for ln in _lines("org_suffixes.tsv"):
        word, typ = ln.split("\t")
        suffix_type[word] = typ
    party: list[str] = []
    body: list[str] = []
    endings: list[str] = []
    depts: list[str] = []
    gov_short: dict[str, str] = {}
    for ln in _lines("org_gov.tsv"):
        kind, word, *short = ln.split("\t")
        if kind == "short":
            gov_short[word] = short[0]
            continue
        {"party": party, "body": body, "ending": endings, "dept": depts}[kind].append(word)
    # A school's name must not run on into a longer common word (大学生, 学院路, 大学城).
    suffix_re = re.compile(f"(?:{alternation(list(suffix_type))})(?!(?<=[学院校])[生城路街道站])")
    party_re = re.compile(f"[省市县区州旗盟](?:{alternation(party)})(?![员托屈])")
    dept_re = re.compile(f"(?:{alternation(depts)})(?:{alternation(endings)})(?![员长任])")
    body_re = re.compile(f"(?:{alternation(body)})")
    words: dict[str, set[str]] = {"name_verb": set(), "region": set(), "ministry": set(),
                                  "infra": set()}
    for ln in _lines("org_words.tsv"):
        kind, word = ln.split("\t")
        words[kind].add(word)
    trade = frozenset(_lines("org_trade.txt"))
    generic = frozenset(_lines("org_generic.txt"))
    descriptors = trade | words["region"] | {g for g in generic if len(g) >= 2} | {"园", "地", "目"}
    return Lexicon(
        suffix_type=suffix_type,
        suffix_re=suffix_re,
        suffix_end_re=re.compile(f"(?:{alternation(list(suffix_type))})$"),
        party_re=party_re,
        dept_re=dept_re,
        body_re=body_re,
        depts=frozenset(depts),
        trade=trade,
        descriptors=descriptors,
        descriptor_ends=WordEnds(descriptors),
        ending_first=re.compile("[" + re.escape("".join(sorted({w[0] for w in endings}))) + "]"),
        dept_by_last=WordEnds(depts).by_last,
        stop=frozenset(_lines("org_stop.txt")),
        generic=generic,
        ministry_depts=frozenset(words["ministry"]),
        name_verbs=frozenset(words["name_verb"]),
        regions=frozenset(words["region"]),
        infra=frozenset(words["infra"]),
        gov_short=gov_short,
        gov_short_re=re.compile(alternation(gov_short)),
    )


def ends_with(text: str, end: int, words: frozenset[str], lo: int = 0) -> bool:
    """Whether some text[p:end] with ``lo`` <= p < ``end`` is one of ``words`` — the test
    ``re.compile(f"(?:{alternation(words)})$").search(text, lo, end)`` makes (``$`` also
    matches before a final line break), by set look-ups instead of a regex scan."""
    lo = max(lo, 0)
    if any(text[p:end] in words for p in range(lo, end)):
        return True
    return end > lo and text[end - 1] == "\n" and any(
        text[p:end - 1] in words for p in range(lo, end - 1))


class WordEnds:
    """:func:`ends_with` for one fixed word set, by the lengths of the words that end in
    the last character (one or two set look-ups instead of one per position)."""

    __slots__ = ("by_last", "words")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        by_last: dict[str, set[int]] = {}
        for w in self.words:
            by_last.setdefault(w[-1], set()).add(len(w))
        self.by_last = {c: tuple(sorted(ks)) for c, ks in by_last.items()}

    def at(self, text: str, end: int, lo: int = 0) -> bool:
        """Whether some text[p:end] with ``lo`` <= p < ``end`` is one of the words (``$``
        semantics: also before a final line break), as :func:`ends_with`."""
        lo = max(lo, 0)
        if end <= lo:
            return False
        if self._at(text, end, end - lo):
            return True
        return text[end - 1] == "\n" and self._at(text, end - 1, end - 1 - lo)

    def _at(self, text: str, end: int, most: int) -> bool:
        """Whether a word of at most ``most`` characters ends at ``end``."""
        if end <= 0 or most <= 0:
            return False
        words = self.words
        for k in self.by_last.get(text[end - 1], ()):
            if k > most:
                break
            if text[end - k:end] in words:
                return True
        return False


def dept_matches(text: str, lex: Lexicon) -> Iterator[re.Match[str]]:
    """``lex.dept_re.finditer(text)``, faster: a match is a dept word right before an
    ending, so only the starts of dept words that end before an ending's first character
    (found by one character-class scan) are tried, in order and without overlaps."""
    starts: list[int] = []
    depts, by_last = lex.depts, lex.dept_by_last
    for q in lex.ending_first.finditer(text):
        e = q.start()
        if e:
            for k in by_last.get(text[e - 1], ()):
                if k <= e and text[e - k:e] in depts:
                    starts.append(e - k)
    starts.sort()
    match = lex.dept_re.match
    last = 0
    for s in starts:
        if s >= last:
            m = match(text, s)
            if m:
                last = m.end()
                yield m


# Clauses: runs of text between punctuation.  No name crosses one of these characters, so
# each clause is segmented on its own, and only when a rule needs its words.
_DELIMS = "，,。；;：:、！？!?“”\"《》【】「」『』"
_CLAUSE = re.compile(rf"[^{_DELIMS}\s]+")
_DELIM = re.compile(rf"[{_DELIMS}\s]")
_DELIM_SET = frozenset(_DELIMS)


class Segment:
    """The words of one clause: words, their tags and (absolute) start offsets."""

    __slots__ = ("pairs", "start_set", "starts", "tags", "words")

    def __init__(self, pairs: list[tuple[str, str]], words: tuple[str, ...],
                 tags: tuple[str, ...], starts: list[int], start_set: frozenset[int]) -> None:
        self.pairs = pairs          # the segmenter's (word, tag) pairs
        self.words = words
        self.tags = tags
        self.starts = starts
        self.start_set = start_set

    @classmethod
    def of(cls, text: str, offset: int) -> Segment:
        tagged = jieba.tag(text)
        if not tagged:
            return _EMPTY
        # pairs: the halves have one length (no strict= check: it costs more than the zip)
        words, tags = zip(*tagged)  # noqa: B905
        starts = list(accumulate(map(len, words), initial=offset))
        starts.pop()
        return cls(tagged, words, tags, starts, frozenset(starts))

    def index(self, pos: int) -> int:
        """Index of the word containing character ``pos`` (-1 before the first)."""
        return bisect_right(self.starts, pos) - 1

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])


_EMPTY = Segment([], (), (), [], frozenset())


class Tokens:
    """The segmentation of a text, clause by clause, computed on demand and kept.

    Clause edges are found only around the positions asked about (by a regex search
    forwards in the text and backwards in its reversal), not for the whole text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._rev = ""                      # the reversed text, made on the first miss
        self._starts: list[int] = []        # starts of the clauses segmented so far, sorted
        self._segs: list[tuple[int, Segment]] = []   # (end, words) of each, in that order
        self._last: tuple[int, int, Segment] = (0, 0, _EMPTY)

    def span(self, pos: int) -> tuple[int, int]:
        """[start, end) of the clause containing ``pos`` (start == end on a delimiter)."""
        text = self.text
        if pos < 0 or pos >= len(text):
            return pos, pos
        ch = text[pos]
        if ch in _DELIM_SET or ch.isspace():    # = _DELIM.match(text, pos)
            return pos, pos
        m = _DELIM.search(text, pos)
        end = m.start() if m else len(text)
        if not self._rev:
            self._rev = text[::-1]
        n = len(text)
        m = _DELIM.search(self._rev, n - pos)
        return (n - m.start() if m else 0), end

    def segment(self, pos: int) -> Segment:
        """The words of the clause containing ``pos`` (empty between clauses)."""
        last = self._last
        if last[0] <= pos < last[1]:
            return last[2]                  # rules ask about one clause several times in a row
        k = bisect_right(self._starts, pos) - 1
        if k >= 0 and pos < self._segs[k][0]:
            s, (e, seg) = self._starts[k], self._segs[k]
        else:
            s, e = self.span(pos)
            if s == e:
                return _EMPTY
            seg = Segment.of(self.text[s:e], s)
            self._starts.insert(k + 1, s)
            self._segs.insert(k + 1, (e, seg))
        self._last = (s, e, seg)
        return seg

    def is_boundary(self, pos: int) -> bool:
        """Whether a word starts or ends at ``pos`` (clause edges count)."""
        if pos <= 0 or pos >= len(self.text):
            return True
        seg = self.segment(pos)
        return not seg.starts or pos in seg.start_set


_NUMERIC = re.compile(r"^[\d.%]+$|^[一二两三四五六七八九十百千万亿几多数]+$")
_TIME = re.compile(r"[年月日天时]|^[当今昨明前此]")
_DIGIT_PAIR = re.compile(r"^[一二三四五六七八九]{2}$")
_NUMERAL_CHAR = re.compile(r"[\d一二两三四五六七八九十百千万亿几]")
_CJK_OR_ALNUM = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·]+$")
_ADMIN_END = re.compile(r"[省市县区州旗盟]$")


def is_place_token(word: str, tag: str) -> bool:
    """A token that looks like a place name (segmenter tag ``ns`` or an admin suffix)."""
    return tag == "ns" or (len(word) >= 3 and bool(_ADMIN_END.search(word)))


def stops_name(tokens: Segment, i: int, lex: Lexicon) -> bool:
    """Whether token ``i`` cannot be part of an organization name (so the name starts after it)."""
    return _stops_word(tokens.words[i], tokens.tags[i], lex)


@lru_cache(maxsize=16384)
def _stops_word(word: str, tag: str, lex: Lexicon) -> bool:
    """:func:`stops_name` for one tagged word (cached: the vocabulary of news is small)."""
    if not _CJK_OR_ALNUM.match(word):
        return True
    if word in lex.stop:
        return True
    if word in lex.name_verbs:
        return False                # words inside names whatever their tag (首都|经济贸易大学)
    if tag in ("p", "c", "d", "r", "y", "e", "o", "q", "uj", "ul", "uz", "ud", "ug", "uv", "u",
               "dg", "rg"):
        return True
    if tag == "t" and _TIME.search(word):
        return True
    if tag.startswith("v") and tag != "vn" and len(word) >= 2 and word not in lex.trade \
            and word not in lex.name_verbs:
        return True
    if tag == "i" and len(word) >= 3:
        return True                 # idioms (全面落实)
    if len(word) >= 3 and tag in ("n", "i", "l", "v", "vn", "a", "ad", "d") \
            and verb_tail(word[-2:], lex):
        return True                 # 全面落实, 充分利用: adverb + verb merged into one word
    if len(word) == 4 and _tag1(word[:2]) in ("ad", "d"):
        return True                 # 充分利用 (利用 is a noun to the segmenter): adverb first
    if word.startswith("第"):
        return False                # ordinals inside names (第一中心医院, 第二中学)
    if _DIGIT_PAIR.match(word):
        return False                # 三一(集团): two digits without a unit are no number
    if tag == "m" or _NUMERIC.match(word):
        return bool(_NUMERAL_CHAR.search(word))
    return False


stops_word = _stops_word      # the same test for one tagged word (no Segment needed)


def verb_tail(word: str, lex: Lexicon) -> bool:
    """Whether a two-character word is a plain verb that never ends a name's word."""
    return word in lex.stop or (
        word not in lex.name_verbs and word not in lex.trade and _tag1(word).startswith("v")
        and _tag1(word) != "vn")


@lru_cache(maxsize=4096)
def _tag1(word: str) -> str:
    """The segmenter's tag for a word read alone ("" for no dictionary word: the HMM tags
    unknown pairs like 济带 of 经济带 as verbs)."""
    tagged = jieba.tag(word)
    return tagged[0][1] if len(tagged) == 1 and jieba.has_word(word) else ""


@lru_cache(maxsize=4096)
def is_trade(word: str, trade: frozenset[str]) -> bool:
    """Whether ``word`` is made of trade words only (特种橡胶 = 特种 + 橡胶)."""
    if not word:
        return False
    if word in trade:
        return True
    return any(word[:k] in trade and is_trade(word[k:], trade) for k in range(len(word) - 1, 0, -1))
