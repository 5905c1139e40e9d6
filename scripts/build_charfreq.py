"""Build the character model used by the mojibake repair (build time only).

Reads jionlp's shipped ``char_distribution`` (character counts) and ``word_distribution``
(word counts) and writes ``src/xietong/reference/data/charfreq.tsv.gz``:

* ``U<TAB>char<TAB>count`` — CJK character unigram counts;
* ``B<TAB>ab<TAB>count`` — character bigram counts, summed over every word that contains
  the pair (weighted by the word's count), kept when above a small floor.

jionlp is imported only here; xietong at run time reads the generated file.
Usage: ``.venv/bin/python scripts/build_charfreq.py``.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
import zipfile
from collections import Counter
from pathlib import Path

_SPEC = importlib.util.find_spec("jionlp")  # build-time only; not imported (it is slow)
assert _SPEC is not None and _SPEC.origin, "jionlp must be installed to build charfreq"
DICT = Path(_SPEC.origin).parent / "dictionary"
OUT = Path(__file__).resolve().parents[1] / "src/xietong/reference/data/charfreq.tsv.gz"
MIN_UNIGRAM = 50
MIN_BIGRAM = 40


def is_cjk(ch: str) -> bool:
    """A CJK unified ideograph (basic block and extension A)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def read_json_lines(zip_name: str, member: str) -> list[tuple[str, int]]:
    """jionlp's distribution files: one JSON ``[item, count]`` per line."""
    with zipfile.ZipFile(DICT / zip_name) as z:
        text = z.read(member).decode("utf-8")
    rows: list[tuple[str, int]] = []
    for line in text.split("\n"):
        line = line.strip().rstrip(",")
        if not line.startswith("["):
            continue
        try:
            item, count = json.loads(line)
        except ValueError:
            continue
        rows.append((str(item), int(count)))
    return rows


def main() -> None:
    """Write the unigram and bigram counts."""
    uni: Counter[str] = Counter()
    for ch, n in read_json_lines("char_distribution.zip", "char_distribution.json"):
        if len(ch) == 1 and is_cjk(ch) and n >= MIN_UNIGRAM:
            uni[ch] += n
    bi: Counter[str] = Counter()
    for word, n in read_json_lines("word_distribution.zip", "word_distribution.json"):
        for a, b in itertools.pairwise(word):
            if is_cjk(a) and is_cjk(b):
                bi[a + b] += n
    OUT.parent.mkdir(parents=True, exist_ok=True)
    kept = sorted((k, v) for k, v in bi.items() if v >= MIN_BIGRAM)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# xietong charfreq: U=unigram, B=bigram; from jionlp char/word distributions\n")
        for ch, n in sorted(uni.items()):
            f.write(f"U\t{ch}\t{n}\n")
        for pair, n in kept:
            f.write(f"B\t{pair}\t{n}\n")
    print(f"{OUT}: {len(uni)} characters, {len(kept)} bigrams, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
