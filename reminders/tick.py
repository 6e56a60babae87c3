"""One tick: everything due at an instant, as a function of the database and a clock.

`python bot.py tick --now ISO` and the running bot's JobQueue call the same
function, so what happens at 09:00 on a Tuesday can be replayed in a test.
Every step is idempotent: two ticks at the same instant do the work once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

import clock
from announcements.delivery import enqueue_reports
from db.engine import transaction
from reminders.following import enqueue_follow_ups, resume_pauses
from reminders.planning import plan_all
from reminders.rate_limit import RateLimiter
from reminders.reminding import close_finished, enqueue_reminders
from reminders.sending import Deliver, DrainReport, drain
from reminders.weekly import enqueue_weekly_digests


@dataclass
class TickReport:
    sessions_planned: int = 0
    reminders_enqueued: int = 0
    sessions_closed: int = 0
    pauses_ended: int = 0
    follow_ups_enqueued: int = 0
    weekly_digests_enqueued: int = 0
    reports_enqueued: int = 0
    sending: DrainReport = field(default_factory=DrainReport)


async def tick(
    db: sessionmaker[Session],
    now: datetime,
    *,
    deliver: Deliver | None = None,
    limiter: RateLimiter | None = None,
) -> TickReport:
    """Plan what is due at `now`, then (given a `deliver`) send what the outbox holds."""
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    with clock.at(now):  # rows' timestamps and renderers: the tick's instant, not the machine's
        return await _tick(db, now, deliver, limiter)


async def _tick(
    db: sessionmaker[Session], now: datetime, deliver: Deliver | None, limiter: RateLimiter | None
) -> TickReport:
    report = TickReport()
    with transaction(db) as session:
        report.sessions_planned = plan_all(session, now)
    with transaction(db) as session:
        report.reminders_enqueued = enqueue_reminders(session, now)
    with transaction(db) as session:
        report.sessions_closed = close_finished(session, now)
    with transaction(db) as session:
        report.pauses_ended = resume_pauses(session, now)
    with transaction(db) as session:
        report.follow_ups_enqueued = enqueue_follow_ups(session, now)
    with transaction(db) as session:
        report.weekly_digests_enqueued = enqueue_weekly_digests(session, now)
    if deliver is not None:
        report.sending = await drain(
            db, deliver, clock=lambda: now, limiter=limiter or RateLimiter()
        )
    with transaction(db) as session:  # announcements whose copies are now all done
        report.reports_enqueued = enqueue_reports(session, now)
    if deliver is not None and report.reports_enqueued:
        await drain(db, deliver, clock=lambda: now, limiter=limiter or RateLimiter())
    return report
