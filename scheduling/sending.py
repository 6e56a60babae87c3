"""The sender as the bot uses it: the outbox's sender plus what a blocked bot means here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from clock import Clock
from db.models import OutboxMessage, Person
from outbox.limits import Limits
from outbox.sender import Deliver, Sender
from reminders.reminding import tell_coordinators_unreachable


def person_blocked(session: Session, row: OutboxMessage, now: datetime) -> None:
    """The first time a parent turns out to have blocked the bot, her coordinators hear it."""
    person = session.get(Person, row.person_id) if row.person_id is not None else None
    if person is not None and person.blocked_at is None:
        person.blocked_at = now
        tell_coordinators_unreachable(session, person, now)


def make_sender(
    db: sessionmaker[Session],
    deliver: Deliver,
    limits: Limits,
    clock: Clock,
    in_flight: int = Sender.concurrency,
) -> Sender:
    """The bot's sender; its `deliver` books each message in `limits` right before sending."""
    return Sender(
        db=db,
        deliver=deliver,
        limits=limits,
        clock=clock,
        on_blocked=person_blocked,
        acquire=False,
        concurrency=in_flight,
    )
