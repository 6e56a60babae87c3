"""What accepting an invite does to the database.

Nothing about a person is stored before they accept: the language they
picked travels in the button's callback data until then.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import queries
from db.models import (
    Contact,
    Enrolment,
    EnrolmentStatus,
    Family,
    Group,
    InviteCode,
    InviteKind,
    Membership,
    Organisation,
    OutboxMessage,
    Person,
    Role,
    StaffQuestion,
)
from onboarding.invites import InviteProblem, invite_problem, new_code

# The version of the privacy text (content/templates/consent.html and its translations).
# Change it with the text: everyone who agreed to an older one is asked again.
# tests/test_privacy_consent.py pins the template to this version.
CONSENT_VERSION = "2026-11-30"


class JoinResult(enum.StrEnum):
    JOINED = "joined"
    REJOINED = "rejoined"  # came back after leaving or saying no thanks
    ALREADY = "already"


@dataclass(frozen=True)
class Joined:
    result: JoinResult
    role: Role
    person: Person
    organisation: Organisation
    group: Group | None


class InviteRefused(Exception):
    def __init__(self, problem: InviteProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def check(session: Session, code: str, now: datetime) -> InviteCode:
    """The usable invite for `code`, or InviteRefused saying why not."""
    invite = queries.invite_by_code(session, code)
    problem = invite_problem(invite, now)
    if problem is not None or invite is None:
        raise InviteRefused(problem or InviteProblem.UNKNOWN)
    return invite


def create_invite(
    session: Session,
    kind: InviteKind,
    organisation: Organisation,
    group: Group | None = None,
    *,
    one_time: bool = False,
    created_by: Person | None = None,
    expires_at: datetime | None = None,
) -> InviteCode:
    invite = InviteCode(
        code=new_code(),
        kind=kind,
        org_id=organisation.id,
        group_id=group.id if group else None,
        max_uses=1 if one_time else None,
        created_by=created_by.id if created_by else None,
        expires_at=expires_at,
        uses=0,
    )
    session.add(invite)
    session.flush()
    queries.audit(
        session,
        "invite.created",
        actor=created_by,
        org_id=organisation.id,
        group_id=invite.group_id,
        kind=str(kind),
        invite_id=invite.id,
    )
    return invite


def accept(
    session: Session,
    code: str,
    *,
    telegram_id: int,
    first_name: str,
    language: str,
    now: datetime,
) -> Joined:
    """Accept an invite for a Telegram user who has read the consent text."""
    invite = check(session, code, now)
    kind = InviteKind(invite.kind)
    role = kind.role
    person = queries.person_by_telegram_id(session, telegram_id)
    if person is None:
        person = Person(
            telegram_id=telegram_id,
            first_name=first_name[:64],
            language=language,
            consent_at=now,
            consent_version=CONSENT_VERSION,
            last_seen_at=now,
        )
        session.add(person)
        session.flush()
        queries.audit(session, "person.consented", actor=person, org_id=invite.org_id)
    else:
        person.language = language
        person.blocked_at = None
        agree_again(session, person, now)

    group = invite.group
    existing = session.scalars(
        select(Membership).where(
            Membership.person_id == person.id,
            Membership.org_id == invite.org_id,
            Membership.group_id == invite.group_id
            if invite.group_id is not None
            else Membership.group_id.is_(None),
            Membership.role == role,
        )
    ).first()

    result = JoinResult.ALREADY if existing else JoinResult.JOINED
    if existing is None:
        session.add(
            Membership(
                person_id=person.id, org_id=invite.org_id, group_id=invite.group_id, role=role
            )
        )
    if role == Role.PARENT and group is not None:
        result = _enrol_family(session, person, group, language, now, result)

    if result != JoinResult.ALREADY:
        invite.uses += 1
        queries.audit(
            session,
            "invite.accepted",
            actor=person,
            org_id=invite.org_id,
            group_id=invite.group_id,
            role=str(role),
            invite_id=invite.id,
            result=str(result),
        )
    session.flush()
    return Joined(result, role, person, invite.organisation, group)


def _enrol_family(
    session: Session,
    person: Person,
    group: Group,
    language: str,
    now: datetime,
    result: JoinResult,
) -> JoinResult:
    """Put the person's family in the group; a family that left or declined may come back."""
    if person.family is None:
        family = Family(org_id=group.org_id, language=language)
        session.add(family)
        session.flush()
        person.family = family
    family = person.family
    row = queries.enrolment(session, family.id, group.id)
    if row is None:
        session.add(
            Enrolment(family_id=family.id, group_id=group.id, joined_at=now, status_changed_at=now)
        )
        return JoinResult.JOINED if result == JoinResult.ALREADY else result
    if row.status in (EnrolmentStatus.LEFT, EnrolmentStatus.DECLINED):
        queries.set_enrolment_status(row, EnrolmentStatus.ACTIVE, now)
        return JoinResult.REJOINED
    return result


