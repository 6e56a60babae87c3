"""Turning each group's weekly rule into stored sessions, up to a year ahead.

Idempotent: a date the rule already produced (`rule_date`) is never added
again, so a moved or cancelled session stays as the coordinator left it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from db.bulk import insert_new
from db.models import Group, HolidayPeriod, Meeting, MeetingStatus
from reminders.holidays import PERIOD_REASON, Period, cancel_in_holidays, holiday_of
from reminders.schedule import WeeklyRule, danish_public_holidays, plan

HORIZON = timedelta(days=366)
HOLIDAY_REASON = "public_holiday"
NOTE_REASON = "note"  # a coordinator's own words, e.g. "the room is taken"
ANNOUNCED_REASON = "announced"  # by a "meeting cancelled" announcement: a reason code follows


def plan_group(session: Session, group: Group, now: datetime) -> int:
    """Store the group's coming sessions; returns how many were new."""
    return plan_groups(session, [group], now)


def plan_groups(session: Session, groups: list[Group], now: datetime) -> int:
    """Plan several groups with a fixed number of queries, however many groups there are."""
    if not groups:
        return 0
    ids = [group.id for group in groups]
    earliest = min(now.astimezone(WeeklyRule.of(g).tz).date() for g in groups)
    existing: dict[int, set[date]] = {gid: set() for gid in ids}
    periods: dict[int, list[Period]] = {gid: [] for gid in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for gid, day in session.execute(
            select(Meeting.group_id, Meeting.rule_date).where(
                Meeting.group_id.in_(chunk), Meeting.rule_date >= earliest
            )
        ):
            existing[gid].add(day)
        for row in session.scalars(select(HolidayPeriod).where(HolidayPeriod.group_id.in_(chunk))):
            periods[row.group_id].append(Period(row.first_day, row.last_day, row.name))
    rows = []
    for group in groups:
        rule = WeeklyRule.of(group)
        today = now.astimezone(rule.tz).date()
        end = today + HORIZON
        holidays = danish_public_holidays(range(today.year, end.year + 1))
        for meeting in plan(rule, today, end, holidays):
            if meeting.rule_date in existing[group.id] or meeting.starts_at <= now:
                continue
            reason = _reason(meeting.holiday, holiday_of(meeting.rule_date, periods[group.id]))
            rows.append(
                {
                    "group_id": group.id,
                    "rule_date": meeting.rule_date,
                    "starts_at": meeting.starts_at,
                    "ends_at": meeting.ends_at,
                    "status": MeetingStatus.CANCELLED if reason else MeetingStatus.PLANNED,
                    "cancel_reason": reason,
                }
            )
    # Another process planning at this moment may have stored some: the database keeps one.
    new = insert_new(session, Meeting, rows, unique=["group_id", "rule_date"])
    for group in groups:
        cancel_in_holidays(session, group, periods[group.id], now)
    session.flush()
    return new


def _reason(public_holiday: str | None, period: Period | None) -> str | None:
    if public_holiday:
        return f"{HOLIDAY_REASON}:{public_holiday}"
    if period:
        return f"{PERIOD_REASON}:{period.name}"
    return None


def plan_all(session: Session, now: datetime) -> int:
    """Plan every active group whose planned sessions no longer reach the horizon.

    One query finds them, so a steady-state tick costs one query, not one per group:
    a group is due when it has no session on or after the horizon's last week, asked
    with NOT EXISTS so each group is one probe of the (group, date) index rather than
    a scan of every session ever planned.
    """
    horizon_end = (now + HORIZON - timedelta(days=7)).date()
    groups = session.scalars(
        select(Group).where(
            Group.active.is_(True),
            ~exists().where(Meeting.group_id == Group.id, Meeting.rule_date >= horizon_end),
        )
    ).all()
    return plan_groups(session, list(groups), now)


def coming_meetings(session: Session, group: Group, after: datetime) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.group_id == group.id, Meeting.starts_at > after)
            .order_by(Meeting.starts_at)
        )
    )
