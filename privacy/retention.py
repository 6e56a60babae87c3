"""Retention: what the tick forgets, and when.

Each rule is a plain step over the database at the tick's instant, idempotent
(a second tick at the same instant finds nothing left to do). The defaults,
also in PRIVACY.md:

- a person who has neither written to nor tapped the bot, nor come to a
  meeting, for `Organisation.inactive_months` (12 by default, per organisation;
  `admin retention`) is erased like `/delete` does; the coordinators of her
  organisations are told how many, never who;
- a message that was sent (or failed for good) keeps its content for
  `SENT_MESSAGE_DAYS` (30); then its recipient and slots are cleared, and only
  its key and status stay, so it is never sent twice;
- the words of an unanswered FAQ question: `questions.gaps.TEXT_DAYS` (90 days),
  then the text is cleared and the count stays.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

import outbox
from db.models import (
    Attendance,
    Meeting,
    Membership,
    Organisation,
    OutboxMessage,
    OutboxStatus,
    Person,
    Role,
)
from onboarding.join import forget_person
from questions import gaps

SENT_MESSAGE_DAYS = 30
DEFAULT_INACTIVE_MONTHS = 12
SEEN_EVERY = timedelta(days=1)  # last_seen_at is written at most once a day per person


@dataclass
class RetentionReport:
    gap_texts_cleared: int = 0
    messages_cleared: int = 0
    people_erased: Counter[int] = field(default_factory=Counter)  # organisation id -> how many


def due(now: datetime) -> bool:
    """Retention runs in each hour's first minute, not in every tick: its rules count in
    days and months, and its four statements would be a third of a quiet tick's cost."""
    return now.minute == 0


def forget_expired(session: Session, now: datetime) -> RetentionReport:
    """Every retention rule, as of `now`."""
    report = RetentionReport()
    report.gap_texts_cleared = gaps.forget_old_texts(session, now)
    report.messages_cleared = clear_sent_messages(session, now)
    report.people_erased = erase_inactive(session, now)
    tell_coordinators(session, report.people_erased, now)
    return report


class BadRetention(ValueError):
    pass


def set_inactive_months(organisation: Organisation, months: int) -> None:
    """How long the organisation keeps people who no longer use the bot (1 to 120 months)."""
    if not 1 <= months <= 120:
        raise BadRetention("between 1 and 120 months")
    organisation.inactive_months = months


def seen(session: Session, telegram_id: int, now: datetime) -> None:
    """Note that a person used the bot: one conditional write, at most once a day.

    The caller keeps in memory whom it noted today (`handlers.privacy`), so this runs
    for a person's first update of the day only; the WHERE makes a second process's
    note, or one after a restart, change nothing.
    """
    session.execute(
        update(Person)
        .where(
            Person.telegram_id == telegram_id,
            or_(Person.last_seen_at.is_(None), Person.last_seen_at < now - SEEN_EVERY),
        )
        .values(last_seen_at=now)
    )


def clear_sent_messages(session: Session, now: datetime, days: int = SENT_MESSAGE_DAYS) -> int:
    done = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.SKIPPED)
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status.in_(done),
            OutboxMessage.chat_id != 0,
            func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at)
            < now - timedelta(days=days),
        )
        .values(chat_id=0, slots={}, last_error=None)
    )
    return result.rowcount or 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the 30th...)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def erase_inactive(session: Session, now: datetime) -> Counter[int]:
    """Erase the people inactive for longer than their organisations keep them."""
    months = dict(session.execute(select(Organisation.id, Organisation.inactive_months)).all())
    shortest = min([DEFAULT_INACTIVE_MONTHS, *months.values()])
    last_active = func.coalesce(Person.last_seen_at, Person.consent_at)
    candidates = session.scalars(
        select(Person).where(last_active < months_before(now, shortest))
    ).all()
    erased: Counter[int] = Counter()
    for person in candidates:
        orgs = set(
            session.scalars(select(Membership.org_id).where(Membership.person_id == person.id))
        )
        kept_for = max((months.get(org, DEFAULT_INACTIVE_MONTHS) for org in orgs), default=None)
        cutoff = months_before(now, kept_for or DEFAULT_INACTIVE_MONTHS)
        if (person.last_seen_at or person.consent_at) >= cutoff or _came_since(
            session, person, cutoff
        ):
            continue
        forget_person(session, person, now)
        for org in orgs:
            erased[org] += 1
    return erased


def _came_since(session: Session, person: Person, cutoff: datetime) -> bool:
    """Whether her family was at a meeting since `cutoff`: coming counts as using the bot."""
    if person.family_id is None:
        return False
    return (
        session.scalar(
            select(Attendance.id)
            .join(Meeting, Meeting.id == Attendance.session_id)
            .where(
                Attendance.family_id == person.family_id,
                Attendance.present.is_(True),
                Meeting.starts_at >= cutoff,
            )
            .limit(1)
        )
        is not None
    )


def tell_coordinators(session: Session, erased: Counter[int], now: datetime) -> None:
    """Each coordinator hears how many people of the organisation were erased, not who."""
    today: date = now.date()
    for org_id, count in erased.items():
        coordinators = session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.org_id == org_id,
                Membership.role == Role.COORDINATOR,
                Person.blocked_at.is_(None),
            )
            .distinct()
        ).all()
        for coordinator in coordinators:
            outbox.enqueue(
                session,
                f"retention:{org_id}:{coordinator.id}:{today.isoformat()}",
                chat_id=coordinator.telegram_id,
                person_id=coordinator.id,
                template="retention_report",
                slots={"count": count, "months": _months_of(session, org_id)},
                not_before=now,
            )


def _months_of(session: Session, org_id: int) -> int:
    return session.get(Organisation, org_id).inactive_months
