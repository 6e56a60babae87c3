"""The FAQ's gap log: questions it could not answer, and answers marked (not) helpful.

Only the words and the language are kept: no person, no group, so whoever
improves the content may read it without seeing who asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import FaqFeedback

UNANSWERED = "unanswered"
NOT_HELPFUL = "not_helpful"
HELPFUL = "helpful"


def log(
    session: Session,
    kind: str,
    language: str,
    now: datetime,
    text: str | None = None,
    entry_id: str | None = None,
) -> FaqFeedback:
    row = FaqFeedback(
        kind=kind,
        language=language,
        text=text.strip()[:1000] if text else None,
        entry_id=entry_id,
        at=now,
    )
    session.add(row)
    session.flush()
    return row


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
