"""``xietong load``: the Spark job's Parquet → the ledger (pyarrow only, no Spark needed).

Only committed runs are read (those with a manifest in ``_done/``).  Each (run, year,
province) partition is read on its own, so memory stays bounded by the largest
partition; its articles are rebuilt as (Page, Document, Facts) and stored through the
ledger's own writer (:func:`xietong.ledger.ingest.ingest_items`), which also finds
stories and links organizations and projects across articles — the cross-article
stages of the local path.  Loading twice changes nothing (the ledger's writes are
idempotent on document id + raw hash).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xietong.errors import ConfigError, SkipReason
from xietong.model import Skipped
from xietong.pipeline import Processed
from xietong.spark.rows import processed_from_rows


def committed_runs(folder: Path) -> list[str]:
    """Run ids with a manifest, oldest first."""
    done = folder / "_done"
    if not done.is_dir():
        raise ConfigError(f"{folder}: not an output folder of `xietong spark` (no _done/)")
    runs = []
    for f in sorted(done.glob("*.json")):
        runs.append(str(json.loads(f.read_text(encoding="utf-8"))["run"]))
    return runs


def _partitions(table: Path) -> list[Path]:
    """Leaf folders holding Parquet files (or the table folder itself), sorted."""
    if not table.is_dir():
        return []
    return sorted({f.parent for f in table.rglob("*.parquet")})


def _read(folder: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for f in sorted(folder.glob("*.parquet")):
        rows.extend(pq.read_table(f).to_pylist())
    return rows


def _partition_values(folder: Path, base: Path) -> dict[str, str]:
    out = {}
    for part in folder.relative_to(base).parts:
        key, eq, value = part.partition("=")
        if eq:
            out[key] = value
    return out


def read_output(folder: str | Path) -> Iterator[Processed | Skipped]:
    """Every article (as Processed) and reject (as Skipped) of the committed runs."""
    base = Path(folder)
    for run in committed_runs(base):
        arts = base / "articles" / f"run={run}"
        for part in _partitions(arts):
            keys = _partition_values(part, arts)
            facts_dir = base / "facts" / f"run={run}" / part.relative_to(arts)
            by_article: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for r in (_read(facts_dir) if facts_dir.is_dir() else []):
                by_article[(r["article_id"], r["source"])].append(r)
            for a in sorted(_read(part), key=lambda r: (r["id"], r["source"])):
                a.update(keys)
                yield processed_from_rows(a, by_article.get((a["id"], a["source"]), []))
        for part in _partitions(base / "rejects" / f"run={run}"):
            for r in _read(part):
                try:
                    reason = SkipReason(r["reason"])
                    detail = r["detail"]
                except ValueError:
                    reason, detail = SkipReason.MALFORMED, f"{r['reason']}: {r['detail']}"
                yield Skipped(r["source"], reason, detail)


def load(folder: str | Path, db_url: str | None = None, *, progress: Any = None) -> Any:
    """Load the job's output into the ledger at ``db_url``; returns the IngestSummary."""
    from xietong.ledger.ingest import ingest_items
    from xietong.store import open_ledger

    items = read_output(folder)
    ledger = open_ledger(db_url)
    try:
        return ingest_items(ledger, items, progress=progress)
    finally:
        ledger.close()
