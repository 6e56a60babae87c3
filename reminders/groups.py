"""What the time-driven core needs to know about a group: its settings and its team.

The one place these are read from a group's row, below reminding, following and
the call list alike, so none of them needs another to find them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

import outbox
from db.models import Group, Membership, Person, Role
from reminders.follow_up_policy import FollowUpSettings, parse_ladder
from reminders.policy import ReminderSettings


def reminder_settings(group: Group) -> ReminderSettings:
    """When the group's reminders go out, its quiet hours, its time zone."""
    return ReminderSettings(
        timezone=group.timezone,
        first_at=group.first_reminder_at,
        second_minutes=group.second_reminder_minutes,
        quiet_from=group.quiet_from,
        quiet_until=group.quiet_until,
    )


def follow_up_settings(group: Group) -> FollowUpSettings:
    """How the group follows up on a missed meeting (on top of its reminder settings)."""
    return FollowUpSettings(
        reminder_settings(group),
        morning_at=group.followup_at,
        thank_you=group.thank_you,
        call_list_after=group.call_list_after,
        ladder=parse_ladder(group.followup_ladder) or FollowUpSettings.ladder,
    )


def coordinators_of(session: Session, group: Group) -> list[Person]:
    """Who coordinates a group: its own coordinators and the organisation's."""
    return teams_of(session, [group], (Role.COORDINATOR,))[group.id]


def tell_coordinators(
    session: Session, group: Group, about: Person, template: str, key: str, now: datetime
) -> int:
    """Each coordinator of `group` hears `template` about a parent once a day (the outbox
    key `key:person:group:coordinator:date`); how many messages that queued."""
    created = 0
    for coordinator in coordinators_of(session, group):
        created += outbox.enqueue(
            session,
            f"{key}:{coordinator.id}:{now.date().isoformat()}",
            chat_id=coordinator.telegram_id,
            person_id=coordinator.id,
            about_person_id=about.id,
            template=template,
            slots={"name": about.first_name, "group": group.name},
            not_before=now,
        )
    return created


def team_of(session: Session, group: Group) -> list[Person]:
    """The group's staff and coordinators: who prepares the next meeting."""
    return teams_of(session, [group], (Role.COORDINATOR, Role.STAFF))[group.id]


def teams_of(
    session: Session, groups: list[Group], roles: tuple[Role, ...]
) -> dict[int, list[Person]]:
    """For each group, its reachable members in `roles` (its own and organisation-wide).

    One query per 500 groups, however many groups ask.
    """
    found: dict[int, list[Person]] = {group.id: [] for group in groups}
    for start in range(0, len(groups), 500):
        chunk = groups[start : start + 500]
        by_org: dict[int, list[int]] = {}
        for group in chunk:
            by_org.setdefault(group.org_id, []).append(group.id)
        rows = session.execute(
            select(Membership.org_id, Membership.group_id, Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.role.in_(roles),
                Membership.org_id.in_(list(by_org)),
                Membership.group_id.in_([g.id for g in chunk]) | Membership.group_id.is_(None),
                Person.blocked_at.is_(None),
            )
            .order_by(Person.id)
        ).all()
        for org_id, group_id, person in rows:
            for target in [group_id] if group_id is not None else by_org[org_id]:
                if person not in found[target]:
                    found[target].append(person)
    return found
