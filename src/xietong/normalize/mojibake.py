"""Repair GBK text that was decoded with a one-byte shift (``環??萍加邢薰九c`` → ``環保科技…``).

How: a candidate run starts at ``?``/U+FFFD marks next to CJK characters and extends over
characters whose bigrams are unknown to the character model.  The run is re-encoded to
GBK (each ``?`` is either one lost byte or the full-width ``？`` = A3 BF that NFKC turned
into ``?``), and the byte stream is decoded again one byte off, with a Viterbi search
over the characters that fit partly known bytes (a lost lead or trail byte, a pair of
bytes lost in the middle).  The repair is accepted only when the character-bigram model
finds the result far more plausible than the run as it stands, so clean text is never
changed.  The model (``reference/data/charfreq.bin``) is read on first need only.
"""

from __future__ import annotations

import math
import re
import sys
import zlib
from array import array
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


MODEL_FILE = "data/charfreq.bin"
MODEL_MAGIC = b"XTCF1"


class CharModel:
    """Character unigram and bigram counts with a smoothed conditional probability.

    The bigrams are kept as the model file stores them (for each first character, its
    successors in one string and their counts in one array); a character's successors
    become a dict only when a repair first asks about that character, so loading the
    model builds no 170 000-entry dict.
    """

    __slots__ = ("_counts", "_first", "_rows", "_span", "_succ", "_succs", "_tables", "memo",
                 "total", "uni")

    def __init__(self, uni: dict[str, int], span: dict[str, tuple[int, int]], succs: str,
                 counts: array[int]) -> None:
        self.uni = uni
        self._span = span            # first character → [start, end) in succs/counts
        self._succs = succs          # successors of each first character, ascending
        self._counts = counts        # bigram counts, parallel to succs
        self._rows: dict[str, dict[str, int]] = {}
        self._succ: dict[str, list[str]] = {}
        self._first: dict[str, int] = {}
        self._tables: tuple[dict[str, bytes], dict[int, list[str]], dict[int, list[str]]] | None = None
        self.memo: dict[str, float] = {}
        self.total = sum(uni.values()) + len(uni)

    def first_count(self, a: str) -> int:
        """Sum of the bigram counts starting with ``a`` (0 when none)."""
        got = self._first.get(a)
        if got is None:
            i, j = self._span.get(a, (0, 0))
            got = self._first[a] = sum(self._counts[i:j])
        return got

    @property
    def first(self) -> dict[str, int]:
        """:meth:`first_count` of every character that starts a bigram."""
        return {a: self.first_count(a) for a in self._span}

    def _gbk_tables(self) -> tuple[dict[str, bytes], dict[int, list[str]], dict[int, list[str]]]:
        """GBK codes of the known characters, grouped by lead and trail byte (built when a
        repair first needs them: documents whose marks are not damage never pay)."""
        if self._tables is None:
            gbk: dict[str, bytes] = {}
            by_lead: dict[int, list[str]] = {}
            by_trail: dict[int, list[str]] = {}
            for ch in self.uni:
                try:
                    enc = ch.encode("gbk")
                except UnicodeEncodeError:
                    continue
                if len(enc) == 2:
                    gbk[ch] = enc
                    by_lead.setdefault(enc[0], []).append(ch)
                    by_trail.setdefault(enc[1], []).append(ch)
            self._tables = (gbk, by_lead, by_trail)
        return self._tables

    @property
    def gbk(self) -> dict[str, bytes]:
        """Two-byte GBK code of each known character."""
        return self._gbk_tables()[0]

    @property
    def by_lead(self) -> dict[int, list[str]]:
        """GBK lead byte → known characters (ascending)."""
        return self._gbk_tables()[1]

    @property
    def by_trail(self) -> dict[int, list[str]]:
        """GBK trail byte → known characters (ascending)."""
        return self._gbk_tables()[2]

    def row(self, a: str) -> dict[str, int]:
        """Successor → bigram count of the character ``a`` (built on first use)."""
        got = self._rows.get(a)
        if got is None:
            i, j = self._span.get(a, (0, 0))
            got = self._rows[a] = dict(zip(self._succs[i:j], self._counts[i:j], strict=True))
        return got

    def bigram(self, key: str) -> int:
        """Count of the two-character string ``key`` (0 when unknown or not two characters)."""
        return self.row(key[0]).get(key[1], 0) if len(key) == 2 else 0

    def succ_all(self, a: str) -> list[str]:
        """Every known successor of ``a`` (ascending)."""
        i, j = self._span.get(a, (0, 0))
        return list(self._succs[i:j])

    def succ(self, a: str) -> list[str]:
        """The most frequent successors of ``a`` (count, then character, descending)."""
        got = self._succ.get(a)
        if got is None:
            i, j = self._span.get(a, (0, 0))
            ranked = sorted(zip(self._counts[i:j], self._succs[i:j], strict=True), reverse=True)
            got = self._succ[a] = [b for _, b in ranked[:FREE_CANDIDATES]]
        return got

    @property
    def counts(self) -> array[int]:
        """Bigram counts, indexed like the successors (:meth:`span`)."""
        return self._counts

    @property
    def successor_string(self) -> str:
        """The successors of every character, one after another (see :meth:`span`)."""
        return self._succs

    def span(self, a: str) -> tuple[int, int]:
        """[start, end) of the successors of ``a`` in :attr:`counts`."""
        return self._span.get(a, (0, 0))

    def successors(self, a: str) -> str:
        """Every known successor of ``a`` (ascending), as one string."""
        i, j = self._span.get(a, (0, 0))
        return self._succs[i:j]

    def logp_count(self, a: str, b: str, count: int) -> float:
        """:meth:`logp` when the count of ``ab`` is already known (no row lookup)."""
        pb = (self.uni.get(b, 0) + 1) / self.total
        first = self.first_count(a)
        pab = count / first if first else 0.0
        return math.log(0.8 * pab + 0.2 * pb)

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
        first = self.first_count(a)
        pab = self.bigram(a + b) / first if first else 0.0
        return math.log(0.8 * pab + 0.2 * pb)

    def seen(self, a: str, b: str) -> bool:
        """Whether the bigram ``ab`` is in the model."""
        return self.bigram(a + b) > 0


