"""The question box: a parent's question goes to one group's staff, who may reply privately.

A question starts as a draft (the parent still chooses the group and whether
to give their name) and is only visible to staff once submitted. Every
function checks that the question belongs to the person or group at hand, so
a forged button can't reach someone else's question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

import outbox
from db.models import Group, Person, StaffQuestion

DRAFT = "draft"
OPEN = "open"  # also read by db.queries.groups_with_open_questions
ANSWERED = "answered"
MAX_TEXT = 1000
DRAFT_LIFETIME = timedelta(days=2)  # an unfinished question is forgotten after this


@dataclass(frozen=True)
class OpenQuestion:
    id: int
    text: str
    asked_at: datetime
    name: str | None  # None when asked anonymously
    language: str


def draft(
    session: Session, person: Person, group: Group, text: str, now: datetime
) -> StaffQuestion:
    question = StaffQuestion(
        group_id=group.id,
        person_id=person.id,
        text=text.strip()[:MAX_TEXT],
        language=person.language,
        anonymous=True,
        status=DRAFT,
        asked_at=now,
    )
    session.add(question)
    session.flush()
    return question


def own_draft(
    session: Session, person: Person, question_id: int, now: datetime
) -> StaffQuestion | None:
    question = session.get(StaffQuestion, question_id)
    if (
        question is None
        or question.person_id != person.id
        or question.status != DRAFT
        or question.asked_at < now - DRAFT_LIFETIME
    ):
        return None
    return question


def submit(question: StaffQuestion, anonymous: bool, now: datetime) -> None:
    """The question goes to the staff: now, on /questions, and in the next meeting's digest."""
    from reminders.reminding import reconsider_digests

    question.anonymous = anonymous
    question.status = OPEN
    question.asked_at = now
    session = object_session(question)
    if session is not None:
        reconsider_digests(session, [question.group_id], now)


def open_questions(session: Session, group: Group) -> list[OpenQuestion]:
    rows = session.execute(
        select(StaffQuestion, Person)
        .join(Person, Person.id == StaffQuestion.person_id)
        .where(StaffQuestion.group_id == group.id, StaffQuestion.status == OPEN)
        .order_by(StaffQuestion.asked_at, StaffQuestion.id)
    ).all()
    return [
        OpenQuestion(
            id=q.id,
            text=q.text,
            asked_at=q.asked_at,
            name=None if q.anonymous else person.first_name,
            language=q.language,
        )
        for q, person in rows
    ]


def question_of_groups(
    session: Session, question_id: int, groups: list[Group]
) -> StaffQuestion | None:
    """The question if it was asked in one of `groups` (the staff member's own)."""
    question = session.get(StaffQuestion, question_id)
    if question is None or question.status == DRAFT:
        return None
    return question if question.group_id in {g.id for g in groups} else None


def mark_answered(question: StaffQuestion, by: Person, now: datetime) -> None:
    question.status = ANSWERED
    question.answered_at = now
    question.answered_by = by.id


def reply(session: Session, question: StaffQuestion, by: Person, text: str, now: datetime) -> bool:
    """Store the staff's reply and queue it for the parent; False if already replied."""
    if question.reply is not None:
        return False
    asker = session.get(Person, question.person_id)
    question.reply = text.strip()[:2000]
    mark_answered(question, by, now)
    if asker is None or asker.blocked_at is not None:
        return True
    outbox.enqueue(
        session,
        f"question_reply:{question.id}",
        chat_id=asker.telegram_id,
        person_id=asker.id,
        template="question_reply",
        slots={"question": question.id},
        not_before=now,
    )
    return True
