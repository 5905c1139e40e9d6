"""The projects extractor's vocabulary, loaded once from ``reference/data/project_lexicon.json``.

Head words close a project noun phrase, stop words open it, cue words give the lifecycle
stage, keyword lists give the category.  Everything is compiled to regexes at import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

STAGES: tuple[str, ...] = (
    "intended", "signed", "started", "under_construction", "completed", "operating",
)
# The characters other than a stop word's last one at which projects._left_bound may stop a
# name: 与/同 before a party, a dash, a closing parenthesis and the counters after a numeral.
NAME_BREAK_CHARS = "与同—)个家所项批座日月年大栋条"
CATEGORY_ORDER: tuple[str, ...] = (
    "research", "industry_strong", "public_service", "agriculture", "infrastructure", "other",
    "industry",
)


def _alternation(words: list[str]) -> str:
    """A regex alternation that prefers the longest word at a position, written as a trie
    (项(?:目|目部)…): the engine follows one branch per character instead of trying every
    word at every position.  The words matching at one position are prefixes of each
    other, and the trie tries the longer before the shorter, so the matches are those
    of the flat longest-first alternation."""
    return _trie(sorted(set(words), key=lambda w: (-len(w), w)))


def _trie(words: list[str]) -> str:
    """Alternation of ``words`` (longest first, no duplicates) grouped by first character;
    the empty word (a word ending here) is tried last."""
    groups: dict[str, list[str]] = {}
    ends = False
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            ends = True
    alts = [re.escape(ch + rest[0]) if len(rest) == 1 else f"{re.escape(ch)}(?:{_trie(rest)})"
            for ch, rest in groups.items()]
    if ends:
        alts.append("")
    return "|".join(alts)


@dataclass(frozen=True)
class Lexicon:
    """Compiled vocabulary (see the JSON file for the word lists)."""

    heads: re.Pattern[str]           # group "h": any head word
    strong_heads: frozenset[str]
    agreement_heads: frozenset[str]
    stop_left: tuple[str, ...]       # longest first
    stop_rx: re.Pattern[str]         # lookahead: every stop word starting at a position
    stop_words: re.Pattern[str]      # the longest stop word at a position (no lookahead)
    stop_longer: dict[str, tuple[str, ...]]  # each stop word → the longer stop words it begins
    stop_last: frozenset[str]        # the last characters of the stop words
    name_breakers: frozenset[str]    # characters a name's left-bound scan must look at twice
    agreement_rx: re.Pattern[str]    # qualified agreement heads (not bare 协议)
    stop_keep: tuple[str, ...]
    generic_names: frozenset[str]
    generic_prefixes: tuple[str, ...]
    generic_inner: tuple[str, ...]
    generic_inner_rx: re.Pattern[str]  # any of generic_inner
    generic_prefix_by_char: dict[str, tuple[str, ...]]  # generic_prefixes by first character
    location_prefix: tuple[str, ...]
    location_rx: re.Pattern[str]     # a location word ending the text before a name
    cues: re.Pattern[str]            # any status cue
    cue_stage: dict[str, str]
    future: re.Pattern[str]
    verbs: re.Pattern[str]
    list_trailer: re.Pattern[str]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    zones: re.Pattern[str]           # zones without a division code (their projects: place None)
    relocation: re.Pattern[str]


def _load_json() -> dict[str, Any]:
    raw = resources.files("xietong.reference").joinpath("data/project_lexicon.json").read_text(
        encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _by_first_char(words: list[str]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their first character, each group in the order given."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[:1], []).append(w)
    return {c: tuple(ws) for c, ws in groups.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon (built once per process)."""
    d = _load_json()
    heads = d["heads_strong"] + d["heads_weak"] + d["agreement_heads"]
    cue_stage: dict[str, str] = {}
    for stage in STAGES:
        for w in d["status"][stage]:
            cue_stage[w] = stage
    cats = dict(d["category"])
    cats["industry_strong"] = ["年产", "配件", "零部件", "扣件", "支座", "制造", "生产基地",
                               "产业园", "产业基地", "工业园", "生产线", "扩产", "科技园", "设备", "组件"]
    categories = tuple((c, re.compile(_alternation(cats[c]))) for c in CATEGORY_ORDER)
    nouns = _alternation(d["list_trailers"])
    # (a numeral starts its run: the leftmost match is the same, found without re-scanning
    # the run from each of its positions; the lookahead skips the other characters fast)
    trailer = (r"(?=[等\d一二三四五六七八九十两])"
               r"(?:等(?:共|首批|一批|多|一大批)?(?:\d+|[一二三四五六七八九十两百几数多]+)?"
               r"(?:个|家|所|项|批|大)?[^，,。；;：:、]{0,14}?(?:" + nouns + ")"
               r"|(?:(?<!\d)\d+|(?<![一二三四五六七八九十两])[一二三四五六七八九十两]+)(?:个|家|所|项)(?:" + nouns + "))")
    return Lexicon(
        heads=re.compile("(?P<h>" + _alternation(heads) + ")"),
        strong_heads=frozenset(d["heads_strong"] + d["agreement_heads"]),
        agreement_heads=frozenset(d["agreement_heads"]),
        stop_left=tuple(sorted(set(d["stop_left"]), key=len, reverse=True)),
        stop_rx=re.compile("(?=(" + _alternation(d["stop_left"]) + "))"),
        stop_words=re.compile(_alternation(d["stop_left"])),
        stop_longer={w: tuple(x for x in d["stop_left"] if len(x) > len(w) and x.startswith(w))
                     for w in d["stop_left"]},
        stop_last=frozenset(w[-1] for w in d["stop_left"]),
        name_breakers=frozenset(w[-1] for w in d["stop_left"]) | frozenset(NAME_BREAK_CHARS),
        agreement_rx=re.compile(_alternation([h for h in d["agreement_heads"] if h != "协议"])),
        stop_keep=tuple(d["stop_left_keep"]),
        generic_names=frozenset(d["generic_names"]),
        generic_prefixes=tuple(sorted(d["generic_prefixes"], key=len, reverse=True)),
        generic_inner=tuple(d["generic_inner"]),
        generic_inner_rx=re.compile(_alternation(d["generic_inner"])),
        generic_prefix_by_char=_by_first_char(sorted(d["generic_prefixes"], key=len, reverse=True)),
        location_prefix=tuple(sorted(d["location_prefix"], key=len, reverse=True)),
        location_rx=re.compile("(?:" + _alternation(d["location_prefix"]) + ")$"),
        cues=re.compile(_alternation(list(cue_stage))),
        cue_stage=cue_stage,
        future=re.compile("(?:" + _alternation(d["future_markers"]) + ")"),
        verbs=re.compile(_alternation(d["project_verbs"] + list(cue_stage) + d["relocation_verbs"])),
        list_trailer=re.compile(trailer),
        categories=categories,
        zones=re.compile(_alternation(d["uncoded_zones"])),
        relocation=re.compile(_alternation(d["relocation_verbs"])),
    )
