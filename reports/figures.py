"""The numbers staff and funders see, as pure functions of plain, frozen facts.

No database, no Telegram, no words: facts in, figures out, so every
definition below is checked against a history worked out by hand
(tests/test_reports.py). `reports.queries` reads the same facts from the
database, aggregated in SQL.

Definitions (a funder will ask; every figure in this package follows them):

- A session is **held** when it took place and was closed (status `closed`);
  **cancelled** sessions never count for or against anyone; a **planned**
  session counts for nothing until it is closed, even after its start.
- A family's **outcome** at a held session is what the bot recorded when the
  session closed: `attended`, `notice` (afbud: sent word it could not come) or
  `no_show` (udeblivelse: no word). Other stored values are ignored.
- The sessions that **count** for a family are the held sessions that started
  between its joining (`joined_at`) and `now`, ending at its leaving
  (`status_changed_at`) when it has declined or left; plus any other held
  session at which it has an outcome. A pause is not subtracted: weeks on a
  break count as missed, which is why paused families are marked as such.
  A counted session without an outcome counts as missed.
- **Attendance rate** = attended / counted sessions (None when nothing counts).
- **Streak**: +n = attended the last n counted sessions in a row; -n = missed
  them (a notice is missed here too; `streak_notices` says how many of those n
  were notices, so "-3, 2 with notice" can be shown apart from silence).
- All dates are local dates in the group's time zone.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from reminders.policy import Outcome, Reason

# Stored values, as plain strings so this module needs no SQLAlchemy; a test checks they
# match db.models' enums.
ATTENDED, NOTICE, NO_SHOW = Outcome.ATTENDED.value, Outcome.NOTICE.value, Outcome.NO_SHOW.value
OUTCOMES = (ATTENDED, NOTICE, NO_SHOW)
PLANNED, HELD, CANCELLED = "planned", "closed", "cancelled"
ACTIVE, PAUSED, DECLINED, LEFT, WAITING = "active", "paused", "declined", "left", "waiting"
FORMER = (DECLINED, LEFT)
REASONS = tuple(reason.value for reason in Reason)  # child_sick ... other
NOT_GIVEN = "not_given"  # a notice without a reason (the parent skipped the question)

LAST_SESSIONS = 8  # the summary's window: sessions shown, and held sessions for reasons
RETENTION_WINDOW = 4  # held sessions at each end of a funder report's period


# --- facts: what the database (or a test) hands in ------------------------------------


@dataclass(frozen=True)
class GroupFacts:
    id: int
    name: str
    timezone: str  # IANA name; every date shown is a local date there


@dataclass(frozen=True)
class SessionFacts:
    """One session of the group, with its outcome counts (all families, present or former)."""

    id: int
    starts_at: datetime  # aware
    status: str  # planned / cancelled / closed
    theme: str | None = None
    guest: str | None = None
    attended: int = 0
    notice: int = 0
    no_show: int = 0


@dataclass(frozen=True)
class FamilyFacts:
    """A family's enrolment in the group."""

    id: int
    first_names: tuple[str, ...]  # its persons' first names, oldest account first; may be empty
    status: str  # active / paused / declined / left / waiting
    joined_at: datetime
    status_changed_at: datetime
    paused_until: date | None = None


@dataclass(frozen=True)
class Mark:
    """One family's outcome at one session (a row of the attendance table)."""

    session_id: int
    family_id: int
    outcome: str | None
    reason: str | None = None


@dataclass(frozen=True)
class ReasonCount:
    """Notices with one reason at one held session (`reason` None: none given)."""

    session_id: int
    reason: str | None
    count: int


@dataclass(frozen=True)
class FamilyRecord:
    """A family's figures over the sessions that count for it (see the module docstring)."""

    family_id: int
    counted: int = 0
    attended: int = 0
    notice: int = 0
    no_show: int = 0  # recorded no-shows; counted sessions without an outcome are not in here
    streak: int = 0
    streak_notices: int = 0  # how many of a negative streak were notices
    first_attended: datetime | None = None
    last_attended: datetime | None = None

    @property
    def rate(self) -> float | None:
        return self.attended / self.counted if self.counted else None


@dataclass(frozen=True)
class CallListed:
    """A family on the coordinator's call list, with the list's reasons (`CallReason` values)."""

    family_id: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ContactFacts:
    """One entry of the contact log: a call, a meeting, no answer."""

    at: datetime
    family_id: int
    kind: str  # called / met / no_answer
    note: str | None


# --- figures: what staff and funders see ----------------------------------------------


@dataclass(frozen=True)
class SessionLine:
    """A session as shown: its local date, and counts only when it was held."""

    id: int
    day: date
    starts_at: datetime
    status: str
    theme: str | None
    guest: str | None
    attended: int | None  # None unless held: a cancelled or not yet closed session has no counts
    notice: int | None
    no_show: int | None

    @property
    def held(self) -> bool:
        return self.status == HELD

    @property
    def cancelled(self) -> bool:
        return self.status == CANCELLED


