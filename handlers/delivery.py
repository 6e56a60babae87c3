"""The Telegram side of sending an outbox row: render it, send it, classify the answer."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from db.models import OutboxMessage
from handlers.common import Services
from handlers.outgoing import renderer_for
from reminders.sending import Deliver, Delivery, Outcome, drain

Render = Callable[[OutboxMessage], tuple[str, InlineKeyboardMarkup | None]]


def telegram_deliver(bot: Bot, render: Render) -> Deliver:
    """A `Deliver` that sends rows with `bot`, rendering each at send time."""

    async def deliver(row: OutboxMessage) -> Delivery:
        try:
            text, markup = render(row)
        except Exception as exc:  # a bad row must not stop the rest of the batch
            return Delivery(Outcome.PERMANENT, error=f"render: {type(exc).__name__}: {exc}")
        try:
            message = await bot.send_message(row.chat_id, text, reply_markup=markup)
        except RetryAfter as exc:
            with warnings.catch_warnings():  # PTB 22 is moving retry_after from int to timedelta
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                seconds = exc.retry_after
            wait = seconds.total_seconds() if isinstance(seconds, timedelta) else float(seconds)
            return Delivery(Outcome.RETRY_AFTER, retry_after=wait, error=str(exc))
        except Forbidden as exc:
            return Delivery(Outcome.BLOCKED, error=str(exc))
        except BadRequest as exc:  # a subclass of NetworkError: check it first
            return Delivery(Outcome.PERMANENT, error=str(exc))
        except NetworkError as exc:  # timeouts, connection errors, 5xx
            return Delivery(Outcome.TRANSIENT, error=f"{type(exc).__name__}: {exc}")
        except TelegramError as exc:
            return Delivery(Outcome.PERMANENT, error=f"{type(exc).__name__}: {exc}")
        return Delivery(Outcome.SENT, message_id=message.message_id)

    return deliver


async def send_due_now(bot: Bot, services: Services) -> None:
    """Send what is due without waiting for the minute tick (a staff reply, a notice).

    Takes the same lock as the tick, so the outbox still has one sender at a time.
    """
    async with services.send_lock:
        await drain(
            services.db,
            telegram_deliver(bot, renderer_for(services.db)),
            clock=services.clock,
            limiter=services.limiter,
        )
