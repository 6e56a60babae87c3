"""The durable outbox, Telegram's limits and the sender, used by every capability that sends.

Capabilities (reminders, follow-ups, announcements, the question box) put rows
in with `enqueue` / `enqueue_many`; the sender takes them out. This package
knows nothing of Telegram (the shell passes a `deliver`) and nothing of the
capabilities above it (the shell passes what to do when a person blocked the bot).
"""

from outbox.queue import (
    MAX_ATTEMPTS,
    OutboxStatus,
    backoff,
    claim,
    due,
    enqueue,
    enqueue_many,
    fail,
    mark_sent,
    postpone,
    release,
    retry_later,
)

__all__ = [
    "MAX_ATTEMPTS",
    "OutboxStatus",
    "backoff",
    "claim",
    "due",
    "enqueue",
    "enqueue_many",
    "fail",
    "mark_sent",
    "postpone",
    "release",
    "retry_later",
]
