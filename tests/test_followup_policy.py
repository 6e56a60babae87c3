"""The follow-up policy, table-driven: sequences of weeks -> exactly what follows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from reminders.follow_up_policy import (
    CallReason,
    FamilyState,
    FollowUpSettings,
    Kind,
    Week,
    call_list_reasons,
    follow_up,
    misses_in_a_row,
    parse_ladder,
)
from reminders.policy import ReminderSettings

SETTINGS = FollowUpSettings(ReminderSettings("Europe/Copenhagen"))
FIRST_END = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)  # Tuesday 12:00 in Copenhagen

A, N, X, C = "attended", "notice", "no_show", "cancelled"
MISSED, AGAIN, CARE = Kind.MISSED, Kind.MISSED_AGAIN, Kind.CARE


def weeks(outcomes: str) -> list[Week]:
    codes = {"A": A, "N": N, "X": X, "C": C}
    return [Week(i + 1, FIRST_END + timedelta(weeks=i), codes[o]) for i, o in enumerate(outcomes)]


def run(
    outcomes: str,
    statuses: str | None = None,
    blocked_from: int | None = None,
    settings: FollowUpSettings = SETTINGS,
) -> tuple[list[Kind | None], list[list[str]]]:
    """Week by week: the follow-up after each week and the call-list reasons then.

    `statuses` gives the enrolment status during each week: a=active, p=paused, d=declined.
    """
    history = weeks(outcomes)
    names = {"a": "active", "p": "paused", "d": "declined"}
    sent, calls = [], []
    for i in range(len(history)):
        status = names[statuses[i]] if statuses else "active"
        state = FamilyState(
            status,
            history[: i + 1],
            blocked=blocked_from is not None and i >= blocked_from,
            paused_until=date(2027, 1, 5) if status == "paused" else None,
        )
        decision = follow_up(settings, state)
        sent.append(decision.kind if decision else None)
        calls.append([str(r) for r in call_list_reasons(settings, state, date(2026, 12, 31))])
    return sent, calls


@pytest.mark.parametrize(
    ("outcomes", "statuses", "expected"),
    [
        ("A", None, [None]),
        ("N", None, [CARE]),
        ("X", None, [MISSED]),
        ("XX", None, [MISSED, AGAIN]),
        ("XXA", None, [MISSED, AGAIN, None]),
        ("XAX", None, [MISSED, None, MISSED]),  # she came in between: a fresh start
        ("XCX", None, [MISSED, None, AGAIN]),  # a cancelled week neither counts nor breaks
        ("NNN", None, [CARE, CARE, CARE]),  # notice: care, never chasing
        # a week with notice is no miss, nor does it end the silence around it
        ("XNX", None, [MISSED, CARE, AGAIN]),
        ("XNAX", None, [MISSED, CARE, None, MISSED]),
        # the ladder: weekly for 3, then every 2nd week, from 8 every 4th; never stops
        (
            "XXXXXXXXXXXX",
            None,
            [MISSED, AGAIN, AGAIN, AGAIN, None, AGAIN, None, AGAIN, None, None, None, AGAIN],
        ),
        # paused: nothing while paused; back to active, the count goes on from the history
        ("XXX", "app", [MISSED, None, None]),
        # declined: never again, whatever happens
        ("XXXXX", "addd" + "d", [MISSED, None, None, None, None]),
        # rejoined after declining: followed up again
        ("XXXX", "adda", [MISSED, None, None, AGAIN]),
    ],
)
def test_follow_up_sequences(
    outcomes: str, statuses: str | None, expected: list[Kind | None]
) -> None:
    assert run(outcomes, statuses)[0] == expected


def test_blocked_family_gets_nothing_and_goes_on_the_call_list() -> None:
    sent, calls = run("XXX", blocked_from=1)
    assert sent == [MISSED, None, None]
    assert calls == [[], ["misses", "unreachable"], ["misses", "unreachable"]]


@pytest.mark.parametrize(
    ("outcomes", "statuses", "calls"),
    [
        ("X", None, [[]]),
        ("XX", None, [[], ["misses"]]),
        ("XXA", None, [[], ["misses"], []]),
        ("XN", None, [[], []]),  # sent word: not a second miss
        ("XNX", None, [[], [], ["misses"]]),  # two no-shows since she last came
        ("XXX", "aad", [[], ["misses"], []]),  # declined: off the list for good
        ("XA", "ap", [[], ["pause_ends"]]),  # the pause ends within a week
    ],
)
def test_call_list(outcomes: str, statuses: str | None, calls: list[list[str]]) -> None:
    assert run(outcomes, statuses)[1] == calls


def test_follow_up_comes_the_next_morning_outside_quiet_hours() -> None:
    decision = follow_up(SETTINGS, FamilyState("active", weeks("X")))
    assert decision is not None and decision.session_id == 1
    assert decision.not_before == datetime(2026, 11, 25, 9, 0, tzinfo=SETTINGS.reminders.tz)
    early = FollowUpSettings(ReminderSettings("Europe/Copenhagen"), morning_at=datetime.min.time())
    decision = follow_up(early, FamilyState("active", weeks("X")))
    assert decision.not_before.hour == 8  # 00:00 is quiet: it waits until 08:00


def test_thank_you_is_optional() -> None:
    assert follow_up(SETTINGS, FamilyState("active", weeks("A"))) is None
    thanks = FollowUpSettings(ReminderSettings("Europe/Copenhagen"), thank_you=True)
    assert follow_up(thanks, FamilyState("active", weeks("A"))).kind == Kind.THANKS


def test_misses_in_a_row() -> None:
    assert misses_in_a_row(weeks("AXXCX")) == 3
    assert misses_in_a_row(weeks("XXA")) == 0
    assert misses_in_a_row([]) == 0
    assert CallReason.MISSES == "misses"


@pytest.mark.parametrize(
    ("text", "ladder"),
    [
        ("1:1,4:2,8:4", ((1, 1), (4, 2), (8, 4))),
        ("1:1", ((1, 1),)),
        (" 1:1, 3:3 ", ((1, 1), (3, 3))),
        ("2:1", None),  # the first miss always gets its message
        ("1:1,1:2", None),
        ("1:1,4:0", None),  # never "never"
        ("weekly", None),
        ("", None),
    ],
)
def test_parse_ladder(text: str, ladder: tuple | None) -> None:
    assert parse_ladder(text) == ladder


def test_a_custom_ladder() -> None:
    every_second = FollowUpSettings(ReminderSettings("Europe/Copenhagen"), ladder=((1, 1), (2, 2)))
    assert run("XXXXX", settings=every_second)[0] == [MISSED, AGAIN, None, AGAIN, None]
