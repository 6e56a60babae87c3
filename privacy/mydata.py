"""A person's own copy: everything stored about her, as plain data (rendered by the handler).

The same rows erasure clears (`db.models.PERSONAL`), read from her side: her
person row, her groups, her family's attendance, her questions and their
replies, her words in the FAQ gap log, notes about contacts with her family,
the messages to her, and the actions she took in the audit log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Attendance,
    AuditEntry,
    Contact,
    Enrolment,
    FaqFeedback,
    Group,
    Meeting,
    Membership,
    OutboxMessage,
    Person,
    StaffQuestion,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def collect(session: Session, person: Person) -> dict[str, Any]:
    """Everything about `person`, JSON-ready, oldest first within each part."""
    groups = {
        g.id: g.name
        for g in session.scalars(
            select(Group)
            .join(Membership, Membership.group_id == Group.id)
            .where(Membership.person_id == person.id)
        )
    }
    data: dict[str, Any] = {
        "person": {
            "first_name": person.first_name,
            "telegram_id": person.telegram_id,
            "language": person.language,
            "agreed_at": _plain(person.consent_at),
            "agreed_to_privacy_text": person.consent_version,
            "last_used_at": _plain(person.last_seen_at),
            "blocked_the_bot_at": _plain(person.blocked_at),
        },
        "roles": [
            {"group": groups.get(m.group_id), "role": m.role, "since": _plain(m.created_at)}
            for m in person.memberships
        ],
        "family_in_groups": [],
        "attendance": [],
        "contacts": [],
    }
    if person.family_id is not None:
        for enrolment, group in session.execute(
            select(Enrolment, Group)
            .join(Group, Group.id == Enrolment.group_id)
            .where(Enrolment.family_id == person.family_id)
            .order_by(Enrolment.id)
        ):
            data["family_in_groups"].append(
                {
                    "group": group.name,
                    "status": enrolment.status,
                    "paused_until": _plain(enrolment.paused_until),
                    "joined_at": _plain(enrolment.joined_at),
                }
            )
        for row, meeting, group in session.execute(
            select(Attendance, Meeting, Group)
            .join(Meeting, Meeting.id == Attendance.session_id)
            .join(Group, Group.id == Meeting.group_id)
            .where(Attendance.family_id == person.family_id)
            .order_by(Meeting.starts_at)
        ):
            data["attendance"].append(
                {
                    "group": group.name,
                    "meeting": _plain(meeting.starts_at),
                    "reply": row.reply,
                    "reason": row.reason,
                    "present": row.present,
                    "outcome": row.outcome,
                }
            )
        data["contacts"] = [
            {"at": _plain(c.at), "kind": c.kind, "note": c.note}
            for c in session.scalars(
                select(Contact).where(Contact.family_id == person.family_id).order_by(Contact.at)
            )
        ]
    data["questions_to_staff"] = [
        {
            "asked_at": _plain(q.asked_at),
            "question": q.text,
            "anonymous": q.anonymous,
            "status": q.status,
            "reply": q.reply,
        }
        for q in session.scalars(
            select(StaffQuestion)
            .where(StaffQuestion.person_id == person.id)
            .order_by(StaffQuestion.asked_at)
        )
    ]
    data["faq_questions"] = [
        {"at": _plain(f.at), "kind": f.kind, "text": f.text, "answer_shown": f.entry_id}
        for f in session.scalars(
            select(FaqFeedback).where(FaqFeedback.person_id == person.id).order_by(FaqFeedback.at)
        )
    ]
    data["messages_to_you"] = [
        {
            "kind": m.template,
            "status": m.status,
            "planned_for": _plain(m.not_before),
            "sent_at": _plain(m.sent_at),
        }
        for m in session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == person.id)
            .order_by(OutboxMessage.not_before)
        )
    ]
    data["notices_about_you"] = [  # to coordinators: e.g. that the bot can't reach you
        {"kind": m.template, "status": m.status, "sent_at": _plain(m.sent_at)}
        for m in session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.about_person_id == person.id)
            .order_by(OutboxMessage.created_at)
        )
    ]
    data["your_actions"] = [
        {"at": _plain(a.at), "action": a.action}
        for a in session.scalars(
            select(AuditEntry).where(AuditEntry.actor_id == person.id).order_by(AuditEntry.at)
        )
    ]
    return data