def _u32(data: bytes) -> array[int]:
    """Little-endian unsigned 32-bit integers."""
    out = array("I")
    assert out.itemsize == 4
    out.frombytes(data)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def read_model(blob: bytes) -> CharModel:
    """Parse the model file (built by ``scripts/build_charfreq.py``, format there)."""
    if not blob.startswith(MODEL_MAGIC):
        raise ValueError("not a xietong charfreq model")
    data = zlib.decompress(blob[len(MODEL_MAGIC):])
    n_uni, n_rows, n_bi = _u32(data[:12])
    pos = 12

    def take(n: int) -> bytes:
        nonlocal pos
        pos += n
        return data[pos - n:pos]

    uni_chars = take(4 * n_uni).decode("utf-32-le")
    uni = dict(zip(uni_chars, _u32(take(4 * n_uni)), strict=True))
    row_chars = take(4 * n_rows).decode("utf-32-le")
    offsets = _u32(take(4 * (n_rows + 1)))
    succs = take(4 * n_bi).decode("utf-32-le")
    counts = _u32(take(4 * n_bi))
    span = {a: (offsets[k], offsets[k + 1]) for k, a in enumerate(row_chars)}
    return CharModel(uni, span, succs, counts)


@lru_cache(maxsize=1)
def model() -> CharModel:
    """Load the character model shipped in ``xietong/reference/data`` (once)."""
    ref = resources.files("xietong.reference").joinpath(MODEL_FILE)
    return read_model(ref.read_bytes())


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


