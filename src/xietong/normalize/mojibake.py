"""Repair GBK text that was decoded with a one-byte shift (``環??萍加邢薰九c`` → ``環保科技…``).

How: a candidate run starts at ``?``/U+FFFD marks next to CJK characters and extends over
characters whose bigrams are unknown to the character model.  The run is re-encoded to
GBK (each ``?`` is either one lost byte or the full-width ``？`` = A3 BF that NFKC turned
into ``?``), and the byte stream is decoded again one byte off, with a Viterbi search
over the characters that fit partly known bytes (a lost lead or trail byte, a pair of
bytes lost in the middle).  The repair is accepted only when the character-bigram model
finds the result far more plausible than the run as it stands, so clean text is never
changed.  The model (``reference/data/charfreq.tsv.gz``) is read on first need only.
"""

from __future__ import annotations

import gzip
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise, product

from xietong.normalize.offsets import Tracked

ANCHOR_RE = re.compile(r"[?\ufffd]+")
MAX_RUN = 24          # characters after the anchor considered part of the damage
MAX_MARKS = 4         # longer ``????`` runs are placeholders, not damage
GAP_PENALTY = 4.0     # two bytes lost between a lead and a trail byte
SKIP_PENALTY = 8.0    # a ``?`` that stood for nothing
FREE_PENALTY = 6.0    # a character of which no byte is known
GAP_PAIRS = 20
MIN_GAIN = 3.0        # required gain in mean log-probability per bigram
BEAM = 8           # beam of the Viterbi search: same repairs as 40 on every corpus and test here
FREE_CANDIDATES = 30


_LOG_FREE = math.log(1e-4)   # transition from a non-CJK character


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@dataclass(slots=True)
class CharModel:
    """Character unigram and bigram counts with a smoothed conditional probability."""

    uni: dict[str, int]
    bi: dict[str, int]
    first: dict[str, int]            # sum of bigram counts starting with a character
    succ: dict[str, list[str]]       # most frequent successors of a character
    by_lead: dict[int, list[str]]    # GBK lead byte → known characters
    by_trail: dict[int, list[str]]   # GBK trail byte → known characters
    succ_all: dict[str, list[str]]   # every known successor of a character
    gbk: dict[str, bytes]            # two-byte GBK code of each known character
    total: int
    memo: dict[str, float] = field(default_factory=dict)

    def logp(self, a: str, b: str) -> float:
        """log P(b | a), interpolated with the unigram (bigrams are within words only)."""
        key = a + b
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = self._logp(a, b)
            if len(self.memo) > 200_000:
                self.memo.clear()
        return got

    def _logp(self, a: str, b: str) -> float:
        pb = (self.uni.get(b, 0) + 1) / self.total
        first = self.first.get(a, 0)
        pab = self.bi.get(a + b, 0) / first if first else 0.0
        return math.log(0.8 * pab + 0.2 * pb)

    def seen(self, a: str, b: str) -> bool:
        """Whether the bigram ``ab`` is in the model."""
        return (a + b) in self.bi


@lru_cache(maxsize=1)
def model() -> CharModel:
    """Load the character model shipped in ``xietong/reference/data`` (once)."""
    ref = resources.files("xietong.reference").joinpath("data/charfreq.tsv.gz")
    uni: dict[str, int] = {}
    bi: dict[str, int] = {}
    with gzip.open(ref.open("rb"), "rt", encoding="utf-8") as f:
        for line in f:
            kind, key, count = line.rstrip("\n").split("\t") if line[0] != "#" else ("#", "", "0")
            if kind == "U":
                uni[key] = int(count)
            elif kind == "B":
                bi[key] = int(count)
    first: dict[str, int] = {}
    succ_all: dict[str, list[tuple[int, str]]] = {}
    for pair, n in bi.items():
        first[pair[0]] = first.get(pair[0], 0) + n
        succ_all.setdefault(pair[0], []).append((n, pair[1]))
    succ = {a: [b for _, b in sorted(v, reverse=True)[:FREE_CANDIDATES]]
            for a, v in succ_all.items()}
    by_lead: dict[int, list[str]] = {}
    by_trail: dict[int, list[str]] = {}
    gbk: dict[str, bytes] = {}
    for ch in uni:
        try:
            enc = ch.encode("gbk")
        except UnicodeEncodeError:
            continue
        if len(enc) == 2:
            gbk[ch] = enc
            by_lead.setdefault(enc[0], []).append(ch)
            by_trail.setdefault(enc[1], []).append(ch)
    succ_full = {a: [b for _, b in v] for a, v in succ_all.items()}
    return CharModel(uni, bi, first, succ, by_lead, by_trail, succ_full, gbk,
                     sum(uni.values()) + len(uni))


