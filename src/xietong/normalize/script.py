"""Script normalization: traditional → simplified (OpenCC t2s, phrase level), then NFKC.

The converter is built once per process (building it reads OpenCC's dictionaries).
Most pages are simplified already: a text with none of the characters ``t2s`` can change
(:mod:`.t2s_changes`, listed from OpenCC's own dictionaries) is returned as it is, which
costs a fraction of a conversion.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

import opencc

from xietong.normalize import nfkc_changes, t2s_changes
from xietong.normalize.offsets import Tracked


class _MayChange(Exception):
    """Raised by the encoding check below when a text holds a character t2s may change."""


# the characters outside gb2312 that stop the check: those t2s may change, and lone
# surrogates (on which OpenCC itself fails, so they must reach it)
_BLOCKING = frozenset(t2s_changes.CHANGED_OTHER) | {chr(c) for c in range(0xD800, 0xE000)}
_CHANGED_GB2312_RE = re.compile(f"[{t2s_changes.CHANGED_GB2312}]")
_WINDOW = 64


def _t2s_check(exc: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: a character outside gb2312 is fine unless it is blocking.

    The next ``_WINDOW`` characters are checked at once and skipped, so a text full of
    such characters costs one call per window, not one per character (the gb2312
    characters skipped with them need no check: the regex covers the whole text).
    """
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    window = exc.object[exc.start:exc.start + _WINDOW]
    if not _BLOCKING.isdisjoint(window):
        raise _MayChange
    return ("", exc.start + len(window))


codecs.register_error("xietong.t2s-check", _t2s_check)


@lru_cache(maxsize=1)
def _check_usable() -> bool:
    """The list fits this OpenCC, and none of ``CHANGED_OTHER`` is in gb2312 (else the
    check below could miss one): otherwise every text goes through the converter."""
    return (opencc.__version__ == t2s_changes.OPENCC_VERSION
            and not t2s_changes.CHANGED_OTHER.encode("gb2312", "ignore"))


def may_change(text: str) -> bool:
    """False only when ``t2s(text) == text`` for sure: no character of ``text`` is one
    that t2s rewrites (gb2312 ones by a regex, the others while encoding to gb2312)."""
    if not _check_usable() or _CHANGED_GB2312_RE.search(text) is not None:
        return True
    try:
        text.encode("gb2312", "xietong.t2s-check")
    except _MayChange:
        return True
    return False


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    """Traditional → simplified Chinese (phrase-level OpenCC ``t2s``)."""
    if not may_change(text):
        return text
    return str(_converter().convert(text))


def to_simplified(tr: Tracked) -> Tracked:
    """Convert ``tr`` to simplified characters, keeping the offset map."""
    new = t2s(tr.text)
    if new == tr.text:
        return tr
    if len(new) == len(tr.text):
        return tr.replace_same_length(new)
    return tr.realign(new)


def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def scan_changing() -> tuple[tuple[int, int], ...]:
    """[first, last] ranges of the BMP characters NFKC changes, by scanning (~15 ms).

    Also what scripts/build_nfkc_changes.py writes into :mod:`.nfkc_changes`.
    CJK unified ideographs (U+4E00–U+9FFF) never change, so they are not scanned.
    """
    out: list[tuple[int, int]] = []
    for r in (range(0xA0, 0x4E00), range(0xA000, 0x10000)):
        for c in r:
            if 0xD800 <= c <= 0xDFFF or _nfkc_char(chr(c)) == chr(c):
                continue
            if out and out[-1][1] == c - 1:
                out[-1] = (out[-1][0], c)
            else:
                out.append((c, c))
    return tuple(out)


@lru_cache(maxsize=1)
def _changing() -> re.Pattern[str]:
    """A character class of the BMP characters that NFKC changes (built once).

    The ranges come precomputed (:mod:`.nfkc_changes`) for this Unicode version, else
    they are scanned.
    """
    ranges = (nfkc_changes.RANGES if unicodedata.unidata_version == nfkc_changes.UNIDATA_VERSION
              else scan_changing())
    return re.compile("[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                                    for a, b in ranges) + "]")


def nfkc(tr: Tracked) -> Tracked:
    """Unicode NFKC (full-width digits/latin/brackets → half-width), keeping the map.

    Characters are normalized one by one (exact offsets); if the whole-string form
    differs (compositions across characters), the result is realigned per line.
    """
    text = tr.text
    if unicodedata.is_normalized("NFKC", text):
        return tr
    edits = [(m.start(), m.end(), _nfkc_char(m.group())) for m in _changing().finditer(text)]
    out = tr.edit(edits)
    full = unicodedata.normalize("NFKC", out.text)
    if full != out.text:
        out = out.realign(full)
    return out
