"""Linking keys of organizations and projects (pure functions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xietong.ledger.names import clean_name, dice, org_key, project_name_key

KNOWN = {"衡水市": "131100", "衡水": "131100", "廊坊市": "131000", "廊坊": "131000"}


@pytest.mark.parametrize(("name", "type_", "key"), [
    ("北京新发地集团有限公司", "enterprise", ("新发地", "11")),
    ("新发地集团", "enterprise", ("新发地", "")),
    ("衡水老白干酒业股份有限公司", "enterprise", ("老白干酒业", "13")),
    ("河北省衡水市华兴物流有限公司", "enterprise", ("华兴物流", "13")),
    ("霸州市委", "government", ("霸州市委", "")),
    ("廊坊市人民政府", "government", ("廊坊市人民政府", "")),
    ("清华大学", "university", ("清华大学", "")),
])
def test_org_key(name: str, type_: str, key: tuple[str, str]) -> None:
    assert org_key(name, type_, KNOWN) == key


@pytest.mark.parametrize(("a", "b"), [
    ("衡水华兴冷链物流园项目", "衡水华兴冷链物流园"),
    ("衡水 (冀州) 物流园项目", "衡水（冀州）物流园"),
])
def test_project_name_key_same(a: str, b: str) -> None:
    assert project_name_key(a) == project_name_key(b)


def test_dice() -> None:
    assert dice("衡水华兴冷链物流园", "衡水华兴冷链物流园") == 1.0
    assert dice("衡水华兴冷链物流园", "衡水华兴智慧冷链物流园") >= 0.5
    assert dice("衡水华兴冷链物流园", "廊坊数据中心") < 0.2


@given(st.text(max_size=30))
def test_clean_name_is_idempotent(s: str) -> None:
    assert clean_name(clean_name(s)) == clean_name(s)


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_dice_symmetric_and_bounded(a: str, b: str) -> None:
    assert dice(a, b) == dice(b, a)
    assert 0.0 <= dice(a, b) <= 1.0


def _scan_prefix(name: str, known: dict[str, str]) -> tuple[str, str]:
    """place_prefix by scanning every province form and known place (the reference)."""
    from xietong.ledger.names import PROVINCES

    best, prov = "", ""
    for short, code in PROVINCES.items():
        for form in (short + "省", short + "市", short):
            if name.startswith(form) and len(form) > len(best):
                best, prov = form, code
    for pname, code in known.items():
        if len(pname) >= 2 and name.startswith(pname) and len(pname) > len(best):
            best, prov = pname, code[:2]
    rest = name[len(best):]
    for pname, code in known.items():
        if len(pname) >= 2 and rest.startswith(pname) and len(rest) > len(pname) + 1:
            return best + pname, prov or code[:2]
    return best, prov


_PLACES = {"衡水市": "131100", "衡水": "131100", "冀州区": "131103", "冀州": "131103",
           "廊坊市": "131000", "廊坊": "131000", "北京市": "110000", "北京": "110000",
           "河北": "130000", "雄安新区": "133100", "雄安": "133100", "天津滨海": "120116"}
_PARTS = [*_PLACES, "河北省", "天津市", "上海", "华兴", "物流", "集团", "有限公司", "市", "县", "新"]


@given(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=5),
       st.lists(st.sampled_from(sorted(_PLACES)), max_size=8, unique=True))
def test_place_prefix_equals_the_full_scan(parts: list[str], places: list[str]) -> None:
    from xietong.ledger.names import place_prefix

    known = {p: _PLACES[p] for p in places}
    name = "".join(parts)
    assert place_prefix(name, known) == _scan_prefix(name, known)