@lru_cache(maxsize=4096)
def _simplify(ch: str) -> str:
    from xietong.normalize.script import t2s

    return t2s(ch) if _is_cjk(ch) else ch


def _score(m: CharModel, chars: str) -> tuple[float, float]:
    """Mean bigram log-probability and share of known bigrams of ``chars``."""
    if len(chars) < 2:
        return (0.0, 1.0)
    s = [_simplify(c) for c in chars]
    lps = [m.logp(a, b) if _is_cjk(a) and _is_cjk(b) else -12.0 for a, b in pairwise(s)]
    seen = sum(1 for a, b in pairwise(s) if m.seen(a, b))
    return (sum(lps) / len(lps), seen / len(lps))


Byte = int | None   # None: a byte we know was there but not its value


@lru_cache(maxsize=8192)
def _gap_pairs(lead: int, trail: int) -> tuple[tuple[float, str, str], ...]:
    """Likely (c1, c2) with c1's lead and c2's trail byte known, the bytes between lost."""
    m = model()
    pairs: list[tuple[float, str, str]] = []
    for c1 in m.by_lead.get(lead, []):
        for c2 in m.succ_all.get(c1, []):
            code = m.gbk.get(c2)
            if code is not None and code[1] == trail:
                pairs.append((m.logp(c1, c2), c1, c2))
    pairs.sort(reverse=True)
    return tuple(pairs[:GAP_PAIRS])


def _decode(m: CharModel, stream: list[Byte], left: str, right: str) -> tuple[float, str] | None:
    """Best character string for ``stream`` read one byte off (Viterbi over a beam).

    The first byte is the trail of a character whose lead is lost; a pair may have lost
    bytes between its lead and its trail; an unknown byte may be any byte or nothing.
    """
    n = len(stream)
    # state: position → {last char: (score, text)}
    beams: list[dict[str, tuple[float, str]]] = [dict() for _ in range(n + 1)]
    start = _simplify(left) if left else ""

    def push(pos: int, ch: str, score: float, text: str) -> None:
        cur = beams[pos].get(ch)
        if cur is None or score > cur[0]:
            beams[pos][ch] = (score, text)

    def cands(lead: Byte, trail: Byte, prev: str) -> list[str]:
        if lead is not None and trail is not None:
            try:
                ch = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                return []
            return [ch] if _is_cjk(ch) else []
        if lead is not None:
            return m.by_lead.get(lead, [])
        if trail is not None:
            return m.by_trail.get(trail, [])
        return m.succ.get(prev, [])

    memo, logp = m.memo, m.logp

    def trans(prev: str, ch: str) -> float:
        # hot path (thousands of calls per run): memo lookup inlined
        if not prev or not ("\u4e00" <= prev <= "\u9fff" or "\u3400" <= prev <= "\u4dbf"):
            return _LOG_FREE
        sch = _simplify(ch)
        got = memo.get(prev + sch)
        return got if got is not None else logp(prev, sch)


    # first byte: the trail of a character whose lead byte is lost
    first_pen = FREE_PENALTY if stream and stream[0] is None else 0.0
    for ch in cands(None, stream[0], start) if stream else []:
        push(1, _simplify(ch), trans(start, ch) - first_pen, ch)
    beams[0][start] = (0.0, "")
    for pos in range(n):
        if not beams[pos]:
            continue
        items = sorted(beams[pos].items(), key=lambda kv: -kv[1][0])[:BEAM]
        for prev, (score, text) in items:
            b = stream[pos]
            if b is None:
                push(pos + 1, prev, score - SKIP_PENALTY, text)
            elif b < 0x80:
                ch = chr(b)
                if ch.isalnum():
                    push(pos + 1, ch, score - 6.0, text + ch)
                continue
            if pos + 1 < n:
                b2 = stream[pos + 1]
                pen = FREE_PENALTY if b is None and b2 is None else 0.0
                for ch in cands(b, b2, prev):
                    push(pos + 2, _simplify(ch), score + trans(prev, ch) - pen, text + ch)
                if b is not None and b2 is not None and b >= 0x81:
                    for inner, c1, c2 in _gap_pairs(b, b2):
                        total = score + trans(prev, c1) + inner - GAP_PENALTY
                        push(pos + 2, c2, total, text + c1 + c2)
    if not beams[n]:
        return None
    best_score, best_text = -1e9, ""
    for prev, (score, text) in beams[n].items():
        total = score + (m.logp(prev, _simplify(right)) if right and _is_cjk(right) and _is_cjk(prev) else 0.0)
        if total > best_score:
            best_score, best_text = total, text
    return (best_score, best_text) if best_text else None


