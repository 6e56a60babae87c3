"""The reminder policy and session outcomes, table-driven and with no database."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from reminders.policy import (
    AttendanceOutcome,
    Recipient,
    ReminderSettings,
    ReplyProblem,
    due_reminders,
    out_of_quiet_hours,
    outcome,
    reminder_times,
    reply_problem,
)

CPH = ZoneInfo("Europe/Copenhagen")
SETTINGS = ReminderSettings(timezone="Europe/Copenhagen")
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=CPH)
SILENT = Recipient(1, 101, 11, None)
COMING = Recipient(2, 102, 12, "coming")
CANT = Recipient(3, 103, 13, "cant_come")
LATE = Recipient(4, 104, 14, "late")
EVERYONE = [SILENT, COMING, CANT, LATE]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11 if day > 1 else 12, day, hour, minute, tzinfo=CPH)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (at(30, 19, 59), at(30, 19, 59)),
        (at(30, 20, 0), at(1, 8, 0)),  # evening: waits for the morning
        (at(1, 7, 30), at(1, 8, 0)),  # early morning
        (at(1, 8, 0), at(1, 8, 0)),
    ],
)
def test_quiet_hours(local: datetime, expected: datetime) -> None:
    assert out_of_quiet_hours(SETTINGS, local) == expected


def test_reminder_times_default() -> None:
    assert reminder_times(SETTINGS, TUESDAY_10) == (at(30, 18), at(1, 8))


def test_reminder_times_respect_quiet_hours() -> None:
    late_evening = ReminderSettings("Europe/Copenhagen", first_at=time(21, 0), second_minutes=180)
    first, second = reminder_times(late_evening, TUESDAY_10)
    assert first == at(1, 8) and second == at(1, 8)  # both pushed to 08:00, still before 10:00


@pytest.mark.parametrize(
    ("now", "keys"),
    [
        (at(30, 17, 59), []),
        (at(30, 18, 0), ["reminder:7:1:first"]),  # only the silent family: others answered
        (at(30, 23, 0), ["reminder:7:1:first"]),  # a late tick still sends the first
        (at(1, 8, 0), ["reminder:7:1:second"]),  # the second: only to the silent
        (at(1, 9, 59), ["reminder:7:1:second"]),
        (at(1, 10, 0), []),  # started: nothing
    ],
)
def test_due_reminders(now: datetime, keys: list[str]) -> None:
    due = due_reminders(SETTINGS, 7, TUESDAY_10, False, EVERYONE, now)
    assert [d.key for d in due] == keys
    assert all(d.template == "reminder" for d in due)


def test_first_reminder_to_every_family_that_has_not_answered() -> None:
    silent = [Recipient(i, 100 + i, 10 + i, None) for i in range(3)]
    due = due_reminders(SETTINGS, 7, TUESDAY_10, False, silent, at(30, 18))
    assert [(d.person_id, d.chat_id, d.not_before) for d in due] == [
        (0, 100, at(30, 18)),
        (1, 101, at(30, 18)),
        (2, 102, at(30, 18)),
    ]


@pytest.mark.parametrize(
    ("now", "count"), [(at(30, 17), 0), (at(30, 18), 4), (at(1, 9), 4), (at(1, 10), 0)]
)
def test_cancelled_session_tells_everyone_once(now: datetime, count: int) -> None:
    due = due_reminders(SETTINGS, 7, TUESDAY_10, True, EVERYONE, now)
    assert len(due) == count
    assert {d.key for d in due} <= {f"cancelled:7:{r.person_id}" for r in EVERYONE}
    assert all(d.template == "cancelled" for d in due)


@pytest.mark.parametrize(
    ("cancelled", "present", "reply", "expected"),
    [
        (False, True, None, AttendanceOutcome.ATTENDED),
        (False, True, "cant_come", AttendanceOutcome.ATTENDED),  # came after all: welcome
        (False, None, "cant_come", AttendanceOutcome.NOTICE),
        (False, False, "coming", AttendanceOutcome.NO_SHOW),
        (False, None, None, AttendanceOutcome.NO_SHOW),
        (False, None, "late", AttendanceOutcome.NO_SHOW),
        (True, None, "coming", AttendanceOutcome.CANCELLED),
    ],
)
def test_outcomes(
    cancelled: bool, present: bool | None, reply: str | None, expected: AttendanceOutcome
) -> None:
    assert outcome(cancelled, present, reply) == expected


@pytest.mark.parametrize(
    ("status", "now", "enrolled", "problem"),
    [
        ("planned", at(1, 9), True, None),
        ("planned", at(1, 10), True, ReplyProblem.STARTED),
        ("closed", at(1, 9), True, ReplyProblem.STARTED),
        ("cancelled", at(1, 9), True, ReplyProblem.CANCELLED),
        ("planned", at(1, 9), False, ReplyProblem.NOT_IN_GROUP),
    ],
)
def test_reply_problems(
    status: str, now: datetime, enrolled: bool, problem: ReplyProblem | None
) -> None:
    assert reply_problem(status, TUESDAY_10, now, enrolled) == problem
