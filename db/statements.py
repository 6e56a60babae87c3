"""Counting the SQL statements and commits an engine runs, for tests and benchmarks.

Time depends on the machine; the number of statements does not. A step that
loads what it needs in a few queries runs the same number of statements for
ten families and for ten thousand, so a test can pin that number and a
benchmark can print it: an N+1 shows up as a count that grows with the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine.base import OptionEngine

from db.engine import stand_alone


@dataclass
class StatementCount:
    """What ran while counting: each statement's SQL (executemany batches count once)."""

    statements: list[str] = field(default_factory=list)
    commits: int = 0

    def __len__(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()
        self.commits = 0

    def summary(self, width: int = 100) -> str:
        """One line per statement, shortened: what a failing test prints."""
        return "\n".join(" ".join(sql.split())[:width] for sql in self.statements)


@contextmanager
def counting(engine: Engine) -> Iterator[StatementCount]:
    """Count every statement sent to `engine` (all its connections) inside the block.

    Savepoints and transaction control that SQLAlchemy sends as SQL (SAVEPOINT,
    RELEASE) are statements too and are counted; COMMIT is counted apart.
    """
    found = StatementCount()

    def before_cursor_execute(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        found.statements.append(statement)

    def commit(_conn: Any) -> None:
        found.commits += 1

    # and its stand-alone twin, where a press or a question runs, unless that shares
    # this engine's events (an in-memory database: the same engine with an option set)
    twin = stand_alone(engine)
    engines = [engine] if isinstance(twin, OptionEngine) else [engine, twin]
    for each in engines:
        event.listen(each, "before_cursor_execute", before_cursor_execute)
        event.listen(each, "commit", commit)
    try:
        yield found
    finally:
        for each in engines:
            event.remove(each, "before_cursor_execute", before_cursor_execute)
            event.remove(each, "commit", commit)
