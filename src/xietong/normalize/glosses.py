"""Remove pinyin glosses a bad converter put after characters: ``產(chǎn)業(yè)`` → ``產業``.

A gloss is a bracketed run of lowercase latin syllables with at least one tone-marked
vowel (or ü), directly after a CJK character.  Real brackets (``(北京)``, ``(记者 X)``,
``(kg)``, ``(2021—2025年)``) have no tone marks or are not latin, so they stay.
"""

from __future__ import annotations

import re

from xietong.normalize.offsets import Tracked

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_SYL = f"[a-z{_TONED}]+"
GLOSS_RE = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])"
    rf"(?:[(（]\s?(?={_SYL}(?:[ '’]{_SYL})*\s?[)）])"
    rf"(?=[^)）]*[{_TONED}])"
    rf"{_SYL}(?:[ '’]{_SYL})*\s?[)）])+"
)


def strip_glosses(tr: Tracked) -> Tracked:
    """Delete every pinyin gloss (and consecutive repeats of it) after a CJK character."""
    text = tr.text
    if "(" not in text and "（" not in text:
        return tr
    edits = [(m.start(), m.end(), "") for m in GLOSS_RE.finditer(text)]
    return tr.edit(edits) if edits else tr
