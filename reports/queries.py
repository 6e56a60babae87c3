"""One group's facts for the figures, read from the database with a handful of queries.

Everything is scoped to one group through indexed columns (`sessions.group_id`,
`attendance.session_id` and the unique `(session_id, family_id)`,
`enrolments.group_id`, `persons.family_id`, `contacts.group_id`), so the time
depends on the size of that group, not on how many groups share the database.
What can be counted is counted in SQL (`GROUP BY`): outcomes per session,
notices per session and reason, and each family's figures including its
streak. Attendance rows themselves are read only where a figure is about
*which* families came (the funder report's retention and unique families: the
attended rows of one group and period) and for the export's families x
sessions matrix, which is as large as its output.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, func, null, or_, select
from sqlalchemy.orm import Session

from db.models import Attendance, Contact, Enrolment, Group, GroupSession, Person
from reminders.calllist import call_list as reminders_call_list
from reports import figures
from reports.export import ExportData, export_data
from reports.figures import (
    ATTENDED,
    FORMER,
    HELD,
    NO_SHOW,
    NOTICE,
    OUTCOMES,
    PLANNED,
    CallListed,
    ContactFacts,
    FamilyFacts,
    FamilyRecord,
    FunderReport,
    GroupFacts,
    Mark,
    ReasonCount,
    SessionFacts,
    Summary,
)


def group_facts(session: Session, group_id: int) -> GroupFacts:
    row = session.execute(
        select(Group.id, Group.name, Group.timezone).where(Group.id == group_id)
    ).one()
    return GroupFacts(*row)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def load_sessions(
    session: Session,
    group_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[SessionFacts]:
    """The group's sessions starting in [since, until], each with its outcome counts.

    One query: sessions LEFT JOIN attendance, GROUP BY session.
    """
    query = (
        select(
            GroupSession.id,
            GroupSession.starts_at,
            GroupSession.status,
            GroupSession.theme,
            GroupSession.guest,
            _count(Attendance.outcome == ATTENDED),
            _count(Attendance.outcome == NOTICE),
            _count(Attendance.outcome == NO_SHOW),
        )
        .outerjoin(Attendance, Attendance.session_id == GroupSession.id)
        .where(GroupSession.group_id == group_id)
        .group_by(
            GroupSession.id,
            GroupSession.starts_at,
            GroupSession.status,
            GroupSession.theme,
            GroupSession.guest,
        )
        .order_by(GroupSession.starts_at, GroupSession.id)
    )
    if since is not None:
        query = query.where(GroupSession.starts_at >= since)
    if until is not None:
        query = query.where(GroupSession.starts_at <= until)
    return [SessionFacts(*row) for row in session.execute(query)]


def load_next_session(session: Session, group_id: int, now: datetime) -> SessionFacts | None:
    """The first planned session starting after `now` (no counts: it has not happened)."""
    row = session.execute(
        select(
            GroupSession.id,
            GroupSession.starts_at,
            GroupSession.status,
            GroupSession.theme,
            GroupSession.guest,
        )
        .where(
            GroupSession.group_id == group_id,
            GroupSession.status == PLANNED,
            GroupSession.starts_at > now,
        )
        .order_by(GroupSession.starts_at, GroupSession.id)
        .limit(1)
    ).first()
    return SessionFacts(*row) if row else None


def load_families(session: Session, group_id: int) -> list[FamilyFacts]:
    """Every family enrolled in the group, whatever its status, with its persons' first names."""
    enrolled = select(Enrolment.family_id).where(Enrolment.group_id == group_id)
    names: dict[int, list[str]] = {}
    for family_id, first_name in session.execute(
        select(Person.family_id, Person.first_name)
        .where(Person.family_id.in_(enrolled))
        .order_by(Person.family_id, Person.id)
    ):
        names.setdefault(family_id, []).append(first_name)
    rows = session.execute(
        select(
            Enrolment.family_id,
            Enrolment.status,
            Enrolment.joined_at,
            Enrolment.status_changed_at,
            Enrolment.paused_until,
        )
        .where(Enrolment.group_id == group_id)
        .order_by(Enrolment.family_id)
    )
    return [
        FamilyFacts(fid, tuple(names.get(fid, ())), status, joined, changed, paused_until)
        for fid, status, joined, changed, paused_until in rows
    ]


