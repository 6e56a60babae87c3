"""The database side of reminders and closing: gather facts, ask the policy, write rows."""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    bindparam,
    cast,
    exists,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session, contains_eager

import outbox
from db.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Group,
    Meeting,
    MeetingStatus,
    Membership,
    OutboxMessage,
    Person,
    Role,
)
from db.queries import groups_with_open_questions
from reminders import policy
from reminders.groups import reminder_settings, teams_of, tell_coordinators
from reminders.planning import ANNOUNCED_REASON

LOOKAHEAD = timedelta(hours=48)
AUTO_CLOSE_AFTER = timedelta(hours=3)


def _key_in_sql(template: str) -> ColumnElement[str]:
    """A reminder's outbox key (`policy.KEYS`) computed by the database, to look it up."""
    parts: list[ColumnElement[str]] = []
    for piece in re.split(r"(\{session\}|\{person\})", template):
        if piece == "{session}":
            parts.append(cast(Meeting.id, String))
        elif piece == "{person}":
            parts.append(cast(Person.id, String))
        elif piece:
            parts.append(literal(piece, String))
    return functools.reduce(operator.add, parts)


def recipients(
    session: Session, meeting_ids: list[int], unless_queued: str | None = None
) -> dict[int, list[policy.Recipient]]:
    """For each session: parents of active families in its group who can be reached, with
    the family's reply so far. One query per 5,000 sessions.

    With `unless_queued` (a key of `policy.KEYS`), only those whose reminder of that kind
    is not in the outbox yet: a tick with nothing new reads no rows and writes none.
    """
    found: dict[int, list[policy.Recipient]] = {sid: [] for sid in meeting_ids}
    for start in range(0, len(meeting_ids), 5000):
        query = (
            select(Meeting.id, Person.id, Person.telegram_id, Person.family_id, Attendance.reply)
            .join(Enrolment, Enrolment.group_id == Meeting.group_id)
            .join(Person, Person.family_id == Enrolment.family_id)
            .outerjoin(
                Attendance,
                (Attendance.family_id == Person.family_id) & (Attendance.session_id == Meeting.id),
            )
            .where(
                Meeting.id.in_(meeting_ids[start : start + 5000]),
                Enrolment.status == EnrolmentStatus.ACTIVE,
                Person.blocked_at.is_(None),
                # EXISTS rather than a join: PostgreSQL misjudges a join on both the person
                # and the group and then scans each group's sessions once per family
                exists().where(
                    Membership.person_id == Person.id,
                    Membership.group_id == Meeting.group_id,
                    Membership.role == Role.PARENT,
                ),
            )
            .order_by(Meeting.id, Person.id)
        )
        if unless_queued is not None:
            key = _key_in_sql(policy.KEYS[unless_queued])
            query = query.where(~exists().where(OutboxMessage.key == key))
        for sid, pid, chat, family, reply in session.connection().execute(query):
            found[sid].append(policy.Recipient(pid, chat, family, reply))
    return found


def enqueue_reminders(session: Session, now: datetime) -> int:
    """Write every reminder due at `now` to the outbox; returns how many were new.

    Sessions are grouped by the kind of reminder due, and only recipients whose
    reminder of that kind is not queued yet are read: one query per kind.
    """
    upcoming = session.scalars(
        select(Meeting)
        .join(Group, Group.id == Meeting.group_id)
        .options(contains_eager(Meeting.group))
        .where(
            Group.active.is_(True),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + LOOKAHEAD,
            Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.CANCELLED]),
        )
    ).all()
    by_kind: dict[str, list[Meeting]] = {}
    for meeting in upcoming:
        if (meeting.cancel_reason or "").startswith(f"{ANNOUNCED_REASON}:"):
            continue  # the coordinator's announcement told the families already
        due = policy.due_kind(
            reminder_settings(meeting.group),
            meeting.starts_at,
            meeting.status == MeetingStatus.CANCELLED,
            now,
        )
        if due is not None:
            by_kind.setdefault(due[0], []).append(meeting)
    messages = []
    for kind, sessions in by_kind.items():
        everyone = recipients(session, [s.id for s in sessions], unless_queued=kind)
        for meeting in sessions:
            if not everyone[meeting.id]:
                continue  # every reminder of this session is queued already
            due = policy.due_reminders(
                reminder_settings(meeting.group),
                meeting.id,
                meeting.starts_at,
                meeting.status == MeetingStatus.CANCELLED,
                everyone[meeting.id],
                now,
            )
            messages.extend(
                {
                    "key": message.key,
                    "chat_id": message.chat_id,
                    "person_id": message.person_id,
                    "template": message.template,
                    "slots": {"session": meeting.id},
                    "not_before": message.not_before,
                }
                for message in due
            )
    messages.extend(_digests(session, upcoming, now))
    return outbox.enqueue_many(session, messages)


