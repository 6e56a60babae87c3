"""The FAQ content and the danger rules load in the background from start-up.

Compiling every language's rules takes seconds. Loaded at the first question, on the event
loop, it froze the whole bot (every chat, the tick, the sender) and kept the first parent
waiting; now `post_init` starts the load in a worker thread and a question waits for it
without holding anyone else up.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from handlers.application import build_application as build_bot_application
from handlers.common import Services
from settings import Settings
from tests.chat import NOW, ChatUser
from tests.fake_telegram import FakeTelegram, FakeUser, build_application


async def test_a_question_during_the_load_waits_without_freezing_the_bot(
    db: sessionmaker[Session], tmp_path: Path
) -> None:
    # Overrides of its own: a load of this process that no other test has started.
    settings = Settings(token="123456:TEST", admin_ids=frozenset({1}), faq_overrides_dir=tmp_path)
    services = Services(settings=settings, db=db, clock=lambda: NOW)
    fake = FakeTelegram()
    app = build_bot_application(settings, services, build_application(fake))
    await app.initialize()
    started = time.perf_counter()
    await app.post_init(app)
    loading = services.start_loading_faq()
    assert services.start_loading_faq() is loading  # one load per process and settings
    assert not loading.done(), "post_init should start the load, not wait for it"

    gaps: list[float] = []

    async def heartbeat() -> None:
        """How long the event loop ever goes without turning while the load runs."""
        last = time.perf_counter()
        while not loading.done():
            await asyncio.sleep(0.02)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    hala = ChatUser(app, FakeUser(fake, 98, "Hala", language_code="en"))
    sara = ChatUser(app, FakeUser(fake, 99, "Sara", language_code="en"))
    beat = asyncio.create_task(heartbeat())
    question = asyncio.create_task(hala.text("my baby wakes up every night, what can I do?"))
    await sara.command("/help")
    helped = time.perf_counter()
    assert sara.messages(), "another parent's command is answered during the load"
    assert not hala.messages(), "the question waits for the load"
    await question
    await beat
    loaded = time.perf_counter() - started
    assert hala.messages() and "112" not in hala.last().text
    assert helped - started < loaded / 2
    # Loaded on the event loop, the longest gap was the whole load (seconds).
    assert max(gaps) < 1.0, f"the event loop stood still {max(gaps):.2f} s of a {loaded:.1f} s load"
    await app.shutdown()
