"""Turning each group's weekly rule into stored sessions, up to a year ahead.

Idempotent: a date the rule already produced (`rule_date`) is never added
again, so a moved or cancelled session stays as the coordinator left it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Group, GroupSession, SessionStatus
from reminders.schedule import WeeklyRule, danish_public_holidays, plan

HORIZON = timedelta(days=366)
HOLIDAY_REASON = "public_holiday"


def plan_group(session: Session, group: Group, now: datetime) -> int:
    """Store the group's coming sessions; returns how many were new."""
    rule = WeeklyRule.of(group)
    today = now.astimezone(rule.tz).date()
    end = today + HORIZON
    existing = set(
        session.scalars(
            select(GroupSession.rule_date).where(
                GroupSession.group_id == group.id, GroupSession.rule_date >= today
            )
        )
    )
    holidays = danish_public_holidays(range(today.year, end.year + 1))
    created = 0
    for meeting in plan(rule, today, end, holidays):
        if meeting.rule_date in existing or meeting.starts_at <= now:
            continue
        session.add(
            GroupSession(
                group_id=group.id,
                rule_date=meeting.rule_date,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                status=SessionStatus.CANCELLED if meeting.holiday else SessionStatus.PLANNED,
                cancel_reason=f"{HOLIDAY_REASON}:{meeting.holiday}" if meeting.holiday else None,
            )
        )
        created += 1
    session.flush()
    return created


def plan_all(session: Session, now: datetime) -> int:
    groups = session.scalars(select(Group).where(Group.active.is_(True))).all()
    return sum(plan_group(session, group, now) for group in groups)


def coming_sessions(session: Session, group: Group, after: datetime) -> list[GroupSession]:
    return list(
        session.scalars(
            select(GroupSession)
            .where(GroupSession.group_id == group.id, GroupSession.starts_at > after)
            .order_by(GroupSession.starts_at)
        )
    )