def first_reminder(meeting: Meeting) -> datetime:
    return policy.reminder_times(reminder_settings(meeting.group), meeting.starts_at)[0]


def _digests(session: Session, upcoming: list[Meeting], now: datetime) -> list[dict]:
    """The call list and parents' open questions to the group's team with the first reminder.

    Decided once per session, at the first tick at or after the first reminder
    (`Meeting.digest_at`), for all such sessions at once in a few queries;
    sent only when there is something on it.
    """
    from reminders.calllist import reasons_by_group
    from reminders.follow_ups import load_families

    due = [
        meeting
        for meeting in upcoming
        if meeting.digest_at is None
        and meeting.status == MeetingStatus.PLANNED
        and meeting.group.call_list_digest
        and now >= first_reminder(meeting)
    ]
    if not due:
        return []
    groups = list({s.group_id: s.group for s in due}.values())
    ids = [group.id for group in groups]
    to_call = reasons_by_group(load_families(session, ids), groups, now)
    asked = groups_with_open_questions(session, ids)
    worth_it = [g for g in groups if to_call[g.id] or g.id in asked]
    teams = teams_of(session, worth_it, (Role.COORDINATOR, Role.STAFF))
    digests = []
    for meeting in due:
        meeting.digest_at = now
        first = first_reminder(meeting)
        digests.extend(
            {
                "key": f"digest:{meeting.id}:{member.id}",
                "chat_id": member.telegram_id,
                "person_id": member.id,
                "template": "call_list",
                "slots": {"group": meeting.group_id},
                "not_before": first,
            }
            for member in teams.get(meeting.group_id, [])
        )
    return digests


def reconsider_digests(session: Session, group_ids: list[int], now: datetime) -> None:
    """Something new for the call list (a parent became unreachable, a question came in):
    the digests of these groups' coming meetings are decided again at the next tick.

    A digest already queued is not sent twice: its key is in the outbox.
    """
    session.execute(
        update(Meeting)
        .where(
            Meeting.group_id.in_(group_ids),
            Meeting.digest_at.is_not(None),
            Meeting.starts_at > now,
        )
        .values(digest_at=None)
        .execution_options(synchronize_session="fetch")
    )


def close_meeting(
    session: Session, meeting: Meeting, now: datetime, by: Person | None = None
) -> None:
    """Give every enrolled family its outcome for the session, and close it."""
    close_meetings(session, [meeting], now)


def close_meetings(session: Session, sessions: list[Meeting], now: datetime) -> None:
    """Close several sessions at once: every enrolled family gets its outcome.

    Loads the sessions' attendance and enrolments in one query each (per 500
    sessions), inserts the missing rows in one statement and updates the
    outcomes in one executemany, however many families the groups have.
    """
    for start in range(0, len(sessions), 500):
        _close_chunk(session, sessions[start : start + 500], now)
    session.flush()


