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
from db.models import Group
from reminders.groups import team_of

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


def enqueue_weekly_digests(session: Session, now: datetime) -> int:
    count = 0
    groups = session.scalars(
        select(Group).where(Group.active.is_(True), Group.weekly_digest_weekday.is_not(None))
    )
    for group in groups:
        week = due_week(group.weekly_digest_weekday, group.weekly_digest_at, group.timezone, now)
        if week is None:
            continue
        for person in team_of(session, group):
            count += outbox.enqueue(
                session,
                f"weekly:{group.id}:{week}:{person.id}",
                chat_id=person.telegram_id,
                person_id=person.id,
                template="weekly_digest",
                slots={"group": group.id},
                not_before=now,
            )
    return count
