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

from sqlalchemy import Connection, Table, delete, select, update
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


def insert_ignore(conn: Connection, table: Table) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


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
    row = conn.execute(select(articles.c.id, articles.c.extractor, articles.c.text_sha256)
                       .where(articles.c.doc_id == doc.id, articles.c.raw_sha256 == raw)).first()
    text_sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    values: dict[str, Any] = {
        "text_sha256": text_sha, "origin": doc.origin or (page.source if page else ""),
        "url": doc.url or (page.url if page else None), "title": f.title or doc.title,
        "published": f.published or doc.published_date, "outlet": f.source or doc.source,
        "authors": list(doc.authors), "text": doc.text, "extractor": f.extractor,
    }
    if row is not None and row.extractor == f.extractor and not force:
        n = conn.execute(select(facts.c.id).where(facts.c.article_id == row.id)).all()
        return StoredArticle(row.id, "unchanged", len(n))
    if row is None:
        conn.execute(insert_ignore(conn, articles).values(
            doc_id=doc.id, raw_sha256=raw, ingested_at=now(), **values))
        aid = conn.execute(select(articles.c.id).where(
            articles.c.doc_id == doc.id, articles.c.raw_sha256 == raw)).scalar_one()
        status: Literal["new", "updated", "unchanged"] = "new"
    else:
        aid = row.id
        if row.text_sha256 != text_sha:
            values["minhash"] = None  # recomputed by the duplicate finder
        conn.execute(update(articles).where(articles.c.id == aid).values(**values))
        conn.execute(delete(project_events).where(project_events.c.article_id == aid))
        conn.execute(delete(facts).where(facts.c.article_id == aid))
        status = "updated"
    rows = fact_rows(f)
    if rows:
        for r in rows:
            r["article_id"] = aid
            r["extractor"] = f.extractor
            r["wrong"] = False
        conn.execute(facts.insert(), rows)
    if f.places:
        conn.execute(insert_ignore(conn, places), [
            {"adcode": p.adcode, "name": p.name, "level": p.level, "path": p.path}
            for p in f.places])
    return StoredArticle(aid, status, len(rows))


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
    conn.execute(delete(skipped).where(skipped.c.source == source))
