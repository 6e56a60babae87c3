"""The Core unit of work of the hottest updates, on SQLite and PostgreSQL.

`Services.connection`, like `Services.transaction` (an ORM session), commits at the
end, rolls back on an error, runs at the clock's instant and commits before the bot
talks; an ORM session bound to it joins its transaction. `statements_stand_alone`
lets each statement commit by itself: what was written stays when a later step fails.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import Pool

import clock
from db.models import FaqFeedback
from handlers.common import Services, commit_before_talking
from settings import Settings

NOON = datetime(2026, 11, 24, 12, tzinfo=UTC)
_feedback = FaqFeedback.__table__


def _services(db: sessionmaker[Session]) -> Services:
    return Services(settings=Settings(token="123456:TEST"), db=db, clock=lambda: NOON)


def _log(connection: object) -> None:
    connection.execute(  # type: ignore[attr-defined]
        insert(_feedback).values(kind="helpful", language="da", entry_id="x", at=clock.now())
    )


def _rows(db: sessionmaker[Session]) -> list[datetime]:
    with db() as session:
        return list(session.scalars(select(FaqFeedback.at)))


def test_a_connection_commits_at_the_end_at_the_clocks_instant(db: sessionmaker[Session]) -> None:
    with _services(db).connection() as connection:
        _log(connection)
    assert _rows(db) == [NOON]


def test_a_connection_rolls_back_on_an_error(db: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError), _services(db).connection() as connection:
        _log(connection)
        raise RuntimeError("rendering failed")
    assert _rows(db) == []


def test_standing_alone_a_written_statement_stays_when_a_later_step_fails(
    db: sessionmaker[Session],
) -> None:
    with (
        pytest.raises(RuntimeError),
        _services(db).connection(statements_stand_alone=True) as connection,
    ):
        _log(connection)
        raise RuntimeError("rendering failed")
    assert len(_rows(db)) == 1


@pytest.mark.parametrize("stand_alone", [False, True])
def test_before_talking_what_was_written_is_committed(
    db: sessionmaker[Session], stand_alone: bool
) -> None:
    with _services(db).connection(statements_stand_alone=stand_alone) as connection:
        _log(connection)
        commit_before_talking()  # what the bot's rate limiter does before each Bot API call
        assert not connection.in_transaction() or stand_alone
        # another unit of work sees it while this one is still open
        with db() as other:
            assert other.scalar(select(func.count()).select_from(FaqFeedback)) == 1
        _log(connection)  # what follows the call is a new transaction, committed at the end
    assert len(_rows(db)) == 2


def test_an_orm_session_bound_to_the_connection_joins_its_transaction(
    db: sessionmaker[Session],
) -> None:
    with pytest.raises(RuntimeError), _services(db).connection() as connection:
        with Session(bind=connection) as session:
            session.add(FaqFeedback(kind="helpful", language="da", entry_id="x", at=NOON))
            session.flush()
        raise RuntimeError("after the session closed")
    assert _rows(db) == []


def test_autocommit_never_leaks_from_a_stand_alone_unit_of_work_into_the_pool(
    db: sessionmaker[Session],
) -> None:
    """A stand-alone unit of work and an ordinary one, one after the other: the ordinary
    one still rolls back all it wrote (autocommit does not leak into the pool)."""
    services = _services(db)
    for _ in range(3):
        with services.connection(statements_stand_alone=True) as connection:
            _log(connection)
        with pytest.raises(RuntimeError), services.connection() as connection:
            _log(connection)
            raise RuntimeError("rendering failed")
        with pytest.raises(RuntimeError), services.transaction() as session:
            session.add(FaqFeedback(kind="helpful", language="da", entry_id="x", at=NOON))
            session.flush()
            raise RuntimeError("rendering failed")
    assert len(_rows(db)) == 3


def test_a_stand_alone_unit_of_work_switches_no_isolation_level_on_sqlite(
    db: sessionmaker[Session],
) -> None:
    """Switching a pooled SQLite connection to autocommit and back runs a PRAGMA each way
    (as much as the update's own query); the stand-alone connections are autocommit since
    they opened, so a press or a question runs its own statements and nothing else."""
    engine = db.kw["bind"]
    if engine.url.get_backend_name() != "sqlite":
        pytest.skip("the PRAGMA is SQLite's; on PostgreSQL the switch is a round trip")
    services = _services(db)
    with services.connection(statements_stand_alone=True) as connection:  # opens the pool
        _log(connection)
    statements: list[str] = []

    def trace(dbapi_connection: Any, *_: Any) -> None:  # from checkout until checked in
        dbapi_connection.set_trace_callback(statements.append)

    def untrace(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(None)

    event.listen(Pool, "checkout", trace)
    event.listen(Pool, "checkin", untrace)
    try:
        for _ in range(3):
            with services.connection(statements_stand_alone=True) as connection:
                _log(connection)
    finally:
        event.remove(Pool, "checkout", trace)
        event.remove(Pool, "checkin", untrace)
    assert [s.split()[0] for s in statements] == ["INSERT"] * 3, statements
    assert len(_rows(db)) == 4
