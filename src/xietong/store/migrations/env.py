"""Alembic environment: runs on the connection xietong passes in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from xietong.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - xietong always passes its connection
    raise RuntimeError("run migrations through `xietong db upgrade`")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
