"""partial indexes over live projects (default order and investment order)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:50:00
"""

from __future__ import annotations

from alembic import op

from xietong.store.queries import PROJECT_INDEXES

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The same DDL the server ran at start-up before this migration (IF NOT EXISTS: a
    # ledger that a server already opened has them).
    for ddl in PROJECT_INDEXES:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_projects_live_investment")
    op.execute("DROP INDEX IF EXISTS ix_projects_live_recent")
