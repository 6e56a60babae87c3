"""Follow-up after a session, like a persistent coordinator: pure functions.

A family that did not come and sent no word hears the next morning that it was
missed, with the next date; week after week, gentler and less often after a
long silence, but never stopping by itself while the family is active. A
family that sent word gets one caring message and no chasing. A family that
said "no thanks" (declined), left, or paused gets nothing at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from reminders.policy import AttendanceOutcome, ReminderSettings, out_of_quiet_hours


class Kind(enum.StrEnum):
    MISSED = "missed"  # first no-show in a row
    MISSED_AGAIN = "missed_again"  # gentler, for a longer silence
    CARE = "care"  # absence with notice: get well soon, no chasing
    THANKS = "thanks"  # attended (optional per group)


class CallReason(enum.StrEnum):
    MISSES = "misses"  # two or more no-shows in a row
    UNREACHABLE = "unreachable"  # blocked the bot: phone instead
    PAUSE_ENDS = "pause_ends"  # back soon after a pause


@dataclass(frozen=True)
class FollowUpSettings:
    reminders: ReminderSettings
    morning_at: time = time(9, 0)
    thank_you: bool = False
    call_list_after: int = 2
    # (misses in a row from which, send every n-th week): 1-3 weekly, 4-7 every 2nd, 8+ every 4th
    ladder: tuple[tuple[int, int], ...] = ((1, 1), (4, 2), (8, 4))


@dataclass(frozen=True)
class Week:
    """One closed session as a family lived it."""

    session_id: int
    ends_at: datetime
    outcome: str


@dataclass(frozen=True)
class FollowUp:
    kind: Kind
    session_id: int
    not_before: datetime


@dataclass(frozen=True)
class FamilyState:
    status: str  # the enrolment's status: only "active" families are followed up
    history: list[Week] = field(default_factory=list)  # closed sessions, oldest first
    blocked: bool = False
    paused_until: date | None = None


def parse_ladder(text: str) -> tuple[tuple[int, int], ...] | None:
    """ "1:1,4:2,8:4" -> ((1, 1), (4, 2), (8, 4)); None if it isn't a usable ladder.

    The first rung must start at 1 (the first miss always gets its message) and the
    rungs must climb, so the messages get rarer but never stop.
    """
    try:
        rungs = tuple(
            (int(start), int(every))
            for start, every in (part.split(":") for part in text.replace(" ", "").split(","))
        )
    except ValueError:
        return None
    starts = [start for start, _ in rungs]
    if not rungs or starts[0] != 1 or starts != sorted(set(starts)):
        return None
    if any(every < 1 or every > 12 for _, every in rungs):
        return None
    return rungs


def misses_in_a_row(history: list[Week]) -> int:
    """No-shows since the family last came.

    Only a no-show (no word) counts. A week with notice (afbud) is the family keeping in
    touch: it is not a miss, but it does not wipe out the silence around it either, so it
    neither counts nor breaks the run (the call list shows it with its reason). A cancelled
    week is the same. Only coming to the group starts afresh.
    """
    count = 0
    for week in reversed(history):
        if week.outcome in (AttendanceOutcome.CANCELLED, AttendanceOutcome.NOTICE):
            continue
        if week.outcome != AttendanceOutcome.NO_SHOW:
            break
        count += 1
    return count


def sends_this_week(settings: FollowUpSettings, streak: int) -> bool:
    """The ladder: every week at first, then less often, never never."""
    every = 1
    for threshold, interval in settings.ladder:
        if streak >= threshold:
            every = interval
    first_of_rung = max(t for t, _ in settings.ladder if streak >= t)
    return (streak - first_of_rung) % every == 0


def morning_after(settings: FollowUpSettings, ends_at: datetime) -> datetime:
    tz = settings.reminders.tz
    day = ends_at.astimezone(tz).date() + timedelta(days=1)
    return out_of_quiet_hours(settings.reminders, datetime.combine(day, settings.morning_at, tz))


def follow_up(settings: FollowUpSettings, family: FamilyState) -> FollowUp | None:
    """What the family hears after its latest closed session, if anything."""
    if family.status != "active" or family.blocked or not family.history:
        return None
    last = family.history[-1]
    at = morning_after(settings, last.ends_at)
    if last.outcome == AttendanceOutcome.NO_SHOW:
        streak = misses_in_a_row(family.history)
        if not sends_this_week(settings, streak):
            return None
        return FollowUp(Kind.MISSED if streak == 1 else Kind.MISSED_AGAIN, last.session_id, at)
    if last.outcome == AttendanceOutcome.NOTICE:
        return FollowUp(Kind.CARE, last.session_id, at)
    if last.outcome == AttendanceOutcome.ATTENDED and settings.thank_you:
        return FollowUp(Kind.THANKS, last.session_id, at)
    return None


def call_list_reasons(
    settings: FollowUpSettings, family: FamilyState, today: date
) -> list[CallReason]:
    """Why the coordinator should call this family now (empty: no need)."""
    if family.status in ("declined", "left"):
        return []
    reasons = []
    if family.status == "active" and misses_in_a_row(family.history) >= settings.call_list_after:
        reasons.append(CallReason.MISSES)
    if family.blocked:
        reasons.append(CallReason.UNREACHABLE)
    if (
        family.status == "paused"
        and family.paused_until is not None
        and family.paused_until <= today + timedelta(days=7)
    ):
        reasons.append(CallReason.PAUSE_ENDS)
    return reasons
