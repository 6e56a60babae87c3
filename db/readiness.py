"""Is this database ready for the bot: reachable, and at the newest migration?

A replica that starts while another is still migrating, or that runs older
code than the schema, must not take traffic; `/readyz` asks this.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from db.engine import MIGRATIONS_DIR


@dataclass(frozen=True)
class Readiness:
    ready: bool
    detail: str  # one line for the operator; never a row's content


@functools.cache
def code_heads() -> frozenset[str]:
    """The migration heads this code expects (read once: the files do not change)."""
    return frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def schema_heads(connection: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def readiness(db: sessionmaker[Session]) -> Readiness:
    """Reachable and migrated: ready; anything else says what is wrong in one line."""
    try:
        with db() as session:
            connection = session.connection()
            connection.execute(text("SELECT 1"))
            current = schema_heads(connection)
    except SQLAlchemyError as exc:
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        return Readiness(False, f"database unreachable: {first_line}")
    expected = code_heads()
    if current != expected:
        have = ", ".join(sorted(current)) or "none"
        return Readiness(
            False,
            f"migrations not current: database at {have}, code expects "
            f"{', '.join(sorted(expected))} (run `python bot.py db upgrade`)",
        )
    return Readiness(True, f"database reachable, migrations at {', '.join(sorted(current))}")
