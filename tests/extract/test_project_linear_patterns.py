"""The linear rewrites of the projects' count and list patterns answer as the quadratic
originals did, the way the extractor uses them (presence, or the leftmost match searched
from a clause start)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.extract import project_attrs, projects
from xietong.extract.project_lexicon import _alternation, _load_json, lexicon

OLD_AGGREGATE = re.compile(r"等(?:共|首批)?\d*[个家项批所]|\d+个项目|共计|合计|累计|其中")
OLD_COUNT_BEFORE = re.compile(r"(?:\d+|[一二三四五六七八九十两几数多]+)(?:个|项|份|家)(?:具体)?$")
OLD_COUNT_AFTER = re.compile(r"\d+(?:个|家|项)")
OLD_CAMPUS = re.compile(r"(?:\d+|[一二三四五六七八九十两]+)(?:所|家|个)[^，,。；的]{0,6}的"
                        r"([^，,。；]{2,8}?(?:校区|院区|分院|分校|总部))")
_NOUNS = _alternation(_load_json()["list_trailers"])
OLD_TRAILER = re.compile(r"等(?:共|首批|一批|多|一大批)?(?:\d+|[一二三四五六七八九十两百几数多]+)?"
                         r"(?:个|家|所|项|批|大)?[^，,。；;：:、]{0,14}?(?:" + _NOUNS + ")"
                         r"|(?:\d+|[一二三四五六七八九十两]+)(?:个|家|所|项)(?:" + _NOUNS + ")")

_ALPHABET = st.sampled_from([*"0123456789一二三十两几数多个家所项份批具体等共首计合累其中目的校区院分总部企业高单位，、。;\n甲乙",
                             "项目", "企业", "高校", "校区"])
_TEXT = st.lists(_ALPHABET, max_size=30).map("".join)
# where the extractor starts these searches: a clause start, after a separator
_STARTS = ("", "，", "。", "、", "\n")


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_presence_patterns_unchanged(text: str) -> None:
    assert bool(OLD_AGGREGATE.search(text)) == bool(project_attrs._AGGREGATE.search(text))
    assert bool(OLD_COUNT_BEFORE.search(text)) == bool(projects._COUNT_BEFORE.search(text))


@settings(max_examples=500, deadline=None)
@given(_TEXT, st.sampled_from(_STARTS), st.sampled_from("项目地心园"))
def test_count_after_a_head_word_unchanged(text: str, sep: str, head: str) -> None:
    """Matched right after a head word (never a digit)."""
    full = sep + head + text
    at = len(sep) + 1
    a, b = OLD_COUNT_AFTER.match(full, at), projects._COUNT_AFTER.match(full, at)
    assert (a and a.span()) == (b and b.span())


@settings(max_examples=500, deadline=None)
@given(_TEXT, st.sampled_from(_STARTS), _TEXT)
def test_leftmost_list_matches_unchanged(before: str, sep: str, text: str) -> None:
    """Searched from a clause start (after a separator) or the last 、 of a clause."""
    full = before + sep + text
    lo = len(before) + len(sep) if sep else 0
    for old, new in ((OLD_CAMPUS, projects._CAMPUS), (OLD_TRAILER, lexicon().list_trailer)):
        a, b = old.search(full, lo, len(full)), new.search(full, lo, len(full))
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (old.pattern, full)
