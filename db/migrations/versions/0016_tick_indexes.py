"""Indexes for the tick's every-minute questions on sessions.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 17:00:00

Without them each tick read every session ever planned or held (53 a year per
group) to find the few starting within 48 hours, ended and still open, or
ended and not followed up. The last two are partial indexes: they hold only
the sessions still waiting for that step, so they stay small as years pass.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sessions_starts_at", "sessions", ["starts_at"])
    op.create_index(
        "ix_sessions_open_ends_at",
        "sessions",
        ["ends_at"],
        postgresql_where=sa.text("closed_at IS NULL"),
        sqlite_where=sa.text("closed_at IS NULL"),
    )
    op.create_index(
        "ix_sessions_unfollowed_ends_at",
        "sessions",
        ["ends_at"],
        postgresql_where=sa.text("followed_up_at IS NULL"),
        sqlite_where=sa.text("followed_up_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_sessions_unfollowed_ends_at", table_name="sessions")
    op.drop_index("ix_sessions_open_ends_at", table_name="sessions")
    op.drop_index("ix_sessions_starts_at", table_name="sessions")
