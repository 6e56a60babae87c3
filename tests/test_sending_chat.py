"""The running bot: the sender works in the background, and the bot keeps answering."""

from __future__ import annotations

import asyncio
import time

from db.engine import transaction
from handlers.outgoing import RENDERERS
from outbox import enqueue
from tests.chat import NOW, Chat


async def wait_until(condition: object, timeout: float) -> float:
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not within {timeout} s")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_the_background_sender_sends_and_the_bot_answers_meanwhile(chat: Chat) -> None:
    RENDERERS["test"] = lambda _session, _texts, slots: (f"Besked {slots['n']}", None)
    try:
        with transaction(chat.db) as session:
            for n in range(120):  # four seconds of Telegram's 30 a second
                enqueue(
                    session, f"test:{n}", chat_id=5000 + n, template="test", slots={"n": n},
                    not_before=NOW,
                )  # fmt: skip
        await chat.app.start()  # the JobQueue: the tick starts the sender within a second
        try:
            await wait_until(lambda: len(chat.fake.sent) >= 20, timeout=20)
            asker = chat.user(99, "Hana")
            started = time.monotonic()
            await asker.command("/help")
            answered = time.monotonic() - started
            assert answered < 1.0, answered  # not behind the 100 still waiting
            await wait_until(lambda: len(chat.fake.sent_to(5119)) == 1, timeout=30)
        finally:
            await chat.app.stop()
        sent = [m for m in chat.fake.sent if m.chat_id >= 5000]
        assert sorted(m.chat_id for m in sent) == list(range(5000, 5120))  # each once
        # Within Telegram's 30 a second: the strict meter in the fake (counting each
        # message when it arrives) never answers 429, replies and outbox sharing one budget.
        assert chat.fake.flood_answers == 0
    finally:
        RENDERERS.pop("test", None)
