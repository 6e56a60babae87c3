"""The weekly attendance digest to a group's staff, at the weekday and local time it chose.

A pure function says which week's digest is due at an instant; the tick
writes it to the outbox under `weekly:<group>:<ISO year-week>`, so it goes
out once a week however often the tick runs, and a tick that was down at
08:00 still sends it later that day.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

import outbox
from db.models import Group, Role
from reminders.groups import teams_of

LATE_LIMIT = timedelta(hours=12)  # after this, a missed digest waits for next week


def due_week(weekday: int | None, at: time, timezone: str, now: datetime) -> str | None:
    """The ISO week ("2026-W48") whose digest is due at `now`, or None."""
    if weekday is None:
        return None
    local = now.astimezone(ZoneInfo(timezone))
    if local.weekday() != weekday:
        return None
    scheduled = datetime.combine(local.date(), at, tzinfo=local.tzinfo)
    if not scheduled <= local < scheduled + LATE_LIMIT:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def _due_week(group: Group, now: datetime) -> str | None:
    return due_week(group.weekly_digest_weekday, group.weekly_digest_at, group.timezone, now)


def enqueue_weekly_digests(session: Session, now: datetime) -> int:
    """Queue the weekly digest of every group whose time has come: a few queries in all."""
    groups = session.scalars(
        select(Group).where(Group.active.is_(True), Group.weekly_digest_weekday.is_not(None))
    ).all()
    weeks = {group.id: week for group in groups if (week := _due_week(group, now))}
    due = [group for group in groups if group.id in weeks]
    teams = teams_of(session, due, (Role.COORDINATOR, Role.STAFF))
    return outbox.enqueue_many(
        session,
        [
            {
                "key": f"weekly:{group.id}:{weeks[group.id]}:{person.id}",
                "chat_id": person.telegram_id,
                "person_id": person.id,
                "template": "weekly_digest",
                "slots": {"group": group.id},
                "not_before": now,
            }
            for group in due
            for person in teams[group.id]
        ],
    )