def load_records(session: Session, group_id: int, now: datetime) -> dict[int, FamilyRecord]:
    """Each enrolled family's figures, computed in SQL exactly as `figures.family_record` does.

    `grid` is every (family, held session) pair that counts for the family, with
    its outcome or NULL; `edges` the family's last attended and last missed
    session; the streak is the number of counted sessions after the last one of
    the other kind. Families with nothing counted are left out (an empty record).
    tests/test_reports_db.py checks this against the pure definition on both backends.
    """
    starts_at = GroupSession.starts_at
    marked = Attendance.id.is_not(None)
    in_window = and_(
        starts_at >= Enrolment.joined_at,
        or_(Enrolment.status.not_in(FORMER), starts_at < Enrolment.status_changed_at),
    )
    grid = (
        select(
            Enrolment.family_id.label("family_id"),
            starts_at.label("starts_at"),
            Attendance.outcome.label("outcome"),
        )
        .select_from(Enrolment)
        .join(GroupSession, GroupSession.group_id == Enrolment.group_id)
        .outerjoin(
            Attendance,
            and_(
                Attendance.session_id == GroupSession.id,
                Attendance.family_id == Enrolment.family_id,
                Attendance.outcome.in_(OUTCOMES),
            ),
        )
        .where(
            Enrolment.group_id == group_id,
            GroupSession.status == HELD,
            starts_at <= now,
            or_(marked, in_window),
        )
        .cte("grid")
    )
    moment = starts_at.type
    came = grid.c.outcome == ATTENDED
    edges = (
        select(
            grid.c.family_id,
            func.max(case((came, grid.c.starts_at)), type_=moment).label("last_came"),
            func.max(case((came, null()), else_=grid.c.starts_at), type_=moment).label(
                "last_missed"
            ),
        )
        .group_by(grid.c.family_id)
        .cte("edges")
    )
    after_came = or_(edges.c.last_came.is_(None), grid.c.starts_at > edges.c.last_came)
    after_missed = or_(edges.c.last_missed.is_(None), grid.c.starts_at > edges.c.last_missed)
    query = (
        select(
            grid.c.family_id,
            func.count(),
            _count(came),
            _count(grid.c.outcome == NOTICE),
            _count(grid.c.outcome == NO_SHOW),
            _count(after_missed),  # the run of attended sessions at the end
            _count(after_came),  # the run of missed ones
            _count(and_(after_came, grid.c.outcome == NOTICE)),
            func.min(case((came, grid.c.starts_at)), type_=moment),
            func.max(case((came, grid.c.starts_at)), type_=moment),
        )
        .join(edges, edges.c.family_id == grid.c.family_id)
        .group_by(grid.c.family_id)
    )
    records = {}
    for (
        fid,
        counted,
        attended,
        notice,
        no_show,
        came_run,
        missed_run,
        run_notices,
        first,
        last,
    ) in session.execute(query):
        streak = came_run if came_run else -missed_run
        records[fid] = FamilyRecord(
            family_id=fid,
            counted=counted,
            attended=attended,
            notice=notice,
            no_show=no_show,
            streak=streak,
            streak_notices=run_notices if streak < 0 else 0,
            first_attended=first,
            last_attended=last,
        )
    return records


def load_reasons(session: Session, group_id: int, now: datetime) -> list[ReasonCount]:
    """Notices per held session and reason (GROUP BY), for sessions started by `now`."""
    rows = session.execute(
        select(Attendance.session_id, Attendance.reason, func.count())
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .where(
            GroupSession.group_id == group_id,
            GroupSession.status == HELD,
            GroupSession.starts_at <= now,
            Attendance.outcome == NOTICE,
        )
        .group_by(Attendance.session_id, Attendance.reason)
    )
    return [ReasonCount(*row) for row in rows]


