"""Store: the ledger database (SQLite or PostgreSQL) — tables, migrations, writes, queries.

``open_ledger(url)`` opens (and migrates) a database; ``Ledger.read()``/``Ledger.write()``
give transactions; :mod:`xietong.store.queries` holds the read queries that every front
end calls, :mod:`xietong.store.write` the idempotent writes, :mod:`xietong.store.check`
the invariants every committed state keeps (``consistency(conn) -> list[str]``).
"""

from __future__ import annotations

from xietong.store.engine import DEFAULT_URL, Ledger, make_engine, open_ledger, resolve_url, upgrade

__all__ = ["DEFAULT_URL", "Ledger", "make_engine", "open_ledger", "resolve_url", "upgrade"]
