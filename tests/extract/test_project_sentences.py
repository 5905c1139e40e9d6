"""The projects extractor's lazy sentences answer as a per-sentence scan would."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.extract.context import Context
from xietong.extract.project_attrs import Sentences
from xietong.extract.project_lexicon import _load_json, lexicon
from xietong.model import Document


def test_searched_words_hold_only_cjk() -> None:
    """Sentences.holding resumes after a hit: sound only for words that cannot cross a
    sentence bound (CJK only, no punctuation or space)."""
    d = _load_json()
    words = d["project_verbs"] + d["relocation_verbs"] + [w for ws in d["status"].values() for w in ws]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in words)


_PIECES = st.sampled_from(["签约", "开工", "建设", "项目", "甲公司", "。", "；", "，", "\n", " ", "、",
                           "投产", "迁往", "计划", "园区", "已"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_holding_equals_a_search_per_sentence(text: str) -> None:
    ctx = Context(Document(id="t", text=text))
    verbs = lexicon().verbs
    want = [k for k, (s, e) in enumerate(ctx.sentences) if verbs.search(text, s, e)]
    assert Sentences(ctx).holding(verbs, text) == want


def test_paragraph_start_and_lazy_sentences() -> None:
    text = "甲公司签约。乙项目开工。\n丙园区建设。丁项目投产。"
    sents = Sentences(Context(Document(id="t", text=text)))
    assert len(sents) == 4
    assert [sents.paragraph_start(text, k) for k in range(4)] == [0, 0, 2, 2]
    assert sents[-1] is sents[3]
    assert [s.start for s in sents[1:3]] == [6, 13]
