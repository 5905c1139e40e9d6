"""Idempotent writes: one article with its facts, and skipped inputs.

An article is identified by (document id, sha256 of the raw body).  Storing it again with
the same extractor version changes nothing; with a new version its machine facts are
replaced (curation lives in ``edits`` and is re-applied by the ledger afterwards).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Table, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from xietong.model import Document, Facts, Page, Skipped
from xietong.store.tables import articles, facts, places, project_events, skipped

FactKind = Literal["place", "org", "amount", "project", "indicator"]


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What storing one article did."""

    article_id: int
    status: Literal["new", "updated", "unchanged"]
    facts: int
    old_projects: tuple[int, ...] = ()  # projects that lost this article's events (update)
    old_orgs: tuple[int, ...] = ()      # organizations that lost this article's facts (update)


_IGNORE: dict[tuple[str, str], Insert] = {}


def insert_ignore(conn: Connection, table: Table) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` in the connection's dialect.

    Built once per (dialect, table): executing a prebuilt statement with parameter dicts
    spares SQLAlchemy the construction and cache-key work on every call.
    """
    k = (conn.dialect.name, table.name)
    stmt = _IGNORE.get(k)
    if stmt is None:
        mod: Any = postgresql if k[0] == "postgresql" else sqlite
        stmt = _IGNORE[k] = mod.insert(table).on_conflict_do_nothing()
    return stmt


# Prebuilt statements of the per-article path (parameters bound at execution).
_FIND_ARTICLE = select(articles.c.id, articles.c.extractor, articles.c.text_sha256).where(
    articles.c.doc_id == bindparam("b_doc"), articles.c.raw_sha256 == bindparam("b_raw"))
_INSERT_ARTICLE = articles.insert()
_INSERT_FACTS = facts.insert()
_COUNT_FACTS = select(func.count()).select_from(facts).where(
    facts.c.article_id == bindparam("b_aid"))
_DELETE_EVENTS = delete(project_events).where(project_events.c.article_id == bindparam("b_aid"))
_DELETE_FACTS = delete(facts).where(facts.c.article_id == bindparam("b_aid"))
_FORGET_SKIPPED = delete(skipped).where(skipped.c.source == bindparam("b_source"))


def now() -> datetime:
    return datetime.now(UTC)


def _number_key(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def fact_rows(f: Facts) -> list[dict[str, Any]]:
    """The facts of one article as rows, each with its stable key ``(kind, key)``.

    Keys do not depend on offsets, so a re-extraction that moves a fact keeps its key
    (and its curation).
    """
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: FactKind, key: str, obj: Any) -> None:
        data = obj.to_json()
        ev = data.pop("evidence", None) or {}
        base, n = key[:380], 1
        while (kind, key) in seen:
            n += 1
            key = f"{base}#{n}"
        seen.add((kind, key))
        rows.append({"kind": kind, "key": key, "data": data, "start": ev.get("start", 0),
                     "end": ev.get("end", 0), "sentence": ev.get("sentence", "")})

    for p in f.places:
        add("place", p.adcode, p)
    for o in f.organizations:
        add("org", o.name, o)
    for a in f.amounts:
        add("amount", f"{a.currency}:{_number_key(a.value)}", a)
    for pr in f.projects:
        if pr.name:
            key = pr.name
        elif pr.parties:
            key = "|".join(pr.parties) + "@" + (pr.place or "")
        else:
            key = f"@{pr.place or ''}:{_number_key(pr.investment)}"
        add("project", key, pr)
    for i in f.indicators:
        add("indicator", f"{i.subject or ''}|{i.unit}|{_number_key(i.value)}", i)
    return rows


def raw_hash(page: Page | None, doc: Document) -> str:
    """The article's raw-body hash (falls back to the clean text's)."""
    if page is not None and page.sha256:
        return page.sha256
    if doc.sha256:
        return doc.sha256
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def store_article(conn: Connection, page: Page | None, doc: Document, f: Facts,
                  *, force: bool = False) -> StoredArticle:
    """Store one article and its facts in the caller's transaction (idempotent)."""
    raw = raw_hash(page, doc)
    row = conn.execute(_FIND_ARTICLE, {"b_doc": doc.id, "b_raw": raw}).first()
    text_sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    values: dict[str, Any] = {
        "text_sha256": text_sha, "origin": doc.origin or (page.source if page else ""),
        "url": doc.url or (page.url if page else None), "title": f.title or doc.title,
        "published": f.published or doc.published_date, "outlet": f.source or doc.source,
        "authors": list(doc.authors), "text": doc.text, "extractor": f.extractor,
    }
    if row is not None and row.extractor == f.extractor and not force:
        n = conn.execute(_COUNT_FACTS, {"b_aid": row.id}).scalar_one()
        return StoredArticle(row.id, "unchanged", int(n))
    old: tuple[int, ...] = ()
    old_orgs: tuple[int, ...] = ()
    if row is None:
        # Writers hold the write lock, so no one inserted it since the lookup above.
        pk = conn.execute(_INSERT_ARTICLE, {"doc_id": doc.id, "raw_sha256": raw,
                                            "ingested_at": now(), **values}
                          ).inserted_primary_key
        assert pk is not None
        aid = int(pk[0])
        status: Literal["new", "updated", "unchanged"] = "new"
    else:
        aid = row.id
        if row.text_sha256 != text_sha:
            values["minhash"] = None  # recomputed by the duplicate finder
        conn.execute(update(articles).where(articles.c.id == aid).values(**values))
        old = tuple(sorted({int(p) for p in conn.execute(
            select(project_events.c.project_id).where(project_events.c.article_id == aid))
            .scalars()}))
        old_orgs = tuple(sorted({int(o) for o in conn.execute(
            select(facts.c.entity_id).where(facts.c.article_id == aid, facts.c.kind == "org",
                                            facts.c.entity_id.is_not(None))).scalars()}))
        conn.execute(_DELETE_EVENTS, {"b_aid": aid})
        conn.execute(_DELETE_FACTS, {"b_aid": aid})
        status = "updated"
    rows = fact_rows(f)
    if rows:
        for r in rows:
            r["article_id"] = aid
            r["extractor"] = f.extractor
            r["wrong"] = False
        conn.execute(_INSERT_FACTS, rows)
    if f.places:
        conn.execute(insert_ignore(conn, places), [
            {"adcode": p.adcode, "name": p.name, "level": p.level, "path": p.path}
            for p in f.places])
    return StoredArticle(aid, status, len(rows), old, old_orgs)


def store_skipped(conn: Connection, item: Skipped) -> None:
    """Record an input that could not be read (once per source; the latest reason wins)."""
    values = {"reason": item.reason.value, "detail": item.detail, "at": now()}
    if conn.dialect.name == "postgresql":
        stmt: Any = postgresql.insert(skipped).values(source=item.source, **values)
    else:
        stmt = sqlite.insert(skipped).values(source=item.source, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["source"], set_=values))


def forget_skipped(conn: Connection, source: str) -> None:
    """A source that now reads fine is no longer listed as skipped."""
    conn.execute(_FORGET_SKIPPED, {"b_source": source})
