"""``xietong link --rebuild`` on SQLite and PostgreSQL: changes nothing on a ledger that
is up to date, is idempotent, keeps curation, and repairs a stale ledger."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, select, text, update
from typer.testing import CliRunner

from xietong.ledger.curation import correct_fact, merge_orgs
from xietong.ledger.ingest import ingest_items, ingest_paths
from xietong.ledger.rebuild import rebuild_links
from xietong.serve.cli import main  # noqa: F401  (registers every command)
from xietong.serve.cli.app import app
from xietong.store import Ledger
from xietong.store.check import consistency
from xietong.store.tables import articles, facts, orgs, project_events, projects

FIXTURES = Path(__file__).parent / "fixtures"
PARK = "衡水华兴冷链物流园项目"


def _state(ledger: Ledger) -> dict[str, Any]:
    with ledger.read() as c:
        assert consistency(c) == []
        return {
            "projects": Counter(tuple(r) for r in c.execute(text(
                "SELECT name, status, place, n_articles, n_stories, merged_into FROM projects "
                "WHERE n_articles > 0"))),
            "orgs": Counter(tuple(r) for r in c.execute(text(
                "SELECT name, n_articles, merged_into FROM orgs"))),
            "facts": sorted(tuple(r) for r in c.execute(text(
                "SELECT id, entity_id, override, wrong FROM facts"))),
            "stories": sorted(tuple(r) for r in c.execute(text(
                "SELECT id, story_id FROM articles"))),
        }


def _ledger(ledger: Ledger, article: Any) -> None:
    party = ("北京华兴物流集团有限公司",)
    ingest_items(ledger, [
        article("s", published="2019-02-20", orgs=(("北京华兴物流集团有限公司", "enterprise"),),
                projects=((PARK, "signed", "2019-02", 1.2e9, party, "131102"),)),
        article("b", published="2020-05-12", orgs=(("华兴物流集团", "enterprise"),),
                projects=((PARK, "started", "2020-05", 1.5e9, ("华兴物流集团",), "131102"),)),
        article("x", published="2019-06-01", orgs=(("云智科技公司", "enterprise"),),
                projects=(("廊坊数据中心项目", "signed", "2019-06", None, ("云智科技公司",),
                           "131000"),)),
    ])
    ingest_paths([FIXTURES], ledger=ledger)


def test_rebuild_changes_nothing_twice_and_keeps_curation(ledger: Ledger, article: Any) -> None:
    _ledger(ledger, article)
    with ledger.write() as c:
        fid = int(c.execute(select(facts.c.id).where(facts.c.kind == "project")
                            .order_by(facts.c.id)).scalars().first())
        correct_fact(c, fid, {"status": "operating"}, "alice")
        a, b = c.execute(select(orgs.c.id).order_by(orgs.c.id).limit(2)).scalars().all()
        merge_orgs(c, int(b), int(a), "alice")
    before = _state(ledger)
    first = rebuild_links(ledger, batch=2)
    assert first.articles == 6 and first.projects >= 2
    assert _state(ledger) == before
    rebuild_links(ledger)
    assert _state(ledger) == before


def test_rebuild_repairs_a_stale_ledger(ledger: Ledger, article: Any) -> None:
    _ledger(ledger, article)
    before = _state(ledger)
    with ledger.write() as c:
        c.execute(delete(project_events).where(project_events.c.article_id == 1))
        c.execute(update(facts).values(entity_id=None))
        c.execute(update(projects).values(n_articles=3, n_stories=3, status="unknown"))
        c.execute(update(orgs).values(n_articles=0))
        c.execute(update(articles).where(articles.c.id == 5).values(story_id=5))
    with ledger.read() as c:
        assert consistency(c) != []
    rebuild_links(ledger)
    assert _state(ledger) == before


def test_link_cli(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    res = runner.invoke(app, ["link", "--db", db])
    assert res.exit_code == 2 and "--rebuild" in res.stderr
    assert runner.invoke(app, ["ingest", str(FIXTURES), "--db", db]).exit_code == 1  # broken.txt
    res = runner.invoke(app, ["db", "check", "--db", db])
    assert res.exit_code == 0 and "consistent" in res.stdout
    eng = create_engine(db)
    with eng.begin() as c:
        c.execute(update(projects).values(n_stories=9))
    eng.dispose()
    res = runner.invoke(app, ["db", "check", "--db", db])
    assert res.exit_code == 1
    assert res.stdout.startswith("project whose story count is stale: ")
    res = runner.invoke(app, ["link", "--rebuild", "--db", db])
    assert res.exit_code == 0, res.output
    assert "relinked 3 articles" in res.stderr
    assert runner.invoke(app, ["db", "check", "--db", db]).exit_code == 0
