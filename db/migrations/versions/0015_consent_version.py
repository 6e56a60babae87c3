"""Consent records the version of the privacy text it was given to.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 13:45:00

People who agreed before versions were recorded have NULL and are asked again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_version", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("consent_version")
