"""The coordinator's call list: who to phone, why, and what happened lately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Contact, Group, Person
from reminders import follow_ups
from reminders.follow_up_policy import CallReason, call_list_reasons
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
    return call_lists(session, [group], now)[group.id]


def reasons_by_group(
    families: follow_ups.GroupFamilies, groups: list[Group], now: datetime
) -> dict[int, list[tuple[int, list[CallReason]]]]:
    """For each group: the families to phone and why, from what `load_families` loaded."""
    found: dict[int, list[tuple[int, list[CallReason]]]] = {}
    for group in groups:
        settings = follow_up_settings(group)
        found[group.id] = [
            (enrolment.family_id, reasons)
            for enrolment in families.enrolments[group.id]
            if (reasons := call_list_reasons(settings, families.state(enrolment, now), now.date()))
        ]
    return found


def call_lists(session: Session, groups: list[Group], now: datetime) -> dict[int, list[Entry]]:
    """The call lists of several groups in a few queries, however many families they have."""
    families = follow_ups.load_families(session, [group.id for group in groups])
    listed = reasons_by_group(families, groups, now)
    last_contacts = _last_contacts(session, [group.id for group in groups if listed[group.id]])
    found: dict[int, list[Entry]] = {}
    for group in groups:
        found[group.id] = [
            Entry(
                family_id,
                " & ".join(p.first_name for p in families.persons.get(family_id, []))
                or f"#{family_id}",
                reasons,
                [
                    RecentWeek(c.starts_at, c.outcome, c.reason)
                    for c in families.closed.get((group.id, family_id), [])[:RECENT_WEEKS]
                ],
                last_contacts.get((group.id, family_id)),
            )
            for family_id, reasons in listed[group.id]
        ]
    return found


RECENT_WEEKS = 4


def _last_contacts(session: Session, group_ids: list[int]) -> dict[tuple[int, int], Contact]:
    """Each family's newest contact in each of these groups."""
    found: dict[tuple[int, int], Contact] = {}
    for start in range(0, len(group_ids), follow_ups.CHUNK):
        for contact in session.scalars(
            select(Contact)
            .where(Contact.group_id.in_(group_ids[start : start + follow_ups.CHUNK]))
            .order_by(Contact.at, Contact.id)
        ):
            found[(contact.group_id, contact.family_id)] = contact  # the newest wins
    return found


def record_contact(
    session: Session, group: Group, family_id: int, kind: str, by: Person, now: datetime
) -> Contact:
    contact = Contact(family_id=family_id, group_id=group.id, by=by.id, at=now, kind=kind)
    session.add(contact)
    session.flush()
    return contact
