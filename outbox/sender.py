"""The sender: claims due outbox rows and sends them at Telegram's full rate.

It runs as its own background task in the bot (`Sender.run`), woken by a
handler that has just committed a row, or once a second; the command-line tick
drains once (`Sender.drain`). No update handler ever waits for it.

Each row is claimed before it is sent (`outbox.queue.claim`), so several
senders never send one row twice; each outcome is committed right after its
attempt, so a crash loses at most the knowledge of the messages in flight:
their claims lapse and the rows go out again (at least once for those,
never lost). Rows to different chats go out concurrently, rows to one chat in
order; `Limits` keeps the whole process within Telegram's limits, and a 429
pauses every send for the time Telegram asked, then the batch goes on.

The core knows nothing of Telegram: `deliver` (built in `handlers.delivery`)
sends one row and reports a `Delivery`.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import math
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

import clock
from clock import Clock
from db.engine import transaction
from db.models import OutboxMessage
from outbox import queue
from outbox.limits import Limits

log = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"  # 429: Telegram says how long to wait
    BLOCKED = "blocked"  # 403: the person blocked the bot
    TRANSIENT = "transient"  # network error, timeout, 5xx: try again later
    PERMANENT = "permanent"  # 400: the message itself is wrong; retrying won't help
    SKIPPED = "skipped"  # nothing left to say at send time (an emptied digest): not sent


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


Deliver = Callable[[OutboxMessage], Awaitable[Delivery]]
# Told when a row's person turns out to have blocked the bot (in the same transaction).
OnBlocked = Callable[[Session, OutboxMessage, datetime], None]


@dataclass
class DrainReport:
    sent: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    postponed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rate_limited: int = 0  # answers of 429

    def __iadd__(self, other: DrainReport) -> DrainReport:
        self.sent += other.sent
        self.blocked += other.blocked
        self.failed += other.failed
        self.postponed += other.postponed
        self.skipped += other.skipped
        self.rate_limited += other.rate_limited
        return self


def sender_id() -> str:
    """Who holds a claim: enough to find the process in a log."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Sender:
    db: sessionmaker[Session]
    deliver: Deliver
    limits: Limits
    clock: Clock  # what is due: the bot's clock, or a simulated instant
    on_blocked: OnBlocked | None = None
    owner: str = field(default_factory=sender_id)
    # The most messages in flight at once. A crash re-sends a message sent but not yet
    # recorded (Telegram has no idempotency key), so the sender keeps only as many out as the
    # rate needs: rate x the time one takes to render, send and record, not counting waits
    # for a place (Little's law; measured as it goes). One while that stays under 1/30 s
    # (the emulator, a bot next to Telegram's servers); 3 at 100 ms.
    concurrency: int = 3
    batch: int = 300  # rows claimed at once: about ten seconds of sending
    long_wait: float = 2.0  # a row that must wait longer (a busy group chat) goes back
    max_pause: float = 120.0  # a 429 asking for longer gives the batch back instead
    keep_running: Callable[[], bool] = lambda: True  # False: finish the message in flight, stop
    acquire: bool = True  # False: `deliver` books each message in `limits` itself, just in time
    _busy: float = 0.0  # seconds a message takes, waits for a place aside (`_note_busy`)

    async def drain(self) -> DrainReport:
        """Send everything due at the clock's instant, then return."""
        report = DrainReport()
        while (passed := await self.drain_once()) is not None:
            report += passed
        return report

    async def drain_once(self) -> DrainReport | None:
        """Claim one batch and send it; None when nothing was due."""
        now = self.clock()
        with clock.at(now), transaction(self.db) as session:
            rows = queue.claim(session, now, self.owner, self.batch)
        if not rows:
            return None
        report = DrainReport()
        by_chat: dict[int, list[OutboxMessage]] = {}
        for row in rows:
            by_chat.setdefault(row.chat_id, []).append(row)
        in_flight = _Gate(self._needed_in_flight)
        await asyncio.gather(
            *(self._send_chat(chat_rows, in_flight, report) for chat_rows in by_chat.values())
        )
        return report

    def take_over(self, grace: timedelta) -> int:
        """This sender is now the only one (the new leader): rows a dead sender claimed go
        out `grace` from now, not when its lease would have ended. How many rows that is."""
        now = self.clock()
        with clock.at(now), transaction(self.db) as session:
            return queue.take_over(session, self.owner, now + grace)

    async def run(
        self,
        keep_running: Callable[[], bool],
        wakeup: asyncio.Event,
        after_pass: Callable[[DrainReport], None] | None = None,
        idle: float = 1.0,
    ) -> None:
        """The bot's background sender: drain, then sleep until woken or for `idle` seconds."""
        self.keep_running = keep_running
        try:
            while keep_running():
                try:
                    report = await self.drain_once()
                except Exception:  # the database went away for a moment: try again shortly
                    log.exception("the sender failed; it tries again in %s s", idle)
                    report = None
                if report is not None:
                    if after_pass is not None:
                        after_pass(report)
                    continue
                wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wakeup.wait(), idle)
        finally:
            with transaction(self.db) as session:
                queue.release_all(session, self.owner)

    def _needed_in_flight(self) -> int:
        """How many messages must be out at once to keep the rate: rate x time a message."""
        needed = math.ceil(self.limits.per_second * self._busy - 1e-9)
        return max(1, min(self.concurrency, needed))

    def _note_busy(self, seconds: float) -> None:
        """A moving average: a slow message raises it at once, fast ones lower it slowly, as
        one spare place costs less than a second sent short."""
        weight = 0.5 if seconds > self._busy else 0.05
        self._busy += weight * (seconds - self._busy)

    async def _send_chat(
        self, rows: list[OutboxMessage], in_flight: _Gate, report: DrainReport
    ) -> None:
        """One chat's rows, in order; other chats' rows go meanwhile."""
        for row in rows:
            if not self.keep_running():  # shutting down: the claim goes back (`run`'s finally)
                return
            wait = self.limits.delay(row.chat_id)
            if wait > self.long_wait:  # e.g. a group chat's 20 a minute: a later pass sends it
                self._record(row, None, report, until=timedelta(seconds=wait))
                continue
            if wait > 0:  # wait for this chat's turn without holding a place others could use
                await self.limits.sleep(wait)
            async with in_flight:  # held until recorded: what a crash could send twice
                began = self.limits.monotonic()
                with self.limits.counting_waits() as waited:
                    result = await self._attempt(row, report)
                self._record(row, result, report)
                self._note_busy(self.limits.monotonic() - began - waited.seconds)

    async def _attempt(self, row: OutboxMessage, report: DrainReport) -> Delivery:
        while True:
            booking = self.limits.sending(row.chat_id) if self.acquire else contextlib.nullcontext()
            with clock.at(self.clock()):  # rendered at the instant it is sent
                async with booking:
                    result = await self.deliver(row)
            if result.outcome != Outcome.RETRY_AFTER:
                return result
            report.rate_limited += 1
            if result.retry_after > self.max_pause:
                return result
            log.warning("Telegram asked to wait %.1f s; every send waits", result.retry_after)
            self.limits.pause(result.retry_after)

    def _record(
        self,
        claimed: OutboxMessage,
        result: Delivery | None,
        report: DrainReport,
        until: timedelta | None = None,
    ) -> None:
        """Store one attempt's outcome at once: durable before the next message goes."""
        now = self.clock()
        with clock.at(now), transaction(self.db) as session:
            row = session.get(OutboxMessage, claimed.id)
            if row is None:  # erased meanwhile (the person deleted herself)
                return
            if result is None:
                queue.postpone(row, now + (until or timedelta()), "rate limit")
                report.postponed.append(row.key)
            elif result.outcome == Outcome.SENT:
                queue.mark_sent(row, now, result.message_id)
                report.sent.append(row.key)
            elif result.outcome == Outcome.RETRY_AFTER:
                queue.postpone(row, now + timedelta(seconds=result.retry_after), result.error)
                report.postponed.append(row.key)
            elif result.outcome == Outcome.BLOCKED:
                queue.fail(row, result.error or "blocked by the user")
                if self.on_blocked is not None:
                    self.on_blocked(session, row, now)
                report.blocked.append(row.key)
            elif result.outcome == Outcome.SKIPPED:
                queue.skip(row, result.error)
                report.skipped.append(row.key)
            elif result.outcome == Outcome.TRANSIENT:
                queue.retry_later(row, now, result.error)
                failed = row.status == queue.OutboxStatus.FAILED
                (report.failed if failed else report.postponed).append(row.key)
            else:
                queue.fail(row, result.error)
                report.failed.append(row.key)


class _Gate:
    """A semaphore whose size is asked anew each time a place is wanted (`size()`): the
    sender's places in flight follow the measured round trip."""

    def __init__(self, size: Callable[[], int]) -> None:
        self._size = size
        self._taken = 0
        self._freed = asyncio.Condition()

    async def __aenter__(self) -> None:
        async with self._freed:
            await self._freed.wait_for(lambda: self._taken < self._size())
            self._taken += 1

    async def __aexit__(self, *exc: object) -> None:
        async with self._freed:
            self._taken -= 1
            self._freed.notify_all()
