"""CLI commands of the ledger area: ingest, link, db, projects, project, places, orgs,
rates, stats, export, edit …, and the ``bench ingest`` / ``bench query`` benchmarks.

Each command parses options, calls the library (``xietong.ledger``, ``xietong.store``) and
prints: rich tables on a terminal, tab-separated text otherwise, or ``--json`` / ``--csv``.
"""

from __future__ import annotations

import csv
import dataclasses
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from xietong.serve.cli.app import app, bench_app, fail, warn

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL (default: $XIETONG_DB "
                                                        "or sqlite:///xietong.db).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON output.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="CSV output.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who makes the change "
                                                        "(default: $USER).")]

db_app = typer.Typer(help="The ledger database: migrations.", no_args_is_help=True)
edit_app = typer.Typer(help="Curate the ledger: every change is recorded and can be undone.",
                       no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(edit_app, name="edit")


def _ledger(db: str | None, *, create: bool = False) -> Any:
    from xietong.store import open_ledger

    return open_ledger(db, create=create)


def _author(by: str | None) -> str:
    if by:
        return by
    try:
        return os.environ.get("XIETONG_USER") or getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "cli"


def _plain(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() or abs(v) >= 100 else f"{v:.2f}"
    if isinstance(v, (list, tuple)):
        return "、".join(_cell(x) for x in v)
    return str(v)


def emit(rows: Sequence[Any], columns: Sequence[str], *, as_json: bool = False,
         as_csv: bool = False, title: str | None = None) -> None:
    """Print dataclass rows: JSON, CSV, a rich table on a terminal, else tab-separated."""
    if as_json:
        sys.stdout.write(json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=1)
                         + "\n")
        return
    if as_csv:
        w = csv.writer(sys.stdout)
        w.writerow(columns)
        for r in rows:
            p = _plain(r)
            w.writerow([json.dumps(p[c], ensure_ascii=False) if isinstance(p[c], list | dict)
                        else ("" if p[c] is None else p[c]) for c in columns])
        return
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        t = Table(title=title)
        for c in columns:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*[_cell(getattr(r, c)) for c in columns])
        Console().print(t)
        return
    sys.stdout.write("\t".join(columns) + "\n")
    for r in rows:
        sys.stdout.write("\t".join(_cell(getattr(r, c)) for c in columns) + "\n")


# --- ingest -------------------------------------------------------------------------------

@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of pages.")],
    db: DbOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                                         help="Processes for normalize + extract.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Re-extract articles already "
                                                        "stored with this extractor.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Normalize, extract, store and link documents into the ledger (one transaction each)."""
    from xietong.ledger.ingest import IngestSummary, ingest_paths
    from xietong.model import Skipped

    def report(summary: IngestSummary, item: Any) -> None:
        if isinstance(item, Skipped):
            warn(item.line())

    progress: Any = report
    bar: Any = None
    if not quiet and sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                       transient=True)
        task = bar.add_task("ingest")

        def progress(summary: IngestSummary, item: Any) -> None:
            report(summary, item)
            bar.update(task, description=(
                f"{summary.documents} documents, {summary.facts} facts, "
                f"{summary.skipped} skipped, {summary.rate:.0f}/s"))

    ledger = _ledger(db, create=True)
    try:
        if bar is not None:
            with bar:
                summary = ingest_paths(paths, workers=workers, progress=progress, force=force,
                                       ledger=ledger)
        else:
            summary = ingest_paths(paths, workers=workers, progress=progress, force=force,
                                   ledger=ledger)
    finally:
        ledger.close()
    print(f"xietong: ingest: {summary.line()} into {ledger.url}", file=sys.stderr)
    if summary.skipped:
        raise typer.Exit(1)


@app.command("link")
def link_cmd(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Relink every article of the "
                                                            "ledger with the current rules.")]
    = False,
    db: DbOpt = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Articles per transaction.")]
    = 100,
) -> None:
    """Re-run cross-article linking (stories, organizations, projects) over the ledger.

    Idempotent, and safe to interrupt: each batch is one transaction; run it again to
    finish."""
    if not rebuild:
        fail("link: nothing to do: `xietong link --rebuild` relinks the whole ledger "
             "(ingest links each article as it goes)", 2)
    from xietong.ledger.rebuild import RebuildSummary, rebuild_links

    def report(summary: RebuildSummary) -> None:
        if sys.stderr.isatty():
            print(f"\rxietong: link: {summary.articles} articles", end="", file=sys.stderr,
                  flush=True)

    ledger = _ledger(db)
    try:
        summary = rebuild_links(ledger, batch=batch, progress=report)
    finally:
        ledger.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"xietong: link: {summary.line()}", file=sys.stderr)


