"""The Telegram side of sending an outbox row: render it, send it, classify the answer."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from db.models import OutboxMessage
from handlers.outgoing import NothingToSend
from handlers.rate_limiter import OUTBOX, retry_after_seconds
from ops import metrics
from outbox.limits import Limits
from outbox.sender import Deliver, Delivery, Outcome

log = logging.getLogger(__name__)

Render = Callable[[OutboxMessage], tuple[str, InlineKeyboardMarkup | None]]
SEND_RESULT = {  # outcome -> the /metrics counter's label
    Outcome.SENT: "sent",
    Outcome.RETRY_AFTER: "rate_limited",
    Outcome.BLOCKED: "blocked",
}


def telegram_deliver(bot: Bot, render: Render, limits: Limits | None = None) -> Deliver:
    """A `Deliver` that sends rows with `bot`, rendering each at send time.

    With `limits`, the message is booked in them after rendering, right before it goes:
    Telegram counts messages when they arrive, so the booking must be as close to the
    request as it can be (a sender built with `acquire=False` leaves it to this). A bot
    with the shared rate limiter is told the message is booked, and does not book it twice.
    """
    extra = {"rate_limit_args": OUTBOX} if isinstance(bot, ExtBot) and bot.rate_limiter else {}

    async def deliver(row: OutboxMessage) -> Delivery:
        delivery = await attempt(row)
        if delivery.outcome != Outcome.SKIPPED:  # nothing was sent, nothing to count
            metrics.send_result(SEND_RESULT.get(delivery.outcome, "failed"))
        return delivery

    async def attempt(row: OutboxMessage) -> Delivery:
        try:
            text, markup = render(row)
        except NothingToSend:
            return Delivery(Outcome.SKIPPED, error="nothing to send")
        except Exception as exc:  # a bad row must not stop the rest of the batch
            return Delivery(Outcome.PERMANENT, error=f"render: {type(exc).__name__}: {exc}")
        booking = (
            limits.sending(row.chat_id)
            if limits is not None and not extra  # a bot without the shared limiter
            else contextlib.nullcontext()
        )
        try:
            async with booking:
                message = await bot.send_message(row.chat_id, text, reply_markup=markup, **extra)
        except RetryAfter as exc:
            return Delivery(
                Outcome.RETRY_AFTER, retry_after=retry_after_seconds(exc), error=str(exc)
            )
        except Forbidden as exc:  # expected: the person blocked the bot; the sender marks them
            log.info(
                "person %s (chat %s) has blocked the bot; %s not sent: %s",
                row.person_id,
                row.chat_id,
                row.key,
                exc,
            )
            return Delivery(Outcome.BLOCKED, error=str(exc))
        except BadRequest as exc:  # a subclass of NetworkError: check it first
            return Delivery(Outcome.PERMANENT, error=str(exc))
        except NetworkError as exc:  # timeouts, connection errors, 5xx
            return Delivery(Outcome.TRANSIENT, error=f"{type(exc).__name__}: {exc}")
        except TelegramError as exc:
            return Delivery(Outcome.PERMANENT, error=f"{type(exc).__name__}: {exc}")
        return Delivery(Outcome.SENT, message_id=message.message_id)

    return deliver
