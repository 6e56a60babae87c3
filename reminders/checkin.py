"""The staff's check-in: which meetings it is open for, who is marked present, the counts.

Plain database functions for `handlers/checkin.py`, which only parses and renders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attendance, Meeting, MeetingStatus, Person
from reminders import reminding

OPENS_BEFORE = timedelta(hours=3)  # the list is there three hours before the start


def open_meetings(session: Session, group_ids: Iterable[int], now: datetime) -> list[Meeting]:
    """Meetings of these groups that start soon, run, or ended but are not closed yet."""
    rows = session.scalars(
        select(Meeting)
        .where(
            Meeting.group_id.in_(list(group_ids)),
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.closed_at.is_(None),
            Meeting.starts_at <= now + OPENS_BEFORE,
        )
        .order_by(Meeting.starts_at)
    ).all()
    return [m for m in rows if m.ends_at + reminding.AUTO_CLOSE_AFTER > now]


def present_families(session: Session, meeting_id: int) -> set[int]:
    return set(
        session.scalars(
            select(Attendance.family_id).where(
                Attendance.session_id == meeting_id, Attendance.present.is_(True)
            )
        )
    )


def toggle_present(
    session: Session, meeting: Meeting, family_id: int, by: Person, now: datetime
) -> bool:
    """Mark a family present, or not any more; returns whether it is present now."""
    present = family_id not in present_families(session, meeting.id)
    reminding.set_present(session, meeting, family_id, present, by, now)
    return present


def close(session: Session, meeting: Meeting, by: Person, now: datetime) -> Counter[str]:
    """Close the meeting (once) and count its outcomes: came, sent word, did not come."""
    if meeting.closed_at is None:
        reminding.close_meeting(session, meeting, now, by=by)
    return Counter(
        session.scalars(select(Attendance.outcome).where(Attendance.session_id == meeting.id))
    )