def _run_end(m: CharModel, text: str, start: int) -> int:
    """End of the damaged run that starts at ``start`` (characters with unknown bigrams)."""
    end = start
    limit = min(len(text), start + MAX_RUN)
    while end < limit:
        ch = text[end]
        if ch in "?\ufffd" and end > start + 1:
            end += 1   # an undecodable byte: the decoder resynchronised after it
            break
        if _is_cjk(ch) or "\uff01" <= ch <= "\uff5e" or "\u3000" <= ch <= "\u303f":
            if end > start and m.seen(_simplify(text[end - 1]), _simplify(ch)):
                break
            end += 1
        elif ch.isascii() and ch.isalpha() and end > start:
            end += 1   # an ASCII byte that was the trail of the last character: resync
            break
        else:
            break
    return end


def _repair_one(m: CharModel, text: str, a: int, b: int) -> tuple[int, str] | None:
    """A repair of the marks ``text[a:b]`` and the run after them: (end, replacement)."""
    marks = b - a
    if marks > MAX_MARKS:
        return None
    end = _run_end(m, text, b)
    if end - b < 2:
        return None
    # only a CJK neighbour is context: whitespace or punctuation before the marks must not
    # change the verdict (normalize strips it, and a second pass must agree with the first)
    left = text[a - 1] if a > 0 and _is_cjk(text[a - 1]) else ""
    right = text[end] if end < len(text) else ""
    old_score, old_seen = _score(m, left + text[b:end] + right)
    best: tuple[float, str, int] | None = None
    for stop in range(end, b + 1, -1):
        tail_b: list[Byte] = []
        try:
            for ch in text[b:stop]:
                tail_b.extend([None] if ch in "?\ufffd" else list(ch.encode("gbk")))
        except UnicodeEncodeError:
            return None
        for choice in product((False, True), repeat=marks):
            stream: list[Byte] = []
            for full_width in choice:
                stream.extend((0xA3, 0xBF) if full_width else (None,))
            stream.extend(tail_b)
            right_ch = text[stop] if stop < len(text) else ""
            got = _decode(m, stream, left, right_ch)
            if got is None:
                continue
            new = got[1]
            new_score, new_seen = _score(m, left + new + right_ch)
            if best is None or new_score > best[0]:
                best = (new_score, new, stop)
                if new_seen < 0.5:
                    best = None
        if best is not None:
            break
    if best is None:
        return None
    new_score, new, stop = best
    if new_score - old_score < MIN_GAIN or old_seen > 0.25:
        return None
    return (stop, new)


def repair_mojibake(tr: Tracked) -> Tracked:
    """Repair shifted-GBK runs in ``tr``; clean text comes back unchanged (same object)."""
    text = tr.text
    if "?" not in text and "\ufffd" not in text:
        return tr
    edits: list[tuple[int, int, str]] = []
    m: CharModel | None = None
    for hit in ANCHOR_RE.finditer(text):
        a, b = hit.span()
        if b >= len(text) or not _is_cjk(text[b]):
            continue
        if m is None:
            m = model()
        got = _repair_one(m, text, a, b)
        if got is not None:
            stop, new = got
            edits.append((a, stop, new))
    return tr.edit(edits) if edits else tr
