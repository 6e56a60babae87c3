"""Retention: when a person last used the bot, and how long an organisation keeps inactive people.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 13:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("inactive_months", sa.Integer(), nullable=False, server_default="12")
        )


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("inactive_months")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("last_seen_at")
