"""Creating a group: parsing what a coordinator types, and the rows it makes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from db import queries
from db.models import Group, GroupKind, InviteCode, InviteKind, Organisation, Person
from onboarding.join import create_invite

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_NAME = 200
MAX_PLACE = 300


@dataclass(frozen=True)
class GroupSpec:
    name: str
    weekday: int
    start: time
    place: str
    kind: GroupKind = GroupKind.OPEN
    timezone: str = "Europe/Copenhagen"
    duration_minutes: int = 120
    course_start: date | None = None
    course_weeks: int | None = None

    @property
    def course_end(self) -> date | None:
        if self.course_start is None or self.course_weeks is None:
            return None
        return self.course_start + timedelta(weeks=self.course_weeks - 1)


def parse_weekday(text: str) -> int | None:
    """`tue`, `tuesday`, `Tue` or 1-7 (Monday = 1) to 0-6."""
    value = text.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 7:
        return int(value) - 1
    for index, prefix in enumerate(WEEKDAYS):
        if value.startswith(prefix):
            return index
    return None


_TIME = re.compile(r"^\s*(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*$")


def parse_time(text: str) -> time | None:
    """`10`, `10:00`, `9.30` (Danish style) to a time; None if it isn't one."""
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\s*$")


def parse_date(text: str) -> date | None:
    """`1.12.2026`, `01-12-26` (day first, as in Denmark) or ISO `2026-12-01`."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    match = _DATE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def clean_text(text: str, limit: int) -> str | None:
    """A single-line name or place, or None if empty or too long."""
    value = " ".join(text.split())
    if not value or len(value) > limit:
        return None
    return value


@dataclass(frozen=True)
class CreatedGroup:
    group: Group
    parent_invite: InviteCode
    staff_invite: InviteCode


def create_group(
    session: Session, organisation: Organisation, spec: GroupSpec, by: Person | None = None
) -> CreatedGroup:
    """The group plus its flyer link for parents and its link for staff."""
    group = Group(
        org_id=organisation.id,
        name=spec.name,
        kind=spec.kind,
        weekday=spec.weekday,
        start_time=spec.start,
        duration_minutes=spec.duration_minutes,
        timezone=spec.timezone,
        place=spec.place,
        course_start=spec.course_start,
        course_end=spec.course_end,
        active=True,
    )
    session.add(group)
    session.flush()
    queries.audit(session, "group.created", actor=by, org_id=organisation.id, group_id=group.id)
    parent = create_invite(session, InviteKind.GROUP_PARENT, organisation, group, created_by=by)
    staff = create_invite(session, InviteKind.GROUP_STAFF, organisation, group, created_by=by)
    return CreatedGroup(group, parent, staff)
