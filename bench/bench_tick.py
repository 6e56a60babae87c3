"""Benchmark (not a test): one tick for 1,000 groups and 10,000 families, then the sender.

    .venv/bin/python bench/bench_tick.py                 # SQLite in a temp folder
    .venv/bin/python bench/bench_tick.py --db URL        # e.g. a PostgreSQL database

Reports the tick's time (planning a year of sessions and queueing the first reminders),
a second tick's time (steady state: nothing new), the sender's messages per second
against a transport with no rate limit, and peak memory. Targets: tick under 2 s; sender
at least 1,000 messages/s, so Telegram's own limit is the only bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from db.engine import make_engine, session_factory, upgrade
from db.models import (
    Enrolment,
    Family,
    Group,
    Membership,
    Organisation,
    OutboxMessage,
    Person,
    Role,
)
from outbox.limits import Limits
from outbox.sender import Delivery, Outcome, Sender
from scheduling.tick import tick

GROUPS, FAMILIES_PER_GROUP = 1_000, 10
MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # the evening before the Tuesday groups


def populate(url: str, groups: int = GROUPS, per_group: int = FAMILIES_PER_GROUP) -> None:
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
    engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    populate(url)
    db = session_factory(make_engine(url))

    started = time.perf_counter()
    report = await tick(db, MONDAY_18)
    first_tick = time.perf_counter() - started
    started = time.perf_counter()
    await tick(db, MONDAY_18.replace(minute=1))
    steady_tick = time.perf_counter() - started

    async def deliver(row: OutboxMessage) -> Delivery:
        return Delivery(Outcome.SENT, message_id=row.id)

    unlimited = Limits(per_second=10**9, per_chat_interval=0, per_group_per_minute=10**9)
    started = time.perf_counter()
    sender = Sender(db, deliver, unlimited, lambda: MONDAY_18, batch=5_000, concurrency=64)
    sent = len((await sender.drain()).sent)
    sending = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"database: {url.split(':', 1)[0]}")
    print(f"groups: {GROUPS}, families: {GROUPS * FAMILIES_PER_GROUP}")
    print(
        f"first tick: {first_tick:.2f} s ({report.sessions_planned} sessions planned, "
        f"{report.reminders_enqueued} reminders queued)"
    )
    print(f"steady tick: {steady_tick:.2f} s")
    print(f"sender: {sent} messages in {sending:.2f} s = {sent / sending:.0f} messages/s")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
