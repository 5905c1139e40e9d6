"""The fast scans of the indicators stage find what the plain patterns they replace find.

The cut before a park's name is searched with one character class plus a check of the next
character, and N大 counts are found at each 大; both must give the same positions as the
straightforward alternation and class search (checked on invented strings).
"""

from __future__ import annotations

import random
import re

from xietong.extract import indicators
from xietong.extract.indicators import _big_counts

# the plain forms the stage used before
_PLAIN_CUT = re.compile("|".join(w[::-1] for w in indicators._PARK_CUT_WORDS)
                        + f"|[{indicators._PARK_CUT_CHARS}]")
_PLAIN_BIG = re.compile(r"([二三四五六七八九十])大"
                        r"(?=(?:县)?(?:工业园区|园区|项目|基地|中心|平台|工程|产业园))")


def _start(m: re.Match[str] | None) -> int | None:
    return m.start() if m else None


def test_park_cut_has_the_starts_of_the_plain_alternation() -> None:
    letters = set("".join(indicators._PARK_CUT_WORDS) + indicators._PARK_CUT_CHARS)
    alphabet = [*sorted(letters), "园", "x", "新"]
    rng = random.Random(3)
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        i = rng.randint(0, len(s))
        j = rng.randint(i, len(s) + 1)
        assert _start(indicators._PARK_CUT_REV.search(s, i, j)) == _start(_PLAIN_CUT.search(s, i, j))


def _plain_big(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _PLAIN_BIG.finditer(text):
        s = m.start()
        if s and (text[s - 1] in "一二三四五六七八九十0123456789" or text[s - 1].isdigit()):
            continue
        out.append((s, m.group(1)))
    return out


def test_big_counts_match_the_plain_search() -> None:
    pieces = ["三大项目", "四大县工业园区", "十大基地", "大项目", "二十大", "3大平台", "五大方向",
              "扩大", "大", "某某", "两大园区", "九大产业园", "、", "六大中心"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        got = [(m.start, m.text) for m in _big_counts(text)]
        assert got == _plain_big(text), text
    found = _big_counts("全市建成三大项目和四大县工业园区")
    assert [(m.start, m.end, m.text, m.data["value"]) for m in found] == \
        [(4, 5, "三", 3), (9, 10, "四", 4)]
