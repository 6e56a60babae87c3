"""Turning each group's weekly rule into stored sessions, up to a year ahead.

Idempotent: a date the rule already produced (`rule_date`) is never added
again, so a moved or cancelled session stays as the coordinator left it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.models import Group, GroupSession, SessionStatus
from reminders.holidays import (
    PERIOD_REASON,
    Period,
    cancel_in_holidays,
    group_periods,
    holiday_of,
)
from reminders.schedule import WeeklyRule, danish_public_holidays, plan

HORIZON = timedelta(days=366)
HOLIDAY_REASON = "public_holiday"
NOTE_REASON = "note"  # a coordinator's own words, e.g. "the room is taken"


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
    periods = group_periods(session, group.id)
    rows = []
    for meeting in plan(rule, today, end, holidays):
        if meeting.rule_date in existing or meeting.starts_at <= now:
            continue
        reason = _reason(meeting.holiday, holiday_of(meeting.rule_date, periods))
        rows.append(
            {
                "group_id": group.id,
                "rule_date": meeting.rule_date,
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "status": SessionStatus.CANCELLED if reason else SessionStatus.PLANNED,
                "cancel_reason": reason,
            }
        )
    if rows:  # one statement for a year of sessions
        session.execute(insert(GroupSession), rows)
    cancel_in_holidays(session, group, periods, now)
    session.flush()
    return len(rows)


def _reason(public_holiday: str | None, period: Period | None) -> str | None:
    if public_holiday:
        return f"{HOLIDAY_REASON}:{public_holiday}"
    if period:
        return f"{PERIOD_REASON}:{period.name}"
    return None


def plan_all(session: Session, now: datetime) -> int:
    """Plan every active group whose planned sessions no longer reach the horizon.

    One query finds them, so a steady-state tick costs one query, not one per group.
    """
    horizon_end = (now + HORIZON - timedelta(days=7)).date()
    last_planned = (
        select(GroupSession.group_id, func.max(GroupSession.rule_date).label("last"))
        .group_by(GroupSession.group_id)
        .subquery()
    )
    groups = session.scalars(
        select(Group)
        .outerjoin(last_planned, last_planned.c.group_id == Group.id)
        .where(
            Group.active.is_(True),
            (last_planned.c.last.is_(None)) | (last_planned.c.last < horizon_end),
        )
    ).all()
    return sum(plan_group(session, group, now) for group in groups)


def coming_sessions(session: Session, group: Group, after: datetime) -> list[GroupSession]:
    return list(
        session.scalars(
            select(GroupSession)
            .where(GroupSession.group_id == group.id, GroupSession.starts_at > after)
            .order_by(GroupSession.starts_at)
        )
    )
