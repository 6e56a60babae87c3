"""The outbox and its sender: idempotent planning, Telegram's limits, failures, restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

import outbox
from db.engine import transaction
from db.models import OutboxMessage, OutboxStatus, Person
from handlers.delivery import telegram_deliver
from outbox.limits import Limits
from outbox.queue import LEASE
from outbox.sender import Deliver, Delivery, Outcome, Sender
from scheduling.sending import person_blocked
from tests.fake_telegram import FakeTelegram

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Clock:
    """The instant of "what is due", and elapsed time for the limits, both moved by the test;
    `sleep` moves both, so waits cost no real time."""

    def __init__(self) -> None:
        self.now = START
        self.elapsed = 0.0
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.elapsed

    async def sleep(self, seconds: float) -> None:
        """Virtual time: tasks that sleep at the same moment wake at the same moment."""
        self.slept.append(seconds)
        target = self.elapsed + seconds
        await asyncio.sleep(0)  # let the others that sleep now take their turn first
        step = max(0.0, target - self.elapsed)
        self.elapsed += step
        self.now += timedelta(seconds=step)

    def limits(self) -> Limits:
        return Limits(monotonic=self.monotonic, sleep=self.sleep, margin=0.015)

    def sender(self, db: sessionmaker[Session], deliver: Deliver, **options: object) -> Sender:
        return Sender(
            db,
            deliver,
            self.limits(),
            self,
            on_blocked=person_blocked,
            **options,  # type: ignore[arg-type]
        )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def fake_bot(clock: Clock) -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    """Telegram's flood control measured on the test's elapsed time, like the limits."""
    fake = FakeTelegram(monotonic=clock.monotonic)
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
        ([(1, 0.0)], 1, 0.5, 0.515),  # one a second to one chat (+ the jitter margin)
        ([(1, 0.0)], 2, 0.5, 0.0),  # another chat may go at once
        ([(c, 0.0) for c in range(100, 130)], 1, 0.2, 0.815),  # 30 in any second overall
        ([(c, i / 30) for i, c in enumerate(range(100, 130))], 1, 1.0, 0.015),  # a sliding window
        ([(-5, float(i * 2)) for i in range(20)], -5, 40.0, 20.015),  # 20 a minute per group
    ],
)
def test_rate_limits(
    history: list[tuple[int, float]], chat: int, now: float, expected_wait: float, clock: Clock
) -> None:
    limits = clock.limits()
    for sent_chat, at in history:
        clock.elapsed = at
        limits.record(sent_chat)
    clock.elapsed = now
    assert limits.delay(chat) == pytest.approx(expected_wait)


def test_a_reply_is_not_held_to_one_a_second_but_counts_toward_thirty(clock: Clock) -> None:
    limits = clock.limits()
    limits.record(1)
    assert limits.delay(1, spaced=False) == 0.0
    for chat in range(2, 31):
        limits.record(chat)
    assert limits.delay(1, spaced=False) == pytest.approx(1.015)
    limits.pause(7)
    assert limits.delay(99) == pytest.approx(7.0)


async def test_the_limits_run_on_elapsed_time_not_on_the_instant_of_what_is_due(
    db: sessionmaker[Session], fake_bot, clock: Clock
) -> None:
    """The due instant stands still (a tick at --now), yet 90 messages take 3 s, not 60."""
    fake, bot = fake_bot
    fill(db, list(range(1000, 1090)))
    frozen = START
    sender = Sender(db, telegram_deliver(bot, render), clock.limits(), lambda: frozen)
    report = await sender.drain()
    assert len(report.sent) == 90 and len(fake.sent) == 90
    assert 2.0 < clock.elapsed < 3.2  # 30 a second: about 3 seconds of (fake) elapsed time


async def test_everything_sent_once_within_limits(
    db: sessionmaker[Session], fake_bot, clock: Clock
) -> None:
    fake, bot = fake_bot
    fill(db, [11, 12, 11, 13])
    report = await clock.sender(db, telegram_deliver(bot, render)).drain()
    assert sorted(report.sent) == ["test:0", "test:1", "test:2", "test:3"]
    assert [m.text for m in fake.sent_to(11)] == ["<b>Hello</b> 0", "<b>Hello</b> 2"]
    assert clock.slept == [pytest.approx(1.015)]  # the second message to chat 11 waited
    again = await clock.sender(db, telegram_deliver(bot, render)).drain()
    assert again.sent == [] and len(fake.sent) == 4


async def test_after_a_429_everything_waits_then_the_batch_goes_on(
    db: sessionmaker[Session], fake_bot, clock: Clock
) -> None:
    fake, bot = fake_bot
    fill(db, [21, 22, 23])
    fake.fail_next("sendMessage", "429", retry_after=7)
    report = await clock.sender(db, telegram_deliver(bot, render), concurrency=1).drain()
    assert sorted(report.sent) == ["test:0", "test:1", "test:2"] and report.rate_limited == 1
    assert clock.slept and max(clock.slept) == pytest.approx(7.0)  # waited what Telegram said
    with transaction(db) as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.key == "test:0")).one()
        assert row.attempts == 0 and row.status == OutboxStatus.SENT  # not the message's fault
    assert [len(fake.sent_to(chat)) for chat in (21, 22, 23)] == [1, 1, 1]


async def test_a_very_long_429_gives_the_row_back_without_counting_an_attempt(
    db: sessionmaker[Session], fake_bot, clock: Clock
) -> None:
    fake, bot = fake_bot
    fill(db, [24])
    fake.fail_next("sendMessage", "429", retry_after=600)
    report = await clock.sender(db, telegram_deliver(bot, render)).drain()
    assert report.postponed == ["test:0"] and report.sent == []
    with transaction(db) as session:
        row = session.scalars(select(OutboxMessage)).one()
        assert row.attempts == 0 and row.not_before == START + timedelta(seconds=600)
        assert row.claimed_by is None


@pytest.mark.parametrize("kind", ["500", "timeout", "network"])
async def test_transient_errors_retry_with_backoff(
    db: sessionmaker[Session], fake_bot, clock: Clock, kind: str
) -> None:
    fake, bot = fake_bot
    fill(db, [31])
    fake.fail_next("sendMessage", kind, count=2)
    deliver = telegram_deliver(bot, render)
    for wait in (0, 5, 10):  # backoff: 5 s, then 10 s
        clock.now += timedelta(seconds=wait)
        await clock.sender(db, deliver).drain()
    assert statuses(db) == {"test:0": OutboxStatus.SENT}
    assert len(fake.sent_to(31)) == 1


async def test_403_marks_the_person_unreachable(
    db: sessionmaker[Session], fake_bot, clock: Clock
) -> None:
    fake, bot = fake_bot
    with transaction(db) as session:
        person = Person(telegram_id=41, first_name="Amina", language="ar")
        session.add(person)
        session.flush()
        person_id = person.id
    fill(db, [41, 42], person_ids={41: person_id})
    fake.blocked.add(41)
    report = await clock.sender(db, telegram_deliver(bot, render)).drain()
    assert report.blocked == ["test:0"] and report.sent == ["test:1"]
    assert statuses(db)["test:0"] == OutboxStatus.FAILED
    with transaction(db) as session:
        assert session.get(Person, person_id).blocked_at == START


class Killed(BaseException):
    """The process dies (kill -9): nothing after this point runs."""


async def test_a_crash_mid_batch_loses_nothing_and_duplicates_nothing(
    db: sessionmaker[Session], fake_bot, clock: Clock
) -> None:
    fake, bot = fake_bot
    fill(db, [51, 52, 53, 54, 55])
    real = telegram_deliver(bot, render)
    calls = 0

    async def crashing(row: OutboxMessage) -> Delivery:
        nonlocal calls
        calls += 1
        if calls >= 3:  # dead from the third send on: nothing it would still do happens
            raise Killed
        return await real(row)

    with pytest.raises(Killed):
        await clock.sender(db, crashing, concurrency=1).drain()
    assert OutboxStatus.PENDING in statuses(db).values()  # the one in flight, at least

    # Another sender at once: the dead one's claims still stand, so it sends nothing twice.
    assert (await clock.sender(db, real).drain()).sent == []
    clock.now += LEASE  # the claims lapse: a restarted sender takes the rows over
    await clock.sender(db, real).drain()
    assert set(statuses(db).values()) == {OutboxStatus.SENT}
    assert sorted(m.chat_id for m in fake.sent) == [51, 52, 53, 54, 55]


async def test_two_senders_at_once_send_every_row_once(
    db: sessionmaker[Session], fake_bot, clock: Clock
) -> None:
    fake, bot = fake_bot
    chats = list(range(600, 700))
    fill(db, chats)
    deliver = telegram_deliver(bot, render)
    one = clock.sender(db, deliver, batch=7, concurrency=3)
    two = clock.sender(db, deliver, batch=5, concurrency=4)
    first, second = await asyncio.gather(one.drain(), two.drain())
    assert first.sent and second.sent  # both worked
    assert sorted(first.sent + second.sent) == sorted(f"test:{n}" for n in range(100))
    assert sorted(m.chat_id for m in fake.sent) == chats


@pytest.mark.parametrize(("round_trip", "most_in_flight"), [(0.0, 1), (0.1, 3)])
async def test_only_as_many_in_flight_as_the_rate_needs(
    db: sessionmaker[Session], clock: Clock, round_trip: float, most_in_flight: int
) -> None:
    """A kill re-sends what was in flight, so the sender keeps rate x round trip out: one
    while answers come back at once, three at 100 ms, and the rate holds either way."""
    chats = list(range(800, 890))
    fill(db, chats)
    out = seen = 0

    async def deliver(row: OutboxMessage) -> Delivery:
        nonlocal out, seen
        out += 1
        seen = max(seen, out)
        await clock.sleep(round_trip) if round_trip else await asyncio.sleep(0)
        out -= 1
        return Delivery(outcome=Outcome.SENT, message_id=row.id)

    report = await clock.sender(db, deliver).drain()
    assert len(report.sent) == 90
    assert seen == most_in_flight
    # 30 places, each held from a send to a second after its answer: 90 in three windows
    assert clock.elapsed < 3 * (1 + round_trip) + 0.5


def test_a_claim_is_taken_by_one_sender_only(db: sessionmaker[Session]) -> None:
    fill(db, [71, 72, 73])
    with transaction(db) as session:
        mine = outbox.claim(session, START, "one", 2)
    with transaction(db) as session:
        theirs = outbox.claim(session, START, "two", 10)
    assert [r.key for r in mine] == ["test:0", "test:1"] and [r.key for r in theirs] == ["test:2"]
    with transaction(db) as session:
        assert outbox.claim(session, START + LEASE, "three", 10)  # lapsed claims are free again


async def test_a_reply_goes_before_the_outbox_when_the_second_is_full(clock: Clock) -> None:
    limits = clock.limits()
    for chat in range(100, 130):  # the outbox filled this second
        limits.record(chat)
    order: list[str] = []

    async def send(name: str, chat: int, spaced: bool) -> None:
        await limits.acquire(chat, spaced=spaced)
        order.append(name)

    await asyncio.gather(
        send("outbox 1", 201, True), send("outbox 2", 202, True), send("reply", 7, False)
    )
    assert order[0] == "reply"
