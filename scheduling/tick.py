"""One tick: everything due at an instant, as a function of the database and a clock.

`python bot.py tick --now ISO` and the running bot's JobQueue call the same
function, so what happens at 09:00 on a Tuesday can be replayed in a test.
Every step is idempotent: two ticks at the same instant do the work once
(and in the bot only the leader ticks: `db.leadership`).

The tick only writes rows. Sending is the sender's job: in the bot a
background task that runs all the time; on the command line, given a
`sender`, the tick drains what is due before it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

import clock
from announcements.delivery import enqueue_reports
from db.engine import transaction
from outbox.sender import DrainReport, Sender
from privacy.retention import RetentionReport, forget_expired
from privacy.retention import due as retention_due
from reminders.follow_ups import enqueue_follow_ups, resume_pauses
from reminders.planning import plan_all
from reminders.reminding import close_finished, enqueue_reminders
from reminders.weekly import enqueue_weekly_digests


@dataclass
class TickReport:
    meetings_planned: int = 0
    reminders_enqueued: int = 0
    meetings_closed: int = 0
    pauses_ended: int = 0
    follow_ups_enqueued: int = 0
    weekly_digests_enqueued: int = 0
    reports_enqueued: int = 0
    retention: RetentionReport = field(default_factory=RetentionReport)
    sending: DrainReport = field(default_factory=DrainReport)


async def tick(
    db: sessionmaker[Session],
    now: datetime,
    *,
    sender: Sender | None = None,
    retention: bool | None = None,
) -> TickReport:
    """Plan what is due at `now`; given a `sender`, send what the outbox holds for `now`.

    `retention`: apply the retention rules; by default in each hour's first minute (the
    bot's tick runs every minute), and always for a one-off `tick --now`.
    """
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    with clock.at(now):  # rows' timestamps and renderers: the tick's instant, not the machine's
        report = plan(db, now, retention)
        if sender is not None:
            report.sending = await sender.drain()
            report.reports_enqueued += report_announcements(db, now)
            if report.reports_enqueued:
                report.sending += await sender.drain()
        return report


def plan(db: sessionmaker[Session], now: datetime, retention: bool | None = None) -> TickReport:
    """Every step that writes rows, each in its own unit of work."""
    report = TickReport()
    with clock.at(now):
        with transaction(db) as session:
            report.meetings_planned = plan_all(session, now)
        with transaction(db) as session:
            report.reminders_enqueued = enqueue_reminders(session, now)
        with transaction(db) as session:
            report.meetings_closed = close_finished(session, now)
        with transaction(db) as session:
            report.pauses_ended = resume_pauses(session, now)
        with transaction(db) as session:
            report.follow_ups_enqueued = enqueue_follow_ups(session, now)
        with transaction(db) as session:
            report.weekly_digests_enqueued = enqueue_weekly_digests(session, now)
        if retention if retention is not None else retention_due(now):
            with transaction(db) as session:  # what is kept no longer (privacy.retention)
                report.retention = forget_expired(session, now)
        report.reports_enqueued = report_announcements(db, now)
    return report


def report_announcements(db: sessionmaker[Session], now: datetime) -> int:
    """Delivery reports for announcements whose copies are now all done."""
    with clock.at(now), transaction(db) as session:
        return enqueue_reports(session, now)
