"""Query functions: one place per question the rest of the code asks the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, or_, select
from sqlalchemy.orm import Session

import clock
from db.models import (
    AuditEntry,
    Enrolment,
    EnrolmentStatus,
    Group,
    InviteCode,
    InviteKind,
    Membership,
    Organisation,
    Person,
    Role,
    StaffQuestion,
)


def audit(
    session: Session,
    action: str,
    *,
    actor: Person | None = None,
    org_id: int | None = None,
    group_id: int | None = None,
    **detail: Any,
) -> None:
    """Append to the audit log. Ids and codes only: never a parent's words."""
    session.add(
        AuditEntry(
            action=action,
            actor_id=actor.id if actor else None,
            org_id=org_id,
            group_id=group_id,
            detail=detail,
        )
    )


def find_organisation(session: Session, ref: str) -> Organisation | None:
    """By id, or by exact name (case-insensitive) for scripts."""
    if ref.isascii() and ref.isdigit():
        return session.get(Organisation, int(ref)) if int(ref) < 2**31 else None
    return session.scalars(
        select(Organisation).where(Organisation.name.ilike(ref)).order_by(Organisation.id)
    ).first()


def find_group(session: Session, ref: str) -> Group | None:
    if ref.isascii() and ref.isdigit():
        return session.get(Group, int(ref)) if int(ref) < 2**31 else None
    return session.scalars(select(Group).where(Group.name.ilike(ref)).order_by(Group.id)).first()


# Built once: almost every update starts here, and building a statement costs about as
# much as running it (its compiled form is cached under the same key).
_PERSON_BY_TELEGRAM_ID = select(Person).where(Person.telegram_id == bindparam("telegram_id"))


def person_by_telegram_id(session: Session, telegram_id: int) -> Person | None:
    return session.scalars(_PERSON_BY_TELEGRAM_ID, {"telegram_id": telegram_id}).first()


class Reader(NamedTuple):
    """Who wrote, as most replies need them: their id and the language they read."""

    id: int
    language: str


_persons = Person.__table__
_READER_BY_TELEGRAM_ID = select(_persons.c.id, _persons.c.language).where(
    _persons.c.telegram_id == bindparam("telegram_id")
)


def reader_by_telegram_id(connection: Connection, telegram_id: int) -> Reader | None:
    """The person behind a Telegram user as a `Reader`: two columns in Core, for the
    updates that need no more of her (a free-text question), at a third of loading her."""
    row = connection.execute(_READER_BY_TELEGRAM_ID, {"telegram_id": telegram_id}).first()
    return Reader(row.id, row.language) if row is not None else None


def invite_by_code(session: Session, code: str) -> InviteCode | None:
    return session.scalars(select(InviteCode).where(InviteCode.code == code)).first()


def open_invite(session: Session, group_id: int, kind: InviteKind) -> InviteCode | None:
    """The newest unrevoked many-use invite of `kind` for a group."""
    return session.scalars(
        select(InviteCode)
        .where(
            InviteCode.group_id == group_id,
            InviteCode.kind == kind,
            InviteCode.revoked_at.is_(None),
            InviteCode.max_uses.is_(None),
        )
        .order_by(InviteCode.id.desc())
    ).first()


def memberships_of(session: Session, person: Person) -> Sequence[Membership]:
    return session.scalars(
        select(Membership).where(Membership.person_id == person.id).order_by(Membership.id)
    ).all()


def roles_in_group(session: Session, person: Person, group: Group) -> set[Role]:
    """A person's roles in a group, counting organisation-wide coordination."""
    rows = session.scalars(
        select(Membership.role).where(
            Membership.person_id == person.id,
            or_(
                Membership.group_id == group.id,
                (Membership.group_id.is_(None)) & (Membership.org_id == group.org_id),
            ),
        )
    ).all()
    return {Role(role) for role in rows}