@db_app.command("upgrade")
def db_upgrade(db: DbOpt = None) -> None:
    """Create or migrate the ledger's tables to this version's schema."""
    from xietong.store.engine import current_revision, head_revision, make_engine, upgrade

    engine = make_engine(db)
    before = current_revision(engine)
    upgrade(engine)
    print(f"{engine.url.render_as_string()}: {before or 'empty'} → {head_revision()}")
    engine.dispose()


@db_app.command("check")
def db_check(db: DbOpt = None) -> None:
    """Check the ledger's invariants (whole articles, no orphans, fresh counters); exit 1
    when something is wrong (`xietong link --rebuild` repairs links and counters)."""
    from xietong.store.check import consistency

    ledger = _ledger(db)
    try:
        with ledger.read() as conn:
            problems = consistency(conn)
    finally:
        ledger.close()
    for p in problems:
        print(p)
    if problems:
        fail(f"db check: {len(problems)} problems in {ledger.url}")
    print(f"{ledger.url}: consistent")


@db_app.command("current")
def db_current(db: DbOpt = None) -> None:
    """Print the database's schema revision."""
    from xietong.store.engine import current_revision, make_engine

    engine = make_engine(db)
    print(current_revision(engine) or "empty")
    engine.dispose()


# --- queries ------------------------------------------------------------------------------

PROJECT_COLUMNS = ("id", "name", "place_name", "status", "investment", "parties",
                   "signed_date", "last_date", "n_articles")


