"""Database engines and the :class:`Ledger` handle: SQLite (WAL) or PostgreSQL.

Writers serialize on one lock per transaction — ``BEGIN IMMEDIATE`` on SQLite, a
transaction-scoped advisory lock on PostgreSQL — so two ingests at once neither lose nor
duplicate anything, and each article is stored in one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import SQLAlchemyError

from xietong.errors import ConfigError, StoreError

DEFAULT_URL = "sqlite:///xietong.db"
WRITE_LOCK = 7_405_302  # PostgreSQL advisory-lock id of ledger writers

MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """The database URL: ``url``, else ``XIETONG_DB``, else ``sqlite:///xietong.db``."""
    url = url or os.environ.get("XIETONG_DB") or DEFAULT_URL
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith(("sqlite", "postgresql")):
        raise ConfigError(f"unsupported database URL {url!r} (sqlite:/// or postgresql+psycopg://)")
    return url


def one_line(exc: BaseException) -> str:
    """A database error as one line: the driver's message without SQLAlchemy's footer."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` with xietong's connection settings."""
    url = resolve_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 120})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=120000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("xietong_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "begin")
    def _pg_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("xietong_write", False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations shipped in the package (under the writer lock)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(xietong_write=True)
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate {engine.url.render_as_string()}: {one_line(exc)}") from exc


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision of the database, or None when it has none."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return str(row[0]) if row else None


def head_revision() -> str:
    """The newest revision shipped with this version of xietong."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


class Ledger:
    """An open ledger database: the engine plus read and write transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (consistent snapshot on both databases)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction holding the writers' lock; committed on exit."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(xietong_write=True)
            with conn.begin():
                yield conn

    def close(self) -> None:
        self.engine.dispose()


def open_ledger(url: str | None = None, *, create: bool = True) -> Ledger:
    """Open the ledger at ``url`` (see :func:`resolve_url`), migrating it to head.

    With ``create=False`` a database without the ledger's tables is an error instead.
    """
    engine = make_engine(url)
    try:
        rev = current_revision(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open {engine.url.render_as_string()}: {one_line(exc)}") from exc
    if rev != head_revision():
        if not create and rev is None:
            raise StoreError(f"no ledger in {engine.url.render_as_string()}: run `xietong ingest` "
                             "or `xietong db upgrade` first")
        upgrade(engine)
    return Ledger(engine)
