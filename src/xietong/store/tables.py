"""The ledger's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Layout, from the article to the ledger:

- ``articles``: one row per (document id, raw-body hash) — the article's identity, so
  ingesting it again changes nothing.  Integer ``id`` so that an FTS5 table
  (``content_rowid=id``) can index ``text`` on SQLite later.  ``story_id`` groups
  near-duplicates (one press release on several sites).
- ``article_bands``: MinHash LSH band hashes, so duplicate candidates are found by SQL
  across batches and processes.
- ``facts``: the extractor's facts of the current extraction, keyed by a stable
  ``(article, kind, key)``; ``override``/``wrong`` hold curation re-applied from ``edits``.
- ``orgs``/``org_names``, ``projects``/``project_parties``/``project_events``: the
  entities linked across articles; ``merged_into`` records curated merges.
- ``places``: names of the administrative divisions seen.
- ``edits``: every curation (who, when, what), undoable.
- ``skipped``: inputs that could not be read, with their reason.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(255), nullable=False),
    Column("raw_sha256", String(64), nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("origin", Text, nullable=False, default=""),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(32)),
    Column("outlet", Text),
    Column("authors", JSON, nullable=False, default=list),
    Column("text", Text, nullable=False),
    Column("extractor", String(80), nullable=False),
    Column("story_id", Integer),
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("doc_id", "raw_sha256"),
    Index(None, "story_id"),
    Index(None, "published"),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("hash", BigInteger, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Index(None, "hash"),
)

places = Table(
    "places",
    metadata,
    Column("adcode", String(12), primary_key=True),
    Column("name", Text, nullable=False),
    Column("level", String(16), nullable=False, default=""),
    Column("path", Text, nullable=False, default=""),
)

orgs = Table(
    "orgs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(255), nullable=False),
    Column("province", String(2), nullable=False, default=""),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False, default="other"),
    Column("merged_into", Integer, ForeignKey("orgs.id")),
    Column("n_articles", Integer, nullable=False, default=0),
    UniqueConstraint("key", "province"),
    Index(None, "merged_into"),
)

org_names = Table(
    "org_names",
    metadata,
    Column("org_id", Integer, ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(255), primary_key=True),
    Index(None, "name"),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(400), nullable=False, unique=True),
    Column("name", Text),
    Column("name_key", String(255)),
    Column("category", String(16), nullable=False, default="other"),
    Column("place", String(12)),
    Column("status", String(20), nullable=False, default="unknown"),
    Column("status_rank", SmallInteger, nullable=False, default=0),
    Column("investment", Float),
    Column("investments", JSON, nullable=False, default=list),
    Column("parties", JSON, nullable=False, default=list),
    Column("signed_date", String(10)),
    Column("signed_year", Integer),
    Column("first_date", String(10)),
    Column("first_year", Integer),
    Column("last_date", String(10)),
    Column("n_articles", Integer, nullable=False, default=0),
    Column("n_stories", Integer, nullable=False, default=0),
    Column("merged_into", Integer, ForeignKey("projects.id")),
    Index(None, "name_key"),
    Index(None, "merged_into", "place"),
    Index(None, "merged_into", "last_date"),
    Index(None, "status"),
    Index(None, "first_year"),
    Index(None, "signed_year"),
)

project_parties = Table(
    "project_parties",
    metadata,
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"),
           primary_key=True),
    Column("org_id", Integer, ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True),
    Index(None, "org_id"),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False),
    Column("kind", String(12), nullable=False),
    Column("key", String(400), nullable=False),
    Column("extractor", String(80), nullable=False),
    Column("data", JSON, nullable=False),
    Column("override", JSON),
    Column("wrong", Boolean, nullable=False, default=False),
    Column("start", Integer, nullable=False, default=0),
    Column("end", Integer, nullable=False, default=0),
    Column("sentence", Text, nullable=False, default=""),
    Column("entity_id", Integer),
    UniqueConstraint("article_id", "kind", "key"),
    Index(None, "kind", "entity_id"),
)

project_events = Table(
    "project_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", Integer, ForeignKey("projects.id"), nullable=False),
    Column("fact_id", Integer, ForeignKey("facts.id", ondelete="CASCADE"), nullable=False,
           unique=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False),
    Column("name", Text),
    Column("category", String(16), nullable=False, default="other"),
    Column("place", String(12)),
    Column("investment", Float),
    Column("status", String(20), nullable=False, default="unknown"),
    Column("date", String(10)),
    Column("published", String(10)),
    Column("parties", JSON, nullable=False, default=list),
    Index(None, "project_id"),
    Index(None, "article_id"),
)

edits = Table(
    "edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("author", String(120), nullable=False),
    Column("action", String(32), nullable=False),
    Column("article_id", Integer),
    Column("target", JSON, nullable=False),
    Column("payload", JSON, nullable=False, default=dict),
    Column("undone_at", DateTime(timezone=True)),
    Column("undone_by", String(120)),
    Index(None, "article_id"),
)

skipped = Table(
    "skipped",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(1000), nullable=False, unique=True),
    Column("reason", String(32), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=False),
)