def groups_with_roles(session: Session, person: Person) -> list[tuple[Group, set[Role]]]:
    """Each active group of `person` with her roles there (as `roles_in_group` counts them,
    organisation-wide coordination included), oldest first: two queries however many
    groups, because every permission check of every update asks this."""
    memberships = memberships_of(session, person)
    return [
        (
            group,
            {
                Role(m.role)
                for m in memberships
                if m.group_id == group.id or (m.group_id is None and m.org_id == group.org_id)
            },
        )
        for group in _active_groups(session, memberships)
    ]


_memberships, _groups = Membership.__table__, Group.__table__
# Built once: asked of every question the FAQ does not answer ("may she ask the staff?").
_HOLDS_ROLE = (
    select(_memberships.c.id)
    .join(
        _groups,
        (_groups.c.id == _memberships.c.group_id)
        | (_memberships.c.group_id.is_(None) & (_groups.c.org_id == _memberships.c.org_id)),
    )
    .where(
        _memberships.c.person_id == bindparam("person_id"),
        _memberships.c.role.in_(bindparam("roles", expanding=True)),
        _groups.c.active.is_(True),
    )
    .limit(1)
)


def holds_role_in_an_active_group(
    unit: Session | Connection, person_id: int, roles: Iterable[str]
) -> bool:
    """Whether she holds one of `roles` in an active group (as `groups_with_roles` counts
    roles, organisation-wide ones included): one query, for a yes or no where the groups
    themselves are not needed. On a Core connection too, where a FAQ question runs."""
    connection = unit if isinstance(unit, Connection) else unit.connection()
    found = connection.execute(_HOLDS_ROLE, {"person_id": person_id, "roles": sorted(roles)})
    return found.first() is not None


def groups_of(session: Session, person: Person, role: Role | None = None) -> list[Group]:
    """Active groups where `person` has `role` (any role if None), oldest first."""
    memberships = [m for m in memberships_of(session, person) if role is None or m.role == role]
    return _active_groups(session, memberships)


def _active_groups(session: Session, memberships: Sequence[Membership]) -> list[Group]:
    """The active groups these memberships reach, by group or organisation-wide."""
    group_ids = {m.group_id for m in memberships if m.group_id is not None}
    org_ids = {m.org_id for m in memberships if m.group_id is None}
    if not group_ids and not org_ids:
        return []
    return list(
        session.scalars(
            select(Group)
            .where(
                Group.active.is_(True),
                or_(Group.id.in_(group_ids), Group.org_id.in_(org_ids)),
            )
            .order_by(Group.id)
        ).all()
    )


def coordinated_organisations(session: Session, person: Person) -> list[Organisation]:
    """Organisations where `person` may create groups."""
    return list(
        session.scalars(
            select(Organisation)
            .join(Membership, Membership.org_id == Organisation.id)
            .where(
                Membership.person_id == person.id,
                Membership.role == Role.COORDINATOR,
                Membership.group_id.is_(None),
            )
            .order_by(Organisation.id)
        ).all()
    )


def enrolment(session: Session, family_id: int, group_id: int) -> Enrolment | None:
    return session.scalars(
        select(Enrolment).where(Enrolment.family_id == family_id, Enrolment.group_id == group_id)
    ).first()


def set_enrolment_status(
    enrolment_row: Enrolment, status: EnrolmentStatus, now: datetime | None = None
) -> None:
    enrolment_row.status = status
    enrolment_row.status_changed_at = now or clock.now()
    if status != EnrolmentStatus.PAUSED:
        enrolment_row.paused_until = None


def groups_with_open_questions(session: Session, group_ids: list[int]) -> set[int]:
    """Which of these groups have a parent's question waiting for the staff (one query per 500),
    for the digest before a meeting."""
    found: set[int] = set()
    for start in range(0, len(group_ids), 500):
        found.update(
            session.scalars(
                select(StaffQuestion.group_id)
                .join(Person, Person.id == StaffQuestion.person_id)
                .where(
                    StaffQuestion.group_id.in_(group_ids[start : start + 500]),
                    StaffQuestion.status == "open",
                )
                .distinct()
            )
        )
    return found