def _close_chunk(session: Session, sessions: list[Meeting], now: datetime) -> None:
    ids = [s.id for s in sessions]
    existing: dict[int, dict[int, Attendance]] = {sid: {} for sid in ids}
    for row in session.scalars(select(Attendance).where(Attendance.session_id.in_(ids))):
        existing[row.session_id][row.family_id] = row
    enrolled: dict[int, list[tuple[int, datetime]]] = {}
    for group_id, family_id, joined_at in session.execute(
        select(Enrolment.group_id, Enrolment.family_id, Enrolment.joined_at).where(
            Enrolment.group_id.in_({s.group_id for s in sessions}),
            Enrolment.status == EnrolmentStatus.ACTIVE,
        )
    ):
        enrolled.setdefault(group_id, []).append((family_id, joined_at))
    new_rows = []
    for meeting in sessions:
        cancelled = meeting.status == MeetingStatus.CANCELLED
        rows = existing[meeting.id]
        for row in rows.values():
            row.outcome = policy.outcome(cancelled, row.present, row.reply)
        new_rows.extend(
            {
                "session_id": meeting.id,
                "family_id": family_id,
                "outcome": policy.outcome(cancelled, None, None),
            }
            for family_id, joined_at in enrolled.get(meeting.group_id, [])
            if joined_at <= meeting.starts_at and family_id not in rows
        )
        if not cancelled:
            meeting.status = MeetingStatus.CLOSED
        meeting.closed_at = now
    if new_rows:
        session.execute(insert(Attendance), new_rows)


def close_finished(session: Session, now: datetime) -> int:
    """Close sessions that ended a while ago and no staff member closed."""
    stale = session.scalars(
        select(Meeting).where(
            Meeting.closed_at.is_(None),
            Meeting.ends_at <= now - AUTO_CLOSE_AFTER,
            Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.CANCELLED]),
        )
    ).all()
    close_meetings(session, list(stale), now)
    return len(stale)


def attendance_row(session: Session, meeting: Meeting, family_id: int) -> Attendance:
    """The family's row for the session, made on first use."""
    row = session.scalars(
        select(Attendance).where(
            Attendance.session_id == meeting.id, Attendance.family_id == family_id
        )
    ).first()
    if row is None:
        row = Attendance(session_id=meeting.id, family_id=family_id)
        session.add(row)
    return row


def record_reply(
    session: Session,
    meeting: Meeting,
    family_id: int,
    reply: policy.Reply,
    reason: policy.Reason | None,
    by: Person,
    now: datetime,
) -> Attendance:
    """Store (or change) a family's reply; the newest reply wins."""
    row = attendance_row(session, meeting, family_id)
    row.reply = reply
    row.reason = reason
    row.replied_at = now
    row.replied_by = by.id
    session.flush()
    return row


@dataclass(frozen=True)
class ReminderFacts:
    """What a reminder says about a session and its group, as plain values.

    The reminder a parent sees is rendered from these alone, whether it goes out from
    the outbox or is edited after a button press, so both show the same text.
    """

    session_id: int
    status: str
    starts_at: datetime
    cancel_reason: str | None
    place: str | None  # None: the group's place
    theme: str | None
    guest: str | None
    group_name: str
    group_place: str
    timezone: str

    @classmethod
    def of(cls, meeting: Meeting) -> ReminderFacts:
        group = meeting.group
        return cls(
            meeting.id,
            meeting.status,
            meeting.starts_at,
            meeting.cancel_reason,
            meeting.place,
            meeting.theme,
            meeting.guest,
            group.name,
            group.place,
            group.timezone,
        )


@dataclass(frozen=True)
class ReplyFacts:
    """What a reply button needs: who pressed, the session they answer, their enrolment."""

    person_id: int | None  # None: nobody we know
    language: str | None
    family_id: int | None
    meeting: ReminderFacts | None
    enrolled_active: bool


_persons, _sessions, _groups, _enrolments = (
    Person.__table__,
    Meeting.__table__,
    Group.__table__,
    Enrolment.__table__,
)
# Built once, in Core, of only the columns a press needs: a button press is the most common
# update, and building a statement or loading whole ORM objects costs more than the query.
_REPLY_FACTS = (
    select(
        _persons.c.id,
        _persons.c.language,
        _persons.c.family_id,
        _sessions.c.id,
        _sessions.c.status,
        _sessions.c.starts_at,
        _sessions.c.cancel_reason,
        _sessions.c.place,
        _sessions.c.theme,
        _sessions.c.guest,
        _groups.c.name,
        _groups.c.place,
        _groups.c.timezone,
        _enrolments.c.status,
    )
    .select_from(_persons)
    .outerjoin(_sessions, _sessions.c.id == bindparam("session_id"))
    .outerjoin(_groups, _groups.c.id == _sessions.c.group_id)
    .outerjoin(
        _enrolments,
        (_enrolments.c.family_id == _persons.c.family_id)
        & (_enrolments.c.group_id == _sessions.c.group_id),
    )
    .where(_persons.c.telegram_id == bindparam("telegram_id"))
)
_NOBODY = ReplyFacts(None, None, None, None, False)


