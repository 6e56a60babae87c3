"""What the time-driven core needs to know about a group: its settings and its team.

The one place these are read from a group's row, below reminding, following and
the call list alike, so none of them needs another to find them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Group, Membership, Person, Role
from reminders.followup import FollowUpSettings, parse_ladder
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
