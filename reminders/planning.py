"""Turning each group's weekly rule into stored sessions, up to a year ahead.

Idempotent: a date the rule already produced (`rule_date`) is never added
again, so a moved or cancelled session stays as the coordinator left it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Group, GroupSession, SessionStatus
from reminders.holidays import Period, group_periods, holiday_of
from reminders.schedule import WeeklyRule, danish_public_holidays, plan

HORIZON = timedelta(days=366)
HOLIDAY_REASON = "public_holiday"
PERIOD_REASON = "holiday"  # a school holiday set by the coordinator
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
    created = 0
    for meeting in plan(rule, today, end, holidays):
        if meeting.rule_date in existing or meeting.starts_at <= now:
            continue
        reason = _reason(meeting.holiday, holiday_of(meeting.rule_date, periods))
        session.add(
            GroupSession(
                group_id=group.id,
                rule_date=meeting.rule_date,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                status=SessionStatus.CANCELLED if reason else SessionStatus.PLANNED,
                cancel_reason=reason,
            )
        )
        created += 1
    _cancel_in_holidays(session, group, periods, now)
    session.flush()
    return created


def _reason(public_holiday: str | None, period: Period | None) -> str | None:
    if public_holiday:
        return f"{HOLIDAY_REASON}:{public_holiday}"
    if period:
        return f"{PERIOD_REASON}:{period.name}"
    return None


def _cancel_in_holidays(
    session: Session, group: Group, periods: list[Period], now: datetime
) -> None:
    """Sessions planned before a holiday period was added are cancelled now."""
    if not periods:
        return
    for item in session.scalars(
        select(GroupSession).where(
            GroupSession.group_id == group.id,
            GroupSession.status == SessionStatus.PLANNED,
            GroupSession.starts_at > now,
        )
    ):
        period = holiday_of(item.starts_at.astimezone(WeeklyRule.of(group).tz).date(), periods)
        if period is not None:
            item.status = SessionStatus.CANCELLED
            item.cancel_reason = f"{PERIOD_REASON}:{period.name}"


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