def reply_facts(connection: Connection, telegram_id: int, session_id: int | None) -> ReplyFacts:
    """The person behind a Telegram user, the session they answer and their enrolment
    there: one query, because a button press is the most common update of all.

    It takes a Core `Connection` (a press's unit of work is `Services.connection`, no ORM
    session): a press is two statements, and the session around them cost about as much."""
    row = connection.execute(
        _REPLY_FACTS,
        {
            "telegram_id": telegram_id,
            "session_id": session_id if session_id is not None else -1,
        },
    ).first()
    if row is None:
        return _NOBODY
    person_id, language, family_id, meeting_id, *meeting, enrolment_status = row
    return ReplyFacts(
        person_id,
        language,
        family_id,
        ReminderFacts(meeting_id, *meeting) if meeting_id is not None else None,
        enrolment_status == EnrolmentStatus.ACTIVE,
    )


_REPLY_COLUMNS = ("reply", "reason", "replied_at", "replied_by")


@functools.cache
def _upsert_reply(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (session, family) DO UPDATE, built once per dialect, in Core
    (the ORM's bulk-insert path around it cost more than the statement)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(Attendance.__table__).values(
        session_id=bindparam("session_id"),
        family_id=bindparam("family_id"),
        **{name: bindparam(name) for name in _REPLY_COLUMNS},
    )
    return statement.on_conflict_do_update(
        index_elements=["session_id", "family_id"],
        set_={name: statement.excluded[name] for name in _REPLY_COLUMNS},
    )


def store_reply(
    connection: Connection,
    session_id: int,
    family_id: int,
    reply: policy.Reply,
    reason: policy.Reason | None,
    by_id: int,
    now: datetime,
) -> None:
    """Store (or change) a family's reply in one statement (an upsert); the newest wins."""
    dialect = connection.dialect.name
    if dialect not in ("postgresql", "sqlite"):  # another database: read, then write
        with Session(bind=connection) as session:
            meeting = session.get(Meeting, session_id)
            by = session.get(Person, by_id)
            record_reply(session, meeting, family_id, reply, reason, by, now)
            session.flush()
        return
    connection.execute(
        _upsert_reply(dialect),
        {
            "session_id": session_id,
            "family_id": family_id,
            "reply": reply,
            "reason": reason,
            "replied_at": now,
            "replied_by": by_id,
        },
    )


def set_present(
    session: Session,
    meeting: Meeting,
    family_id: int,
    present: bool,
    by: Person,
    now: datetime,
) -> Attendance:
    row = attendance_row(session, meeting, family_id)
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


def tell_coordinators_unreachable(session: Session, person: Person, now: datetime) -> int:
    """A parent blocked the bot: each coordinator of their groups hears it once, to phone."""
    groups = session.scalars(
        select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.person_id == person.id, Membership.role == Role.PARENT)
    ).all()
    reconsider_digests(session, [group.id for group in groups], now)
    return sum(
        tell_coordinators(
            session, group, person, "unreachable", f"unreachable:{person.id}:{group.id}", now
        )
        for group in groups
    )


CHECK_IN_OPENS = timedelta(minutes=30)


def running_meeting(session: Session, family_id: int, now: datetime) -> Meeting | None:
    """The family's meeting that runs now (or starts within half an hour), if any."""
    return session.scalars(
        select(Meeting)
        .join(Enrolment, Enrolment.group_id == Meeting.group_id)
        .where(
            Enrolment.family_id == family_id,
            Enrolment.status == EnrolmentStatus.ACTIVE,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.closed_at.is_(None),
            Meeting.starts_at <= now + CHECK_IN_OPENS,
            Meeting.ends_at >= now,
        )
        .order_by(Meeting.starts_at)
    ).first()
