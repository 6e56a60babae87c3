"""The database side of reminders and closing: gather facts, ask the policy, write rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

import outbox
from db.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupSession,
    Membership,
    Person,
    Role,
    SessionStatus,
)
from reminders import policy

LOOKAHEAD = timedelta(hours=48)
AUTO_CLOSE_AFTER = timedelta(hours=3)


def settings_of(group: Group) -> policy.ReminderSettings:
    return policy.ReminderSettings(
        timezone=group.timezone,
        first_at=group.first_reminder_at,
        second_minutes=group.second_reminder_minutes,
        quiet_from=group.quiet_from,
        quiet_until=group.quiet_until,
    )


def recipients(session: Session, session_ids: list[int]) -> dict[int, list[policy.Recipient]]:
    """For each session: parents of active families in its group who can be reached, with
    the family's reply so far. One query for all sessions."""
    found: dict[int, list[policy.Recipient]] = {sid: [] for sid in session_ids}
    for start in range(0, len(session_ids), 500):
        chunk = session_ids[start : start + 500]
        rows = session.execute(
            select(
                GroupSession.id, Person.id, Person.telegram_id, Person.family_id, Attendance.reply
            )
            .join(Enrolment, Enrolment.group_id == GroupSession.group_id)
            .join(Person, Person.family_id == Enrolment.family_id)
            .join(
                Membership,
                (Membership.person_id == Person.id)
                & (Membership.group_id == Enrolment.group_id)
                & (Membership.role == Role.PARENT),
            )
            .outerjoin(
                Attendance,
                (Attendance.family_id == Person.family_id)
                & (Attendance.session_id == GroupSession.id),
            )
            .where(
                GroupSession.id.in_(chunk),
                Enrolment.status == EnrolmentStatus.ACTIVE,
                Person.blocked_at.is_(None),
            )
            .order_by(GroupSession.id, Person.id)
        ).all()
        for sid, pid, chat, family, reply in rows:
            found[sid].append(policy.Recipient(pid, chat, family, reply))
    return found


def enqueue_reminders(session: Session, now: datetime) -> int:
    """Write every reminder due at `now` to the outbox; returns how many were new."""
    upcoming = session.scalars(
        select(GroupSession)
        .join(Group, Group.id == GroupSession.group_id)
        .options(contains_eager(GroupSession.group))
        .where(
            Group.active.is_(True),
            GroupSession.starts_at > now,
            GroupSession.starts_at <= now + LOOKAHEAD,
            GroupSession.status.in_([SessionStatus.PLANNED, SessionStatus.CANCELLED]),
        )
    ).all()
    messages = []
    everyone = recipients(session, [s.id for s in upcoming])
    for group_session in upcoming:
        due = policy.due_reminders(
            settings_of(group_session.group),
            group_session.id,
            group_session.starts_at,
            group_session.status == SessionStatus.CANCELLED,
            everyone[group_session.id],
            now,
        )
        messages.extend(
            {
                "key": message.key,
                "chat_id": message.chat_id,
                "person_id": message.person_id,
                "template": message.template,
                "slots": {"session": group_session.id},
                "not_before": message.not_before,
            }
            for message in due
        )
    messages.extend(_digests(session, upcoming, now))
    return outbox.enqueue_many(session, messages)


def _digests(session: Session, upcoming: list[GroupSession], now: datetime) -> list[dict]:
    """The call list and parents' open questions to the group's team with the first reminder.

    Sent only when there is something on it.
    """
    from questions.box import open_questions
    from reminders.calllist import call_list

    digests = []
    for group_session in upcoming:
        if (
            group_session.status != SessionStatus.PLANNED
            or not group_session.group.call_list_digest
        ):
            continue
        first, _ = policy.reminder_times(settings_of(group_session.group), group_session.starts_at)
        if now < first:
            continue
        group = group_session.group
        if not (call_list(session, group, now) or open_questions(session, group)):
            continue
        digests.extend(
            {
                "key": f"digest:{group_session.id}:{coordinator.id}",
                "chat_id": coordinator.telegram_id,
                "person_id": coordinator.id,
                "template": "call_list",
                "slots": {"group": group_session.group_id},
                "not_before": first,
            }
            for coordinator in team_of(session, group)
        )
    return digests


def close_session(
    session: Session, group_session: GroupSession, now: datetime, by: Person | None = None
) -> None:
    """Give every enrolled family its outcome for the session, and close it."""
    cancelled = group_session.status == SessionStatus.CANCELLED
    existing = {
        a.family_id: a
        for a in session.scalars(
            select(Attendance).where(Attendance.session_id == group_session.id)
        )
    }
    enrolled = session.scalars(
        select(Enrolment.family_id).where(
            Enrolment.group_id == group_session.group_id,
            Enrolment.status == EnrolmentStatus.ACTIVE,
            Enrolment.joined_at <= group_session.starts_at,
        )
    ).all()
    for family_id in set(enrolled) | set(existing):
        row = existing.get(family_id)
        if row is None:
            row = Attendance(session_id=group_session.id, family_id=family_id)
            session.add(row)
        row.outcome = policy.outcome(cancelled, row.present, row.reply)
    if not cancelled:
        group_session.status = SessionStatus.CLOSED
    group_session.closed_at = now
    session.flush()


