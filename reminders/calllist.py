"""The coordinator's call list: who to phone, why, and what happened lately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attendance, Contact, Enrolment, Group, GroupSession, Person
from reminders import following
from reminders.followup import CallReason, call_list_reasons
from reminders.groups import follow_up_settings


@dataclass(frozen=True)
class RecentWeek:
    starts_at: datetime
    outcome: str
    reason: str | None


@dataclass(frozen=True)
class Entry:
    family_id: int
    name: str
    reasons: list[CallReason]
    recent: list[RecentWeek]
    last_contact: Contact | None


def call_list(session: Session, group: Group, now: datetime) -> list[Entry]:
    entries = []
    settings = follow_up_settings(group)
    for enrolment in session.scalars(select(Enrolment).where(Enrolment.group_id == group.id)):
        state = following.family_state(session, enrolment, now)
        reasons = call_list_reasons(settings, state, now.date())
        if not reasons:
            continue
        names = session.scalars(
            select(Person.first_name).where(Person.family_id == enrolment.family_id)
        ).all()
        recent = [
            RecentWeek(starts_at, outcome, reason)
            for starts_at, outcome, reason in session.execute(
                select(GroupSession.starts_at, Attendance.outcome, Attendance.reason)
                .join(Attendance, Attendance.session_id == GroupSession.id)
                .where(
                    Attendance.family_id == enrolment.family_id,
                    GroupSession.group_id == group.id,
                    Attendance.outcome.is_not(None),
                )
                .order_by(GroupSession.starts_at.desc())
                .limit(4)
            )
        ]
        last = session.scalars(
            select(Contact)
            .where(Contact.family_id == enrolment.family_id, Contact.group_id == group.id)
            .order_by(Contact.at.desc())
        ).first()
        entries.append(
            Entry(
                enrolment.family_id,
                " & ".join(names) or f"#{enrolment.family_id}",
                reasons,
                recent,
                last,
            )
        )
    return entries


def record_contact(
    session: Session, group: Group, family_id: int, kind: str, by: Person, now: datetime
) -> Contact:
    contact = Contact(family_id=family_id, group_id=group.id, by=by.id, at=now, kind=kind)
    session.add(contact)
    session.flush()
    return contact
