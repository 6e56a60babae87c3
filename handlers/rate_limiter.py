"""Every request the bot makes draws on one budget of Telegram's limits.

PTB lets an Application route all Bot API calls through a rate limiter; this
one books them in the process's `outbox.limits.Limits`, which the outbox
sender uses too, so a reply to a parent and a burst of 18:00 reminders share
Telegram's 30 messages a second instead of each assuming it has them all.
Like PTB's `AIORateLimiter`, only calls to a chat count (not `getUpdates` or
answering a button). Replies are not held to one message a second per chat
(someone who just wrote may get two lines at once); the sender's messages
are, and come marked `OUTBOX` because the sender has booked them already.
A 429 pauses everything for the time Telegram asked; a reply is then tried
once more, an outbox row goes back to the sender, which owns its retries.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from handlers.common import commit_before_talking
from outbox.limits import Limits

log = logging.getLogger(__name__)

OUTBOX = "outbox"  # rate_limit_args of a message the sender has booked itself

JSON = bool | dict[str, Any] | list[dict[str, Any]]


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 is moving retry_after from int to timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        seconds = exc.retry_after
    return seconds.total_seconds() if isinstance(seconds, timedelta) else float(seconds)


class SharedRateLimiter(BaseRateLimiter[str]):
    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> JSON:
        commit_before_talking()  # no transaction is held while we wait for Telegram
        chat_id = _chat_id(data.get("chat_id"))
        outbox = rate_limit_args == OUTBOX  # the sender's: one a second per chat, no retry here
        for attempt in (1, 2):
            # Booked here, around the request itself: it holds its place in Telegram's
            # window from when it goes until a second after its answer came back.
            booking = (
                self.limits.sending(chat_id, spaced=outbox)
                if chat_id is not None
                else contextlib.nullcontext()
            )
            try:
                async with booking:
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                self.limits.pause(wait)
                if outbox or attempt == 2:
                    raise
                log.info(
                    "429 on %s: every send waits %.1f s, then this one is retried", endpoint, wait
                )
        raise AssertionError("unreachable")


def _chat_id(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):  # a channel's @name: counted as one chat of its own
        return hash(value) | (1 << 62)
