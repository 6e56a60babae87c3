"""Holiday periods: adding them, reading them from iCalendar files, and what they cancel."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import queries
from db.models import Group, HolidayPeriod, Meeting, MeetingStatus, Person

MAX_DAYS = 120  # longer than any school holiday: most likely a typo
PERIOD_REASON = "holiday"  # cancel_reason prefix: a school holiday set by the coordinator


class Problem(enum.StrEnum):
    NOT_ICS = "not_ics"
    NO_EVENTS = "no_events"
    NO_START = "no_start"
    BAD_DATE = "bad_date"
    ENDS_BEFORE_START = "ends_before_start"
    TOO_LONG = "too_long"


class BadPeriod(ValueError):
    """What is wrong, as one English line (the CLI) and as data (the chat translates it).

    `event` is the event's number in the file (from 1), `name` its SUMMARY and
    `value` the text that could not be read, so the line can point at the fault.
    """

    def __init__(
        self, problem: Problem, *, event: int | None = None, name: str = "", value: str = ""
    ) -> None:
        self.problem, self.event, self.name, self.value = problem, event, name, value
        super().__init__(self._line())

    def _line(self) -> str:
        what = {
            Problem.NOT_ICS: "not an iCalendar (.ics) file",
            Problem.NO_EVENTS: "no events in the file",
            Problem.NO_START: "it has no start date (DTSTART)",
            Problem.BAD_DATE: f"the date {self.value!r} is not a date",
            Problem.ENDS_BEFORE_START: "the last day is before the first",
            Problem.TOO_LONG: f"a holiday of more than {MAX_DAYS} days",
        }[self.problem]
        if self.event is None:
            return what
        label = f"event {self.event}" + (f" ({self.name})" if self.name else "")
        return f"{label}: {what}"


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
        raise BadPeriod(Problem.ENDS_BEFORE_START)
    if (last_day - first_day).days > MAX_DAYS:
        raise BadPeriod(Problem.TOO_LONG)
    return Period(first_day, last_day, name)


def periods_from_ics(data: bytes) -> list[Period]:
    """Every VEVENT as a period; all-day DTEND is exclusive in iCalendar, hence the day less.

    Any fault refuses the whole file with a `BadPeriod` naming the event and
    what is wrong: half a school calendar would be worse than none.
    """
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise BadPeriod(Problem.NOT_ICS) from exc
    periods = []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        name = " ".join(str(event.get("SUMMARY", "")).split())[:80]
        first = _day(event, "DTSTART", number, name)
        if first is None:
            raise BadPeriod(Problem.NO_START, event=number, name=name)
        end = _day(event, "DTEND", number, name)
        if end is None:
            last = first
        elif isinstance(event.decoded("DTEND"), datetime):
            last = end
        else:
            last = end - timedelta(days=1)
        try:
            periods.append(check_period(first, max(first, last), name))
        except BadPeriod as exc:
            raise BadPeriod(exc.problem, event=number, name=name) from exc
    if not periods:
        raise BadPeriod(Problem.NO_EVENTS)
    return periods


def _day(event: Any, key: str, number: int, name: str) -> date | None:
    """The day of DTSTART or DTEND, None when absent; BadPeriod when it is no date."""
    raw = event.get(key)
    if raw is None:
        return None
    try:
        value = event.decoded(key)
    except (ValueError, TypeError, KeyError):
        value = None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    shown = getattr(raw, "to_ical", lambda: raw)()
    shown = shown.decode(errors="replace") if isinstance(shown, bytes) else str(shown)
    raise BadPeriod(Problem.BAD_DATE, event=number, name=name, value=shown[:40])


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
        select(Meeting).where(
            Meeting.group_id == group.id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at > now,
        )
    ):
        period = holiday_of(item.starts_at.astimezone(ZoneInfo(group.timezone)).date(), periods)
        if period is not None:
            item.status = MeetingStatus.CANCELLED
            item.cancel_reason = f"{PERIOD_REASON}:{period.name}"
