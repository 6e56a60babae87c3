"""Draining the outbox: within Telegram's limits, each row's outcome committed at once.

The core knows nothing of Telegram: `deliver` (built in `handlers.delivery`)
sends one row and reports a `Delivery`. Each row's new state is committed
right after its attempt, so a crash loses at most the knowledge of the one
message in flight: its row is still pending and goes out on the next drain
(at-least-once for that single message, never a lost one).

One sender drains at a time: the bot's JobQueue never overlaps its own tick
runs, and `bot.py tick` is for when the bot itself is not running.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxMessage, Person
from reminders import outbox, reminding
from reminders.rate_limit import RateLimiter

LONG_WAIT = 2.0  # seconds: a longer wait postpones the row instead of holding the batch


class Outcome(enum.StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"  # 429: Telegram says how long to wait
    BLOCKED = "blocked"  # 403: the person blocked the bot
    TRANSIENT = "transient"  # network error, timeout, 5xx: try again later
    PERMANENT = "permanent"  # 400: the message itself is wrong; retrying won't help


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


Deliver = Callable[[OutboxMessage], Awaitable[Delivery]]


@dataclass
class DrainReport:
    sent: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    postponed: list[str] = field(default_factory=list)


async def drain(
    db: sessionmaker[Session],
    deliver: Deliver,
    *,
    clock: Callable[[], datetime],
    limiter: RateLimiter,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    batch: int = 500,
) -> DrainReport:
    """Send what is due at `clock()`; returns what happened to each key."""
    report = DrainReport()
    with db() as session:
        for row in outbox.due(session, clock(), batch):
            now = clock()
            wait = limiter.wait(row.chat_id, now.timestamp())
            if wait > LONG_WAIT:
                outbox.postpone(row, now + timedelta(seconds=wait), "rate limit")
                report.postponed.append(row.key)
                session.commit()
                continue
            if wait > 0:
                await sleep(wait)
                now = clock()
            limiter.record(row.chat_id, now.timestamp())
            result = await deliver(row)
            stop = _record(session, row, result, clock(), report)
            session.commit()  # each outcome is durable before the next message goes
            if stop:
                break
    return report


def _record(
    session: Session, row: OutboxMessage, result: Delivery, now: datetime, report: DrainReport
) -> bool:
    """Store one attempt's outcome; True when the whole batch should stop (flood control)."""
    if result.outcome == Outcome.SENT:
        outbox.mark_sent(row, now, result.message_id)
        report.sent.append(row.key)
    elif result.outcome == Outcome.RETRY_AFTER:
        outbox.postpone(row, now + timedelta(seconds=result.retry_after), result.error)
        report.postponed.append(row.key)
        return True
    elif result.outcome == Outcome.BLOCKED:
        outbox.fail(row, result.error or "blocked by the user")
        person = session.get(Person, row.person_id) if row.person_id is not None else None
        if person is not None and person.blocked_at is None:
            person.blocked_at = now
            reminding.tell_coordinators_unreachable(session, person, now)
        report.blocked.append(row.key)
    elif result.outcome == Outcome.TRANSIENT:
        outbox.retry_later(row, now, result.error)
        (report.failed if row.status == outbox.OutboxStatus.FAILED else report.postponed).append(
            row.key
        )
    else:
        outbox.fail(row, result.error)
        report.failed.append(row.key)
    return False
