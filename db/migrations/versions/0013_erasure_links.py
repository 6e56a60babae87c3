"""Erasure that erases: outbox messages about a person, and gap-log texts, point to her.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 13:10:00

`outbox.about_person_id` and `faq_feedback.person_id` cascade on delete, so
erasing a person removes the notices that name her and the words she wrote.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_person_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_about_person_id"), ["about_person_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_about_person_id_persons"),
            "persons",
            ["about_person_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_faq_feedback_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_faq_feedback_person_id_persons"),
            "persons",
            ["person_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_faq_feedback_person_id_persons"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_faq_feedback_person_id"))
        batch_op.drop_column("person_id")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_about_person_id_persons"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_about_person_id"))
        batch_op.drop_column("about_person_id")