@lru_cache(maxsize=1)
def _trail_bytes() -> bytes:
    """The GBK trail byte of every successor in the model (aligned with its successor
    string; ``?`` for characters without a two-byte code, never a trail byte), so the
    successors ending in a given byte are found by ``bytes.find``."""
    m = model()
    table = {ord(ch): code[1] for ch, code in m.gbk.items()}
    return m.successor_string.translate(table).encode("latin-1", "replace")


@lru_cache(maxsize=8192)
def _gap_pairs(lead: int, trail: int) -> tuple[tuple[float, str, str], ...]:
    """Likely (c1, c2) with c1's lead and c2's trail byte known, the bytes between lost."""
    m = model()
    pairs: list[tuple[float, str, str]] = []
    gbk, counts, succs, trails = m.gbk, m.counts, m.successor_string, _trail_bytes()
    for c1 in m.by_lead.get(lead, []):
        i, j = m.span(c1)
        k = trails.find(trail, i, j)
        while k >= 0:
            c2 = succs[k]
            code = gbk.get(c2)
            if code is not None and code[1] == trail:
                pairs.append((m.logp_count(c1, c2, counts[k]), c1, c2))
            k = trails.find(trail, k + 1, j)
    pairs.sort(reverse=True)
    return tuple(pairs[:GAP_PAIRS])


Cands = tuple[tuple[str, str], ...]   # (character, its simplified form)


@lru_cache(maxsize=8192)
def _gap_cands(lead: int, trail: int) -> tuple[tuple[float, str, str, str], ...]:
    """:func:`_gap_pairs` as (log P(c2 | c1), simplified c1, c2, c1 + c2)."""
    return tuple((inner, _simplify(c1), c2, c1 + c2) for inner, c1, c2 in _gap_pairs(lead, trail))


@lru_cache(maxsize=256)
def _lead_cands(lead: int) -> Cands:
    """Known characters with GBK lead byte ``lead``, with their simplified forms."""
    return tuple((ch, _simplify(ch)) for ch in model().by_lead.get(lead, []))


@lru_cache(maxsize=256)
def _trail_cands(trail: int) -> Cands:
    """Known characters with GBK trail byte ``trail``, with their simplified forms."""
    return tuple((ch, _simplify(ch)) for ch in model().by_trail.get(trail, []))


@lru_cache(maxsize=4096)
def _succ_cands(prev: str) -> Cands:
    """The most frequent successors of ``prev``, with their simplified forms."""
    return tuple((ch, _simplify(ch)) for ch in model().succ(prev))


@lru_cache(maxsize=8192)
def _pair_cands(lead: int, trail: int) -> Cands:
    """The CJK character coded ``lead trail`` in GBK, if any."""
    try:
        ch = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return ()
    return ((ch, _simplify(ch)),) if _is_cjk(ch) else ()


def _cands(lead: Byte, trail: Byte, prev: str) -> Cands:
    """Characters that fit the partly known bytes ``lead trail`` after ``prev``."""
    if lead is not None and trail is not None:
        return _pair_cands(lead, trail)
    if lead is not None:
        return _lead_cands(lead)
    if trail is not None:
        return _trail_cands(trail)
    return _succ_cands(prev)


def _extend(m: CharModel, beam: dict[str, tuple[float, str]], prev: str, score: float,
            pen: float, text: str, cands: Cands) -> None:
    """Push every candidate after state ``prev`` into ``beam`` (the Viterbi inner loop).

    A state is kept when its score is strictly better than the one it replaces, in the
    order of ``cands``; ``score + log P(ch | prev) - pen`` is computed in that order.
    """
    if prev and ("\u4e00" <= prev <= "\u9fff" or "\u3400" <= prev <= "\u4dbf"):
        memo, logp = m.memo, m.logp
        for ch, sch in cands:
            lp = memo.get(prev + sch)
            if lp is None:
                lp = logp(prev, sch)
            new = score + lp - pen
            cur = beam.get(sch)
            if cur is None or new > cur[0]:
                beam[sch] = (new, text + ch)
    else:
        new = score + _LOG_FREE - pen
        for ch, sch in cands:
            cur = beam.get(sch)
            if cur is None or new > cur[0]:
                beam[sch] = (new, text + ch)


