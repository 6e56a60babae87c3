"""An announcement about a meeting changes the meeting: "meeting cancelled" cancels it (no
reminder, no follow-up, counted as cancelled), "new time or place" moves it; and /announce
and /newgroup survive a restart of the bot halfway through."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from telegram.ext import Application, ConversationHandler

from db.engine import transaction
from db.models import (
    ConversationDraft,
    ConversationState,
    Meeting,
    MeetingStatus,
    OutboxMessage,
)
from handlers.application import build_application as build_bot_application
from tests.chat import Chat, ChatUser, coordinator_code
from tests.fake_telegram import build_application, feed
from tests.test_reminders_chat import group_with_three_parents, run_tick
from usecases.reports import build_workbook

DECEMBER_1 = date(2026, 12, 1)
MONDAY_30_18 = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # 18:00 in Copenhagen, the day before
WEDNESDAY_2_12 = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # follow-ups are due by now
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def meeting_on(chat: Chat, day: date) -> Meeting:
    with transaction(chat.db) as session:
        meeting = next(
            m
            for m in session.scalars(select(Meeting))
            if m.starts_at.astimezone(COPENHAGEN).date() == day
        )
        session.expunge(meeting)
        return meeting


def outbox_keys(chat: Chat, meeting_id: int) -> list[str]:
    with transaction(chat.db) as session:
        return [  # reminder:, cancelled:, digest:, followup:<meeting>:...
            key
            for key in session.scalars(select(OutboxMessage.key))
            if not key.startswith("announce:") and key.split(":")[1] == str(meeting_id)
        ]


async def announce_cancelled(
    chat: Chat, coordinator: ChatUser, day_label: str, reason: str
) -> None:
    await coordinator.command("/announce")
    await coordinator.press("Aflyst gang")
    await coordinator.press(day_label)
    await coordinator.press(reason)
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot


async def test_a_cancellation_announcement_cancels_the_meeting(chat: Chat) -> None:
    coordinator, (fatma, amina, sara), _ = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_30_18 - timedelta(days=7))  # meetings planned
    await announce_cancelled(chat, coordinator, "tirsdag den 1. december 2026", "ferie")
    assert "ingen gruppe tirsdag den 1. december 2026" in fatma.last().text
    heard = {user: len(user.messages()) for user in (fatma, amina, sara)}

    meeting = meeting_on(chat, DECEMBER_1)
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.cancel_reason == "announced:holiday"  # the reason is kept

    await run_tick(chat, MONDAY_30_18)  # when the reminder would go out
    await run_tick(chat, MONDAY_30_18 + timedelta(hours=15))  # and the second one
    await run_tick(chat, WEDNESDAY_2_12)  # and the follow-ups
    assert outbox_keys(chat, meeting.id) == []  # no reminder, no "no group", no follow-up
    assert {user: len(user.messages()) for user in (fatma, amina, sara)} == heard

    with transaction(chat.db) as session:  # the summary counts it as cancelled
        group = session.get(Meeting, meeting.id).group
        report = build_workbook(session, group, DECEMBER_1, DECEMBER_1, WEDNESDAY_2_12, str).report
        assert (report.held, report.cancelled) == (0, 1)


async def test_the_form_says_when_the_meeting_is_already_cancelled(chat: Chat) -> None:
    coordinator, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_30_18 - timedelta(days=7))
    with transaction(chat.db) as session:
        meeting = session.get(Meeting, meeting_on(chat, DECEMBER_1).id)
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = "note:Lokalet er optaget"
    await coordinator.command("/announce")
    await coordinator.press("Aflyst gang")
    await coordinator.press("tirsdag den 1. december 2026")
    assert any(
        "Denne gang er allerede aflyst" in (m.text or "") for m in coordinator.messages()[-2:]
    )
    await coordinator.press("en medarbejder er syg")
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot
    assert "ingen gruppe tirsdag den 1. december 2026" in fatma.last().text
    assert meeting_on(chat, DECEMBER_1).cancel_reason == "note:Lokalet er optaget"  # kept


async def test_new_time_or_place_moves_the_meeting(chat: Chat) -> None:
    coordinator, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_30_18 - timedelta(days=7))
    await coordinator.command("/announce")
    await coordinator.press("Nyt tidspunkt eller sted")
    await coordinator.press("tirsdag den 1. december 2026")
    await coordinator.text("11:30")
    await coordinator.text("Beboerhuset, Hyldagerparken 3")
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot

    meeting = meeting_on(chat, DECEMBER_1)
    assert meeting.starts_at.astimezone(COPENHAGEN).strftime("%H:%M") == "11:30"
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)
    assert meeting.place == "Beboerhuset, Hyldagerparken 3"
    await run_tick(chat, MONDAY_30_18)  # the reminder tells the new time and place
    reminder = fatma.last().plain_text
    assert "11.30" in reminder and "Beboerhuset" in reminder


async def restart(chat: Chat, old: Application) -> Application:
    """A new Application on the same database, as after `systemctl restart`; the old one is
    shut down without being stopped politely (nothing is written on the way out)."""
    services = old.bot_data["services"]
    await old.shutdown()
    app = build_bot_application(
        services.settings, services, build_application(chat.fake, token=old.bot.token)
    )
    await app.initialize()
    await app.post_init(app)
    chat.app = app
    return app


async def test_a_restart_in_the_middle_of_announce_resumes_it(chat: Chat) -> None:
    coordinator, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_30_18 - timedelta(days=7))
    await coordinator.command("/announce")
    await coordinator.press("Aflyst gang")
    await coordinator.press("tirsdag den 1. december 2026")

    app = await restart(chat, chat.app)
    try:
        coordinator = ChatUser(app, coordinator.user)
        await coordinator.press("en medarbejder er syg")
        assert "Den sendes til 3 forældre." in coordinator.last().plain_text
        await coordinator.press("✅ Send")
        await chat.send_outbox()  # the background sender, in the running bot
        assert "ingen gruppe tirsdag den 1. december 2026" in fatma.last().text
    finally:
        await app.shutdown()


async def newgroup_half_done(chat: Chat) -> ChatUser:
    """A coordinator who has told /newgroup the group's name, weekday and time."""
    coordinator = chat.user(10, "Mette")
    await coordinator.command(f"/start {coordinator_code(chat.db)}")
    await coordinator.press("Dansk")
    await coordinator.press("Ja, det er i orden")
    await coordinator.command("/newgroup")
    await coordinator.text("Familiegruppen")
    await coordinator.press("torsdag")
    await coordinator.text("16:30")
    return coordinator


