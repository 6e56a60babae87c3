"""Follow-up settings per group (existing groups get the defaults).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 21:48:15.904711
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("followup_at", sa.Time(), nullable=False, server_default="09:00:00")
        )
        batch_op.add_column(
            sa.Column("thank_you", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("call_list_after", sa.Integer(), nullable=False, server_default="2")
        )
        batch_op.add_column(
            sa.Column(
                "followup_ladder",
                sa.String(length=64),
                nullable=False,
                server_default="1:1,4:2,8:4",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("followup_ladder")
        batch_op.drop_column("call_list_after")
        batch_op.drop_column("thank_you")
        batch_op.drop_column("followup_at")
