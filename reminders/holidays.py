"""Holiday periods: adding them, reading them from iCalendar files, and what they cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import queries
from db.models import Group, GroupSession, HolidayPeriod, Person, SessionStatus

MAX_DAYS = 120  # longer than any school holiday: most likely a typo
PERIOD_REASON = "holiday"  # cancel_reason prefix: a school holiday set by the coordinator


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date
    name: str

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def check_period(first_day: date, last_day: date, name: str) -> Period:
    name = " ".join(name.split())[:200]
    if last_day < first_day:
        raise BadPeriod("the last day is before the first")
    if (last_day - first_day).days > MAX_DAYS:
        raise BadPeriod(f"a holiday of more than {MAX_DAYS} days")
    return Period(first_day, last_day, name)


def periods_from_ics(data: bytes) -> list[Period]:
    """Every VEVENT as a period; all-day DTEND is exclusive in iCalendar, hence the day less."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise BadPeriod("not an iCalendar file") from exc
    periods = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND", None)
        first = start.date() if isinstance(start, datetime) else start
        if end is None:
            last = first
        elif isinstance(end, datetime):
            last = end.date()
        else:
            last = end - timedelta(days=1)
        periods.append(check_period(first, max(first, last), str(event.get("SUMMARY", ""))))
    if not periods:
        raise BadPeriod("no events in the file")
    return periods


def add_periods(
    session: Session,
    group: Group,
    periods: list[Period],
    now: datetime,
    by: Person | None = None,
) -> None:
    """Store the periods and cancel the coming sessions already planned inside them."""
    for period in periods:
        session.add(
            HolidayPeriod(
                group_id=group.id,
                first_day=period.first_day,
                last_day=period.last_day,
                name=period.name,
            )
        )
        queries.audit(
            session,
            "holiday.added",
            actor=by,
            org_id=group.org_id,
            group_id=group.id,
            first=period.first_day.isoformat(),
            last=period.last_day.isoformat(),
        )
    session.flush()
    cancel_in_holidays(session, group, group_periods(session, group.id), now)


def group_periods(session: Session, group_id: int) -> list[Period]:
    return [
        Period(p.first_day, p.last_day, p.name)
        for p in session.scalars(select(HolidayPeriod).where(HolidayPeriod.group_id == group_id))
    ]


def holiday_of(day: date, periods: list[Period]) -> Period | None:
    return next((p for p in periods if p.covers(day)), None)


def cancel_in_holidays(
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
        period = holiday_of(item.starts_at.astimezone(ZoneInfo(group.timezone)).date(), periods)
        if period is not None:
            item.status = SessionStatus.CANCELLED
            item.cancel_reason = f"{PERIOD_REASON}:{period.name}"
