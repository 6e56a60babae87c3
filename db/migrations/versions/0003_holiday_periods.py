"""Holiday periods per group: school holidays set by a coordinator or imported (.ics).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:16:20.229861
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holiday_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_holiday_periods_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_periods")),
    )
    with op.batch_alter_table("holiday_periods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holiday_periods_group_id"), ["group_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("holiday_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holiday_periods_group_id"))

    op.drop_table("holiday_periods")
