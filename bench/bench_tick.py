"""Benchmark (not a test): one tick for 1,000 groups and 10,000 families, then the sender.

    .venv/bin/python bench/bench_tick.py                 # SQLite in a temp folder
    .venv/bin/python bench/bench_tick.py --db URL        # e.g. a PostgreSQL database
    .venv/bin/python bench/bench_tick.py --groups 10000 --no-sender  # 100,000 families

Every group meets on Tuesdays and has met for the last eight weeks (closed meetings
with every family's outcome: one family in ten has missed the last two, so call lists
are not empty). The first tick is Monday 18:00: it plans a year of sessions and queues
the evening-before reminder for every family and the call-list digest for every team;
the steady tick is the same a minute later, when there is nothing new (what the bot
does every minute). Reports both ticks' time and SQL statements, the sender's messages
per second against a transport with no rate limit, and the bot's peak memory (RSS: the
data set is written by a child process, so its lists do not count). Each tick's time is
given as wall time and as the process's CPU time, which other jobs on a shared machine
disturb much less (the database server's CPU is not in it). Targets:
steady tick under 1 s at 1,000 groups and under 10 s at 10,000, with a statement count
that does not grow with the number of families; sender at least 1,000 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Connection, func, insert, select

from db.engine import make_engine, session_factory, upgrade
from db.models import (
    Attendance,
    Enrolment,
    Family,
    Group,
    Meeting,
    Membership,
    Organisation,
    OutboxMessage,
    Person,
    Role,
)
from db.statements import counting
from outbox.limits import Limits
from outbox.sender import Delivery, Outcome, Sender
from scheduling.tick import tick

GROUPS, FAMILIES_PER_GROUP = 1_000, 10
PAST_WEEKS = 8
MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # the evening before the Tuesday groups


def populate(
    url: str,
    groups: int = GROUPS,
    per_group: int = FAMILIES_PER_GROUP,
    *,
    past_weeks: int = 0,
) -> None:
    """Groups meeting on Tuesdays with `per_group` families each; with `past_weeks`, also
    a staff member per group and that many closed meetings with every family's outcome."""
    engine = make_engine(url)
    upgrade(engine)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(insert(Organisation), [{"id": 1, "name": "Bench", "created_at": now}])
        connection.execute(
            insert(Group),
            [
                {
                    "id": g,
                    "org_id": 1,
                    "name": f"Group {g}",
                    "kind": "open",
                    "weekday": 1,
                    "start_time": clock_time(10),
                    "duration_minutes": 120,
                    "timezone": "Europe/Copenhagen",
                    "place": "Room",
                    "active": True,
                    "created_at": now,
                    "first_reminder_at": clock_time(18),
                    "second_reminder_minutes": 120,
                    "quiet_from": clock_time(20),
                    "quiet_until": clock_time(8),
                }
                for g in range(1, groups + 1)
            ],
        )
        families = range(1, groups * per_group + 1)
        connection.execute(
            insert(Family),
            [{"id": f, "org_id": 1, "language": "da", "created_at": now} for f in families],
        )
        connection.execute(
            insert(Person),
            [
                {
                    "id": f,
                    "telegram_id": 10_000_000 + f,
                    "first_name": "P",
                    "language": "da",
                    "family_id": f,
                    "consent_at": now,
                    "created_at": now,
                }
                for f in families
            ],
        )
        group_of = {f: (f - 1) // per_group + 1 for f in families}
        connection.execute(
            insert(Membership),
            [
                {
                    "person_id": f,
                    "org_id": 1,
                    "group_id": group_of[f],
                    "role": Role.PARENT,
                    "created_at": now,
                }
                for f in families
            ],
        )
        connection.execute(
            insert(Enrolment),
            [
                {
                    "family_id": f,
                    "group_id": group_of[f],
                    "status": "active",
                    "joined_at": now,
                    "status_changed_at": now,
                }
                for f in families
            ],
        )
        if past_weeks:
            _history(connection, now, groups, per_group, past_weeks)
    engine.dispose()


def _history(
    connection: Connection, now: datetime, groups: int, per_group: int, past_weeks: int
) -> None:
    """A staff member per group and `past_weeks` closed meetings with every outcome."""
    staff = range(10_000_001, 10_000_001 + groups)
    connection.execute(
        insert(Person),
        [
            {
                "id": p,
                "telegram_id": 80_000_000 + p,
                "first_name": "S",
                "language": "da",
                "consent_at": now,
                "created_at": now,
            }
            for p in staff
        ],
    )
    connection.execute(
        insert(Membership),
        [
            {
                "person_id": p,
                "org_id": 1,
                "group_id": p - 10_000_000,
                "role": Role.STAFF,
                "created_at": now,
            }
            for p in staff
        ],
    )
    past = []
    for weeks_ago in range(past_weeks, 0, -1):
        starts = datetime(2026, 11, 24, 9, tzinfo=UTC) - timedelta(weeks=weeks_ago)
        past.extend(
            {
                "group_id": g,
                "rule_date": starts.date(),
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "status": "closed",
                "closed_at": starts + timedelta(hours=5),
                "followed_up_at": starts + timedelta(hours=5),
            }
            for g in range(1, groups + 1)
        )
    for start in range(0, len(past), 10_000):
        connection.execute(insert(Meeting), past[start : start + 10_000])
    sessions = connection.execute(select(Meeting.id, Meeting.group_id)).all()
    marks = [
        {
            "session_id": session_id,
            "family_id": f,
            "outcome": "no_show" if f % 10 == 1 and n // groups >= PAST_WEEKS - 2 else "attended",
        }
        for n, (session_id, group_id) in enumerate(sorted(sessions))
        for f in range((group_id - 1) * FAMILIES_PER_GROUP + 1, group_id * FAMILIES_PER_GROUP + 1)
    ]
    for start in range(0, len(marks), 10_000):
        connection.execute(insert(Attendance), marks[start : start + 10_000])


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--groups", type=int, default=GROUPS, help="groups of 10 families")
    parser.add_argument("--no-sender", action="store_true", help="skip draining the outbox")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    started = time.perf_counter()
    writer = multiprocessing.get_context("spawn").Process(
        target=populate, args=(url, args.groups), kwargs={"past_weeks": PAST_WEEKS}
    )
    writer.start()
    writer.join()
    if writer.exitcode != 0:
        raise SystemExit("populating the database failed")
    populated = time.perf_counter() - started
    engine = make_engine(url)
    db = session_factory(engine)

    started, cpu = time.perf_counter(), time.process_time()
    with counting(engine) as first_count:
        report = await tick(db, MONDAY_18)
    first_tick, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    steady, steady_cpu = [], []
    for minute in (1, 2, 3):  # the minimum of three: the machine's noise, not the tick's
        started, cpu = time.perf_counter(), time.process_time()
        with counting(engine) as steady_count:
            await tick(db, MONDAY_18.replace(minute=minute))
        steady.append(time.perf_counter() - started)
        steady_cpu.append(time.process_time() - cpu)
    tick_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with engine.connect() as connection:
        digests = connection.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.template == "call_list")
        )

    async def deliver(row: OutboxMessage) -> Delivery:
        return Delivery(Outcome.SENT, message_id=row.id)

    unlimited = Limits(per_second=10**9, per_chat_interval=0, per_group_per_minute=10**9)
    started = time.perf_counter()
    sent = 0
    if not args.no_sender:
        sender = Sender(db, deliver, unlimited, lambda: MONDAY_18, batch=5_000, concurrency=64)
        sent = len((await sender.drain()).sent)
    sending = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    families = args.groups * FAMILIES_PER_GROUP
    print(f"database: {url.split(':', 1)[0]}")
    print(
        f"groups: {args.groups}, families: {families}, "
        f"{PAST_WEEKS} past weeks (populated in {populated:.1f} s)"
    )
    print(
        f"first tick: {first_tick:.2f} s (CPU {first_cpu:.2f} s), {len(first_count)} statements "
        f"({report.meetings_planned} sessions planned, {report.reminders_enqueued} reminders "
        f"and digests queued, {digests} digests)"
    )
    print(
        f"steady tick: {min(steady):.2f} s (min of 3; {', '.join(f'{t:.2f}' for t in steady)}), "
        f"CPU {min(steady_cpu):.2f} s, {len(steady_count)} statements, "
        f"{steady_count.commits} commits"
    )
    if sent:
        print(f"sender: {sent} messages in {sending:.2f} s = {sent / sending:.0f} messages/s")
    print(f"peak memory (RSS): {tick_peak_mb:.0f} MB after the ticks, {peak_mb:.0f} MB in all")


if __name__ == "__main__":
    asyncio.run(main())