def load_marks(
    session: Session,
    group_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outcomes: Sequence[str] = OUTCOMES,
) -> list[Mark]:
    """The outcomes at the group's held sessions starting in [since, until].

    One group's rows only (families x sessions of that group), for the figures
    that need to know who: retention, unique families, the export's matrix.
    """
    query = (
        select(Attendance.session_id, Attendance.family_id, Attendance.outcome, Attendance.reason)
        .join(GroupSession, GroupSession.id == Attendance.session_id)
        .where(
            GroupSession.group_id == group_id,
            GroupSession.status == HELD,
            Attendance.outcome.in_(list(outcomes)),
        )
    )
    if since is not None:
        query = query.where(GroupSession.starts_at >= since)
    if until is not None:
        query = query.where(GroupSession.starts_at <= until)
    return [Mark(*row) for row in session.execute(query)]


def load_contacts(session: Session, group_id: int) -> list[ContactFacts]:
    """The group's contact log, oldest first."""
    rows = session.execute(
        select(Contact.at, Contact.family_id, Contact.kind, Contact.note)
        .where(Contact.group_id == group_id)
        .order_by(Contact.at, Contact.id)
    )
    return [ContactFacts(*row) for row in rows]


def load_call_list(session: Session, group_id: int, now: datetime) -> list[CallListed]:
    """Who the coordinator's call list names at `now`, and why (`reminders.calllist`)."""
    group = session.get(Group, group_id)
    if group is None:
        raise LookupError(f"no group {group_id}")
    return [
        CallListed(entry.family_id, tuple(str(reason) for reason in entry.reasons))
        for entry in reminders_call_list(session, group, now)
    ]


def summary_for(
    session: Session,
    group_id: int,
    now: datetime,
    call_list: Sequence[CallListed] | None = None,
) -> Summary:
    """`figures.summary` for one group at `now`; the call list is read unless given."""
    group = group_facts(session, group_id)
    sessions = load_sessions(session, group_id, until=now)
    upcoming = load_next_session(session, group_id, now)
    if upcoming is not None:
        sessions.append(upcoming)
    return figures.summary(
        group,
        now,
        sessions,
        load_families(session, group_id),
        load_records(session, group_id, now),
        load_reasons(session, group_id, now),
        load_call_list(session, group_id, now) if call_list is None else call_list,
    )


def funder_report_for(
    session: Session, group_id: int, first_day: date, last_day: date
) -> FunderReport:
    """`figures.funder_report` for one group and the local days `first_day` to `last_day`."""
    group = group_facts(session, group_id)
    start, end = figures.period_bounds(group, first_day, last_day)
    sessions = [
        s for s in load_sessions(session, group_id, since=start, until=end) if s.starts_at < end
    ]
    ids = {s.id for s in sessions}
    attended = [
        m
        for m in load_marks(session, group_id, since=start, until=end, outcomes=(ATTENDED,))
        if m.session_id in ids
    ]
    return figures.funder_report(
        group, sessions, load_families(session, group_id), attended, first_day, last_day
    )


def export_for(
    session: Session, group_id: int, now: datetime, first_day: date, last_day: date
) -> ExportData:
    """Everything `export.workbook` and `export.csv_files` need: history to `now`, report."""
    group = group_facts(session, group_id)
    families = load_families(session, group_id)
    return export_data(
        group=group,
        now=now,
        sessions=load_sessions(session, group_id, until=now),
        families=families,
        records=load_records(session, group_id, now),
        reasons=load_reasons(session, group_id, now),
        marks=load_marks(session, group_id, until=now),
        contacts=load_contacts(session, group_id),
        report=funder_report_for(session, group_id, first_day, last_day),
    )
