"""Shared fixtures: the ledger database, on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per test session (initdb into a temp folder, see
``xietong.store.pgtest``) unless ``XIETONG_TEST_PG_URL`` names an existing server.  There
is no skipping: if PostgreSQL cannot start, the postgresql tests fail with the reason.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from xietong.store import Ledger, open_ledger

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A PostgreSQL server for the session (or the one XIETONG_TEST_PG_URL names)."""
    if os.environ.get("XIETONG_TEST_PG_URL"):
        yield None
        return
    from xietong.store.pgtest import start_server

    server = start_server()
    yield server
    server.stop()


def _pg_database(server: object) -> str:
    from sqlalchemy import create_engine

    from xietong.store.pgtest import PgServer

    name = f"t{os.getpid()}_{next(_counter)}"
    if isinstance(server, PgServer):
        return server.create_database(name)
    base = os.environ["XIETONG_TEST_PG_URL"]
    eng = create_engine(base, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    eng.dispose()
    head, _, query = base.partition("?")
    return head.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty ledger database URL: SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    server = request.getfixturevalue("pg_server")
    return _pg_database(server)


@pytest.fixture
def ledger(db_url: str) -> Iterator[Ledger]:
    """An open, migrated ledger on each database."""
    led = open_ledger(db_url)
    yield led
    led.close()


# --- hand-made articles for the ledger tests ----------------------------------------------

def make_processed(doc_id: str, *, text: str | None = None, published: str = "2020-05-01",
                   projects: tuple[tuple[str | None, str, str | None, float | None,
                                         tuple[str, ...], str | None], ...] = (),
                   orgs: tuple[tuple[str, str], ...] = (),
                   places: tuple[tuple[str, str], ...] = (("131100", "衡水市"),),
                   extractor: str = "test-extract/1", raw: str | None = None) -> object:
    """A Processed article built by hand: projects are (name, status, date, investment,
    parties, place)."""
    import hashlib

    from xietong.model import Document, Evidence, Facts, Organization, Page, Place, Project
    from xietong.pipeline import Processed

    body = text if text is not None else f"{doc_id} 的正文。" * 40
    sha = hashlib.sha256((raw or body).encode()).hexdigest()
    ev = Evidence(0, 4, body[:20])
    f = Facts(
        id=doc_id, title=f"标题 {doc_id}", published=published, source="测试日报",
        places=tuple(Place(c, n, ev, "prefecture" if c.endswith("00") else "county")
                     for c, n in places),
        organizations=tuple(Organization(n, t, ev) for n, t in orgs),  # type: ignore[arg-type]
        projects=tuple(Project(n, "industry", parties, place, inv, st, d, ev)  # type: ignore[arg-type]
                       for n, st, d, inv, parties, place in projects),
        extractor=extractor)
    doc = Document(id=doc_id, text=body, title=f.title, published=published, sha256=sha,
                   origin=f"/fixtures/{doc_id}.txt")
    page = Page(id=doc_id, source=f"/fixtures/{doc_id}.txt", kind="text", sha256=sha)
    return Processed(page, doc, f)


@pytest.fixture
def article() -> object:
    """The factory :func:`make_processed`."""
    return make_processed
