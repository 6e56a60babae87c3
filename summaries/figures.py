"""The numbers, as pure functions of plain rows: tested on hand-built histories.

Definitions (what a funder will ask):
- a session is *held* when it took place (closed), *cancelled* when it did not;
  planned sessions in the future count for nothing;
- a family's *marks* are its outcomes at held sessions: attended, notice
  (sent word), no_show (no word); weeks without a mark (before joining, on a
  break) don't count;
- *attendance rate* = attended marks / all marks;
- *streak*: +n = came the last n held sessions it has marks for, -n = n
  no-shows since it last came. Weeks with notice (sent word) are not misses:
  they neither count nor break the run, and are listed with their reasons
  (`notices`), as the call list does (`reminders.follow_up_policy.misses_in_a_row`);
- *attendance of a session* = families marked attended.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

ATTENDED, NOTICE, NO_SHOW = "attended", "notice", "no_show"
HELD, CANCELLED = "closed", "cancelled"
LAST_SESSIONS = 8


@dataclass(frozen=True)
class MeetingRow:
    id: int
    starts_at: datetime
    status: str  # planned / cancelled / closed
    theme: str | None = None
    guest: str | None = None


@dataclass(frozen=True)
class Mark:
    session_id: int
    family_id: int
    outcome: str | None
    reason: str | None = None


@dataclass(frozen=True)
class FamilyRow:
    id: int
    name: str
    status: str  # active / paused / declined / left
    joined_at: datetime


@dataclass(frozen=True)
class MeetingCount:
    session: MeetingRow
    attended: int = 0
    notice: int = 0
    no_show: int = 0

    @property
    def cancelled(self) -> bool:
        return self.session.status == CANCELLED


@dataclass(frozen=True)
class FamilyFigure:
    family: FamilyRow
    attended: int
    marks: int
    streak: int
    last_attended: datetime | None
    notices: tuple[tuple[datetime, str | None], ...] = ()  # sent word since it last came

    @property
    def rate(self) -> float | None:
        return self.attended / self.marks if self.marks else None


@dataclass
class Summary:
    next_meeting: MeetingRow | None
    last_meetings: list[MeetingCount]
    families: list[FamilyFigure]  # active and paused, by name
    former: list[FamilyFigure]  # declined and left: in the numbers, listed apart
    call_list: list[str]
    reasons_recent: Counter[str] = field(default_factory=Counter)
    reasons_all: Counter[str] = field(default_factory=Counter)


def meeting_counts(sessions: Iterable[MeetingRow], marks: Iterable[Mark]) -> list[MeetingCount]:
    by_meeting: dict[int, Counter[str]] = {}
    for mark in marks:
        if mark.outcome in (ATTENDED, NOTICE, NO_SHOW):
            by_meeting.setdefault(mark.session_id, Counter())[mark.outcome] += 1
    return [
        MeetingCount(
            s,
            by_meeting.get(s.id, Counter())[ATTENDED],
            by_meeting.get(s.id, Counter())[NOTICE],
            by_meeting.get(s.id, Counter())[NO_SHOW],
        )
        if s.status == HELD
        else MeetingCount(s)
        for s in sessions
    ]


def family_figures(
    families: Iterable[FamilyRow], sessions: Iterable[MeetingRow], marks: Iterable[Mark]
) -> list[FamilyFigure]:
    held = {s.id: s for s in sessions if s.status == HELD}
    per_family: dict[int, list[tuple[datetime, str, str | None]]] = {}
    for mark in marks:
        if mark.session_id in held and mark.outcome in (ATTENDED, NOTICE, NO_SHOW):
            per_family.setdefault(mark.family_id, []).append(
                (held[mark.session_id].starts_at, mark.outcome, mark.reason)
            )
    figures = []
    for family in families:
        history = sorted(per_family.get(family.id, []), key=lambda week: week[0])
        attended = [at for at, outcome, _ in history if outcome == ATTENDED]
        since = [week for week in history if not attended or week[0] > attended[-1]]
        figures.append(
            FamilyFigure(
                family=family,
                attended=len(attended),
                marks=len(history),
                streak=_streak([outcome for _, outcome, _ in history]),
                last_attended=attended[-1] if attended else None,
                notices=tuple((at, reason) for at, outcome, reason in since if outcome == NOTICE),
            )
        )
    return figures


def _streak(outcomes: list[str]) -> int:
    """+n: came the last n times; -n: n no-shows since it last came (notices not counted)."""
    if not outcomes:
        return 0
    if outcomes[-1] == ATTENDED:
        n = 0
        for outcome in reversed(outcomes):
            if outcome != ATTENDED:
                break
            n += 1
        return n
    n = 0
    for outcome in reversed(outcomes):
        if outcome == ATTENDED:
            break
        n += outcome == NO_SHOW
    return -n


def summary(
    sessions: list[MeetingRow],
    marks: list[Mark],
    families: list[FamilyRow],
    call_list: list[str],
    now: datetime,
) -> Summary:
    """One group at `now`: the next meeting, the last 8, every family, the reasons."""
    past = sorted((s for s in sessions if s.starts_at <= now), key=lambda s: s.starts_at)
    coming = sorted(
        (s for s in sessions if s.starts_at > now and s.status != CANCELLED),
        key=lambda s: s.starts_at,
    )
    last = [s for s in past if s.status in (HELD, CANCELLED)][-LAST_SESSIONS:]
    recent_ids = {s.id for s in last if s.status == HELD}
    figures = sorted(family_figures(families, past, marks), key=lambda f: f.family.name.casefold())
    current = [f for f in figures if f.family.status in ("active", "paused")]
    former = [f for f in figures if f not in current]
    held_ids = {s.id for s in past if s.status == HELD}
    absences = [m for m in marks if m.outcome == NOTICE and m.session_id in held_ids]
    return Summary(
        next_meeting=coming[0] if coming else None,
        last_meetings=meeting_counts(last, marks),
        families=current,
        former=former,
        call_list=call_list,
        reasons_recent=Counter(m.reason or "other" for m in absences if m.session_id in recent_ids),
        reasons_all=Counter(m.reason or "other" for m in absences),
    )


@dataclass
class FunderReport:
    first_day: date
    last_day: date
    held: int
    cancelled: int
    unique_families: int
    average_attendance: float
    median_attendance: float
    retention: float | None  # share of the first weeks' families still coming at the end
    new_families_per_month: dict[str, int]
    attended_per_month: dict[str, int]
    sessions: list[MeetingCount]


RETENTION_WINDOW = 4  # held sessions at the start and at the end of the period


def funder_report(
    sessions: list[MeetingRow],
    marks: list[Mark],
    families: list[FamilyRow],
    first_day: date,
    last_day: date,
) -> FunderReport:
    """Figures for one group and the days `first_day` to `last_day` (both included).

    - held / cancelled: sessions starting in the period;
    - unique families: families that attended at least once in the period;
    - average / median attendance: attended families per held session;
    - retention: of the families that attended one of the first 4 held sessions,
      the share that attended one of the last 4 (with fewer than 8 held sessions, the
      first and last half; None with fewer than 2);
    - new families per month: enrolments that started in the period, by month;
    - attended per month: attended marks, by the month of the session.
    """
    in_period = sorted(
        (s for s in sessions if first_day <= s.starts_at.date() <= last_day),
        key=lambda s: s.starts_at,
    )
    held = [s for s in in_period if s.status == HELD]
    held_ids = {s.id for s in held}
    attended = [m for m in marks if m.session_id in held_ids and m.outcome == ATTENDED]
    counts = meeting_counts(in_period, marks)
    per_meeting = [c.attended for c in counts if not c.cancelled and c.session.status == HELD]
    month_of = {s.id: s.starts_at.strftime("%Y-%m") for s in held}
    retention = None
    if len(held) >= 2:
        window = min(RETENTION_WINDOW, len(held) // 2)
        first_ids = {s.id for s in held[:window]}
        last_ids = {s.id for s in held[-window:]}
        early = {m.family_id for m in attended if m.session_id in first_ids}
        late = {m.family_id for m in attended if m.session_id in last_ids}
        retention = len(early & late) / len(early) if early else None
    new = Counter(
        f.joined_at.strftime("%Y-%m")
        for f in families
        if first_day <= f.joined_at.date() <= last_day
    )
    return FunderReport(
        first_day=first_day,
        last_day=last_day,
        held=len(held),
        cancelled=sum(s.status == CANCELLED for s in in_period),
        unique_families=len({m.family_id for m in attended}),
        average_attendance=statistics.fmean(per_meeting) if per_meeting else 0.0,
        median_attendance=statistics.median(per_meeting) if per_meeting else 0.0,
        retention=retention,
        new_families_per_month=dict(sorted(new.items())),
        attended_per_month=dict(sorted(Counter(month_of[m.session_id] for m in attended).items())),
        sessions=counts,
    )
