"""Build the character model used by the mojibake repair (build time only).

Reads jionlp's shipped ``char_distribution`` (character counts) and ``word_distribution``
(word counts) and writes ``src/xietong/reference/data/charfreq.bin``:

* CJK character unigram counts;
* character bigram counts, summed over every word that contains the pair (weighted by
  the word's count), kept when above a small floor.

The file is compact so that loading it at run time takes milliseconds: ``XTCF1`` then a
zlib stream of little-endian uint32 ``n_uni, n_rows, n_bi``; the unigram characters
(UTF-32-LE, ascending) and their counts (uint32); the first characters of the bigrams
(UTF-32-LE, ascending), ``n_rows + 1`` offsets (uint32) into the successor arrays; the
successor characters (UTF-32-LE, ascending within each first character) and the bigram
counts (uint32).  :func:`xietong.normalize.mojibake.read_model` reads it.

jionlp is imported only here; xietong at run time reads the generated file.
Usage: ``.venv/bin/python scripts/build_charfreq.py``.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path

_SPEC = importlib.util.find_spec("jionlp")  # build-time only; not imported (it is slow)
assert _SPEC is not None and _SPEC.origin, "jionlp must be installed to build charfreq"
DICT = Path(_SPEC.origin).parent / "dictionary"
OUT = Path(__file__).resolve().parents[1] / "src/xietong/reference/data/charfreq.bin"
MAGIC = b"XTCF1"
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


def u32(values: list[int]) -> bytes:
    """Little-endian uint32 array."""
    return struct.pack(f"<{len(values)}I", *values)


def model_bytes(uni: dict[str, int], bi: dict[str, int]) -> bytes:
    """The model file for unigram counts ``uni`` and bigram counts ``bi`` (format above)."""
    chars = sorted(uni)
    pairs = sorted(bi)
    rows: list[str] = []
    offsets: list[int] = []
    for k, pair in enumerate(pairs):
        if not rows or rows[-1] != pair[0]:
            rows.append(pair[0])
            offsets.append(k)
    offsets.append(len(pairs))
    payload = b"".join([
        u32([len(chars), len(rows), len(pairs)]),
        "".join(chars).encode("utf-32-le"), u32([uni[c] for c in chars]),
        "".join(rows).encode("utf-32-le"), u32(offsets),
        "".join(p[1] for p in pairs).encode("utf-32-le"), u32([bi[p] for p in pairs]),
    ])
    return MAGIC + zlib.compress(payload, 9)


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
    kept = {k: v for k, v in bi.items() if v >= MIN_BIGRAM}
    OUT.write_bytes(model_bytes(dict(uni), kept))
    print(f"{OUT}: {len(uni)} characters, {len(kept)} bigrams, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
