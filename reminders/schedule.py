"""When a group meets: pure functions over a weekly rule and a clock.

A group meets on a weekday at a local wall-clock time in its own time zone,
so 10:00 stays 10:00 across daylight-saving changes while the UTC instant
moves. Nothing here touches the database or Telegram.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from db.models import Group


@dataclass(frozen=True)
class WeeklyRule:
    weekday: int  # 0 = Monday
    start: time
    timezone: str
    duration_minutes: int = 120
    first_date: date | None = None  # a course's first meeting
    last_date: date | None = None  # a course's last meeting

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def of(cls, group: Group) -> WeeklyRule:
        """The plain rule of a stored group, so the functions below stay pure."""
        return cls(
            weekday=group.weekday,
            start=group.start_time,
            timezone=group.timezone,
            duration_minutes=group.duration_minutes,
            first_date=group.course_start,
            last_date=group.course_end,
        )


def meeting_start(rule: WeeklyRule, day: date) -> datetime:
    """The aware start of the meeting on `day`, in the rule's time zone."""
    return datetime.combine(day, rule.start, tzinfo=rule.tz)


def rule_dates(rule: WeeklyRule, start: date, end: date) -> list[date]:
    """Every date in [start, end] on the rule's weekday, clipped to a course's dates."""
    if rule.first_date:
        start = max(start, rule.first_date)
    if rule.last_date:
        end = min(end, rule.last_date)
    first = start + timedelta(days=(rule.weekday - start.weekday()) % 7)
    return [first + timedelta(weeks=i) for i in range(max(0, (end - first).days // 7 + 1))]


def next_meeting(rule: WeeklyRule, now: datetime) -> datetime | None:
    """The next meeting that has not started yet at `now`, or None after a course ends."""
    local_today = now.astimezone(rule.tz).date()
    for day in rule_dates(rule, local_today, local_today + timedelta(days=7 * 60)):
        start = meeting_start(rule, day)
        if start > now:
            return start
    return None


@dataclass(frozen=True)
class PlannedMeeting:
    rule_date: date
    starts_at: datetime
    ends_at: datetime
    holiday: str | None = None  # the public holiday that cancels it, if any


def plan(
    rule: WeeklyRule, start: date, end: date, holidays: Mapping[date, str]
) -> list[PlannedMeeting]:
    """The meetings the rule gives in [start, end]; public holidays mark them cancelled."""
    meetings = []
    for day in rule_dates(rule, start, end):
        begins = meeting_start(rule, day)
        meetings.append(
            PlannedMeeting(
                rule_date=day,
                starts_at=begins,
                ends_at=begins + timedelta(minutes=rule.duration_minutes),
                holiday=holidays.get(day),
            )
        )
    return meetings


def danish_public_holidays(years: Iterable[int]) -> dict[date, str]:
    """Denmark's public holidays (the `holidays` package keeps them current)."""
    return dict(_danish_public_holidays(tuple(sorted(years))))


@cache
def _danish_public_holidays(years: tuple[int, ...]) -> tuple[tuple[date, str], ...]:
    import holidays

    return tuple(holidays.country_holidays("DK", years=list(years), language="da").items())
