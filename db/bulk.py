"""Bulk inserts that skip rows already there, on SQLite and PostgreSQL alike.

`INSERT ... ON CONFLICT DO NOTHING` lets the database decide what is new, so
two processes planning or enqueueing the same thing at the same moment both
succeed and the row exists once: no read-then-write race, no UniqueViolation.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert
from sqlalchemy.orm import Session

CHUNK = 1000


def insert_new(session: Session, model: type, rows: list[dict[str, Any]], unique: list[str]) -> int:
    """Insert `rows`, skipping those whose `unique` columns exist; returns how many were new."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        raise NotImplementedError(f"insert_new on {dialect}")
    primary = model.__table__.primary_key.columns.values()[0]
    statement: Insert = (
        dialect_insert(model).on_conflict_do_nothing(index_elements=unique).returning(primary)
    )
    new = 0
    for start in range(0, len(rows), CHUNK):
        new += len(session.execute(statement, rows[start : start + CHUNK]).all())
    return new


__all__ = ["insert_new"]
