"""Rows ⇄ objects without Spark: what the job writes is what `xietong load` rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xietong.ingest import read_pages
from xietong.model import Evidence, Page, Place
from xietong.pipeline import Processed, process
from xietong.spark.dupes import bucket_edges, stories
from xietong.spark.rows import (
    ARTICLE_COLUMNS,
    FACT_COLUMNS,
    processed_from_rows,
    processed_rows,
    province_of,
    year_of,
)


def _processed(tmp_path: Path, text: str) -> Processed:
    f = tmp_path / "article.txt"
    f.write_text(text, encoding="utf-8")
    (page,) = list(read_pages([f]))
    assert isinstance(page, Page)
    out = process(page)
    assert isinstance(out, Processed)
    return out


@pytest.mark.parametrize("name", ["guan-logistics", "cangzhou-pharma", "no-date"])
def test_rows_round_trip(tmp_path: Path, spark_articles: dict[str, str], name: str) -> None:
    item = _processed(tmp_path, spark_articles[name])
    article, facts = processed_rows(item, "file:/x")
    a = dict(zip(ARTICLE_COLUMNS, article, strict=True))
    rows = [dict(zip(FACT_COLUMNS, r, strict=True)) for r in facts]
    back = processed_from_rows(a, list(reversed(rows)))      # order restored by seq
    assert back.facts == item.facts
    assert json.dumps(back.facts.to_json()) == json.dumps(item.facts.to_json())
    assert (back.document.text, back.document.title, back.page.sha256) == (
        item.document.text, item.document.title, item.page.sha256)
    assert a["year"] == year_of(item.facts.published)
    assert len(rows) == sum(len(item.facts.to_json()[k]) for k in
                            ("places", "organizations", "amounts", "projects", "indicators"))


@pytest.mark.parametrize(("published", "year"), [
    ("2023-04-18", "2023"), ("2023-04-18T09:30", "2023"), (None, "unknown"), ("", "unknown"),
    ("20xx", "unknown"),
])
def test_year_of(published: str | None, year: str) -> None:
    assert year_of(published) == year


@given(st.lists(st.tuples(st.sampled_from(["110105", "120116", "130200", "131127", "xx"]),
                          st.integers(0, 500)), max_size=6))
def test_province_is_first_named(places: list[tuple[str, int]]) -> None:
    objs = [Place(code, "地", Evidence(start, start + 2, "")) for code, start in places]
    got = province_of(objs)
    coded = [(start, code) for code, start in places if code.isdigit()]
    if not coded:
        assert got == "unknown"
    else:
        first = min(coded, key=lambda t: t[0])        # min() keeps the first of equal starts
        assert got == first[1][:2] + "0000"


def test_bucket_edges_and_stories() -> None:
    import numpy as np

    a = np.arange(64, dtype=np.uint32)
    near = a.copy()
    near[:10] = 0                                   # 54/64 agree ≥ 0.7
    far = a.copy()
    far[:30] = 0                                    # 34/64 agree < 0.7
    edges = list(bucket_edges([("x", a.tobytes()), ("y", near.tobytes()), ("z", far.tobytes())]))
    assert edges == [("x", "y")]
    assert stories([*edges, ("y", "w")]) == {"x": "w", "y": "w", "w": "w"}


def test_process_input_tags_rows_and_survives_a_pipeline_bug(
        tmp_path: Path, spark_articles: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from xietong import pipeline
    from xietong.spark.job import process_input

    f = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": n, "text": spark_articles[n]}, ensure_ascii=False)
             for n in ("guan-logistics", "no-date")]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(process_input(f"file:{f}"))
    assert [t for t, _ in rows].count("a") == 2 and {t for t, _ in rows} == {"a", "f"}
    assert all(r[3] == f"file:{f}" for t, r in rows if t == "a")      # the input column

    def boom(page: Page) -> Processed:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(pipeline, "process", boom)
    rows = list(process_input(str(f)))
    assert [(t, r[2], r[3]) for t, r in rows] == [("r", "error", "RuntimeError: extractor bug")] * 2
    ((tag, row),) = list(process_input(str(tmp_path / "gone.txt")))
    assert (tag, row[2]) == ("r", "not_found")
