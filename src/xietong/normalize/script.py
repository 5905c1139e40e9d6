"""Script normalization: traditional → simplified (OpenCC t2s, phrase level), then NFKC.

The converter is built once per process (building it reads OpenCC's dictionaries).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

from xietong.normalize.offsets import Tracked


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    """Traditional → simplified Chinese (phrase-level OpenCC ``t2s``)."""
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


@lru_cache(maxsize=1)
def _changing() -> re.Pattern[str]:
    """A character class of the BMP characters that NFKC changes (built once, ~15 ms).

    CJK unified ideographs (U+4E00–U+9FFF) never change, so they are not scanned.
    """
    chars = [chr(c) for r in (range(0xA0, 0x4E00), range(0xA000, 0x10000))
             for c in r if not 0xD800 <= c <= 0xDFFF and _nfkc_char(chr(c)) != chr(c)]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


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
