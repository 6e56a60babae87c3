"""How the Application takes its updates: several people at once, each person in order.

PTB handles one update at a time unless told otherwise, so every parent waits while
the bot waits for Telegram to answer another parent's button press: with two round
trips a press, one process answers a few dozen presses a second however idle its CPU
is. PTB's own extension point (`BaseUpdateProcessor`) lets updates run side by side,
but then one person's updates could overtake each other, and `ConversationHandler`
(the guided chats) relies on a person's updates arriving one by one. So updates run
side by side only between people: each person's (or, without a person, each chat's)
updates wait for the one before to finish, in the order they came. Database work does
not interleave: a unit of work commits before the bot talks (`commit_before_talking`),
and the driver's calls do not yield to the event loop.

Every update is also timed for `/metrics`, whether it came by webhook or by polling.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from ops import metrics

AT_ONCE = 16  # updates of different people handled side by side


class MeteredUpdateProcessor(BaseUpdateProcessor):
    """Up to `max_concurrent_updates` people's updates at once, each person's in order."""

    def __init__(self, max_concurrent_updates: int = AT_ONCE) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, asyncio.Lock] = {}  # one per person with an update under way
        self._waiting: dict[int, int] = {}

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this person's previous update (before taking a place: a person who sends
        twenty messages at once holds one place, not twenty), then handle it."""
        key = _whose(update)
        if key is None:
            await super().process_update(update, coroutine)
            return
        turn = self._turns.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with turn:  # asyncio's locks are first come, first served
                await super().process_update(update, coroutine)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._turns[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = time.monotonic()
        try:
            await coroutine
        finally:
            update_id = update.update_id if isinstance(update, Update) else None
            metrics.update_handled(update_id, started)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


def _whose(update: object) -> int | None:
    """Whose turn an update waits for: its person, else its chat (a channel post)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None
