"""The weekly rule in local time: same wall-clock time across DST, courses clipped."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from reminders.schedule import (
    WeeklyRule,
    danish_public_holidays,
    meeting_start,
    next_meeting,
    plan,
    rule_dates,
)

TUESDAY_10 = WeeklyRule(weekday=1, start=time(10, 0), timezone="Europe/Copenhagen")


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 3, 24), 9),  # before the spring change: CET, UTC+1
        (date(2026, 3, 31), 8),  # after it: CEST, UTC+2
        (date(2026, 10, 20), 8),  # before the autumn change
        (date(2026, 10, 27), 9),  # after it
    ],
)
def test_meeting_keeps_local_time_across_dst(day: date, utc_hour: int) -> None:
    start = meeting_start(TUESDAY_10, day)
    assert start.astimezone(UTC).hour == utc_hour
    assert (start.hour, start.minute) == (10, 0)


def test_rule_dates_are_the_weekday_in_range() -> None:
    days = rule_dates(TUESDAY_10, date(2026, 11, 22), date(2026, 12, 15))
    assert days == [date(2026, 11, 24), date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]


def test_course_dates_are_clipped_to_the_course() -> None:
    course = WeeklyRule(
        weekday=3,
        start=time(17, 0),
        timezone="Europe/Copenhagen",
        first_date=date(2027, 1, 14),
        last_date=date(2027, 1, 28),
    )
    assert rule_dates(course, date(2027, 1, 1), date(2027, 3, 1)) == [
        date(2027, 1, 14),
        date(2027, 1, 21),
        date(2027, 1, 28),
    ]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-24T08:59:00+00:00", "2026-11-24T10:00:00+01:00"),  # same morning, before
        ("2026-11-24T09:00:00+00:00", "2026-12-01T10:00:00+01:00"),  # it has started
        ("2026-11-22T12:00:00+00:00", "2026-11-24T10:00:00+01:00"),
    ],
)
def test_next_meeting(now: str, expected: str) -> None:
    assert next_meeting(TUESDAY_10, datetime.fromisoformat(now)) == datetime.fromisoformat(expected)


def test_no_next_meeting_after_a_course_ends() -> None:
    course = WeeklyRule(
        weekday=1,
        start=time(10),
        timezone="Europe/Copenhagen",
        first_date=date(2026, 1, 6),
        last_date=date(2026, 6, 30),
    )
    assert next_meeting(course, datetime(2026, 11, 22, tzinfo=UTC)) is None


FRIDAY_10 = WeeklyRule(weekday=4, start=time(10, 0), timezone="Europe/Copenhagen")
THURSDAY_17 = WeeklyRule(
    weekday=3, start=time(17, 0), timezone="Europe/Copenhagen", duration_minutes=90
)


@pytest.mark.parametrize(
    ("rule", "start", "end", "cancelled"),
    [
        (
            FRIDAY_10,
            date(2026, 12, 18),
            date(2027, 1, 8),
            {date(2026, 12, 25): "Juledag", date(2027, 1, 1): "Nytårsdag"},
        ),
        (
            THURSDAY_17,
            date(2027, 3, 18),
            date(2027, 5, 13),
            {date(2027, 3, 25): "Skærtorsdag", date(2027, 5, 6): "Kristi himmelfartsdag"},
        ),
        (TUESDAY_10, date(2026, 11, 24), date(2026, 12, 22), {}),
    ],
)
def test_public_holidays_cancel_meetings(
    rule: WeeklyRule, start: date, end: date, cancelled: dict[date, str]
) -> None:
    holidays = danish_public_holidays([start.year, end.year])
    planned = plan(rule, start, end, holidays)
    assert {m.rule_date: m.holiday for m in planned if m.holiday} == cancelled
    assert all(m.ends_at - m.starts_at == timedelta(minutes=rule.duration_minutes) for m in planned)
    assert all(
        (m.starts_at.hour, m.starts_at.minute) == (rule.start.hour, rule.start.minute)
        for m in planned
    )
