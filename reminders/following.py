"""The database side of follow-up: histories in, outbox rows out; pauses and "no thanks"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import outbox
from db import queries
from db.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupSession,
    Membership,
    Person,
    Role,
)
from reminders import reminding
from reminders.followup import FamilyState, FollowUpSettings, Week, follow_up, parse_ladder
from reminders.policy import out_of_quiet_hours

RECENT = timedelta(days=3)
HISTORY = 20


def settings_of(group: Group) -> FollowUpSettings:
    return FollowUpSettings(
        reminding.settings_of(group),
        morning_at=group.followup_at,
        thank_you=group.thank_you,
        call_list_after=group.call_list_after,
        ladder=parse_ladder(group.followup_ladder) or FollowUpSettings.ladder,
    )


def history(session: Session, family_id: int, group_id: int, until: datetime) -> list[Week]:
    """The family's closed sessions in the group up to `until`, oldest first."""
    rows = session.execute(
        select(GroupSession.id, GroupSession.ends_at, Attendance.outcome)
        .join(Attendance, Attendance.session_id == GroupSession.id)
        .where(
            Attendance.family_id == family_id,
            GroupSession.group_id == group_id,
            GroupSession.closed_at.is_not(None),
            Attendance.outcome.is_not(None),
            GroupSession.ends_at <= until,
        )
        .order_by(GroupSession.starts_at.desc())
        .limit(HISTORY)
    ).all()
    return [Week(sid, ends_at, outcome) for sid, ends_at, outcome in reversed(rows)]


def parents(session: Session, family_id: int, group_id: int) -> list[Person]:
    """The family's parents in the group whom the bot can reach."""
    return list(
        session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Person.family_id == family_id,
                Person.blocked_at.is_(None),
                Membership.group_id == group_id,
                Membership.role == Role.PARENT,
            )
            .order_by(Person.id)
        )
    )


def family_state(session: Session, enrolment: Enrolment, until: datetime) -> FamilyState:
    persons = session.scalars(select(Person).where(Person.family_id == enrolment.family_id)).all()
    return FamilyState(
        status=enrolment.status,
        history=history(session, enrolment.family_id, enrolment.group_id, until),
        blocked=bool(persons) and all(p.blocked_at is not None for p in persons),
        paused_until=enrolment.paused_until,
    )


def enqueue_follow_ups(session: Session, now: datetime) -> int:
    """Follow-ups for sessions closed lately, one per parent, under unique keys."""
    closed = session.scalars(
        select(GroupSession).where(
            GroupSession.closed_at.is_not(None), GroupSession.ends_at >= now - RECENT
        )
    ).all()
    created = 0
    for group_session in closed:
        group = group_session.group
        for enrolment in session.scalars(select(Enrolment).where(Enrolment.group_id == group.id)):
            state = family_state(session, enrolment, now)
            decision = follow_up(settings_of(group), state)
            if decision is None or decision.session_id != group_session.id:
                continue  # nothing to say, or a newer session speaks for this family
            reason = session.scalar(
                select(Attendance.reason).where(
                    Attendance.session_id == group_session.id,
                    Attendance.family_id == enrolment.family_id,
                )
            )
            for person in parents(session, enrolment.family_id, group.id):
                created += outbox.enqueue(
                    session,
                    f"followup:{group_session.id}:{person.id}",
                    chat_id=person.telegram_id,
                    person_id=person.id,
                    template="followup",
                    slots={"session": group_session.id, "kind": decision.kind, "reason": reason},
                    not_before=max(decision.not_before, now),
                )
    return created


def pause(session: Session, enrolment: Enrolment, weeks: int, today: date, by: Person) -> date:
    until = today + timedelta(weeks=weeks)
    queries.set_enrolment_status(enrolment, EnrolmentStatus.PAUSED)
    enrolment.paused_until = until
    queries.audit(
        session,
        "family.paused",
        actor=by,
        group_id=enrolment.group_id,
        family_id=enrolment.family_id,
        weeks=weeks,
    )
    return until


def decline(session: Session, enrolment: Enrolment, by: Person, now: datetime) -> None:
    """ "No thanks": never chased again in this group; the coordinators are told once."""
    queries.set_enrolment_status(enrolment, EnrolmentStatus.DECLINED, now)
    queries.audit(
        session,
        "family.declined",
        actor=by,
        group_id=enrolment.group_id,
        family_id=enrolment.family_id,
    )
    group = session.get(Group, enrolment.group_id)
    for coordinator in reminding.coordinators_of(session, group):
        outbox.enqueue(
            session,
            f"declined:{enrolment.family_id}:{group.id}:{coordinator.id}:{now.date().isoformat()}",
            chat_id=coordinator.telegram_id,
            person_id=coordinator.id,
            about_person_id=by.id,
            template="declined",
            slots={"name": by.first_name, "group": group.name},
            not_before=now,
        )


def resume_pauses(session: Session, now: datetime) -> int:
    """Pauses that have ended: the family is active again and hears "welcome back"."""
    ended = session.scalars(
        select(Enrolment).where(
            Enrolment.status == EnrolmentStatus.PAUSED,
            Enrolment.paused_until <= now.date(),
        )
    ).all()
    for enrolment in ended:
        ended_on = enrolment.paused_until
        queries.set_enrolment_status(enrolment, EnrolmentStatus.ACTIVE, now)
        at = out_of_quiet_hours(reminding.settings_of(enrolment.group), now)
        for person in parents(session, enrolment.family_id, enrolment.group_id):
            outbox.enqueue(
                session,
                f"welcome_back:{enrolment.id}:{ended_on.isoformat()}:{person.id}",
                chat_id=person.telegram_id,
                person_id=person.id,
                template="welcome_back",
                slots={"group": enrolment.group_id},
                not_before=at,
            )
    return len(ended)