@app.command("projects")
def projects_cmd(
    db: DbOpt = None,
    place: Annotated[str | None, typer.Option(help="Place name, short name or code "
                                                   "(sub-divisions included).")] = None,
    party: Annotated[str | None, typer.Option(help="Organization name or alias.")] = None,
    status: Annotated[str | None, typer.Option(help="Status, comma list, or 'landed'.")] = None,
    since: Annotated[int | None, typer.Option(help="First reported in or after this year.")]
    = None,
    category: Annotated[str | None, typer.Option(help="Project category.")] = None,
    sort: Annotated[str, typer.Option(help="recent|oldest|investment|name|status|sources")]
    = "recent",
    limit: Annotated[int, typer.Option(min=1)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The project ledger (项目台账), filtered."""
    from xietong.store.queries import _SORTS, count_projects, list_projects

    if sort not in _SORTS:
        fail(f"--sort must be one of {', '.join(_SORTS)}", 2)
    ledger = _ledger(db)
    with ledger.read() as conn:
        rows = list_projects(conn, place=place, party=party, status=status, since=since,
                             category=category, limit=limit, offset=offset,
                             sort=sort)  # type: ignore[arg-type]
        total = count_projects(conn, place=place, party=party, status=status, since=since,
                               category=category)
    ledger.close()
    emit(rows, PROJECT_COLUMNS, as_json=as_json, as_csv=as_csv,
         title=f"项目台账 — {len(rows)} of {total} projects")


@app.command("project")
def project_cmd(project_id: int, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """One project with its timeline: each report with its date, status and evidence."""
    from xietong.store.queries import get_project

    ledger = _ledger(db)
    with ledger.read() as conn:
        detail = get_project(conn, project_id)
    ledger.close()
    if detail is None:
        fail(f"no project {project_id}")
    if as_json:
        sys.stdout.write(json.dumps(_plain(detail), ensure_ascii=False, indent=1) + "\n")
        return
    p = detail.project
    print(f"#{p.id} {p.name or '(unnamed)'}")
    print(f"  place: {p.place_name or ''} {p.place or ''}   status: {p.status}   "
          f"category: {p.category}")
    print(f"  parties: {'、'.join(p.parties)}")
    if p.investments:
        print(f"  investment reported: {' | '.join(_cell(v) for v in p.investments)} 元")
    print(f"  sources: {p.n_articles} articles, {p.n_stories} stories")
    emit(detail.timeline, ("date", "status", "investment", "published", "title", "fact_id",
                           "sentence"), title="timeline")


@app.command()
def places(db: DbOpt = None, limit: int = 200, as_json: JsonOpt = False,
           as_csv: CsvOpt = False) -> None:
    """Places named in the articles, with their projects (sub-divisions included)."""
    from xietong.store.queries import list_places

    ledger = _ledger(db)
    with ledger.read() as conn:
        rows = list_places(conn, limit=limit)
    ledger.close()
    emit(rows, ("adcode", "name", "path", "n_projects", "n_articles", "investment"),
         as_json=as_json, as_csv=as_csv, title="places")


@app.command()
def orgs(db: DbOpt = None, q: Annotated[str | None, typer.Option(help="Name contains.")]
         = None, limit: int = 100, as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Organizations (one entity per organization across its names)."""
    from xietong.store.queries import list_orgs

    ledger = _ledger(db)
    with ledger.read() as conn:
        rows = list_orgs(conn, q=q, limit=limit)
    ledger.close()
    emit(rows, ("id", "name", "type", "province", "aliases", "n_articles", "n_projects"),
         as_json=as_json, as_csv=as_csv, title="organizations")


@app.command()
def rates(db: DbOpt = None,
          by: Annotated[str, typer.Option(help="place (destination) or year (of signing)")]
          = "place", as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Landing rate (落地率): signed projects that started or operate, with the counts."""
    from xietong.store.queries import landing_rates

    if by not in ("place", "year"):
        fail("--by must be place or year", 2)
    ledger = _ledger(db)
    with ledger.read() as conn:
        rows = landing_rates(conn, by=by)  # type: ignore[arg-type]
    ledger.close()
    if as_json:
        sys.stdout.write(json.dumps([{**_plain(r), "rate": r.rate} for r in rows],
                                    ensure_ascii=False, indent=1) + "\n")
        return

    @dataclasses.dataclass
    class _R:
        group: str
        label: str
        landed: int
        signed: int
        rate: str

    emit([_R(r.group, r.label, r.landed, r.signed,
             f"{r.rate:.0%}" if r.rate is not None else "") for r in rows],
         ("group", "label", "landed", "signed", "rate"), as_csv=as_csv,
         title=f"落地率 by {by}")


@app.command()
def stats(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Counts of articles, stories, facts, projects, organizations, places, edits."""
    from xietong.store.queries import stats as ledger_stats

    ledger = _ledger(db)
    with ledger.read() as conn:
        s = ledger_stats(conn)
    ledger.close()
    if as_json:
        sys.stdout.write(json.dumps(_plain(s), ensure_ascii=False, indent=1) + "\n")
        return
    print(f"database:   {ledger.url}")
    print(f"articles:   {s.articles} ({s.stories} stories)")
    print(f"facts:      {sum(s.facts.values())} "
          f"({', '.join(f'{k} {v}' for k, v in s.facts.items())})")
    print(f"projects:   {s.projects}")
    print(f"orgs:       {s.orgs}")
    print(f"places:     {s.places}")
    print(f"skipped:    {s.skipped}")
    print(f"edits:      {s.edits}")
    print(f"extractors: {', '.join(s.extractors)}")


@app.command("export")
def export_cmd(
    folder: Annotated[Path, typer.Argument(help="Output folder.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json or parquet")] = "csv",
    db: DbOpt = None,
) -> None:
    """Export projects, timeline, orgs, places, articles and facts (one file each)."""
    from xietong.store.export import FORMATS, export

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}", 2)
    ledger = _ledger(db)
    with ledger.read() as conn:
        paths = export(conn, fmt, folder)  # type: ignore[arg-type]
    ledger.close()
    for p in paths:
        print(p)


# --- edit ---------------------------------------------------------------------------------

def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _write(db: str | None, fn: Any, *args: Any) -> Any:
    ledger = _ledger(db)
    try:
        with ledger.write() as conn:
            return fn(conn, *args)
    finally:
        ledger.close()


@edit_app.command("fact")
def edit_fact(fact_id: int,
              changes: Annotated[list[str], typer.Argument(help="FIELD=VALUE (JSON or text), "
                                                                "e.g. status=operating")],
              db: DbOpt = None, by: ByOpt = None) -> None:
    """Correct fields of a fact."""
    from xietong.ledger.curation import correct_fact

    parsed: dict[str, Any] = {}
    for c in changes:
        if "=" not in c:
            fail(f"expected FIELD=VALUE, got {c!r}", 2)
        k, v = c.split("=", 1)
        parsed[k.strip()] = _value(v)
    eid = _write(db, correct_fact, fact_id, parsed, _author(by))
    print(f"edit {eid}: fact {fact_id} corrected")


@edit_app.command("wrong")
def edit_wrong(fact_id: int, db: DbOpt = None, by: ByOpt = None,
               right: Annotated[bool, typer.Option("--right", help="Mark it right again.")]
               = False) -> None:
    """Mark a fact wrong (it leaves the ledger; it stays stored)."""
    from xietong.ledger.curation import mark_wrong

    eid = _write(db, mark_wrong, fact_id, _author(by), not right)
    print(f"edit {eid}: fact {fact_id} marked {'right' if right else 'wrong'}")


@edit_app.command("merge-orgs")
def edit_merge_orgs(source: int, target: int, db: DbOpt = None, by: ByOpt = None) -> None:
    """Merge organization SOURCE into TARGET."""
    from xietong.ledger.curation import merge_orgs

    eid = _write(db, merge_orgs, source, target, _author(by))
    print(f"edit {eid}: organization {source} merged into {target}")


@edit_app.command("split-org")
def edit_split_org(org_id: int, name: str, db: DbOpt = None, by: ByOpt = None) -> None:
    """Split the name NAME off organization ORG_ID into an entity of its own."""
    from xietong.ledger.curation import split_org

    eid = _write(db, split_org, org_id, name, _author(by))
    print(f"edit {eid}: {name} split off organization {org_id}")


@edit_app.command("merge-projects")
def edit_merge_projects(source: int, target: int, db: DbOpt = None, by: ByOpt = None) -> None:
    """Merge project SOURCE into TARGET (one ledger entry, one timeline)."""
    from xietong.ledger.curation import merge_projects

    eid = _write(db, merge_projects, source, target, _author(by))
    print(f"edit {eid}: project {source} merged into {target}")


@edit_app.command("split-project")
def edit_split_project(project_id: int,
                       fact_ids: Annotated[list[int], typer.Argument(help="Project facts "
                                                                          "to move out.")],
                       db: DbOpt = None, by: ByOpt = None) -> None:
    """Move some reports of a project into a new project."""
    from xietong.ledger.curation import split_project

    eid = _write(db, split_project, project_id, fact_ids, _author(by))
    print(f"edit {eid}: facts {', '.join(map(str, fact_ids))} split off project {project_id}")


@edit_app.command("undo")
def edit_undo(edit_id: int, db: DbOpt = None, by: ByOpt = None) -> None:
    """Undo an edit (the edit stays recorded, marked undone)."""
    from xietong.ledger.curation import undo

    _write(db, undo, edit_id, _author(by))
    print(f"edit {edit_id} undone")


@edit_app.command("log")
def edit_log(db: DbOpt = None, limit: int = 50, as_json: JsonOpt = False) -> None:
    """The latest edits: who, when, what."""
    from xietong.ledger.curation import list_edits

    ledger = _ledger(db)
    with ledger.read() as conn:
        rows = list_edits(conn, limit)
    ledger.close()
    emit(rows, ("id", "at", "author", "action", "target", "payload", "undone_at"),
         as_json=as_json, title="edits")


# --- benchmarks ---------------------------------------------------------------------------

@bench_app.command("ingest")
def bench_ingest(
    n: Annotated[int, typer.Option("--n", help="Synthetic articles per database.")] = 1000,
    pg: Annotated[str | None, typer.Option("--pg", help="PostgreSQL URL (default: start a "
                                                        "throwaway server).")] = None,
    no_pg: Annotated[bool, typer.Option("--no-pg", help="SQLite only.")] = False,
    chain: Annotated[int, typer.Option("--chain", help="Pages for the whole-chain figure "
                                                       "(0: none).")] = 500,
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Folder of pages for the "
                                                "whole chain (default: the dev corpus, "
                                                "else examples/pages).")] = None,
) -> None:
    """Articles/s stored and linked into SQLite and PostgreSQL (one process), and the
    whole chain normalize → extract → store → link."""
    from xietong.bench.ledger import bench_ingest as run

    for line in run(n=n, pg_url=pg, with_pg=not no_pg, chain=chain, corpus=corpus):
        print(line, flush=True)


@bench_app.command("query")
def bench_query(
    facts: Annotated[int, typer.Option("--facts", help="Facts in the synthetic ledger.")]
    = 1_000_000,
    cache: Annotated[Path | None, typer.Option("--cache", help="Ledger file (generated once).")]
    = None,
    repeat: Annotated[int, typer.Option(min=1)] = 30,
) -> None:
    """Query latencies (p50/p99) on a synthetic ledger of 1,000,000 facts."""
    from xietong.bench.ledger import bench_query as run

    for line in run(n_facts=facts, cache=cache, repeat=repeat):
        print(line, flush=True)
