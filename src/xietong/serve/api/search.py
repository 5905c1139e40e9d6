"""Full-text search over articles that works for Chinese.

SQLite: an FTS5 table with the ``trigram`` tokenizer (external content over ``articles``,
kept in sync by triggers), queried with MATCH for 3+ character queries and LIKE for 1–2
characters (a trigram index cannot answer those).  PostgreSQL: a ``pg_trgm`` GIN index on
``articles.text`` and ``articles.title`` answering ILIKE.

The store has no FTS table yet, so :func:`ensure_fts` creates it idempotently; it belongs
in an Alembic migration of the store eventually.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from xietong.store.engine import Ledger
from xietong.store.queries import escape_like, fetch

FTS_TABLE = "articles_fts"

_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, text, content='articles', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, text ON articles BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, new.title, new.text); END",
)

_PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_articles_text_trgm ON articles USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_articles_title_trgm ON articles "
    "USING gin (title gin_trgm_ops)",
)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article matching a query, with a snippet around the first match."""

    id: int
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    snippet: str
    match_start: int          # offset of the match inside ``snippet`` (-1: title only)
    match_end: int


def ensure_fts(ledger: Ledger) -> bool:
    """Create the search index if missing (idempotent); True when an index is available."""
    try:
        with ledger.write() as conn:
            if ledger.dialect == "sqlite":
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).first()
                for ddl in _SQLITE_DDL:
                    conn.exec_driver_sql(ddl)
                if exists is None:
                    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            elif ledger.dialect == "postgresql":
                for ddl in _PG_DDL:
                    conn.exec_driver_sql(ddl)
            else:  # pragma: no cover
                return False
        return True
    except SQLAlchemyError:
        return False


_escape_like = escape_like


def _fts_phrase(q: str) -> str:
    """An FTS5 phrase literal: the query as one quoted string (no operators)."""
    return '"' + q.replace('"', '""') + '"'


def snippet(body: str, q: str, width: int = 60) -> tuple[str, int, int]:
    """Text around the first occurrence of ``q`` in ``body`` and the match span inside it."""
    i = body.find(q)
    if i < 0:
        return body[:width * 2], -1, -1
    lo = max(0, i - width)
    hi = min(len(body), i + len(q) + width)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(body) else ""
    s = prefix + body[lo:hi] + suffix
    start = len(prefix) + i - lo
    return s, start, start + len(q)


_HIT_COLS = "a.id, a.title, a.published, a.outlet, a.url, a.text"
# the newest stored first (rowid order): FTS5 walks its index backwards and stops after a
# page, where ordering by publication date would read and sort every match
_SQL_FTS = (f"SELECT {_HIT_COLS} FROM articles a JOIN (SELECT rowid AS id FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :phrase ORDER BY rowid DESC LIMIT :limit OFFSET :offset) "
            "k ON a.id = k.id ORDER BY a.id DESC")
_SQL_LIKE = (f"SELECT {_HIT_COLS} FROM articles a WHERE a.title {{op}} :pat ESCAPE '\\' "
             "OR a.text {op} :pat ESCAPE '\\' ORDER BY a.id DESC LIMIT :limit OFFSET :offset")


def search(conn: Connection, q: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Articles whose title or text contains ``q``, the newest stored first, each with a
    snippet."""
    q = " ".join(q.split())
    if not q:
        return []
    params: dict[str, object] = {"limit": int(limit), "offset": int(offset)}
    dialect = conn.dialect.name
    if dialect == "sqlite" and len(q) >= 3 and _has_fts(conn):
        sql = _SQL_FTS
        params["phrase"] = _fts_phrase(q)
    else:
        sql = _SQL_LIKE.format(op="ILIKE" if dialect == "postgresql" else "LIKE")
        params["pat"] = "%" + _escape_like(q) + "%"
    out = []
    for id_, title, published, outlet, url, body in fetch(conn, sql, params):
        s, a, b = snippet(body or "", q)
        out.append(SearchHit(int(id_), title, published, outlet, url, s, a, b))
    return out


def _has_fts(conn: Connection) -> bool:
    return bool(fetch(conn, "SELECT 1 FROM sqlite_master WHERE name = :name",
                      {"name": FTS_TABLE}))
