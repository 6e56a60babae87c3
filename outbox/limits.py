"""Telegram's sending limits, measured on real elapsed time.

About 30 messages a second overall, about one a second to one chat, 20 a
minute to one group chat; a 429 says how long to stop. One `Limits` per
process is shared by the outbox sender and by the bot's own replies (through
the rate limiter the Application is built with), so both draw on one budget.

A sliding window, not a token bucket: Telegram (and the meter in the tests)
counts the messages of any trailing second, and a bucket that refills while
it bursts lets 30 + 30 through in one such second. Send times are recorded
when a message is let through, and the window is a little longer than a
second (`margin`) so that network jitter cannot squeeze 31 sends into
Telegram's second; the cost is about 2.5 % of the rate. PTB's `AIORateLimiter`
(aiolimiter, a leaky bucket) drew 91 answers of 429 at 0.969 of the rate on
the same meter, which is why this is written by hand.

Time comes from `monotonic` (injectable for tests), never from the clock of
"what is due", which may be a simulated instant that does not move.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

URGENT_FIRST = 0.01  # seconds an outbox message holds back while a reply waits


@dataclass
class Limits:
    per_second: int = 30
    per_chat_interval: float = 1.0
    per_group_per_minute: int = 20
    margin: float = 0.025  # seconds added to each window, against network jitter
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _global: deque[float] = field(default_factory=deque)
    _last_to_chat: dict[int, float] = field(default_factory=dict)
    _group: dict[int, deque[float]] = field(default_factory=dict)
    _paused_until: float = 0.0
    _urgent_waiting: int = 0

    @staticmethod
    def is_group(chat_id: int) -> bool:
        return chat_id < 0  # Telegram's group and supergroup ids are negative

    def delay(self, chat_id: int | None, *, spaced: bool = True) -> float:
        """Seconds until a message to `chat_id` may go (0: now).

        `spaced` applies the one-a-second rule for a single chat (the outbox's
        messages); a reply to someone who just wrote is not held back by it.
        """
        now = self.monotonic()
        waits = [0.0, self._paused_until - now]
        window = 1.0 + self.margin
        while self._global and self._global[0] <= now - window:
            self._global.popleft()
        if len(self._global) >= self.per_second:
            waits.append(self._global[0] + window - now)
        if chat_id is not None:
            last = self._last_to_chat.get(chat_id)
            if spaced and last is not None:
                waits.append(last + self.per_chat_interval + self.margin - now)
            if self.is_group(chat_id):
                sent = self._group.setdefault(chat_id, deque())
                minute = 60.0 + self.margin
                while sent and sent[0] <= now - minute:
                    sent.popleft()
                if len(sent) >= self.per_group_per_minute:
                    waits.append(sent[0] + minute - now)
        return max(waits)

    def record(self, chat_id: int | None) -> None:
        now = self.monotonic()
        self._global.append(now)
        if chat_id is not None:
            self._last_to_chat[chat_id] = now
            if self.is_group(chat_id):
                self._group.setdefault(chat_id, deque()).append(now)
        if len(self._last_to_chat) > 50_000:  # forget chats idle for more than a second
            self._last_to_chat = {
                chat: at for chat, at in self._last_to_chat.items() if at > now - 2.0
            }

    async def acquire(self, chat_id: int | None, *, spaced: bool = True) -> None:
        """Wait until a message to `chat_id` may go, then book it.

        A reply to someone who is waiting (`spaced=False`) goes before the outbox's next
        message: while one waits, the outbox's messages hold back, so a parent who asks
        something during the 18:00 burst is answered within a slot or two.
        """
        urgent = not spaced
        if urgent:
            self._urgent_waiting += 1
        try:
            while True:
                wait = self.delay(chat_id, spaced=spaced)
                if not urgent and self._urgent_waiting:
                    wait = max(wait, URGENT_FIRST)
                if wait <= 0:
                    break
                await self.sleep(wait)
        finally:
            if urgent:
                self._urgent_waiting -= 1
        self.record(chat_id)

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: nothing goes out until it said we may go on."""
        self._paused_until = max(self._paused_until, self.monotonic() + seconds)