@dataclass(frozen=True)
class FamilyLine:
    family: FamilyFacts
    record: FamilyRecord

    @property
    def id(self) -> int:
        return self.family.id

    @property
    def status(self) -> str:
        return self.family.status

    @property
    def paused(self) -> bool:
        return self.family.status == PAUSED

    @property
    def rate(self) -> float | None:
        return self.record.rate

    @property
    def streak(self) -> int:
        return self.record.streak


@dataclass(frozen=True)
class CallLine:
    family: FamilyLine
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """One group at `now`, for `/summary` and the staff digest."""

    group: GroupFacts
    now: datetime
    next_session: SessionLine | None  # the first planned session starting after `now`
    last_sessions: tuple[SessionLine, ...]  # the last 8 that started by `now`, oldest first
    families: tuple[FamilyLine, ...]  # active and paused (check `.paused`), by name
    waiting: tuple[FamilyLine, ...]  # on a course's waiting list, by name
    former: tuple[FamilyLine, ...]  # declined and left: in every count, listed apart
    call_list: tuple[CallLine, ...]
    reasons_recent: Mapping[str, int]  # notices by reason over the last 8 held sessions
    reasons_all: Mapping[str, int]  # notices by reason over every held session


@dataclass(frozen=True)
class MonthFigures:
    month: str  # YYYY-MM, local
    held: int  # sessions held that month
    attended: int  # attended outcomes at those sessions (a family counts once per session)
    new_families: int  # enrolments that month (waiting-list entries excluded)


@dataclass(frozen=True)
class FunderReport:
    """One group over the local days `first_day` to `last_day`, both included.

    - `held` / `cancelled`: sessions starting in the period with that status.
    - `attendances`: attended outcomes at the held sessions (family-sessions).
    - `unique_families`: families that attended at least one held session in the period.
    - `average_attendance` / `median_attendance`: of the number of families attending
      each held session of the period (None without held sessions).
    - `retention`: of the families that attended at least one of the first
      `retention_window` held sessions of the period (`retention_starters`), the share
      that attended at least one of the last `retention_window` (`retention_stayed`).
      The window is 4 sessions; with fewer than 8 held sessions it is half of them,
      rounded down, so the two ends never overlap. None with fewer than 2 held
      sessions or when nobody attended at the start.
    - `months`: every month of the period, also those with nothing in them.
    """

    first_day: date
    last_day: date
    held: int
    cancelled: int
    attendances: int
    unique_families: int
    average_attendance: float | None
    median_attendance: float | None
    retention: float | None
    retention_starters: int
    retention_stayed: int
    retention_window: int
    months: tuple[MonthFigures, ...]
    sessions: tuple[SessionLine, ...] = field(default=())  # those of the period, oldest first

    @property
    def new_families_per_month(self) -> dict[str, int]:
        return {m.month: m.new_families for m in self.months}

    @property
    def attended_per_month(self) -> dict[str, int]:
        return {m.month: m.attended for m in self.months}


# --- definitions ----------------------------------------------------------------------


