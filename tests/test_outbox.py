"""The outbox and its sender: idempotent planning, Telegram's limits, failures, restarts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from db.engine import transaction
from db.models import OutboxMessage, OutboxStatus, Person
from handlers.delivery import telegram_deliver
from reminders import outbox
from reminders.rate_limit import RateLimiter
from reminders.sending import Delivery, drain
from tests.fake_telegram import FakeTelegram

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves; `sleep` moves it too, so waits cost no real time."""

    def __init__(self) -> None:
        self.now = START
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


@pytest.fixture
async def fake_bot() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    fake = FakeTelegram()
    bot = Bot(fake.token, request=fake, get_updates_request=fake)
    async with bot:
        yield fake, bot


def render(row: OutboxMessage) -> tuple[str, None]:
    return f"<b>Hello</b> {row.slots['n']}", None


def fill(
    db: sessionmaker[Session], chats: list[int], person_ids: dict[int, int] | None = None
) -> None:
    with transaction(db) as session:
        for n, chat in enumerate(chats):
            outbox.enqueue(
                session,
                f"test:{n}",
                chat_id=chat,
                template="test",
                slots={"n": n},
                person_id=(person_ids or {}).get(chat),
                not_before=START,
            )


def statuses(db: sessionmaker[Session]) -> dict[str, str]:
    with transaction(db) as session:
        return dict(session.execute(select(OutboxMessage.key, OutboxMessage.status)).all())


def test_enqueue_is_idempotent(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        assert outbox.enqueue(session, "k", chat_id=1, template="t", not_before=START)
        assert not outbox.enqueue(session, "k", chat_id=1, template="t", not_before=START)
    with transaction(db) as session:
        assert not outbox.enqueue(session, "k", chat_id=2, template="u", not_before=START)
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


@pytest.mark.parametrize(
    ("history", "chat", "now", "expected_wait"),
    [
        ([], 1, 0.0, 0.0),
        ([(1, 0.0)], 1, 0.5, 0.5),  # one a second to one chat
        ([(1, 0.0)], 2, 0.5, 0.0),  # another chat may go at once
        ([(c, 0.0) for c in range(100, 130)], 1, 0.2, 0.8),  # 30 a second overall
        ([(-5, float(i * 2)) for i in range(20)], -5, 40.0, 20.0),  # 20 a minute per group
    ],
)
def test_rate_limits(
    history: list[tuple[int, float]], chat: int, now: float, expected_wait: float
) -> None:
    limiter = RateLimiter()
    for sent_chat, at in history:
        limiter.record(sent_chat, at)
    assert limiter.wait(chat, now) == pytest.approx(expected_wait)


async def test_everything_sent_once_within_limits(db: sessionmaker[Session], fake_bot) -> None:
    fake, bot = fake_bot
    clock = Clock()
    fill(db, [11, 12, 11, 13])
    report = await drain(
        db, telegram_deliver(bot, render), clock=clock, limiter=RateLimiter(), sleep=clock.sleep
    )
    assert sorted(report.sent) == ["test:0", "test:1", "test:2", "test:3"]
    assert [m.text for m in fake.sent_to(11)] == ["<b>Hello</b> 0", "<b>Hello</b> 2"]
    assert clock.slept == [pytest.approx(1.0)]  # the second message to chat 11 waited
    again = await drain(
        db, telegram_deliver(bot, render), clock=clock, limiter=RateLimiter(), sleep=clock.sleep
    )
    assert again.sent == [] and len(fake.sent) == 4


async def test_429_postpones_without_counting_an_attempt(
    db: sessionmaker[Session], fake_bot
) -> None:
    fake, bot = fake_bot
    clock = Clock()
    fill(db, [21, 22])
    fake.fail_next("sendMessage", "429", retry_after=7)
    report = await drain(
        db, telegram_deliver(bot, render), clock=clock, limiter=RateLimiter(), sleep=clock.sleep
    )
    assert report.postponed == ["test:0"] and report.sent == []  # the batch stopped
    clock.now += timedelta(seconds=3)
    report = await drain(
        db, telegram_deliver(bot, render), clock=clock, limiter=RateLimiter(), sleep=clock.sleep
    )
    assert report.sent == ["test:1"]  # test:0 waits for Telegram's 7 seconds
    clock.now += timedelta(seconds=5)
    report = await drain(
        db, telegram_deliver(bot, render), clock=clock, limiter=RateLimiter(), sleep=clock.sleep
    )
    assert report.sent == ["test:0"]
    with transaction(db) as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.key == "test:0")).one()
        assert row.attempts == 0 and row.status == OutboxStatus.SENT
    assert len(fake.sent_to(21)) == 1 and len(fake.sent_to(22)) == 1


@pytest.mark.parametrize("kind", ["500", "timeout", "network"])
async def test_transient_errors_retry_with_backoff(
    db: sessionmaker[Session], fake_bot, kind: str
) -> None:
    fake, bot = fake_bot
    clock = Clock()
    fill(db, [31])
    fake.fail_next("sendMessage", kind, count=2)
    deliver = telegram_deliver(bot, render)
    for wait in (0, 5, 10):  # backoff: 5 s, then 10 s
        clock.now += timedelta(seconds=wait)
        await drain(db, deliver, clock=clock, limiter=RateLimiter(), sleep=clock.sleep)
    assert statuses(db) == {"test:0": OutboxStatus.SENT}
    assert len(fake.sent_to(31)) == 1


async def test_403_marks_the_person_unreachable(db: sessionmaker[Session], fake_bot) -> None:
    fake, bot = fake_bot
    clock = Clock()
    with transaction(db) as session:
        person = Person(telegram_id=41, first_name="Amina", language="ar")
        session.add(person)
        session.flush()
        person_id = person.id
    fill(db, [41, 42], person_ids={41: person_id})
    fake.blocked.add(41)
    report = await drain(
        db, telegram_deliver(bot, render), clock=clock, limiter=RateLimiter(), sleep=clock.sleep
    )
    assert report.blocked == ["test:0"] and report.sent == ["test:1"]
    assert statuses(db)["test:0"] == OutboxStatus.FAILED
    with transaction(db) as session:
        assert session.get(Person, person_id).blocked_at == START


async def test_a_crash_mid_batch_loses_nothing_and_duplicates_nothing(
    db: sessionmaker[Session], fake_bot
) -> None:
    fake, bot = fake_bot
    clock = Clock()
    fill(db, [51, 52, 53, 54, 55])
    real = telegram_deliver(bot, render)
    calls = 0

    async def crashing(row: OutboxMessage) -> Delivery:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise SystemExit("the process was killed")
        return await real(row)

    with pytest.raises(SystemExit):
        await drain(db, crashing, clock=clock, limiter=RateLimiter(), sleep=clock.sleep)
    assert list(statuses(db).values()).count(OutboxStatus.SENT) == 2

    # a restart: a new sender with a fresh limiter
    await drain(db, real, clock=clock, limiter=RateLimiter(), sleep=clock.sleep)
    assert set(statuses(db).values()) == {OutboxStatus.SENT}
    assert sorted(m.chat_id for m in fake.sent) == [51, 52, 53, 54, 55]