def needs_consent_again(person: Person) -> bool:
    """Whether she agreed to an older privacy text than the current one."""
    return person.consent_version != CONSENT_VERSION


def agree_again(session: Session, person: Person, now: datetime) -> None:
    """She read the current privacy text and agreed: record when, and to which version."""
    if not needs_consent_again(person):
        return
    person.consent_at = now
    person.consent_version = CONSENT_VERSION
    queries.audit(session, "person.consented", actor=person, version=CONSENT_VERSION)


def leave_group(session: Session, person: Person, group: Group, now: datetime) -> None:
    """Leave one group: parents' families are marked `left`, staff lose the role."""
    for membership in list(person.memberships):
        if membership.group_id == group.id:
            session.delete(membership)
    if person.family is not None:
        row = queries.enrolment(session, person.family.id, group.id)
        others_still_in = any(
            m.group_id == group.id and m.role == Role.PARENT
            for other in person.family.persons
            if other.id != person.id
            for m in other.memberships
        )
        if row is not None and not others_still_in:
            queries.set_enrolment_status(row, EnrolmentStatus.LEFT, now)
    queries.audit(session, "group.left", actor=person, org_id=group.org_id, group_id=group.id)
    session.flush()


NOTICES_NAMING_A_PERSON = ("unreachable", "declined")  # outbox templates with her first name


def forget_person(session: Session, person: Person, now: datetime) -> None:
    """Erase a person: every marked column (`db.models.PERSONAL`) that holds her goes.

    - her row: Telegram id, first name, language, roles (memberships cascade);
    - messages to her and messages about her (the "unreachable" and "declined"
      notices to coordinators name her), pending or sent: deleted by the
      database's ON DELETE CASCADE, plus any older notice that names her without
      the link;
    - her questions to the staff, and her words in the FAQ gap log (cascade);
    - contact notes about her family or written by her, and staff replies she
      wrote: the note or reply is cleared, the fact of the contact stays;
    - attendance stays on the family, which holds no name, so a group's numbers
      for its funders don't change; a family left without parents has left.
    """
    family = person.family
    if family is not None:
        last_parent = all(p.id == person.id for p in family.persons)
        if last_parent:
            for row in family.enrolments:
                if row.status != EnrolmentStatus.LEFT:
                    queries.set_enrolment_status(row, EnrolmentStatus.LEFT, now)
        session.execute(update(Contact).where(Contact.family_id == family.id).values(note=None))
    session.execute(update(Contact).where(Contact.by == person.id).values(note=None))
    session.execute(
        update(StaffQuestion).where(StaffQuestion.answered_by == person.id).values(reply=None)
    )
    for row in session.scalars(
        select(OutboxMessage).where(OutboxMessage.template.in_(NOTICES_NAMING_A_PERSON))
    ):
        if row.about_person_id == person.id or (
            row.about_person_id is None and (row.slots or {}).get("name") == person.first_name
        ):
            session.delete(row)
    queries.audit(session, "person.deleted", actor=None, person_id=person.id)
    session.delete(person)
    session.flush()
