"""An organisation leaves: everything it has in the bot, as data, and deleting all of it.

`rows_of` says, table by table, which rows belong to one organisation; a test
checks that it covers every table, so a table added later is exported and
deleted too. People who also belong to another organisation keep their person
row and their roles there; everyone else is erased like `/delete` does.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Table, delete, false, or_, select, update
from sqlalchemy.orm import Session

from db.models import (
    Announcement,
    Attendance,
    AuditEntry,
    Base,
    Contact,
    ConversationDraft,
    ConversationState,
    Enrolment,
    Family,
    FaqFeedback,
    Group,
    HolidayPeriod,
    InviteCode,
    Meeting,
    Membership,
    Organisation,
    OutboxMessage,
    Person,
    StaffQuestion,
)
from onboarding.join import forget_person


class Scope:
    """The ids that belong to one organisation, read once."""

    def __init__(self, session: Session, organisation: Organisation) -> None:
        self.org_id = organisation.id
        self.groups = set(session.scalars(select(Group.id).where(Group.org_id == self.org_id)))
        self.sessions = set(
            session.scalars(select(Meeting.id).where(Meeting.group_id.in_(self.groups)))
        )
        self.persons = set(
            session.scalars(select(Membership.person_id).where(Membership.org_id == self.org_id))
        )
        elsewhere = select(Membership.person_id).where(Membership.org_id != self.org_id)
        # A guided chat's step and draft are keyed by Telegram id; those of people who are
        # only here go with the organisation (someone also elsewhere may be drafting there).
        self.telegram_ids = set(
            session.scalars(
                select(Person.telegram_id).where(
                    Person.id.in_(self.persons), Person.id.not_in(elsewhere)
                )
            )
        )
        self.announcements = {
            a.id
            for a in session.scalars(select(Announcement))
            if set(a.group_ids or []) & self.groups
        }


def rows_of(scope: Scope) -> dict[str, Any]:
    """Per table, the WHERE clause of the organisation's rows (None: none of its rows)."""
    outbox_clause = or_(
        OutboxMessage.person_id.in_(scope.persons),
        *(OutboxMessage.key.like(f"announce:{a}:%") for a in scope.announcements),
    )
    return {
        Organisation.__tablename__: Organisation.id == scope.org_id,
        Group.__tablename__: Group.org_id == scope.org_id,
        Meeting.__tablename__: Meeting.id.in_(scope.sessions),
        HolidayPeriod.__tablename__: HolidayPeriod.group_id.in_(scope.groups),
        Family.__tablename__: Family.org_id == scope.org_id,
        Person.__tablename__: Person.id.in_(scope.persons),
        Membership.__tablename__: Membership.org_id == scope.org_id,
        Enrolment.__tablename__: Enrolment.group_id.in_(scope.groups),
        Attendance.__tablename__: Attendance.session_id.in_(scope.sessions),
        Contact.__tablename__: Contact.group_id.in_(scope.groups),
        StaffQuestion.__tablename__: StaffQuestion.group_id.in_(scope.groups),
        FaqFeedback.__tablename__: FaqFeedback.person_id.in_(scope.persons),
        InviteCode.__tablename__: InviteCode.org_id == scope.org_id,
        AuditEntry.__tablename__: (AuditEntry.org_id == scope.org_id)
        | AuditEntry.group_id.in_(scope.groups),
        Announcement.__tablename__: Announcement.id.in_(scope.announcements),
        OutboxMessage.__tablename__: outbox_clause,
        ConversationState.__tablename__: ConversationState.user_id.in_(scope.telegram_ids),
        ConversationDraft.__tablename__: ConversationDraft.user_id.in_(scope.telegram_ids),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def export(session: Session, organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """Every row of the organisation, table by table, JSON-ready."""
    clauses = rows_of(Scope(session, organisation))
    data: dict[str, list[dict[str, Any]]] = {}
    for table in Base.metadata.sorted_tables:
        rows = session.execute(select(table).where(clauses[table.name])).mappings()
        data[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return data


def delete_organisation(
    session: Session, organisation: Organisation, now: datetime
) -> Counter[str]:
    """Delete the organisation and everything in it; returns rows deleted per table."""
    scope = Scope(session, organisation)
    counts: Counter[str] = Counter()
    for person in session.scalars(select(Person).where(Person.id.in_(scope.persons))).all():
        elsewhere = session.scalar(
            select(Membership.id).where(
                Membership.person_id == person.id, Membership.org_id != scope.org_id
            )
        )
        if elsewhere is None:
            forget_person(session, person, now)
            counts[Person.__tablename__] += 1
    session.flush()
    clauses = rows_of(scope)
    kept_families = set(
        session.scalars(select(Enrolment.family_id).where(Enrolment.group_id.not_in(scope.groups)))
    )
    session.execute(
        update(Person)
        .where(Person.family_id.in_(select(Family.id).where(Family.org_id == scope.org_id)))
        .where(Person.family_id.not_in(kept_families))
        .values(family_id=None)
    )
    for family in session.scalars(
        select(Family).where(Family.org_id == scope.org_id, Family.id.in_(kept_families))
    ):  # a family that also comes to another organisation's group moves there
        family.org_id = session.scalar(
            select(Group.org_id)
            .join(Enrolment, Enrolment.group_id == Group.id)
            .where(Enrolment.family_id == family.id, Group.org_id != scope.org_id)
            .limit(1)
        )
    order: list[Table] = [
        OutboxMessage.__table__,
        Attendance.__table__,
        Contact.__table__,
        StaffQuestion.__table__,
        Enrolment.__table__,
        HolidayPeriod.__table__,
        Meeting.__table__,
        InviteCode.__table__,
        Membership.__table__,
        Announcement.__table__,
        AuditEntry.__table__,
        ConversationState.__table__,
        ConversationDraft.__table__,
    ]
    # Messages to people who stay in another organisation are theirs, not this one's:
    # only the announcements' copies go (the erased people's went with them).
    clauses[OutboxMessage.__tablename__] = or_(
        false(), *(OutboxMessage.key.like(f"announce:{a}:%") for a in scope.announcements)
    )
    for table in order:
        counts[table.name] += session.execute(delete(table).where(clauses[table.name])).rowcount
    counts[Family.__tablename__] += session.execute(
        delete(Family).where(Family.org_id == scope.org_id, Family.id.not_in(kept_families))
    ).rowcount
    counts[Group.__tablename__] += session.execute(
        delete(Group).where(Group.org_id == scope.org_id)
    ).rowcount
    session.delete(organisation)
    counts[Organisation.__tablename__] += 1
    session.flush()
    return counts
