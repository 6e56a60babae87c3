"""When the weekly digest is due: the group's weekday and local time, once a week."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from reminders.weekly import due_week


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 23, 6, 59, tzinfo=UTC), None),  # Monday 07:59 local: not yet
        (datetime(2026, 11, 23, 7, 0, tzinfo=UTC), "2026-W48"),  # Monday 08:00 local
        (datetime(2026, 11, 23, 18, 0, tzinfo=UTC), "2026-W48"),  # still that day, a late tick
        (datetime(2026, 11, 23, 19, 30, tzinfo=UTC), None),  # 12 hours late: wait a week
        (datetime(2026, 11, 24, 7, 0, tzinfo=UTC), None),  # Tuesday
        (datetime(2026, 3, 30, 6, 0, tzinfo=UTC), "2026-W14"),  # summer time: 08:00 is 06:00 UTC
    ],
)
def test_due_on_the_weekday_at_local_time(now: datetime, expected: str | None) -> None:
    assert due_week(0, time(8, 0), "Europe/Copenhagen", now) == expected


def test_off_is_never_due() -> None:
    assert (
        due_week(None, time(8), "Europe/Copenhagen", datetime(2026, 11, 23, 7, tzinfo=UTC)) is None
    )
