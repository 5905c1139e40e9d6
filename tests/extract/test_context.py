"""Context helpers: sentence spans and evidence (own invented texts)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.extract.context import Context, split_sentences
from xietong.model import Document

# The sentence end as first written (an alternation): the packaged one must agree.
_PLAIN_END = re.compile(r"[。！？!?；;]+[”’」』)]*|\n+")


def _plain_split(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0

    def add(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))

    for m in _PLAIN_END.finditer(text):
        add(start, m.start() if m.group().startswith("\n") else m.end())
        start = m.end()
    add(start, len(text))
    return spans


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="。！？!?；;”’」』)\n \t\u3000a中", max_size=30))
def test_split_sentences_equals_the_plain_alternation(text: str) -> None:
    assert split_sentences(text) == _plain_split(text)


def test_sentences_and_evidence() -> None:
    text = "标题一行\n  廊坊新建项目3个。 总投资5亿元！\n\n结尾"
    ctx = Context(Document(id="t", text=text))
    assert [text[s:e] for s, e in ctx.sentences] == ["标题一行", "廊坊新建项目3个。", "总投资5亿元！",
                                                     "结尾"]
    start = text.index("5亿元")
    ev = ctx.evidence(start, start + 4)
    assert (ev.start, ev.end, ev.sentence) == (start, start + 4, "总投资5亿元！")
    assert ctx.evidence(0, 2).sentence == "标题一行"
