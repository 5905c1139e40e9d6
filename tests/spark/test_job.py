"""The Spark job on a real local[2] session: same facts as `xietong extract`, rejects,
partitions, resumability, duplicates, and the load into the ledger."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from xietong.model import Skipped
from xietong.pipeline import Processed
from xietong.serve.cli.main import app
from xietong.spark import run
from xietong.spark.load import committed_runs, load, read_output

pytestmark = pytest.mark.spark


def _extract_cli(corpus: Path, out: Path) -> dict[str, dict[str, Any]]:
    res = CliRunner().invoke(app, ["extract", str(corpus), "--out", str(out)])
    assert res.exit_code == 1          # the corpus has bad files on purpose
    return {f.stem: json.loads(f.read_text(encoding="utf-8")) for f in out.glob("*.json")}


def test_facts_equal_xietong_extract(job_output: tuple[Path, Any], corpus: Path, tmp_path: Path) -> None:
    out, result = job_output
    expected = _extract_cli(corpus, tmp_path / "extract")
    got = {p.facts.id: p.facts.to_json() for p in read_output(out) if isinstance(p, Processed)}
    assert len(expected) == 6 and result.articles == 6
    assert got == expected
    assert sum(len(v[k]) for v in got.values() for k in ("places", "amounts", "projects")) > 10


def test_rejects_have_reasons(job_output: tuple[Path, Any]) -> None:
    out, result = job_output
    rejects = {(Path(s.source).name, s.reason.value) for s in read_output(out) if isinstance(s, Skipped)}
    assert rejects == {("empty.txt", "empty"), ("picture.txt", "binary"),
                       ("feed.jsonl#2", "malformed")}
    assert result.rejects == 3


def test_partitions_by_year_and_province(job_output: tuple[Path, Any]) -> None:
    out, result = job_output
    (run_dir,) = (out / "articles").iterdir()
    parts = {str(p.relative_to(run_dir)) for p in run_dir.rglob("province=*")}
    assert "year=2023/province=130000" in parts           # 固安县, Hebei
    assert "year=2024/province=130000" in parts           # 唐山市, from the WARC
    assert any(p.startswith("year=unknown/") for p in parts)
    facts = pq.read_table(out / "facts").to_pylist()
    assert len(facts) == result.facts
    assert {f["kind"] for f in facts} >= {"place", "organization", "amount", "project"}
    ev = json.loads(facts[0]["fact"])["evidence"]
    assert ev["sentence"] and ev["end"] > ev["start"]


def test_duplicates_found(job_output: tuple[Path, Any]) -> None:
    out, result = job_output
    rows = pq.read_table(out / "duplicates").to_pylist()
    stories = {r["article_id"]: r["story_id"] for r in rows}
    # The JSONL reprint of guan-logistics, and the 沧州→保定 rewrite of the GBK article.
    assert "guan-logistics" in stories and "gbk-article" in stories and result.duplicates == 4
    assert len(set(stories.values())) == 2 and all(r["size"] == 2 for r in rows)
    assert stories["guan-logistics"] != stories["gbk-article"]


def test_rerun_skips_done_inputs_and_cleans_crashed_runs(spark: Any, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(spark, [str(corpus / "guan-logistics.txt"), str(corpus / "feed.jsonl")], str(out),
                duplicates=False)
    assert (first.articles, first.already_done) == (3, 0)
    # A crashed run: table folders without a manifest, and a staging folder.
    (out / "articles" / "run=crashed" / "year=2020").mkdir(parents=True)
    (out / "_tmp" / "run=x").mkdir(parents=True)
    again = run(spark, [str(corpus)], str(out), duplicates=False)
    assert again.already_done == 2 and again.inputs == 7 and again.articles == 3
    assert not (out / "articles" / "run=crashed").exists() and not (out / "_tmp").exists()
    assert len(committed_runs(out)) == 2
    nothing = run(spark, [str(corpus)], str(out), duplicates=False)
    assert nothing.run_id is None and nothing.already_done == 7
    ids = [p.facts.id for p in read_output(out) if isinstance(p, Processed)]
    assert len(ids) == len(set(ids)) == 6


def test_missing_input_is_reported(spark: Any, tmp_path: Path) -> None:
    result = run(spark, [str(tmp_path / "nope"), str(tmp_path / "*.warc")], str(tmp_path / "out"))
    assert [m.reason.value for m in result.missing] == ["not_found", "not_found"]
    assert result.run_id is None


def test_load_into_ledger_is_idempotent(job_output: tuple[Path, Any], tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from xietong.store import open_ledger
    from xietong.store.tables import articles, facts

    out, _ = job_output
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    s = load(out, url)
    assert (s.documents, s.new, s.skipped, s.facts) == (6, 6, 3, s.facts) and s.facts > 0
    again = load(out, url)
    assert (again.new, again.unchanged) == (0, 6)
    led = open_ledger(url)
    try:
        with led.read() as c:
            assert c.execute(select(func.count()).select_from(articles)).scalar_one() == 6
            assert c.execute(select(func.count()).select_from(facts)).scalar_one() == s.facts
    finally:
        led.close()


def test_cli_spark_and_load(corpus: Path, tmp_path: Path, spark: Any) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(corpus / "no-date.txt", src)
    runner = CliRunner()
    res = runner.invoke(app, ["spark", str(src), "--out", str(tmp_path / "out"), "--no-duplicates"])
    assert res.exit_code == 0, res.output
    assert "1 articles" in res.output
    res = runner.invoke(app, ["load", str(tmp_path / "out"), "--db", f"sqlite:///{tmp_path / 'l.db'}"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("1 documents (1 new")


def test_spark_submit_entry(corpus: Path, tmp_path: Path, spark: Any,
                            capsys: pytest.CaptureFixture[str]) -> None:
    from xietong.spark.__main__ import main

    assert main([str(corpus / "no-date.txt"), "--out", str(tmp_path / "out"), "--no-duplicates"]) == 0
    assert "1 of 1 input files processed" in capsys.readouterr().out
    assert main([str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 1
    assert main(["x", "--out", "y", "--conf", "novalue"]) == 2
