"""The per-article analysis every extractor reads: text, sentences and earlier mentions.

Extractors run in order (places → organizations → money → quantities → dates →
projects → indicators); each later one sees the mentions of the earlier ones.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from xietong.model import Document, Evidence, Mention

# A sentence ends at 。！？； or a line break (headlines, captions, list items):
# [。！？!?；;]+[”’」』)]*|\n+, written to start with a character class so that the
# regex engine skips quickly to the next candidate (an alternation gives it no start set).
_SENTENCE_END = re.compile(r"[。！？!?；;\n](?:(?<=\n)\n*|[。！？!?；;]*[”’」』)]*)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of ``text`` (whitespace-trimmed, none empty)."""
    spans: list[tuple[int, int]] = []
    append = spans.append
    start = 0
    for m in _SENTENCE_END.finditer(text):
        mark, after = m.span()
        end = mark if text[mark] == "\n" else after
        # inline _add_span for the usual sentence, with no space at either end
        if start < end and not text[start].isspace() and not text[end - 1].isspace():
            append((start, end))
        else:
            _add_span(text, start, end, spans)
        start = after
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append [start, end) without the whitespace at its ends, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class Context:
    """Everything known about one article while extracting it.

    A plain class, not a dataclass: compiled, its constructor is native.
    """

    def __init__(self, doc: Document, sentences: list[tuple[int, int]] | None = None) -> None:
        self.doc = doc
        self.sentences: list[tuple[int, int]] = sentences or split_sentences(doc.text)
        self.places: list[Mention] = []      # data: adcode, name, level, path
        self.orgs: list[Mention] = []        # data: name, type
        self.amounts: list[Mention] = []     # data: value, currency, qualifier
        self.quantities: list[Mention] = []  # data: value, unit, qualifier
        self.dates: list[Mention] = []       # data: date, period
        self._starts: list[int] = [s for s, _ in self.sentences]

    @property
    def text(self) -> str:
        return self.doc.text

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing character ``pos`` (-1 if before the first)."""
        return bisect_right(self._starts, pos) - 1

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """[start, end) of the sentence containing ``pos``."""
        i = self.sentence_index(pos)
        if i < 0:
            return (0, 0)
        return self.sentences[i]

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for the span [start, end): the offsets and the sentence around it."""
        i = bisect_right(self._starts, start) - 1     # inline sentence_span
        s, e = self.sentences[i] if i >= 0 else (0, 0)
        e = max(e, end) if s <= start else end
        return Evidence(start, end, self.doc.text[s:e])

    def in_sentence(self, mentions: list[Mention], index: int) -> list[Mention]:
        """The mentions that lie inside sentence ``index``."""
        s, e = self.sentences[index]
        return [m for m in mentions if s <= m.start and m.end <= e]
