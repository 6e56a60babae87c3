"""Sending an announcement, and what it does to the meeting it is about.

A "meeting cancelled" announcement is the cancellation: the meeting is
cancelled with the announced reason (so no reminder, no follow-up, and the
summaries count it cancelled). "New time or place" moves the meeting. The
families hear it once, from the announcement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from announcements import delivery
from db import queries
from db.models import Announcement, Group, Meeting, MeetingStatus, Person
from reminders.planning import ANNOUNCED_REASON
from usecases import meetings


@dataclass(frozen=True)
class Sent:
    announcement: Announcement
    recipients: int
    meetings_changed: list[int]  # ids of the meetings cancelled or moved by it


def meetings_announced(
    session: Session, groups: list[Group], kind: str, slots: dict[str, Any]
) -> list[Meeting]:
    """The meetings a "cancelled" or "changed" announcement is about, one per group at most."""
    if kind not in ("cancelled", "changed") or not slots.get("date"):
        return []
    day = date.fromisoformat(slots["date"])
    found = (meetings.meeting_on(session, group, day) for group in groups)
    return [meeting for meeting in found if meeting is not None]


def already_cancelled(
    session: Session, groups: list[Group], kind: str, slots: dict[str, Any]
) -> bool:
    """A "meeting cancelled" form whose meeting is cancelled already (the form says so)."""
    found = meetings_announced(session, groups, kind, slots)
    return (
        kind == "cancelled"
        and bool(found)
        and all(m.status == MeetingStatus.CANCELLED for m in found)
    )


def send_announcement(
    session: Session,
    *,
    by: Person,
    groups: list[Group],
    kind: str,
    slots: dict[str, Any],
    versions: dict[str, str],
    default_language: str | None,
    include_paused: bool,
    post_to_chat: bool,
    now: datetime,
) -> Sent:
    """Store the announcement, queue one copy per reader, change the meeting it announces."""
    announcement = delivery.create(
        session,
        by=by,
        groups=groups,
        kind=kind,
        slots=slots,
        versions=versions,
        default_language=default_language,
        include_paused=include_paused,
        post_to_chat=post_to_chat,
        now=now,
    )
    changed = []
    for meeting in meetings_announced(session, groups, kind, slots):
        if kind == "cancelled":
            reason = slots.get("reason") or "none"
            if meetings.cancel_meeting(session, meeting, ANNOUNCED_REASON, reason, by=by):
                changed.append(meeting.id)
        elif meeting.status == MeetingStatus.PLANNED:
            start = time.fromisoformat(slots["time"]) if slots.get("time") else None
            meetings.move_meeting(session, meeting, None, start, slots.get("place"), by=by)
            changed.append(meeting.id)
    delivery.send(session, announcement, now)
    for group in groups:
        queries.audit(
            session,
            "announcement.sent",
            actor=by,
            org_id=group.org_id,
            group_id=group.id,
            announcement_id=announcement.id,
            kind=announcement.kind,
        )
    return Sent(announcement, len(delivery.recipients(session, announcement)), changed)
