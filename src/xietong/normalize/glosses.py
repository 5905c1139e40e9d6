"""Remove pinyin glosses a bad converter put after characters: ``產(chǎn)業(yè)`` → ``產業``.

A gloss is a bracketed run of lowercase latin syllables with at least one tone-marked
vowel (or ü), directly after a CJK character.  Real brackets (``(北京)``, ``(记者 X)``,
``(kg)``, ``(2021—2025年)``) have no tone marks or are not latin, so they stay.
"""

from __future__ import annotations

import re
from functools import lru_cache

from xietong.normalize.offsets import Tracked

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_SYL = f"[a-z{_TONED}]+"
GLOSS_PATTERN = (
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])"
    rf"(?:[(（]\s?(?={_SYL}(?:[ '’]{_SYL})*\s?[)）])"
    rf"(?=[^)）]*[{_TONED}])"
    rf"{_SYL}(?:[ '’]{_SYL})*\s?[)）])+"
)


@lru_cache(maxsize=1)
def _gloss_re() -> re.Pattern[str]:
    """The gloss regex, compiled on first need (few pages have tone marks; ~2 ms)."""
    return re.compile(GLOSS_PATTERN)


# every gloss has a tone-marked letter: a text without one is returned without a scan
_TONED_RE = re.compile(f"[{_TONED}]")


def strip_glosses(tr: Tracked) -> Tracked:
    """Delete every pinyin gloss (and consecutive repeats of it) after a CJK character."""
    text = tr.text
    if ("(" not in text and "（" not in text) or _TONED_RE.search(text) is None:
        return tr
    edits = [(m.start(), m.end(), "") for m in _gloss_re().finditer(text)]
    return tr.edit(edits) if edits else tr
