"""The ledger commands through the CLI (SQLite)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from xietong.serve.cli import main  # noqa: F401  (registers every command)
from xietong.serve.cli.app import app

FIXTURES = Path(__file__).parent.parent / "ledger" / "fixtures"
runner = CliRunner()


def test_ingest_query_edit_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    res = runner.invoke(app, ["ingest", str(FIXTURES), "--db", db])
    assert res.exit_code == 1                       # broken.txt was skipped
    assert "broken.txt: binary" in res.stderr
    assert "3 documents" in res.stderr
    res = runner.invoke(app, ["projects", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows and {"id", "name", "status", "parties", "investments"} <= set(rows[0])
    assert all(r["n_articles"] >= 1 for r in rows)
    res = runner.invoke(app, ["projects", "--db", db, "--place", "衡水", "--csv"])
    assert res.exit_code == 0
    assert next(iter(csv.reader(io.StringIO(res.stdout))))[:3] == ["id", "name", "place_name"]
    for cmd in (["places"], ["orgs"], ["stats"], ["rates"], ["rates", "--by", "year"],
                ["project", str(rows[0]["id"])], ["db", "upgrade"], ["edit", "log"]):
        res = runner.invoke(app, [*cmd, "--db", db])
        assert res.exit_code == 0, (cmd, res.output)
    res = runner.invoke(app, ["project", str(rows[0]["id"]), "--db", db, "--json"])
    fact_id = json.loads(res.stdout)["timeline"][0]["fact_id"]
    res = runner.invoke(app, ["edit", "fact", str(fact_id), "status=operating", "--db", db,
                              "--by", "alice"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["projects", "--db", db, "--status", "operating", "--json"])
    assert len(json.loads(res.stdout)) >= 1
    res = runner.invoke(app, ["edit", "undo", "1", "--db", db])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["export", str(tmp_path / "out"), "--format", "json", "--db", db])
    assert res.exit_code == 0
    assert (tmp_path / "out" / "projects.json").exists()
    res = runner.invoke(app, ["export", str(tmp_path / "out"), "--format", "xml", "--db", db])
    assert res.exit_code == 2