@lru_cache(maxsize=4096)
def _gap_steps(prev: str, lead: int, trail: int) -> tuple[tuple[float, float, str, str], ...]:
    """:func:`_gap_cands` after state ``prev``: (log P(c1 | prev), log P(c2 | c1), c2, c1 + c2).

    The same (state, byte pair) recurs across the mark readings and run ends that
    :func:`_repair_one` tries, so the transition scores are looked up once.
    """
    m = model()
    if prev and ("\u4e00" <= prev <= "\u9fff" or "\u3400" <= prev <= "\u4dbf"):
        return tuple((m.logp(prev, sc1), inner, c2, pair)
                     for inner, sc1, c2, pair in _gap_cands(lead, trail))
    return tuple((_LOG_FREE, inner, c2, pair) for inner, _sc1, c2, pair in _gap_cands(lead, trail))


def _extend_gaps(beam: dict[str, tuple[float, str]], score: float, text: str,
                 steps: tuple[tuple[float, float, str, str], ...]) -> None:
    """Push the pairs with lost middle bytes (:func:`_gap_pairs`) after a state.

    Scores ``score + log P(c1 | prev) + log P(c2 | c1) - GAP_PENALTY``, in that order.
    """
    for lp, inner, c2, pair in steps:
        new = score + lp + inner - GAP_PENALTY
        cur = beam.get(c2)
        if cur is None or new > cur[0]:
            beam[c2] = (new, text + pair)


def _decode(m: CharModel, stream: list[Byte], left: str, right: str) -> tuple[float, str] | None:
    """Best character string for ``stream`` read one byte off (Viterbi over a beam).

    The first byte is the trail of a character whose lead is lost; a pair may have lost
    bytes between its lead and its trail; an unknown byte may be any byte or nothing.
    """
    n = len(stream)
    # state: position → {last char: (score, text)}
    beams: list[dict[str, tuple[float, str]]] = [dict() for _ in range(n + 1)]
    start = _simplify(left) if left else ""
    memo, logp = m.memo, m.logp

    def trans(prev: str, ch: str) -> float:
        if not prev or not ("\u4e00" <= prev <= "\u9fff" or "\u3400" <= prev <= "\u4dbf"):
            return _LOG_FREE
        sch = _simplify(ch)
        got = memo.get(prev + sch)
        return got if got is not None else logp(prev, sch)

    # first byte: the trail of a character whose lead byte is lost
    if stream:
        first_pen = FREE_PENALTY if stream[0] is None else 0.0
        beam = beams[1]
        for ch, sch in _cands(None, stream[0], start):
            new = trans(start, ch) - first_pen
            cur = beam.get(sch)
            if cur is None or new > cur[0]:
                beam[sch] = (new, ch)
    beams[0][start] = (0.0, "")
    for pos in range(n):
        if not beams[pos]:
            continue
        items = sorted(beams[pos].items(), key=lambda kv: -kv[1][0])[:BEAM]
        b = stream[pos]
        b2 = stream[pos + 1] if pos + 1 < n else None
        pen = FREE_PENALTY if b is None and b2 is None else 0.0
        nxt = beams[pos + 1]
        for prev, (score, text) in items:
            if b is None:
                new = score - SKIP_PENALTY
                cur = nxt.get(prev)
                if cur is None or new > cur[0]:
                    nxt[prev] = (new, text)
            elif b < 0x80:
                ch = chr(b)
                if ch.isalnum():
                    new = score - 6.0
                    cur = nxt.get(ch)
                    if cur is None or new > cur[0]:
                        nxt[ch] = (new, text + ch)
                continue
            if pos + 1 < n:
                beam = beams[pos + 2]
                _extend(m, beam, prev, score, pen, text, _cands(b, b2, prev))
                if b is not None and b2 is not None and b >= 0x81:
                    _extend_gaps(beam, score, text, _gap_steps(prev, b, b2))
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