def close_finished(session: Session, now: datetime) -> int:
    """Close sessions that ended a while ago and no staff member closed."""
    stale = session.scalars(
        select(GroupSession).where(
            GroupSession.closed_at.is_(None),
            GroupSession.ends_at <= now - AUTO_CLOSE_AFTER,
            GroupSession.status.in_([SessionStatus.PLANNED, SessionStatus.CANCELLED]),
        )
    ).all()
    for group_session in stale:
        close_session(session, group_session, now)
    return len(stale)


def attendance_row(session: Session, group_session: GroupSession, family_id: int) -> Attendance:
    """The family's row for the session, made on first use."""
    row = session.scalars(
        select(Attendance).where(
            Attendance.session_id == group_session.id, Attendance.family_id == family_id
        )
    ).first()
    if row is None:
        row = Attendance(session_id=group_session.id, family_id=family_id)
        session.add(row)
    return row


def record_reply(
    session: Session,
    group_session: GroupSession,
    family_id: int,
    reply: policy.Reply,
    reason: policy.Reason | None,
    by: Person,
    now: datetime,
) -> Attendance:
    """Store (or change) a family's reply; the newest reply wins."""
    row = attendance_row(session, group_session, family_id)
    row.reply = reply
    row.reason = reason
    row.replied_at = now
    row.replied_by = by.id
    session.flush()
    return row


def set_present(
    session: Session,
    group_session: GroupSession,
    family_id: int,
    present: bool,
    by: Person,
    now: datetime,
) -> Attendance:
    row = attendance_row(session, group_session, family_id)
    row.present = present
    row.recorded_by = by.id
    row.recorded_at = now
    session.flush()
    return row


def enrolled_families(session: Session, group_id: int) -> list[tuple[int, str]]:
    """Active families of a group with a label of their parents' first names."""
    rows = session.execute(
        select(Enrolment.family_id, Person.first_name)
        .outerjoin(Person, Person.family_id == Enrolment.family_id)
        .where(Enrolment.group_id == group_id, Enrolment.status == EnrolmentStatus.ACTIVE)
        .order_by(Enrolment.family_id, Person.id)
    ).all()
    names: dict[int, list[str]] = {}
    for family_id, first_name in rows:
        names.setdefault(family_id, [])
        if first_name:
            names[family_id].append(first_name)
    return [(fid, " & ".join(n) or f"#{fid}") for fid, n in names.items()]


def coordinators_of(session: Session, group: Group) -> list[Person]:
    """Who coordinates a group: its own coordinators and the organisation's."""
    return _team_of(session, group, (Role.COORDINATOR,))


def team_of(session: Session, group: Group) -> list[Person]:
    """The group's staff and coordinators: who prepares the next meeting."""
    return _team_of(session, group, (Role.COORDINATOR, Role.STAFF))


def _team_of(session: Session, group: Group, roles: tuple[Role, ...]) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.role.in_(roles),
                Membership.org_id == group.org_id,
                (Membership.group_id == group.id) | Membership.group_id.is_(None),
                Person.blocked_at.is_(None),
            )
            .distinct()
            .order_by(Person.id)
        )
    )


def tell_coordinators_unreachable(session: Session, person: Person, now: datetime) -> int:
    """A parent blocked the bot: each coordinator of their groups hears it once, to phone."""
    groups = session.scalars(
        select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.person_id == person.id, Membership.role == Role.PARENT)
    ).all()
    created = 0
    for group in groups:
        for coordinator in coordinators_of(session, group):
            created += outbox.enqueue(
                session,
                f"unreachable:{person.id}:{group.id}:{coordinator.id}:{now.date().isoformat()}",
                chat_id=coordinator.telegram_id,
                person_id=coordinator.id,
                about_person_id=person.id,
                template="unreachable",
                slots={"name": person.first_name, "group": group.name},
                not_before=now,
            )
    return created


CHECK_IN_OPENS = timedelta(minutes=30)


def running_session(session: Session, family_id: int, now: datetime) -> GroupSession | None:
    """The family's meeting that runs now (or starts within half an hour), if any."""
    return session.scalars(
        select(GroupSession)
        .join(Enrolment, Enrolment.group_id == GroupSession.group_id)
        .where(
            Enrolment.family_id == family_id,
            Enrolment.status == EnrolmentStatus.ACTIVE,
            GroupSession.status == SessionStatus.PLANNED,
            GroupSession.closed_at.is_(None),
            GroupSession.starts_at <= now + CHECK_IN_OPENS,
            GroupSession.ends_at >= now,
        )
        .order_by(GroupSession.starts_at)
    ).first()
