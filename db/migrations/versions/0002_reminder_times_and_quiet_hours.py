"""Reminder times and quiet hours per group (existing groups get the defaults).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 21:08:58.908022
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("first_reminder_at", sa.Time(), nullable=False, server_default="18:00:00")
        )
        batch_op.add_column(
            sa.Column("second_reminder_minutes", sa.Integer(), nullable=False, server_default="120")
        )
        batch_op.add_column(
            sa.Column("quiet_from", sa.Time(), nullable=False, server_default="20:00:00")
        )
        batch_op.add_column(
            sa.Column("quiet_until", sa.Time(), nullable=False, server_default="08:00:00")
        )


def downgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("quiet_until")
        batch_op.drop_column("quiet_from")
        batch_op.drop_column("second_reminder_minutes")
        batch_op.drop_column("first_reminder_at")
