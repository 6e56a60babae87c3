"""Benchmark (not a test): summary and funder report with 1,000,000 attendance rows.

    .venv/bin/python bench/bench_summaries.py                 # SQLite in a temp folder
    .venv/bin/python bench/bench_summaries.py --db URL        # e.g. PostgreSQL

1,000 groups x 50 weekly sessions x 20 families = 1,000,000 attendance rows (a mix of
attended, notice and no-show, one cancelled week in ten). Then, for one group, the median
of 10 runs of the summary (`/summary`'s figures: the group's rows, the families, the call
list) and of the funder report with its workbook. Targets: summary < 100 ms, report < 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select

from db.engine import make_engine, session_factory, upgrade
from db.models import (
    Attendance,
    Enrolment,
    Family,
    Group,
    Meeting,
    Organisation,
    Person,
)
from handlers.summary import group_summary, label_for
from i18n import texts_for
from usecases.reports import build_workbook

GROUPS, SESSIONS, FAMILIES = 1_000, 50, 20
FIRST = datetime(2025, 12, 2, 9, tzinfo=UTC)
NOW = FIRST + timedelta(weeks=SESSIONS)
OUTCOMES = ("attended", "attended", "attended", "notice", "no_show")
CHUNK = 50_000


def populate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as c:
        c.execute(insert(Organisation), [{"id": 1, "name": "Bench", "created_at": FIRST}])
        c.execute(insert(Group), [
            {"id": g, "org_id": 1, "name": f"Group {g}", "kind": "open", "weekday": 1,
             "start_time": clock_time(10), "duration_minutes": 120,
             "timezone": "Europe/Copenhagen", "place": "Room", "active": True,
             "created_at": FIRST}
            for g in range(1, GROUPS + 1)
        ])  # fmt: skip
        families = range(1, GROUPS * FAMILIES + 1)
        c.execute(insert(Family), [
            {"id": f, "org_id": 1, "language": "da", "created_at": FIRST} for f in families
        ])  # fmt: skip
        c.execute(insert(Person), [
            {"id": f, "telegram_id": 10_000_000 + f, "first_name": f"P{f}", "language": "da",
             "family_id": f, "consent_at": FIRST, "created_at": FIRST}
            for f in families
        ])  # fmt: skip
        c.execute(insert(Enrolment), [
            {"family_id": f, "group_id": (f - 1) // FAMILIES + 1, "status": "active",
             "joined_at": FIRST, "status_changed_at": FIRST}
            for f in families
        ])  # fmt: skip
        sessions = []
        for g in range(1, GROUPS + 1):
            for n in range(SESSIONS):
                starts = FIRST + timedelta(weeks=n)
                sessions.append({
                    "id": (g - 1) * SESSIONS + n + 1, "group_id": g, "rule_date": starts.date(),
                    "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                    "status": "cancelled" if n % 10 == 9 else "closed",
                })  # fmt: skip
        c.execute(insert(Meeting), sessions)
        rows = []
        for s in sessions:
            g = s["group_id"]
            for k in range(FAMILIES):
                f = (g - 1) * FAMILIES + k + 1
                outcome = "cancelled" if s["status"] == "cancelled" else OUTCOMES[(s["id"] + k) % 5]
                rows.append(
                    {
                        "session_id": s["id"],
                        "family_id": f,
                        "outcome": outcome,
                        "reason": "child_sick" if outcome == "notice" else None,
                    }
                )
                if len(rows) == CHUNK:
                    c.execute(insert(Attendance), rows)
                    rows = []
        if rows:
            c.execute(insert(Attendance), rows)
    engine.dispose()


def median_ms(run: object, repeat: int = 10) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    started = time.perf_counter()
    populate(url)
    built = time.perf_counter() - started
    db = session_factory(make_engine(url))
    texts = texts_for("da")
    with db() as session:
        rows = session.scalar(select(func.count()).select_from(Attendance))
        group = session.get(Group, GROUPS // 2)
        summary_ms = median_ms(lambda: group_summary(session, group, NOW))
        report_ms = median_ms(
            lambda: build_workbook(
                session, group, date(2025, 12, 1), NOW.date(), NOW, label_for(texts)
            )
        )
    print(f"database: {url.split(':', 1)[0]}, attendance rows: {rows:,} (built in {built:.0f} s)")
    print(f"summary of one group: {summary_ms:.1f} ms (median of 10; target < 100 ms)")
    print(f"funder report with its workbook: {report_ms:.1f} ms (median of 10; target < 2 s)")


if __name__ == "__main__":
    main()