async def test_a_restart_in_the_middle_of_newgroup_resumes_it(chat: Chat) -> None:
    coordinator = await newgroup_half_done(chat)

    app = await restart(chat, chat.app)
    try:
        coordinator = ChatUser(app, coordinator.user)
        await coordinator.text("Beboerhuset")
        await coordinator.press("Forløb (fast start og slut)")
        await coordinator.text("14.01.2027")
        await coordinator.text("12")
        summary = coordinator.last().text
        assert "Familiegruppen" in summary and "16.30" in summary and "Beboerhuset" in summary
        await coordinator.press("Opret gruppen")
        assert any("Familiegruppen" in (m.text or "") for m in coordinator.messages()[-3:])
    finally:
        await app.shutdown()


async def test_a_restart_resumes_from_the_database_not_from_the_old_application(
    chat: Chat,
) -> None:
    """Each Application has its own conversation handlers: the step comes back from the
    conversation tables, so without its row the new process starts afresh."""
    coordinator = await newgroup_half_done(chat)
    with transaction(chat.db) as session:
        assert session.scalars(select(ConversationState.name)).all() == ["new_group"]
        session.execute(delete(ConversationState))

    old = chat.app
    app = await restart(chat, old)
    try:
        coordinator = ChatUser(app, coordinator.user)
        await coordinator.text("Beboerhuset")  # no step stored: not taken as the place
        assert "Åben gruppe (kom når som helst)" not in coordinator.last().button_texts
        shared = {id(h) for handlers in old.handlers.values() for h in handlers} & {
            id(h) for handlers in app.handlers.values() for h in handlers
        }
        assert not any(
            isinstance(h, ConversationHandler) and id(h) in shared
            for handlers in app.handlers.values()
            for h in handlers
        )
    finally:
        await app.shutdown()


async def test_buttons_say_what_they_do_and_old_codes_still_work(chat: Chat) -> None:
    """`an:things_done` and `an:default_lang` today; `an:mok`, `an:vd` (and `an:gok`) from
    buttons already sitting in chats keep working."""
    coordinator, (fatma, _, _), _ = await group_with_three_parents(chat)
    await coordinator.command("/announce")
    await coordinator.press("Tag noget med")
    await coordinator.text("3.12")
    await coordinator.press("varmt tøj")
    assert coordinator.last().button("➡️ Videre")[1] == "an:things_done"
    await feed(chat.app, coordinator.user.press_data("an:mok"))  # a button from before
    assert "Den sendes til" in coordinator.last().plain_text  # the preview: it was taken
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot
    assert "• varmt tøj" in fatma.last().plain_text

    await coordinator.command("/announce")
    await coordinator.press("Fri tekst")
    await coordinator.text("Vi ses!")
    await coordinator.press("➕ English")
    await coordinator.text("See you!")
    assert "Standard: Dansk" in coordinator.last().button_texts
    await feed(chat.app, coordinator.user.press_data("an:vd"))
    assert "Standard: English" in coordinator.last().button_texts
    await coordinator.press("➕ Polski")  # then changes her mind and sends without it
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot
    assert "Vi ses!" in fatma.last().plain_text


async def test_delete_takes_a_half_written_draft_with_it(chat: Chat) -> None:
    coordinator, _, _ = await group_with_three_parents(chat)
    await coordinator.command("/announce")
    await coordinator.press("Fri tekst")
    await coordinator.text("Husk madpakke på fredag")
    await coordinator.press("➕ English")
    with transaction(chat.db) as session:
        assert session.scalars(select(ConversationDraft.user_id)).all() == [10]
        assert session.scalars(select(ConversationState.user_id)).all() == [10]
    await coordinator.command("/delete")
    await coordinator.press("Ja, slet")
    with transaction(chat.db) as session:
        assert session.scalars(select(ConversationDraft)).all() == []
        assert session.scalars(select(ConversationState)).all() == []
