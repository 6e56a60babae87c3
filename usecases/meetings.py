"""A coordinator's changes to coming meetings: plan, cancel, move, restore.

Shared by /sessions, announcements ("meeting cancelled", "new time or place")
and the command line. A cancelled meeting gets no reminder, no follow-up and
counts as cancelled in the summaries; its reason is kept as `<kind>:<words>`
(see `reminders.planning` for the kinds).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import queries
from db.models import Group, Meeting, MeetingStatus, Person
from reminders import planning


def plan_meetings(session: Session, group: Group, now: datetime) -> int:
    """The group's meetings from its weekly rule, a year ahead; how many were new."""
    return planning.plan_group(session, group, now)


def _audit(session: Session, action: str, meeting: Meeting, by: Person | None) -> None:
    queries.audit(
        session,
        action,
        actor=by,
        org_id=meeting.group.org_id,
        group_id=meeting.group_id,
        session_id=meeting.id,
    )


def meeting_on(session: Session, group: Group, day: date) -> Meeting | None:
    """The group's meeting on a local day (planned or cancelled), if it has one."""
    zone = ZoneInfo(group.timezone)
    candidates = session.scalars(
        select(Meeting).where(
            Meeting.group_id == group.id,
            Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.CANCELLED]),
        )
    )
    return next((m for m in candidates if m.starts_at.astimezone(zone).date() == day), None)


def cancel_meeting(
    session: Session, meeting: Meeting, kind: str, words: str, *, by: Person | None = None
) -> bool:
    """Cancel with a reason (`kind` from reminders.planning, `words` the coordinator's or a
    code); False when it was cancelled already, whose reason then stays as it was."""
    if meeting.status == MeetingStatus.CANCELLED:
        return False
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = f"{kind}:{words}"
    _audit(session, "session.cancel", meeting, by)
    return True


def restore_meeting(session: Session, meeting: Meeting, *, by: Person | None = None) -> None:
    """A cancelled meeting takes place after all."""
    meeting.status = MeetingStatus.PLANNED
    meeting.cancel_reason = None
    _audit(session, "session.restored", meeting, by)


def move_meeting(
    session: Session,
    meeting: Meeting,
    day: date | None = None,
    start: time | None = None,
    place: str | None = None,
    *,
    by: Person | None = None,
) -> None:
    """A new day, start time and/or place (None keeps each); the length stays the same."""
    zone = ZoneInfo(meeting.group.timezone)
    local = meeting.starts_at.astimezone(zone)
    duration = meeting.ends_at - meeting.starts_at
    meeting.starts_at = datetime.combine(day or local.date(), start or local.time(), tzinfo=zone)
    meeting.ends_at = meeting.starts_at + duration
    if place:
        meeting.place = place[:300]
    _audit(session, "session.move", meeting, by)
