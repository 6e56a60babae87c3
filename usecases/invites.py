"""Invite links of a group: hand out, replace (a flyer went astray), revoke."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from db import queries
from db.models import Group, InviteCode, InviteKind, Person
from onboarding.join import create_invite

ROLES = {
    "parent": InviteKind.GROUP_PARENT,
    "staff": InviteKind.GROUP_STAFF,
    "coordinator": InviteKind.GROUP_COORDINATOR,
}


@dataclass(frozen=True)
class GroupLinks:
    parent_code: str
    staff_code: str


def new_invite(
    session: Session, group: Group, role: str, *, created_by: Person | None = None
) -> str:
    """A new link for `role` (see ROLES); a coordinator's works once."""
    invite = create_invite(
        session,
        ROLES[role],
        group.organisation,
        group,
        one_time=role == "coordinator",
        created_by=created_by,
    )
    return invite.code


def group_links(session: Session, group: Group) -> GroupLinks:
    """The group's current parent and staff links, made anew where revoked."""
    codes = []
    for kind in (InviteKind.GROUP_PARENT, InviteKind.GROUP_STAFF):
        invite = queries.open_invite(session, group.id, kind)
        codes.append((invite or create_invite(session, kind, group.organisation, group)).code)
    return GroupLinks(codes[0], codes[1])


def _revoke(session: Session, invite: InviteCode, now: datetime, by: Person | None) -> None:
    invite.revoked_at = now
    queries.audit(
        session,
        "invite.revoked",
        actor=by,
        org_id=invite.org_id,
        group_id=invite.group_id,
        invite_id=invite.id,
    )


def code_of(code_or_link: str) -> str:
    """The code, whether given alone or as the whole https://t.me/...?start=... link."""
    return code_or_link.strip().rsplit("start=", 1)[-1]


def revoke_invite(
    session: Session, code_or_link: str, now: datetime, *, by: Person | None = None
) -> bool:
    """Make a link stop working; False when there is no such link. Revoking twice is fine."""
    invite = queries.invite_by_code(session, code_of(code_or_link))
    if invite is None:
        return False
    if invite.revoked_at is None:
        _revoke(session, invite, now, by)
    return True


def replace_link(
    session: Session, group: Group, kind: InviteKind, now: datetime, *, by: Person | None = None
) -> GroupLinks:
    """Revoke the group's open link of `kind`, make a fresh one; the links as they now are."""
    old = queries.open_invite(session, group.id, kind)
    if old is not None:
        _revoke(session, old, now, by)
    create_invite(session, kind, group.organisation, group, created_by=by)
    return group_links(session, group)