def local_day(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


def session_line(session: SessionFacts, tz: ZoneInfo) -> SessionLine:
    held = session.status == HELD
    return SessionLine(
        id=session.id,
        day=local_day(session.starts_at, tz),
        starts_at=session.starts_at,
        status=session.status,
        theme=session.theme,
        guest=session.guest,
        attended=session.attended if held else None,
        notice=session.notice if held else None,
        no_show=session.no_show if held else None,
    )


def session_lines(
    group: GroupFacts, sessions: Iterable[SessionFacts], now: datetime
) -> tuple[SessionLine, ...]:
    """Every session that started by `now`, oldest first: the history for charts and exports."""
    tz = ZoneInfo(group.timezone)
    started = sorted((s for s in sessions if s.starts_at <= now), key=_session_order)
    return tuple(session_line(s, tz) for s in started)


def _session_order(session: SessionFacts) -> tuple[datetime, int]:
    return session.starts_at, session.id


def count_sessions(sessions: Iterable[SessionFacts], marks: Iterable[Mark]) -> list[SessionFacts]:
    """The sessions with their outcome counts filled in from the marks.

    The reference for what `queries.load_sessions` counts in SQL.
    """
    counts: dict[int, Counter[str]] = {}
    for mark in marks:
        if mark.outcome in OUTCOMES:
            counts.setdefault(mark.session_id, Counter())[mark.outcome] += 1
    result = []
    for s in sessions:
        c = counts.get(s.id, Counter())
        result.append(
            SessionFacts(
                s.id, s.starts_at, s.status, s.theme, s.guest, c[ATTENDED], c[NOTICE], c[NO_SHOW]
            )
        )
    return result


def count_reasons(sessions: Iterable[SessionFacts], marks: Iterable[Mark]) -> list[ReasonCount]:
    """Notices per held session and reason: the reference for `queries.load_reasons`."""
    held = {s.id for s in sessions if s.status == HELD}
    counts = Counter(
        (m.session_id, m.reason) for m in marks if m.outcome == NOTICE and m.session_id in held
    )
    return [ReasonCount(sid, reason, n) for (sid, reason), n in counts.items()]


def counts_for(family: FamilyFacts, session: SessionFacts, marked: bool) -> bool:
    """Whether a held session counts for the family (see the module docstring)."""
    if marked:
        return True
    if session.starts_at < family.joined_at:
        return False
    return family.status not in FORMER or session.starts_at < family.status_changed_at


def family_record(
    family: FamilyFacts, sessions: Iterable[SessionFacts], marks: Iterable[Mark], now: datetime
) -> FamilyRecord:
    """A family's rate and streak from its outcomes: the definition `queries` mirrors in SQL."""
    outcome = {m.session_id: m.outcome for m in marks if m.family_id == family.id}
    history = []  # (starts_at, outcome or None), oldest first
    for s in sorted(sessions, key=_session_order):
        if s.status != HELD or s.starts_at > now:
            continue
        mark = outcome.get(s.id)
        mark = mark if mark in OUTCOMES else None
        if counts_for(family, s, mark is not None):
            history.append((s.starts_at, mark))
    came = [at for at, mark in history if mark == ATTENDED]
    streak = 0
    streak_notices = 0
    if history:
        last_came = history[-1][1] == ATTENDED
        for _, mark in reversed(history):
            if (mark == ATTENDED) != last_came:
                break
            streak += 1
            streak_notices += mark == NOTICE
        if not last_came:
            streak = -streak
    marks_seen = Counter(mark for _, mark in history)
    return FamilyRecord(
        family_id=family.id,
        counted=len(history),
        attended=marks_seen[ATTENDED],
        notice=marks_seen[NOTICE],
        no_show=marks_seen[NO_SHOW],
        streak=streak,
        streak_notices=streak_notices,
        first_attended=came[0] if came else None,
        last_attended=came[-1] if came else None,
    )


def family_records(
    families: Iterable[FamilyFacts],
    sessions: Sequence[SessionFacts],
    marks: Sequence[Mark],
    now: datetime,
) -> dict[int, FamilyRecord]:
    by_family: dict[int, list[Mark]] = {}
    for mark in marks:
        by_family.setdefault(mark.family_id, []).append(mark)
    return {f.id: family_record(f, sessions, by_family.get(f.id, []), now) for f in families}


def _name_key(line: FamilyLine) -> tuple[str, int]:
    return " & ".join(line.family.first_names).casefold(), line.family.id


def family_lines(
    families: Iterable[FamilyFacts], records: Mapping[int, FamilyRecord]
) -> tuple[tuple[FamilyLine, ...], tuple[FamilyLine, ...], tuple[FamilyLine, ...]]:
    """(active and paused, waiting, declined and left), each by name.

    A family with no record (nothing counted yet) gets an empty one.
    """
    lines = sorted(
        (FamilyLine(f, records.get(f.id) or FamilyRecord(f.id)) for f in families), key=_name_key
    )
    current = tuple(line for line in lines if line.status in (ACTIVE, PAUSED))
    waiting = tuple(line for line in lines if line.status == WAITING)
    former = tuple(line for line in lines if line.status not in (ACTIVE, PAUSED, WAITING))
    return current, waiting, former


def reason_key(reason: str | None) -> str:
    """A reason code as counted: unknown legacy codes are `other`, none given is `not_given`."""
    if reason is None:
        return NOT_GIVEN
    return reason if reason in REASONS else Reason.OTHER.value


def _reason_totals(counts: Iterable[ReasonCount], sessions: set[int] | None) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for c in counts:
        if sessions is None or c.session_id in sessions:
            totals[reason_key(c.reason)] += c.count
    order = {key: n for n, key in enumerate((*REASONS, NOT_GIVEN))}
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], order[kv[0]])))


def reason_totals(
    sessions: Iterable[SessionFacts], reasons: Iterable[ReasonCount], now: datetime
) -> tuple[dict[str, int], dict[str, int]]:
    """Notices by reason: (over the last 8 held sessions by `now`, over every held session).

    Most frequent first. Only notices count: a no-show gave no reason, and a
    cancelled session has none to give.
    """
    held = sorted(
        (s for s in sessions if s.status == HELD and s.starts_at <= now), key=_session_order
    )
    held_ids = {s.id for s in held}
    recent_ids = {s.id for s in held[-LAST_SESSIONS:]}
    relevant = [r for r in reasons if r.session_id in held_ids]
    return _reason_totals(relevant, recent_ids), _reason_totals(relevant, None)


