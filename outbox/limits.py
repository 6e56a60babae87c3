"""Telegram's sending limits, measured on real elapsed time.

About 30 messages a second overall, about one a second to one chat, 20 a
minute to one group chat; a 429 says how long to stop. One `Limits` per
process is shared by the outbox sender and by the bot's own replies (through
the rate limiter the Application is built with), so both draw on one budget.

A sliding window, not a token bucket: Telegram (and the meter in the tests)
counts the messages of any trailing second, and a bucket that refills while
it bursts lets 30 + 30 through in one such second. Telegram counts a message
when it arrives, some time between our sending it and its answer coming
back; so a message holds its place in the window from the moment it goes
until one second after its answer came back (`sending`). Booking at the
start, as the first version did with a 25 ms margin, still drew 429s from a
strict meter whenever a request took longer than the margin to arrive; booking
to the answer is safe whatever the network does, and costs one round trip a
second of the rate (a few ms to the emulator, ~2 % at 1,000 km). PTB's
`AIORateLimiter` (aiolimiter, a leaky bucket that books at the start) drew 91
answers of 429 at 0.969 of the rate on the same meter, which is why this is
written by hand.

Time comes from `monotonic` (injectable for tests), never from the clock of
"what is due", which may be a simulated instant that does not move.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Waited:
    seconds: float = 0.0


_waits: ContextVar[Waited | None] = ContextVar("waits", default=None)

URGENT_FIRST = 0.01  # seconds an outbox message holds back while a reply waits
IN_FLIGHT_POLL = 0.005  # seconds between looks while every place is taken by a send in flight


@dataclass
class Limits:
    per_second: int = 30
    per_chat_interval: float = 1.0
    per_group_per_minute: int = 20
    margin: float = 0.002  # seconds added to each window: two clocks' rounding, not jitter
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _global: deque[float] = field(default_factory=deque)  # when answers came back
    _in_flight: int = 0  # sent, no answer yet: each holds a place in every window
    _last_to_chat: dict[int, float] = field(default_factory=dict)
    _group: dict[int, deque[float]] = field(default_factory=dict)
    _group_in_flight: dict[int, int] = field(default_factory=dict)
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
        waits.append(self._wait_for_place(self._global, self._in_flight, self.per_second, window))
        if chat_id is not None:
            last = self._last_to_chat.get(chat_id)
            if spaced and last is not None:
                waits.append(last + self.per_chat_interval + self.margin - now)
            if self.is_group(chat_id):
                waits.append(
                    self._wait_for_place(
                        self._group.setdefault(chat_id, deque()),
                        self._group_in_flight.get(chat_id, 0),
                        self.per_group_per_minute,
                        60.0 + self.margin,
                    )
                )
        return max(waits)

    def _wait_for_place(
        self, answered: deque[float], in_flight: int, limit: int, window: float
    ) -> float:
        """Seconds until fewer than `limit` sends are in flight or answered within `window`."""
        now = self.monotonic()
        while answered and answered[0] <= now - window:
            answered.popleft()
        over = len(answered) + in_flight - limit  # how many must leave the window first
        if over < 0:
            return 0.0
        if over < len(answered):
            return answered[over] + window - now
        return IN_FLIGHT_POLL  # every place is held by a send still waiting for its answer

    def start(self, chat_id: int | None) -> None:
        """A message goes now: it holds a place until `answered`."""
        self._in_flight += 1
        if chat_id is not None:
            self._last_to_chat[chat_id] = self.monotonic()
            if self.is_group(chat_id):
                self._group_in_flight[chat_id] = self._group_in_flight.get(chat_id, 0) + 1
        if len(self._last_to_chat) > 50_000:  # forget chats idle for more than a second
            now = self.monotonic()
            self._last_to_chat = {
                chat: at for chat, at in self._last_to_chat.items() if at > now - 2.0
            }

    def answered(self, chat_id: int | None) -> None:
        """Its answer came back: its place frees one window after now."""
        now = self.monotonic()
        self._in_flight -= 1
        self._global.append(now)
        if chat_id is not None and self.is_group(chat_id):
            self._group_in_flight[chat_id] -= 1
            if not self._group_in_flight[chat_id]:
                del self._group_in_flight[chat_id]
            self._group.setdefault(chat_id, deque()).append(now)

    def record(self, chat_id: int | None) -> None:
        """A message sent and answered in no time (tests, and a sender that books by itself)."""
        self.start(chat_id)
        self.answered(chat_id)

    @asynccontextmanager
    async def sending(self, chat_id: int | None, *, spaced: bool = True) -> AsyncIterator[None]:
        """Wait for a place, hold it while the request is out, free it a window after."""
        await self.acquire(chat_id, spaced=spaced)
        try:
            yield
        finally:
            self.answered(chat_id)

    @contextmanager
    def counting_waits(self) -> Iterator[Waited]:
        """The seconds this task spends waiting for a place while inside (the sender tells
        its own work from the wait, wherever in the call the wait happens)."""
        waited = Waited()
        token = _waits.set(waited)
        try:
            yield waited
        finally:
            _waits.reset(token)

    async def acquire(self, chat_id: int | None, *, spaced: bool = True) -> None:
        """Wait until a message to `chat_id` may go, then book it as in flight (see `sending`,
        which also says when its answer came back).

        A reply to someone who is waiting (`spaced=False`) goes before the outbox's next
        message: while one waits, the outbox's messages hold back, so a parent who asks
        something during the 18:00 burst is answered within a slot or two.
        """
        urgent = not spaced
        began = self.monotonic()
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
            if (waited := _waits.get()) is not None:
                waited.seconds += self.monotonic() - began
        self.start(chat_id)

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: nothing goes out until it said we may go on."""
        self._paused_until = max(self._paused_until, self.monotonic() + seconds)
