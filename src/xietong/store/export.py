"""Export the ledger as CSV, JSON or Parquet files (one file per table)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Select, select

from xietong.store.tables import articles, facts, orgs, places, project_events, projects

Format = Literal["csv", "json", "parquet"]
FORMATS: tuple[str, ...] = ("csv", "json", "parquet")


def queries() -> dict[str, Select[Any]]:
    """The statement of each exported table, by table name."""
    live = (projects.c.merged_into.is_(None)) & (projects.c.n_articles > 0)
    return {
        "projects": select(projects.c.id, projects.c.name, projects.c.category,
                           projects.c.place, projects.c.status, projects.c.investment,
                           projects.c.investments, projects.c.parties, projects.c.signed_date,
                           projects.c.first_date, projects.c.last_date, projects.c.n_articles,
                           projects.c.n_stories).where(live).order_by(projects.c.id),
        "timeline": select(project_events.c.project_id, project_events.c.fact_id,
                           project_events.c.status, project_events.c.date,
                           project_events.c.investment, project_events.c.name,
                           project_events.c.article_id, articles.c.title, articles.c.url,
                           articles.c.origin, facts.c.sentence, facts.c.start, facts.c.end)
        .join(articles, articles.c.id == project_events.c.article_id)
        .join(facts, facts.c.id == project_events.c.fact_id)
        .order_by(project_events.c.project_id, project_events.c.date, project_events.c.id),
        "orgs": select(orgs.c.id, orgs.c.name, orgs.c.type, orgs.c.province,
                       orgs.c.merged_into, orgs.c.n_articles).order_by(orgs.c.id),
        "places": select(places).order_by(places.c.adcode),
        "articles": select(articles.c.id, articles.c.doc_id, articles.c.title,
                           articles.c.published, articles.c.outlet, articles.c.url,
                           articles.c.origin, articles.c.raw_sha256, articles.c.story_id,
                           articles.c.extractor).order_by(articles.c.id),
        "facts": select(facts.c.id, facts.c.article_id, facts.c.kind, facts.c.key,
                        facts.c.extractor, facts.c.data, facts.c.override, facts.c.wrong,
                        facts.c.start, facts.c.end, facts.c.sentence, facts.c.entity_id)
        .order_by(facts.c.id),
    }


def rows(conn: Connection, q: Select[Any]) -> Iterator[dict[str, Any]]:
    """The rows of ``q`` as dicts, fetched in batches (whole tables stream)."""
    for r in conn.execute(q.execution_options(yield_per=5000)).mappings():
        yield dict(r)


def cell(v: Any) -> Any:
    """A value for a flat file: lists and dicts as JSON text, booleans as 0/1."""
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    if isinstance(v, bool):
        return int(v)
    return v


def export(conn: Connection, fmt: Format, folder: str | Path) -> list[Path]:
    """Write projects, timeline, orgs, places, articles and facts to ``folder``."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, q in queries().items():
        path = out / f"{name}.{fmt}"
        cols = [c.name for c in q.selected_columns]
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(cols)
                for r in rows(conn, q):
                    w.writerow([cell(r[c]) for c in cols])
        elif fmt == "json":
            with path.open("w", encoding="utf-8") as fh:
                fh.write("[\n")
                for i, r in enumerate(rows(conn, q)):
                    fh.write((",\n" if i else "") + json.dumps(r, ensure_ascii=False,
                                                                 sort_keys=True, default=str))
                fh.write("\n]\n")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            data: dict[str, list[Any]] = {c: [] for c in cols}
            for r in rows(conn, q):
                for c in cols:
                    data[c].append(cell(r[c]))
            pq.write_table(pa.table(data), path)
        written.append(path)
    return written
