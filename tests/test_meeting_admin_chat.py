"""Coordinators shape the coming meetings in chat; parents hear about it in their language."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from db.engine import transaction
from db.models import Meeting, MeetingStatus
from tests.chat import Chat
from tests.fake_telegram import UploadedFile, feed, private_message
from tests.test_planning import AUTUMN_ICS
from tests.test_reminders_chat import MONDAY_18, group_with_three_parents, run_tick


def first_session(chat: Chat) -> Meeting:
    with transaction(chat.db) as session:
        return session.scalars(select(Meeting).order_by(Meeting.starts_at)).first()


async def test_theme_guest_cancel_restore_and_move(chat: Chat) -> None:
    coordinator, (fatma, amina, _), staff = await group_with_three_parents(chat)
    await coordinator.command("/sessions")
    listing = coordinator.last()
    assert "De næste møder i Babygruppen tirsdag" in listing.text
    first_label = listing.button_texts[0]
    assert first_label.startswith("tirsdag den 24. november 2026")

    await coordinator.press(first_label)
    await coordinator.press("Emne")
    await coordinator.text("Søvn")
    await coordinator.press("Gæst")
    await coordinator.text("Sundhedsplejersken")
    assert "Emne: Søvn" in coordinator.last().text
    assert "Gæst: Sundhedsplejersken" in coordinator.last().text

    await run_tick(chat, MONDAY_18)
    assert "Theme: Søvn" in amina.last().text
    assert "Guest: Sundhedsplejersken. Bring your questions!" in amina.last().text

    await coordinator.press("Aflys dette møde")
    await coordinator.text("Lokalet er optaget")
    assert first_session(chat).status == MeetingStatus.CANCELLED
    await run_tick(chat, MONDAY_18.replace(minute=30))
    assert "Ingen gruppe denne gang" in fatma.last().text
    assert "Fra koordinatoren: Lokalet er optaget" in fatma.last().text
    assert "No group this time" in amina.last().text

    await coordinator.press("Hold mødet alligevel")
    assert first_session(chat).status == MeetingStatus.PLANNED

    await coordinator.press("Flyt")
    await coordinator.text("i morgen")  # not a date: asked again, nothing changed
    assert "26.11.2026 10:00" in coordinator.last().text
    await coordinator.text("25.11.2026 11:30 Beboerhuset, sal 2")
    moved = first_session(chat)
    assert moved.starts_at == datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
    assert moved.place == "Beboerhuset, sal 2" and moved.rule_date == date(2026, 11, 24)

    await staff.command("/sessions")  # staff may check in, not change meetings
    assert "kun for" in staff.last().text
    await fatma.command("/sessions")
    assert "kun for" in fatma.last().text


async def test_holidays_by_command_and_by_ics_file(chat: Chat) -> None:
    coordinator, _, _ = await group_with_three_parents(chat)
    await coordinator.command("/holiday 30.11.2026 4.12.2026 Juleferie tidlig")
    await coordinator.press("Babygruppen tirsdag")
    assert "Gemt" in coordinator.last().text
    with transaction(chat.db) as session:
        dec1 = session.scalars(select(Meeting).where(Meeting.rule_date == date(2026, 12, 1))).one()
        assert dec1.cancel_reason == "holiday:Juleferie tidlig"

    await coordinator.command("/holiday soon")
    assert "/holiday 12.10.2026" in coordinator.last().text

    upload = UploadedFile("school.ics", AUTUMN_ICS, "text/calendar")
    chat.fake.files["ICS-1"] = upload
    update = private_message(10, "", "Mette", fake=chat.fake)
    message = update["message"]
    message.pop("text", None)
    message.pop("entities", None)
    message["document"] = {
        "file_id": "ICS-1",
        "file_unique_id": "UICS1",
        "file_name": "school.ics",
        "file_size": len(AUTUMN_ICS),
    }
    await feed(chat.app, update)
    assert "2 ferier fundet" in coordinator.last().text
    await coordinator.press("Babygruppen tirsdag")
    assert "Vinterferie" in coordinator.last().text
    with transaction(chat.db) as session:
        feb16 = session.scalars(select(Meeting).where(Meeting.rule_date == date(2027, 2, 16))).one()
        assert feb16.status == MeetingStatus.CANCELLED


async def test_saved_confirmation_shows_the_meeting_in_bold_not_escaped_tags(chat: Chat) -> None:
    """After a change the coordinator reads "Gemt." and the meeting in bold, never "&lt;b&gt;"."""
    coordinator, _, _ = await group_with_three_parents(chat)
    await coordinator.command("/sessions")
    await coordinator.press(coordinator.last().button_texts[0])
    for button, value in (("Emne", "Søvn"), ("Aflys dette møde", "Lokalet er optaget")):
        await coordinator.press(button)
        await coordinator.text(value)
        saved = coordinator.last()
        assert saved.plain_text.startswith("Gemt.\n\nBabygruppen tirsdag\n")
        assert "&lt;" not in saved.text and "<b>" not in saved.plain_text
        bold = [
            saved.plain_text[e["offset"] : e["offset"] + e["length"]]
            for e in saved.entities
            if e["type"] == "bold"
        ]
        assert "Babygruppen tirsdag" in bold
    assert "Mødet er aflyst." in saved.plain_text
