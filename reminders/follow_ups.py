"""The database side of follow-up: histories in, outbox rows out; pauses and "no thanks"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, contains_eager

import outbox
from db import queries
from db.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Group,
    Meeting,
    Membership,
    Person,
    Role,
)
from reminders.follow_up_policy import FamilyState, Week, follow_up
from reminders.groups import follow_up_settings, reminder_settings, tell_coordinators
from reminders.policy import out_of_quiet_hours

RECENT = timedelta(days=3)
HISTORY = 20


class Closed(NamedTuple):
    """One closed session as a family lived it, with the reason they gave (if any)."""

    session_id: int
    starts_at: datetime
    ends_at: datetime
    outcome: str
    reason: str | None


class EnrolmentRow(NamedTuple):
    """A family in a group, as the tick reads it: plain rows, not ORM objects, because
    the tick reads every family of every group it works on."""

    id: int
    family_id: int
    group_id: int
    status: str
    paused_until: date | None


class PersonRow(NamedTuple):
    id: int
    telegram_id: int
    first_name: str
    family_id: int | None
    blocked_at: datetime | None


PERSON_COLUMNS = (
    Person.id,
    Person.telegram_id,
    Person.first_name,
    Person.family_id,
    Person.blocked_at,
)


@dataclass
class GroupFamilies:
    """What the follow-up and the call list need about a set of groups, loaded at once.

    A few queries whatever the number of groups and families (in chunks of
    `CHUNK` groups), instead of several queries per family.
    """

    enrolments: dict[int, list[EnrolmentRow]] = field(default_factory=dict)  # by group
    closed: dict[tuple[int, int], list[Closed]] = field(default_factory=dict)  # newest first
    persons: dict[int, list[PersonRow]] = field(default_factory=dict)  # by family, all of them
    parents: dict[tuple[int, int], list[PersonRow]] = field(default_factory=dict)  # reachable

    def state(self, enrolment: Enrolment | EnrolmentRow, until: datetime) -> FamilyState:
        """The family's state in the group as of `until` (what `follow_up` decides on)."""
        persons = self.persons.get(enrolment.family_id, [])
        weeks = [
            Week(c.session_id, c.ends_at, c.outcome)
            for c in self.closed.get((enrolment.group_id, enrolment.family_id), [])
            if c.ends_at <= until
        ][:HISTORY]
        return FamilyState(
            status=enrolment.status,
            history=weeks[::-1],
            blocked=bool(persons) and all(p.blocked_at is not None for p in persons),
            paused_until=enrolment.paused_until,
        )


CHUNK = 500
# Closed sessions kept per family: the history, and a few more because a meeting that staff
# closed early has not ended yet and belongs to the recent weeks but not to the history.
KEPT = HISTORY + 4


def load_families(
    session: Session, group_ids: list[int], *, parents: bool = False
) -> GroupFamilies:
    """Enrolments, recent closed sessions, persons (and reachable parents) of these groups."""
    found = GroupFamilies(enrolments={gid: [] for gid in group_ids})
    connection = session.connection()  # plain rows: no ORM objects for every family
    seen: set[int] = set()
    for start in range(0, len(group_ids), CHUNK):
        chunk = group_ids[start : start + CHUNK]
        for row in connection.execute(
            select(
                Enrolment.id,
                Enrolment.family_id,
                Enrolment.group_id,
                Enrolment.status,
                Enrolment.paused_until,
            )
            .where(Enrolment.group_id.in_(chunk))
            .order_by(Enrolment.id)
        ):
            found.enrolments[row.group_id].append(EnrolmentRow._make(row))
        numbered = (
            select(
                Meeting.group_id,
                Attendance.family_id,
                Meeting.id,
                Meeting.starts_at,
                Meeting.ends_at,
                Attendance.outcome,
                Attendance.reason,
                func.row_number()
                .over(
                    partition_by=(Meeting.group_id, Attendance.family_id),
                    order_by=Meeting.starts_at.desc(),
                )
                .label("n"),
            )
            .join(Attendance, Attendance.session_id == Meeting.id)
            .where(
                Meeting.group_id.in_(chunk),
                Meeting.closed_at.is_not(None),
                Attendance.outcome.is_not(None),
            )
            .subquery()
        )
        for group_id, family_id, *row, _ in connection.execute(
            select(numbered)
            .where(numbered.c.n <= KEPT)
            .order_by(numbered.c.group_id, numbered.c.family_id, numbered.c.n)
        ):
            found.closed.setdefault((group_id, family_id), []).append(Closed(*row))
        in_groups = select(Enrolment.family_id).where(Enrolment.group_id.in_(chunk))
        for row in connection.execute(
            select(*PERSON_COLUMNS).where(Person.family_id.in_(in_groups)).order_by(Person.id)
        ):
            if row.id not in seen:  # a family in groups of two chunks is read twice
                seen.add(row.id)
                found.persons.setdefault(row.family_id, []).append(PersonRow._make(row))
    if parents:
        found.parents = load_parents(session, group_ids)
    return found


