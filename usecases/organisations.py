"""Creating an organisation: the deployment's admins do it, in chat (/neworg) or on the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.models import InviteKind, Organisation, Person
from onboarding.join import create_invite
from usecases import Refused

MAX_NAME = 200


@dataclass(frozen=True)
class NewOrganisation:
    id: int
    name: str
    coordinator_code: str  # one-time: the first coordinator joins with it


def clean_name(raw: str) -> str:
    """Spaces folded; 1 to 200 characters, else `Refused`."""
    name = " ".join(raw.split())
    if not name or len(name) > MAX_NAME:
        raise Refused(f"The organisation name must be 1 to {MAX_NAME} characters.")
    return name


def create_organisation(
    session: Session, name: str, *, created_by: Person | None = None
) -> NewOrganisation:
    """An organisation and the one-time link for its first coordinator."""
    organisation = Organisation(name=clean_name(name))
    session.add(organisation)
    session.flush()
    invite = create_invite(
        session, InviteKind.ORG_COORDINATOR, organisation, one_time=True, created_by=created_by
    )
    return NewOrganisation(organisation.id, organisation.name, invite.code)
