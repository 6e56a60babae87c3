"""The FAQ's gap log: questions it could not answer, and answers marked (not) helpful.

Only the words and the language are shown: no name, no group, so whoever
improves the content may read it without seeing who asked. Words are kept only
from people who agreed (a stranger's question is answered, never logged), are
linked to the person only so that erasing her erases them, and are forgotten
after `TEXT_DAYS` (see `forget_old_texts`, run by the tick).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from db.models import FaqFeedback, Person
from db.queries import Reader

UNANSWERED = "unanswered"
NOT_HELPFUL = "not_helpful"
HELPFUL = "helpful"


TEXT_DAYS = 90  # how long the words of an unanswered question are kept


_feedback = FaqFeedback.__table__
# Built once, in Core: every question the FAQ cannot answer writes one row, and the ORM's
# unit of work (add, flush) cost more than the insert itself.
_LOG = insert(_feedback).values(
    {name: bindparam(name) for name in ("kind", "language", "person_id", "text", "entry_id", "at")}
)


def log(
    unit: Session | Connection,
    kind: str,
    person: Person | Reader,
    now: datetime,
    text: str | None = None,
    entry_id: str | None = None,
) -> int:
    """Log a gap or a vote from a person who agreed (strangers are never logged); the
    new row's id. On a Core connection too, where a FAQ question runs."""
    connection = unit if isinstance(unit, Connection) else unit.connection()
    result = connection.execute(
        _LOG,
        {
            "kind": kind,
            "language": person.language,
            "person_id": person.id,
            "text": text.strip()[:1000] if text else None,
            "entry_id": entry_id,
            "at": now,
        },
    )
    return int(result.inserted_primary_key[0])


def forget_text(unit: Session | Connection, gap_id: int) -> None:
    """Clear the words of one logged gap (the count stays): her question turned out, with
    the message after it, to be part of an alarm, and nothing of an alarm is written down."""
    connection = unit if isinstance(unit, Connection) else unit.connection()
    connection.execute(update(_feedback).where(_feedback.c.id == gap_id).values(text=None))


def forget_old_texts(session: Session, now: datetime, days: int = TEXT_DAYS) -> int:
    """Clear the words of gap-log rows older than `days`; the counts stay. Returns how many."""
    result = session.execute(
        update(FaqFeedback)
        .where(FaqFeedback.text.is_not(None), FaqFeedback.at < now - timedelta(days=days))
        .values(text=None)
    )
    return result.rowcount or 0


@dataclass(frozen=True)
class Gap:
    kind: str
    language: str
    text: str | None
    entry_id: str | None
    at: datetime


def gaps(session: Session, since: datetime | None = None, limit: int = 200) -> list[Gap]:
    query = select(FaqFeedback).where(FaqFeedback.kind.in_((UNANSWERED, NOT_HELPFUL)))
    if since is not None:
        query = query.where(FaqFeedback.at >= since)
    rows = session.scalars(query.order_by(FaqFeedback.at.desc()).limit(limit))
    return [Gap(r.kind, r.language, r.text, r.entry_id, r.at) for r in rows]


def helpfulness(session: Session) -> dict[str, tuple[int, int]]:
    """Per entry: (helpful, not helpful) votes."""
    rows = session.execute(
        select(FaqFeedback.entry_id, FaqFeedback.kind, func.count())
        .where(FaqFeedback.entry_id.is_not(None), FaqFeedback.kind.in_((HELPFUL, NOT_HELPFUL)))
        .group_by(FaqFeedback.entry_id, FaqFeedback.kind)
    ).all()
    votes: dict[str, list[int]] = {}
    for entry_id, kind, count in rows:
        votes.setdefault(entry_id, [0, 0])[0 if kind == HELPFUL else 1] += count
    return {entry_id: (yes, no) for entry_id, (yes, no) in votes.items()}