def load_parents(session: Session, group_ids: list[int]) -> dict[tuple[int, int], list[PersonRow]]:
    """Reachable parents for each (group, family) of these groups: one query per `CHUNK` groups."""
    found: dict[tuple[int, int], list[PersonRow]] = {}
    for start in range(0, len(group_ids), CHUNK):
        for group_id, *row in session.connection().execute(
            select(Membership.group_id, *PERSON_COLUMNS)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.group_id.in_(group_ids[start : start + CHUNK]),
                Membership.role == Role.PARENT,
                Person.blocked_at.is_(None),
                Person.family_id.is_not(None),
            )
            .order_by(Person.id)
        ):
            person = PersonRow(*row)
            found.setdefault((group_id, person.family_id), []).append(person)
    return found


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
    """One family's state in one group (for a single family; the tick loads groups at once)."""
    return load_families(session, [enrolment.group_id]).state(enrolment, until)


def enqueue_follow_ups(session: Session, now: datetime) -> int:
    """Follow-ups for sessions closed lately, one per parent, under unique keys.

    Each closed session is decided once (`followed_up_at`): the families' outcomes
    are final when it closes, so a later tick has nothing new to decide. Sessions
    closed within `RECENT` are caught up after the bot was down.
    """
    closed = session.scalars(
        select(Meeting)
        .join(Group, Group.id == Meeting.group_id)
        .options(contains_eager(Meeting.group))
        .where(
            Meeting.closed_at.is_not(None),
            Meeting.ends_at >= now - RECENT,
            Meeting.ends_at <= now,  # closed early by staff: decided once it has ended
            Meeting.followed_up_at.is_(None),
        )
        .order_by(Meeting.id)
    ).all()
    if not closed:
        return 0
    families = load_families(session, sorted({s.group_id for s in closed}), parents=True)
    messages = []
    for meeting in closed:
        group = meeting.group
        settings = follow_up_settings(group)
        for enrolment in families.enrolments[group.id]:
            decision = follow_up(settings, families.state(enrolment, now))
            if decision is None or decision.session_id != meeting.id:
                continue  # nothing to say, or a newer session speaks for this family
            reason = next(
                c.reason
                for c in families.closed[(group.id, enrolment.family_id)]
                if c.session_id == meeting.id
            )
            messages.extend(
                {
                    "key": f"followup:{meeting.id}:{person.id}",
                    "chat_id": person.telegram_id,
                    "person_id": person.id,
                    "template": "followup",
                    "slots": {"session": meeting.id, "kind": decision.kind, "reason": reason},
                    "not_before": max(decision.not_before, now),
                }
                for person in families.parents.get((group.id, enrolment.family_id), [])
            )
    created = outbox.enqueue_many(session, messages)
    ids = [s.id for s in closed]
    for start in range(0, len(ids), CHUNK):
        session.execute(
            update(Meeting)
            .where(Meeting.id.in_(ids[start : start + CHUNK]))
            .values(followed_up_at=now)
            .execution_options(synchronize_session=False)
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
    tell_coordinators(
        session, group, by, "declined", f"declined:{enrolment.family_id}:{group.id}", now
    )


def resume_pauses(session: Session, now: datetime) -> int:
    """Pauses that have ended: the family is active again and hears "welcome back"."""
    ended = session.scalars(
        select(Enrolment)
        .join(Group, Group.id == Enrolment.group_id)
        .options(contains_eager(Enrolment.group))
        .where(
            Enrolment.status == EnrolmentStatus.PAUSED,
            Enrolment.paused_until <= now.date(),
        )
    ).all()
    if not ended:
        return 0
    reachable = load_parents(session, sorted({e.group_id for e in ended}))
    messages = []
    for enrolment in ended:
        ended_on = enrolment.paused_until
        queries.set_enrolment_status(enrolment, EnrolmentStatus.ACTIVE, now)
        at = out_of_quiet_hours(reminder_settings(enrolment.group), now)
        messages.extend(
            {
                "key": f"welcome_back:{enrolment.id}:{ended_on.isoformat()}:{person.id}",
                "chat_id": person.telegram_id,
                "person_id": person.id,
                "template": "welcome_back",
                "slots": {"group": enrolment.group_id},
                "not_before": at,
            }
            for person in reachable.get((enrolment.group_id, enrolment.family_id), [])
        )
    outbox.enqueue_many(session, messages)
    return len(ended)
