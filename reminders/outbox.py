"""The durable outbox: every scheduled message is a row before it is a Telegram call.

A unique key per message (`reminder:<session>:<family>:<kind>`) makes planning
idempotent: enqueueing the same key twice is a no-op, so a tick that runs
twice, or after a crash, plans nothing twice. The sender (`reminders.sending`)
drains due rows within Telegram's limits and records each row's final state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import clock
from db.models import OutboxMessage, OutboxStatus

MAX_ATTEMPTS = 8


def enqueue(
    session: Session,
    key: str,
    *,
    chat_id: int,
    template: str,
    slots: dict[str, Any] | None = None,
    person_id: int | None = None,
    not_before: datetime,
) -> bool:
    """Add a message unless its key exists; True when it was new."""
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return False
    row = OutboxMessage(
        key=key,
        chat_id=chat_id,
        person_id=person_id,
        template=template,
        slots=slots or {},
        status=OutboxStatus.PENDING,
        not_before=not_before,
        attempts=0,
    )
    try:
        with session.begin_nested():  # a concurrent tick may have inserted the same key
            session.add(row)
    except IntegrityError:
        return False
    return True


def enqueue_many(session: Session, messages: list[dict[str, Any]]) -> int:
    """Add many messages at once (each a dict of `enqueue`'s arguments plus `key`).

    One INSERT ... ON CONFLICT (key) DO NOTHING: keys already there (an earlier tick,
    or a concurrent one) are skipped by the database itself. Returns how many were new.
    """
    if not messages:
        return 0
    rows = [
        {
            "slots": {},
            "person_id": None,
            **m,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "created_at": clock.now(),
        }
        for m in messages
    ]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # another database: one by one, still idempotent
        return sum(enqueue(session, **m) for m in messages)
    statement = (
        dialect_insert(OutboxMessage)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OutboxMessage.key)
    )
    new = 0
    for start in range(0, len(rows), 1000):
        new += len(session.execute(statement, rows[start : start + 1000]).all())
    return new


def due(session: Session, now: datetime, limit: int = 500) -> Sequence[OutboxMessage]:
    """Pending rows whose time has come, oldest first."""
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now)
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
    ).all()


def backoff(attempts: int) -> timedelta:
    """Wait before retry number `attempts` (1, 2, ...): 5 s doubling, at most 30 minutes."""
    return timedelta(seconds=min(5 * 2 ** max(0, attempts - 1), 1800))


def mark_sent(row: OutboxMessage, now: datetime, message_id: int | None) -> None:
    row.status = OutboxStatus.SENT
    row.sent_at = now
    row.telegram_message_id = message_id
    row.last_error = None


def retry_later(
    row: OutboxMessage, now: datetime, error: str, wait: timedelta | None = None
) -> None:
    """Count a failed attempt; give up after MAX_ATTEMPTS so one bad row can't loop forever."""
    row.attempts += 1
    row.last_error = error[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = OutboxStatus.FAILED
        return
    row.not_before = now + (wait if wait is not None else backoff(row.attempts))


def postpone(row: OutboxMessage, until: datetime, error: str) -> None:
    """Telegram asked us to slow down: not the message's fault, so no attempt is counted."""
    row.not_before = until
    row.last_error = error[:500]


def fail(row: OutboxMessage, error: str) -> None:
    row.attempts += 1
    row.status = OutboxStatus.FAILED
    row.last_error = error[:500]
