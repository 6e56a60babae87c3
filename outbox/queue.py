"""The durable outbox: every scheduled message is a row before it is a Telegram call.

A unique key per message (`reminder:<session>:<family>:<kind>`) makes planning
idempotent: enqueueing the same key twice is a no-op, so a tick that runs
twice, or after a crash, plans nothing twice. The sender (`outbox.sender`)
claims due rows, sends them within Telegram's limits and records each row's
final state.

Claims make several senders safe: `claim` marks due rows as taken by one
sender until a lease ends, in one statement (PostgreSQL: `FOR UPDATE SKIP
LOCKED`, so two senders skip each other's rows instead of waiting; SQLite has
one writer at a time, so the UPDATE is atomic by itself). A sender that dies
leaves its claims to lapse; another sender then takes the rows over. A new
leader (`db.leadership`: the one process that sends) knows every other claim
is a dead sender's, and cuts them short (`take_over`) instead of waiting out
the lease.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import clock
from db.bulk import insert_new
from db.models import OutboxMessage, OutboxStatus

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)  # a claim lapses after this: its sender died or hangs


def enqueue(
    session: Session,
    key: str,
    *,
    chat_id: int,
    template: str,
    slots: dict[str, Any] | None = None,
    person_id: int | None = None,
    about_person_id: int | None = None,
    not_before: datetime,
) -> bool:
    """Add a message unless its key exists; True when it was new.

    `about_person_id`: whom a message to someone else names (erasing her deletes it).
    """
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return False
    row = OutboxMessage(
        key=key,
        chat_id=chat_id,
        person_id=person_id,
        about_person_id=about_person_id,
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
            "about_person_id": None,
            **m,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "created_at": clock.now(),
        }
        for m in messages
    ]
    return insert_new(session, OutboxMessage, rows, unique=["key"])


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.not_before <= now,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
    )


def due(session: Session, now: datetime, limit: int = 500) -> Sequence[OutboxMessage]:
    """Pending, unclaimed rows whose time has come, oldest first (to look at, not to send)."""
    return session.scalars(
        select(OutboxMessage)
        .where(_claimable(now))
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
    ).all()


def claim(
    session: Session, now: datetime, owner: str, limit: int, lease: timedelta = LEASE
) -> list[OutboxMessage]:
    """Take up to `limit` due rows for `owner` until `now + lease`, oldest first.

    One UPDATE over a locked sub-select: a row is claimed by exactly one sender.
    The caller commits before sending, so the claim is visible to every other sender.
    """
    pick = (
        select(OutboxMessage.id)
        .where(_claimable(now))
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    ids = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(pick.scalar_subquery()))
        .values(claimed_by=owner, claimed_until=now + lease)
        .returning(OutboxMessage.id)
    ).all()
    if not ids:
        return []
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .execution_options(populate_existing=True)
    ).all()
    return list(rows)


def release(row: OutboxMessage) -> None:
    """Give a claimed row back (done with it, or to be taken again later)."""
    row.claimed_by = None
    row.claimed_until = None


def release_all(session: Session, owner: str) -> int:
    """A sender shutting down gives back what it has not sent, for the next one."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.claimed_by == owner, OutboxMessage.status == OutboxStatus.PENDING)
        .values(claimed_by=None, claimed_until=None)
    )
    return result.rowcount or 0


def take_over(session: Session, owner: str, until: datetime) -> int:
    """Other senders' claims on pending rows lapse by `until` at the latest.

    For a sender that has just become the only one (the new leader): the others' claims
    are a dead leader's, which would otherwise hold their rows for the whole `LEASE`.
    `until` leaves a leader that only lost its lock time to notice and stop.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.claimed_by.is_not(None),
            OutboxMessage.claimed_by != owner,
            OutboxMessage.claimed_until > until,
        )
        .values(claimed_until=until)
    )
    return result.rowcount or 0


def backoff(attempts: int) -> timedelta:
    """Wait before retry number `attempts` (1, 2, ...): 5 s doubling, at most 30 minutes."""
    return timedelta(seconds=min(5 * 2 ** max(0, attempts - 1), 1800))


def mark_sent(row: OutboxMessage, now: datetime, message_id: int | None) -> None:
    release(row)
    row.status = OutboxStatus.SENT
    row.sent_at = now
    row.telegram_message_id = message_id
    row.last_error = None


def retry_later(
    row: OutboxMessage, now: datetime, error: str, wait: timedelta | None = None
) -> None:
    """Count a failed attempt; give up after MAX_ATTEMPTS so one bad row can't loop forever."""
    release(row)
    row.attempts += 1
    row.last_error = error[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = OutboxStatus.FAILED
        return
    row.not_before = now + (wait if wait is not None else backoff(row.attempts))


def postpone(row: OutboxMessage, until: datetime, error: str) -> None:
    """Telegram asked us to slow down: not the message's fault, so no attempt is counted."""
    release(row)
    row.not_before = until
    row.last_error = error[:500]


def skip(row: OutboxMessage, reason: str) -> None:
    """Not sent, on purpose: the message had nothing left to say when its time came."""
    release(row)
    row.status = OutboxStatus.SKIPPED
    row.last_error = reason[:500]


def fail(row: OutboxMessage, error: str) -> None:
    release(row)
    row.attempts += 1
    row.status = OutboxStatus.FAILED
    row.last_error = error[:500]
