"""One group's rows for the figures, read with a handful of indexed queries.

Only the group's own sessions, marks and families are read, never the whole
attendance table: a summary stays fast however many groups share the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attendance, Contact, Enrolment, Group, Meeting, Person
from summaries.figures import FamilyRow, Mark, MeetingRow


@dataclass(frozen=True)
class ContactRow:
    at: datetime
    family: str
    kind: str
    note: str | None


@dataclass
class GroupHistory:
    group: Group
    sessions: list[MeetingRow]
    marks: list[Mark]
    families: list[FamilyRow]


def family_names(session: Session, family_ids: list[int]) -> dict[int, str]:
    """ "Amina & Yusuf": the first names of a family's parents, for staff eyes only.

    A family whose parents all asked to be deleted has no name left: "" here, shown as
    "a family that left" in the reader's language (`LABELS["nameless"]`), never as a number.
    """
    names: dict[int, list[str]] = {}
    for family_id, name in session.execute(
        select(Person.family_id, Person.first_name)
        .where(Person.family_id.in_(family_ids))
        .order_by(Person.id)
    ):
        names.setdefault(family_id, []).append(name)
    return {fid: " & ".join(names.get(fid, [])) for fid in family_ids}


def load_history(
    session: Session, group: Group, until: datetime | None = None, since: datetime | None = None
) -> GroupHistory:
    query = select(
        Meeting.id,
        Meeting.starts_at,
        Meeting.status,
        Meeting.theme,
        Meeting.guest,
    ).where(Meeting.group_id == group.id)
    if until is not None:
        query = query.where(Meeting.starts_at <= until)
    if since is not None:
        query = query.where(Meeting.starts_at >= since)
    sessions = [MeetingRow(*row) for row in session.execute(query.order_by(Meeting.starts_at))]
    ids = [s.id for s in sessions]
    marks: list[Mark] = []
    for start in range(0, len(ids), 500):
        marks.extend(
            Mark(*row)
            for row in session.execute(
                select(
                    Attendance.session_id,
                    Attendance.family_id,
                    Attendance.outcome,
                    Attendance.reason,
                ).where(Attendance.session_id.in_(ids[start : start + 500]))
            )
        )
    enrolments = session.execute(
        select(Enrolment.family_id, Enrolment.status, Enrolment.joined_at).where(
            Enrolment.group_id == group.id
        )
    ).all()
    names = family_names(session, [fid for fid, _, _ in enrolments])
    families = [FamilyRow(fid, names[fid], status, joined) for fid, status, joined in enrolments]
    return GroupHistory(group, sessions, marks, families)


def contact_log(session: Session, group: Group) -> list[ContactRow]:
    rows = session.execute(
        select(Contact.at, Contact.family_id, Contact.kind, Contact.note)
        .where(Contact.group_id == group.id)
        .order_by(Contact.at)
    ).all()
    names = family_names(session, sorted({fid for _, fid, _, _ in rows}))
    return [ContactRow(at, names[fid], kind, note) for at, fid, kind, note in rows]
