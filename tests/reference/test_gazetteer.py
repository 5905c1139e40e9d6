"""The gazetteer: codes, hierarchy, coordinates, renames, towns, and agreement with the code table."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from xietong.reference.gazetteer import load_gazetteer, read_gazetteer

SCORER_TABLE = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "adcodes.tsv"


def test_loads_fast_and_is_cached() -> None:
    load_gazetteer.cache_clear()
    t = time.perf_counter()
    gaz = load_gazetteer()
    assert time.perf_counter() - t < 0.3
    assert load_gazetteer() is gaz
    assert len(gaz) > 3000


@pytest.mark.parametrize(("code", "name", "short", "level", "path"), [
    ("110000", "北京市", "北京", "province", "北京市"),
    ("110112", "通州区", "通州", "county", "北京市/通州区"),
    ("131100", "衡水市", "衡水", "prefecture", "河北省/衡水市"),
    ("131127", "景县", "景县", "county", "河北省/衡水市/景县"),
    ("131028", "大厂回族自治县", "大厂", "county", "河北省/廊坊市/大厂回族自治县"),
    ("139002", "辛集市", "辛集", "county", "河北省/辛集市"),
    ("650000", "新疆维吾尔自治区", "新疆", "province", "新疆维吾尔自治区"),
])
def test_divisions(code: str, name: str, short: str, level: str, path: str) -> None:
    d = load_gazetteer().get(code)
    assert d is not None
    assert (d.name, d.short, d.level, d.path) == (name, short, level, path)


def test_hierarchy_and_coordinates() -> None:
    gaz = load_gazetteer()
    assert {d.code for d in gaz.children("131100")} >= {"131102", "131103", "131127"}
    assert gaz.province("131127").name == "河北省"  # type: ignore[union-attr]
    assert gaz.prefecture("131127").code == "131100"  # type: ignore[union-attr]
    assert [a.code for a in gaz.ancestors("131127")] == ["131100", "130000"]
    lon, lat = gaz.centroid("131127") or (0.0, 0.0)
    assert 115 < lon < 117 and 37 < lat < 38.5
    assert gaz.get("999999") is None and gaz.centroid("999999") is None


@pytest.mark.parametrize(("old", "code"), [
    ("冀县", "131103"), ("通县", "110112"), ("廊坊地区", "131000"), ("汉沽区", "120116"),
    ("蓟县", "120119"), ("唐海县", "130209"), ("襄樊市", "420600"),
])
def test_renames(old: str, code: str) -> None:
    gaz = load_gazetteer()
    assert gaz.renames[old] == code
    assert [d.code for d in gaz.by_name(old)] == [code]


def test_ambiguous_name_lists_all() -> None:
    paths = {d.path for d in load_gazetteer().by_name("朝阳区")}
    assert paths == {"北京市/朝阳区", "吉林省/长春市/朝阳区"}


def test_towns_are_lazy_and_resolve_to_counties() -> None:
    gaz = read_gazetteer()
    assert gaz._towns is None
    assert "131125" in {d.code for d in gaz.towns("安平镇")}
    assert gaz.towns("不存在的镇") == []


def test_codes_agree_with_the_scorer_table() -> None:
    """Every code of the evaluation table is in the gazetteer with the same name and level."""
    assert SCORER_TABLE.exists(), f"{SCORER_TABLE} is expected beside the repo"
    gaz = load_gazetteer()
    with SCORER_TABLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) == len(gaz)
    for row in rows:
        d = gaz.get(row["adcode"])
        assert d is not None, row
        assert d.name == row["name"]
        assert d.path == row["path"]
        assert d.level == {"city": "prefecture"}.get(row["level"], row["level"])