def summary(
    group: GroupFacts,
    now: datetime,
    sessions: Sequence[SessionFacts],
    families: Sequence[FamilyFacts],
    records: Mapping[int, FamilyRecord],
    reasons: Sequence[ReasonCount],
    call_list: Sequence[CallListed],
) -> Summary:
    """One group at `now`: the next session, the last 8, every family, the call list, reasons.

    `sessions` must hold every session that started by `now` (with counts) and
    may hold later ones; `records` are the families' figures (`family_records`,
    or `queries.load_records` in SQL); `call_list` is who the call list names
    at `now` (`reminders.calllist`), in its order.
    """
    tz = ZoneInfo(group.timezone)
    coming = sorted(
        (s for s in sessions if s.starts_at > now and s.status == PLANNED), key=_session_order
    )
    current, waiting, former = family_lines(families, records)
    by_id = {line.id: line for line in (*current, *waiting, *former)}
    calls = []
    for entry in call_list:
        if entry.family_id not in by_id:
            raise ValueError(f"the call list names family {entry.family_id}, not in this group")
        calls.append(CallLine(by_id[entry.family_id], entry.reasons))
    recent, all_time = reason_totals(sessions, reasons, now)
    return Summary(
        group=group,
        now=now,
        next_session=session_line(coming[0], tz) if coming else None,
        last_sessions=session_lines(group, sessions, now)[-LAST_SESSIONS:],
        families=current,
        waiting=waiting,
        former=former,
        call_list=tuple(calls),
        reasons_recent=recent,
        reasons_all=all_time,
    )


def months_between(first_day: date, last_day: date) -> list[str]:
    """Every month from `first_day` to `last_day` as YYYY-MM."""
    months = []
    year, month = first_day.year, first_day.month
    while (year, month) <= (last_day.year, last_day.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def funder_report(
    group: GroupFacts,
    sessions: Sequence[SessionFacts],
    families: Sequence[FamilyFacts],
    attended: Sequence[Mark],
    first_day: date,
    last_day: date,
) -> FunderReport:
    """The funder's figures for the local days `first_day` to `last_day` (see `FunderReport`).

    `sessions` carry their counts; `attended` are the attended outcomes (other
    marks are ignored), needed because retention and unique families are about
    which families came, not how many.
    """
    if last_day < first_day:
        raise ValueError("the period ends before it starts")
    tz = ZoneInfo(group.timezone)
    in_period = sorted(
        (s for s in sessions if first_day <= local_day(s.starts_at, tz) <= last_day),
        key=_session_order,
    )
    held = [s for s in in_period if s.status == HELD]
    held_ids = {s.id for s in held}
    came = [m for m in attended if m.outcome == ATTENDED and m.session_id in held_ids]
    per_session = [s.attended for s in held]

    window = RETENTION_WINDOW if len(held) >= 2 * RETENTION_WINDOW else len(held) // 2
    starters: set[int] = set()
    stayed: set[int] = set()
    if window:
        first_ids = {s.id for s in held[:window]}
        last_ids = {s.id for s in held[-window:]}
        starters = {m.family_id for m in came if m.session_id in first_ids}
        stayed = starters & {m.family_id for m in came if m.session_id in last_ids}

    month_of = {s.id: local_day(s.starts_at, tz).strftime("%Y-%m") for s in held}
    held_per_month = Counter(month_of.values())
    attended_per_month: Counter[str] = Counter()
    for s in held:
        attended_per_month[month_of[s.id]] += s.attended
    new_per_month = Counter(
        local_day(f.joined_at, tz).strftime("%Y-%m")
        for f in families
        if f.status != WAITING and first_day <= local_day(f.joined_at, tz) <= last_day
    )
    return FunderReport(
        first_day=first_day,
        last_day=last_day,
        held=len(held),
        cancelled=sum(s.status == CANCELLED for s in in_period),
        attendances=sum(per_session),
        unique_families=len({m.family_id for m in came}),
        average_attendance=statistics.fmean(per_session) if per_session else None,
        median_attendance=float(statistics.median(per_session)) if per_session else None,
        retention=len(stayed) / len(starters) if starters else None,
        retention_starters=len(starters),
        retention_stayed=len(stayed),
        retention_window=window,
        months=tuple(
            MonthFigures(m, held_per_month[m], attended_per_month[m], new_per_month[m])
            for m in months_between(first_day, last_day)
        ),
        sessions=tuple(session_line(s, tz) for s in in_period),
    )


def period_bounds(group: GroupFacts, first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """[start of `first_day`, start of the day after `last_day`) as aware local datetimes."""
    tz = ZoneInfo(group.timezone)
    start = datetime.combine(first_day, datetime.min.time(), tz)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tz)
    return start, end
