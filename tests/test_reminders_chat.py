"""Reminders, replies and check-in through the real Application and the outbox."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.engine import transaction
from db.models import (
    Attendance,
    Meeting,
    MeetingStatus,
    OutboxMessage,
    OutboxStatus,
    Person,
)
from scheduling.tick import tick
from tests.chat import Chat, ChatUser, create_group_in_chat, join
from tests.fake_telegram import Call, callback, feed

MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 18:00 in Copenhagen
TUESDAY_08 = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
TUESDAY_10_05 = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def run_tick(chat: Chat, now: datetime) -> None:
    chat.app.bot_data["services"].clock.now = now
    await tick(chat.db, now, sender=chat.sender(lambda: now))


async def group_with_three_parents(chat: Chat) -> tuple[ChatUser, list[ChatUser], ChatUser]:
    clock = MovableClock(datetime(2026, 11, 22, 12, tzinfo=UTC))
    chat.app.bot_data["services"].clock = clock
    coordinator = chat.user(10, "Mette")
    parent_code, staff_code = await create_group_in_chat(chat, coordinator)
    fatma, amina, sara = chat.user(21, "Fatma"), chat.user(22, "Amina", "en"), chat.user(23, "Sara")
    await join(fatma, parent_code)
    await join(amina, parent_code, "English")
    await join(sara, parent_code)
    staff = chat.user(30, "Sofie")
    await join(staff, staff_code)
    return coordinator, [fatma, amina, sara], staff


async def test_reminders_replies_and_check_in(chat: Chat) -> None:
    _, (fatma, amina, sara), staff = await group_with_three_parents(chat)

    await run_tick(chat, MONDAY_18 - timedelta(minutes=1))
    assert not chat.fake.sent_to(21) or "Kommer du" not in fatma.last().text

    await run_tick(chat, MONDAY_18)
    assert "Kommer du?" in fatma.last().text and "tirsdag den 24. november" in fatma.last().text
    assert "Are you coming?" in amina.last().text and "Tuesday" in amina.last().text
    assert "Kommer du?" in sara.last().text
    assert fatma.last().button_texts == ["Jeg kommer", "Jeg kan ikke komme", "Jeg kommer senere"]

    await fatma.press("Jeg kommer")
    assert "Dit svar: Jeg kommer." in fatma.last().text
    await amina.press("I can't come")
    assert "My child is sick" in amina.last().button_texts
    await amina.press("My child is sick")
    assert "We hope your child feels better soon." in amina.last().text

    await run_tick(chat, MONDAY_18 + timedelta(minutes=1))  # idempotent: nothing new
    await run_tick(chat, TUESDAY_08)
    with transaction(chat.db) as session:
        keys = sorted(session.scalars(select(OutboxMessage.key)).all())
        assert [k.rsplit(":", 2)[-1] for k in keys] == ["first", "first", "first", "second"]
        assert all(s == OutboxStatus.SENT for s in session.scalars(select(OutboxMessage.status)))
    assert sum("Kommer du?" in m.text for m in sara.messages() if m.text) == 2
    assert sum("Kommer du?" in m.text for m in fatma.messages() if m.text) == 1

    chat.app.bot_data["services"].clock.now = TUESDAY_10_05
    await sara.press("Jeg kommer")  # too late: the meeting started; nothing changes
    assert "allerede begyndt" in chat.fake.callback_answers[-1].text

    await staff.command("/checkin")
    assert "Hvem er her?" in staff.last().text
    await staff.press("▫️ Fatma")
    assert "✅ Fatma" in staff.last().button_texts
    await staff.press("Afslut mødet")
    assert "Kom: 1. Meldte afbud: 1. Kom ikke: 1." in staff.last().text

    with transaction(chat.db) as session:
        outcomes = dict(session.execute(select(Attendance.family_id, Attendance.outcome)).all())
        assert sorted(outcomes.values()) == ["attended", "no_show", "notice"]
        closed = session.scalars(select(Meeting).where(Meeting.closed_at.is_not(None))).one()
        assert closed.status == MeetingStatus.CLOSED


async def test_sessions_close_themselves_and_staff_of_other_groups_are_refused(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_18)
    await fatma.press("Jeg kommer")

    # staff of a different group taps a family of this group
    other_coordinator = chat.user(11, "Lise")
    _, other_staff_code = await create_group_in_chat(chat, other_coordinator)
    stranger = chat.user(40, "Ole")
    await join(stranger, other_staff_code)
    with transaction(chat.db) as session:
        first = session.scalars(select(Meeting).order_by(Meeting.starts_at)).first()
        session_id, family_id = first.id, fatma_family(session)
    data = f"p:{session_id}:{family_id}"
    old = {
        "message_id": 1,
        "date": 1,
        "chat": {"id": 40, "type": "private"},
        "text": "list",
        "reply_markup": {"inline_keyboard": [[{"text": "Fatma", "callback_data": data}]]},
    }
    await feed(chat.app, callback(40, data, 1, message=old))
    assert "kun for" in chat.fake.callback_answers[-1].text
    with transaction(chat.db) as session:
        assert session.scalars(select(Attendance.present)).all() == [None]

    await run_tick(chat, TUESDAY_10_05 + timedelta(hours=5))  # nobody closed it
    with transaction(chat.db) as session:
        row = session.scalars(select(Attendance).where(Attendance.family_id == family_id)).one()
        assert row.outcome == "no_show"  # said coming, nobody checked her in
        assert session.get(Meeting, session_id).status == MeetingStatus.CLOSED


def fatma_family(session: object) -> int:
    from db.models import Person

    return session.scalars(select(Person.family_id).where(Person.telegram_id == 21)).one()


async def test_next_and_calendar(chat: Chat) -> None:
    _, (fatma, amina, _), _ = await group_with_three_parents(chat)
    chat.app.bot_data["services"].clock.now = datetime(2026, 12, 20, 12, tzinfo=UTC)
    await amina.command("/next")
    text = amina.last().text
    assert "Next time: Tuesday, December 22, 2026 at 10:00" in text.replace("\u202f", " ")
    chat.app.bot_data["services"].clock.now = datetime(2026, 12, 24, 12, tzinfo=UTC)
    await fatma.command("/next")
    # the 29th is a working day; the next Tuesday after Christmas Eve
    assert "Næste gang: tirsdag den 29. december 2026" in fatma.last().text

    await fatma.command("/calendar")
    document = fatma.last()
    assert document.document_name.endswith(".ics")
    body = document.document.decode()
    assert body.count("BEGIN:VEVENT") == 26
    assert "SUMMARY:Babygruppen tirsdag" in body and "LOCATION:Vuggestuen Solsikken" in body
    assert "kalender" in document.caption


async def test_next_tells_about_a_cancelled_week(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await fatma.command("/next")
    with transaction(chat.db) as session:
        first = session.scalars(select(Meeting).order_by(Meeting.starts_at)).first()
        first.status = MeetingStatus.CANCELLED
    await fatma.command("/next")
    text = fatma.last().text
    assert "Ingen gruppe tirsdag den 24. november 2026." in text
    assert "Næste gang: tirsdag den 1. december 2026" in text


async def test_a_blocked_parent_is_phoned_and_a_parent_who_left_gets_nothing(chat: Chat) -> None:
    coordinator, (fatma, amina, _), _ = await group_with_three_parents(chat)
    await amina.command("/leave")
    await amina.press("Babygruppen tirsdag")
    await amina.press("Yes, leave")
    amina_before = len(amina.messages())
    chat.fake.blocked.add(23)  # Sara blocks the bot

    await run_tick(chat, MONDAY_18)
    await run_tick(chat, MONDAY_18.replace(minute=1))  # the notice goes out on the next drain
    notice = next(m.text for m in coordinator.messages() if "har blokeret botten" in (m.text or ""))
    assert "Sara fra Babygruppen tirsdag har blokeret botten" in notice and "ringe" in notice
    digest = coordinator.last().text  # the call list comes with the first reminder
    assert "Ringeliste for Babygruppen tirsdag" in digest and "ring gerne" in digest
    assert "Kommer du?" in fatma.last().text
    assert len(amina.messages()) == amina_before  # left: no reminder

    await run_tick(chat, TUESDAY_08)  # no second reminder to Sara, no second notice
    with transaction(chat.db) as session:
        keys = session.scalars(select(OutboxMessage.key)).all()
        assert sum(k.startswith("unreachable:") for k in keys) == 1
        sara_id = session.scalars(select(Person.id).where(Person.telegram_id == 23)).one()
        assert f"reminder:{first_session_id(session)}:{sara_id}:first" in keys
        assert f"reminder:{first_session_id(session)}:{sara_id}:second" not in keys
    notices = [m for m in coordinator.messages() if "Sara fra" in (m.text or "")]
    assert len(notices) == 1


def first_session_id(session: object) -> int:
    return session.scalars(select(Meeting.id).order_by(Meeting.starts_at)).first()


async def test_a_parent_checks_in_herself(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, datetime(2026, 11, 22, 12, tzinfo=UTC))  # the bot plans every minute
    await fatma.command("/here")
    assert "/next" in fatma.last().text  # Sunday: no meeting now
    chat.app.bot_data["services"].clock.now = datetime(2026, 11, 24, 8, 40, tzinfo=UTC)
    await fatma.command("/here")
    assert "tjekket ind" in fatma.last().text
    with transaction(chat.db) as session:
        assert session.scalars(select(Attendance.present)).all() == [True]


async def test_the_running_bot_ticks_every_minute(chat: Chat) -> None:
    jobs = chat.app.job_queue.get_jobs_by_name("tick")
    assert len(jobs) == 1
    assert jobs[0].trigger.interval.total_seconds() == 60


async def test_the_reply_is_committed_before_the_bot_talks(chat: Chat) -> None:
    """Commit, then talk: when Telegram gets the edit, the answer is already in the database
    for every other connection, so no transaction waits on the network."""
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_18)
    seen: list[str | None] = []

    def look(call: Call) -> None:
        if call.method == "editMessageText":
            with transaction(chat.db) as session:  # another connection, another transaction
                seen.append(session.scalars(select(Attendance.reply)).first())

    chat.fake.on_request.append(look)
    await fatma.press("Jeg kommer")
    assert seen == ["coming"]
    assert "Dit svar: Jeg kommer." in fatma.last().text


async def test_a_parent_who_blocked_the_bot_is_logged_at_info_with_her_id(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    """Blocking the bot is a parent's right, not a fault: INFO with who it was, never ERROR."""
    _, (_, _, sara), _ = await group_with_three_parents(chat)
    with transaction(chat.db) as session:
        sara_id = session.scalars(select(Person.id).where(Person.telegram_id == 23)).one()
    chat.fake.blocked.add(23)
    caplog.set_level(logging.INFO)

    await run_tick(chat, MONDAY_18)  # her reminder meets a 403
    await feed(chat.app, sara.user.command("/next"), raise_errors=False)  # sent just before

    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    blocked = [r.getMessage() for r in caplog.records if "blocked the bot" in r.getMessage()]
    assert any(f"person {sara_id} (chat 23)" in line for line in blocked), blocked
    assert any("Telegram user 23 (chat 23)" in line for line in blocked), blocked
    assert all(r.levelno == logging.INFO for r in caplog.records if "blocked" in r.getMessage())
