"""Which reminders are due, and how a family's session ends: pure functions.

No database, no Telegram: plain facts in, plain decisions out, so each rule
is a row in a table-driven test.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


class Reply(enum.StrEnum):
    COMING = "coming"
    CANT_COME = "cant_come"
    LATE = "late"


class Reason(enum.StrEnum):
    CHILD_SICK = "child_sick"
    SICK = "sick"
    APPOINTMENT = "appointment"
    TRANSPORT = "transport"
    WORK = "work"
    OTHER = "other"


class AttendanceOutcome(enum.StrEnum):
    """How a family ended one meeting: came, sent word, did not come, or it was cancelled."""

    ATTENDED = "attended"
    NOTICE = "notice"  # afbud: sent word they could not come
    NO_SHOW = "no_show"  # udeblivelse
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ReminderSettings:
    timezone: str
    first_at: time = time(18, 0)  # the evening before
    second_minutes: int = 120  # before the start
    quiet_from: time = time(20, 0)
    quiet_until: time = time(8, 0)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Recipient:
    person_id: int
    chat_id: int
    family_id: int
    reply: str | None  # the family's reply to this session so far


@dataclass(frozen=True)
class Due:
    key: str
    person_id: int
    chat_id: int
    template: str
    not_before: datetime


def out_of_quiet_hours(settings: ReminderSettings, moment: datetime) -> datetime:
    """The same instant, or the end of the quiet hours it falls in (local time)."""
    local = moment.astimezone(settings.tz)
    clock = local.time()
    if settings.quiet_from <= settings.quiet_until:  # quiet hours within one day
        quiet = settings.quiet_from <= clock < settings.quiet_until
        morning = local.date()
    else:  # across midnight, e.g. 20:00-08:00
        quiet = clock >= settings.quiet_from or clock < settings.quiet_until
        morning = local.date() + timedelta(days=1 if clock >= settings.quiet_from else 0)
    if not quiet:
        return moment
    return datetime.combine(morning, settings.quiet_until, tzinfo=settings.tz)


def reminder_times(settings: ReminderSettings, starts_at: datetime) -> tuple[datetime, datetime]:
    """When the first (evening before) and the second (shortly before) reminder are due."""
    local_start = starts_at.astimezone(settings.tz)
    evening_before = datetime.combine(
        local_start.date() - timedelta(days=1), settings.first_at, tzinfo=settings.tz
    )
    first = out_of_quiet_hours(settings, evening_before)
    second = out_of_quiet_hours(settings, starts_at - timedelta(minutes=settings.second_minutes))
    return first, second


# The outbox key of each reminder: one message per person, session and kind, ever.
KEYS = {
    "first": "reminder:{session}:{person}:first",
    "second": "reminder:{session}:{person}:second",
    "cancelled": "cancelled:{session}:{person}",
}


def due_kind(
    settings: ReminderSettings, starts_at: datetime, cancelled: bool, now: datetime
) -> tuple[str, datetime] | None:
    """Which reminder of a session is due at `now` (a key of `KEYS`) and its time, if any.

    - A cancelled session: one "no group this time" message, at the first reminder's time.
    - A reminder whose time has passed is sent only while it still makes sense: the first
      until the second is due, the second until the session starts.
    """
    if now >= starts_at:
        return None
    first, second = reminder_times(settings, starts_at)
    if cancelled:
        return ("cancelled", first) if now >= first else None
    if now >= second:
        kind, at = "second", second
    elif now >= first:
        kind, at = "first", first
    else:
        return None
    return None if at >= starts_at else (kind, at)


def due_reminders(
    settings: ReminderSettings,
    session_id: int,
    starts_at: datetime,
    cancelled: bool,
    recipients: list[Recipient],
    now: datetime,
) -> list[Due]:
    """The reminder messages due at `now` for one session (`due_kind` says which).

    - The first reminder goes to every family that has not answered yet.
    - The second goes only to families still silent; "can't come" and "coming" are left alone.
    - A cancelled session's message goes to everyone.
    """
    due = due_kind(settings, starts_at, cancelled, now)
    if due is None:
        return []
    kind, at = due
    template = "cancelled" if kind == "cancelled" else "reminder"
    return [
        _due(KEYS[kind].format(session=session_id, person=r.person_id), r, template, at)
        for r in recipients
        if kind == "cancelled" or r.reply is None
    ]


def _due(key: str, recipient: Recipient, template: str, at: datetime) -> Due:
    return Due(key, recipient.person_id, recipient.chat_id, template, at)


def outcome(cancelled: bool, present: bool | None, reply: str | None) -> AttendanceOutcome:
    """How a family's session ends, once it is closed."""
    if cancelled:
        return AttendanceOutcome.CANCELLED
    if present:
        return AttendanceOutcome.ATTENDED
    if reply == Reply.CANT_COME:
        return AttendanceOutcome.NOTICE
    return AttendanceOutcome.NO_SHOW


class ReplyProblem(enum.StrEnum):
    CANCELLED = "cancelled"
    STARTED = "started"  # replies close when the session starts
    NOT_IN_GROUP = "not_in_group"


def reply_problem(
    meeting_status: str, starts_at: datetime, now: datetime, enrolled_active: bool
) -> ReplyProblem | None:
    """Why a reply button can't change anything now, or None when it can."""
    if not enrolled_active:
        return ReplyProblem.NOT_IN_GROUP
    if meeting_status == "cancelled":
        return ReplyProblem.CANCELLED
    if meeting_status != "planned" or now >= starts_at:
        return ReplyProblem.STARTED
    return None
