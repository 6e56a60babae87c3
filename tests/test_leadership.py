"""One process at a time ticks and sends; a standby takes over when the leader goes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, session_factory, transaction
from db.leadership import Leadership
from db.models import OutboxMessage
from handlers import jobs
from handlers.application import build_application as build_bot_application
from handlers.common import Services
from handlers.outgoing import RENDERERS
from outbox import queue as outbox
from settings import Settings
from tests.chat import NOW
from tests.fake_telegram import FakeTelegram, build_application


def test_one_leader_at_a_time_and_a_standby_takes_over(engine: Engine) -> None:
    other_process = make_engine(engine.url.render_as_string(hide_password=False))
    leader, standby = Leadership(engine), Leadership(other_process)
    try:
        assert leader.try_acquire()
        assert leader.try_acquire()  # asking again keeps it
        assert not standby.try_acquire()
        assert not standby.acquire(timeout=0.3, poll=0.1)  # a command-line tick gives up
        assert leader.check()
        leader.release()
        assert standby.try_acquire()  # the leader is gone: the standby leads
        assert not leader.try_acquire()
    finally:
        leader.release()
        standby.release()
        other_process.dispose()


def test_a_leader_whose_connection_died_is_no_longer_leader(engine: Engine) -> None:
    leader = Leadership(engine)
    assert leader.try_acquire()
    if leader._connection is not None:  # PostgreSQL: the lock lives on this connection
        leader._connection.invalidate()
        assert not leader.check()
        other = Leadership(engine)
        assert other.try_acquire()  # the database freed the lock with the connection
        other.release()
    leader.release()


def test_a_new_leader_cuts_a_dead_senders_claims_short(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        for n in range(4):
            outbox.enqueue(session, f"test:{n}", chat_id=4000 + n, template="t", not_before=NOW)
        outbox.claim(session, NOW, "dead", limit=2)  # the dead leader's: lease of two minutes
        outbox.claim(session, NOW, "alive", limit=1)  # this sender's own, left alone
        sent = outbox.claim(session, NOW, "dead", limit=1)[0]
        outbox.mark_sent(sent, NOW, 1)
        sent.claimed_by, sent.claimed_until = "dead", NOW + outbox.LEASE  # as if left over
    grace = timedelta(seconds=20)
    with transaction(db) as session:
        assert outbox.take_over(session, "alive", NOW + grace) == 2
    with transaction(db) as session:
        assert outbox.due(session, NOW + grace - timedelta(seconds=1)) == []
        assert [row.key for row in outbox.due(session, NOW + grace)] == ["test:0", "test:1"]
        mine = session.scalars(select(OutboxMessage).where(OutboxMessage.claimed_by == "alive"))
        assert [row.claimed_until for row in mine] == [NOW + outbox.LEASE]


async def test_a_standby_takes_over_within_seconds_and_sends_what_the_dead_leader_claimed(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    db = session_factory(engine)
    now = [NOW]
    fake = FakeTelegram()
    settings = Settings(token="123456:TEST")
    services = Services(settings=settings, db=db, clock=lambda: now[0])
    standby_engine = make_engine(engine.url.render_as_string(hide_password=False))
    services.leadership = Leadership(standby_engine)
    app = build_bot_application(settings, services, build_application(fake))
    await app.initialize()
    await app.start()  # no jobs scheduled: this test runs the leadership job itself
    context = SimpleNamespace(application=app, bot=app.bot)
    RENDERERS["test"] = lambda _session, _texts, slots: (f"Besked {slots['n']}", None)
    dead = Leadership(make_engine(engine.url.render_as_string(hide_password=False)))
    try:
        with transaction(db) as session:
            for n in range(3):
                outbox.enqueue(
                    session, f"test:{n}", chat_id=4000 + n, template="test", slots={"n": n},
                    not_before=NOW,
                )  # fmt: skip
            outbox.claim(session, NOW, "the dead leader", limit=2)
        if services.leadership._sqlite_path is None and engine.dialect.name == "sqlite":
            pytest.skip("an in-memory database has one process")
        assert dead.try_acquire()
        with caplog.at_level(logging.INFO, logger="handlers.jobs"):
            for _ in range(2):
                await jobs.leadership_job(context)  # the job a replica runs every 10 s
        assert services.sender_task is None and fake.sent == []
        standby_lines = [r for r in caplog.records if r.getMessage().startswith("standby:")]
        assert len(standby_lines) == 1  # said once, not at every try

        if dead._connection is not None:  # PostgreSQL: killed, so its connection closes
            dead._connection.invalidate()
        dead.release()  # SQLite: the dead process's file lock goes with it
        await jobs.leadership_job(context)  # the next try: it leads, ticks and sends at once
        assert services.leadership.held and services.sender_task is not None
        await _wait_until(lambda: len(fake.sent) == 1, timeout=10)
        assert fake.sent[0].chat_id == 4002  # the one row nobody had claimed
        now[0] = NOW + jobs.TAKEOVER_GRACE  # not the two-minute lease: 20 s after taking over
        services.wake_sender()
        await _wait_until(lambda: len(fake.sent) == 3, timeout=10)
        assert sorted(m.chat_id for m in fake.sent) == [4000, 4001, 4002]  # each once
    finally:
        RENDERERS.pop("test", None)
        if services.sender_task is not None:
            services.sender_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await services.sender_task
        await app.stop()
        await app.shutdown()
        services.leadership.release()
        dead.release()
        standby_engine.dispose()
        dead.engine.dispose()


async def _wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {timeout} s")
        await asyncio.sleep(0.02)
