"""End-to-end: `xietong clean` and `xietong extract` as a user runs them (a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "pages"
XIETONG = [sys.executable, "-m", "xietong.serve.cli.main"]

ARTICLE = (
    "首页 > 新闻中心 > 京津冀\n"
    "永清县签约三个京津产业项目\n"
    "来源:永清融媒 时间:2023-06-12 09:30 点击:次\n"
    "本报讯 11日,永清县与北京瑞丰精密机械有限公司签约精密零部件产业园项目,总投资6.5亿元。\n"
)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*XIETONG, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, cwd=REPO)


def test_clean_json_over_the_bundled_examples() -> None:
    res = run("clean", "--json", str(EXAMPLES))
    assert res.returncode == 0, res.stderr
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(docs) >= 10
    for d in docs:
        assert {"id", "title", "published", "source", "text"} <= d.keys()
        assert d["text"].strip()
        assert "(chǎn)" not in d["text"] and "當" not in d["text"]   # glosses and traditional gone
        assert "版权所有" not in d["text"] and "当前位置" not in d["text"]


def test_extract_writes_one_facts_file_per_article_with_evidence(tmp_path: Path) -> None:
    page = tmp_path / "yq-001.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    res = run("extract", str(page), "--out", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    facts = json.loads((tmp_path / "out" / "yq-001.json").read_text(encoding="utf-8"))
    assert facts["schema"] == "xietong.facts/1" and facts["id"] == "yq-001"
    assert facts["title"] == "永清县签约三个京津产业项目"
    assert facts["published"] == "2023-06-12"
    assert {p["adcode"] for p in facts["places"]} >= {"131023"}          # 永清县
    assert [a["value"] for a in facts["amounts"]] == [650000000]
    clean = run("clean", "--json", str(page))
    text = json.loads(clean.stdout)["text"]
    for kind in ("places", "organizations", "amounts", "projects", "indicators"):
        for item in facts[kind]:
            ev = item["evidence"]
            assert 0 <= ev["start"] <= ev["end"] <= len(text)
            assert text[ev["start"]:ev["end"]] in ev["sentence"]


def test_bad_files_are_reported_in_one_line_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "c-good.txt").write_text(ARTICLE, encoding="utf-8")
    res = run("extract", str(tmp_path), "--out", str(tmp_path / "out"))
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2, res.stderr
    assert "a-empty.txt" in lines[0] and "b-binary.txt" in lines[1]
    assert all(line.startswith("xietong: ") for line in lines)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["c-good.json"]


def test_size_cap_from_option_and_environment(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_text(ARTICLE * 20, encoding="utf-8")
    for args, env in ((["--max-bytes", "1K"], {}), ([], {"XIETONG_MAX_BYTES": "1K"})):
        res = run("clean", str(page), *args, env=env)
        assert res.returncode == 1
        assert "too_large" in res.stderr and "big.txt" in res.stderr
    assert run("clean", str(page), "--max-bytes", "1M").returncode == 0


def test_a_bad_size_is_a_usage_error() -> None:
    res = run("clean", str(EXAMPLES), "--max-bytes", "lots")
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0 and "not a size" in res.stderr


def test_an_unopenable_database_is_one_line_without_the_password() -> None:
    res = run("projects", "--db", "sqlite:////nonexistent-dir/ledger.db")
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and "cannot open" in res.stderr
    res = run("projects", "--db", "postgresql+psycopg://u:s3cret@127.0.0.1:1/x")
    assert res.returncode == 1 and "s3cret" not in res.stderr
    assert res.stderr.count("\n") == 1
