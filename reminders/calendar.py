"""A group's coming sessions as an iCalendar file, for the parent's phone calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from icalendar import Calendar, Event


def ics(
    group_name: str,
    place: str,
    sessions: Iterable[tuple[int, datetime, datetime, str | None]],
    stamp: datetime,
) -> bytes:
    """One VEVENT per (id, start, end, place override); stable UIDs so a re-import updates."""
    calendar = Calendar()
    calendar.add("prodid", "-//parent-groups-bot//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group_name)
    for session_id, starts_at, ends_at, meeting_place in sessions:
        event = Event()
        event.add("uid", f"session-{session_id}@parent-groups-bot")
        event.add("summary", group_name)
        event.add("location", meeting_place or place)
        event.add("dtstart", starts_at)
        event.add("dtend", ends_at)
        event.add("dtstamp", stamp)
        calendar.add_component(event)
    return calendar.to_ical()
