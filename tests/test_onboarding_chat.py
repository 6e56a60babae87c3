"""Onboarding in chat, driven through the real Application over the fake transport."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.engine import transaction
from db.models import Enrolment, EnrolmentStatus, Group, Membership, Organisation, Person
from i18n import texts_for
from tests.chat import LINK, Chat, coordinator_code, create_group_in_chat, join
from tests.fake_telegram import callback, feed


async def test_coordinator_creates_a_group_and_a_parent_joins(chat: Chat) -> None:
    coordinator = chat.user(10, "Mette")
    parent_code, staff_code = await create_group_in_chat(chat, coordinator)

    parent = chat.user(20, "Amina", language_code="en")
    await parent.command(f"/start {parent_code}")
    picker = parent.last()
    labels = [label for row in picker.buttons for label, _ in row]
    assert labels[0] == "✓ English"  # Telegram's language suggested first
    assert "Dansk" in labels and "English" in "".join(labels)
    with transaction(chat.db) as session:  # nothing stored before consent
        assert (
            session.scalar(select(func.count()).select_from(Person).where(Person.telegram_id == 20))
            == 0
        )
    await parent.press("English")
    consent = parent.last().text
    assert "What I save" in consent and "Other parents never see" in consent
    assert "/delete" in consent
    await parent.press("Yes, that is OK")
    welcome = parent.last().text
    assert "Welcome to Babygruppen tirsdag" in welcome
    assert "Tuesday" in welcome and "10:00" in welcome and "Solsikken" in welcome
    assert "Tuesday, November 24, 2026" in welcome  # the next meeting after NOW

    with transaction(chat.db) as session:
        person = session.scalars(select(Person).where(Person.telegram_id == 20)).one()
        assert person.language == "en"
        enrolment = session.scalars(select(Enrolment)).one()
        assert enrolment.status == EnrolmentStatus.ACTIVE

    staff = chat.user(30, "Sofie")
    await join(staff, staff_code)
    assert "personale" in staff.last().text.lower()
    with transaction(chat.db) as session:
        roles = sorted(session.scalars(select(Membership.role)).all())
        assert roles == ["coordinator", "parent", "staff"]


async def test_parent_joins_in_danish_and_help_and_language(chat: Chat) -> None:
    coordinator = chat.user(10, "Mette")
    parent_code, _ = await create_group_in_chat(chat, coordinator)
    parent = chat.user(21, "Fatma", language_code="da")
    await join(parent, parent_code)
    assert "Velkommen til Babygruppen tirsdag" in parent.last().text

    await parent.command("/help")
    help_text = parent.last().text
    assert "/leave" in help_text and "/language" in help_text
    assert "/newgroup" not in help_text  # parents don't see coordinator tools

    await coordinator.command("/help")
    assert "/newgroup" in coordinator.last().text and "/links" in coordinator.last().text

    await parent.command("/language")
    await parent.press("English")
    assert "English from now on" in parent.last().text
    await parent.command("/help")
    assert "What I can do" in parent.last().text
    with transaction(chat.db) as session:
        assert (
            session.scalars(select(Person.language).where(Person.telegram_id == 21)).one() == "en"
        )


@pytest.mark.parametrize("code", ["doesnotexist_1234", "bad code!", "x"])
async def test_unknown_links_get_a_kind_answer(chat: Chat, code: str) -> None:
    stranger = chat.user(40, "Sanne", language_code="nl")  # not supported: Danish fallback
    await stranger.command(f"/start {code}")
    assert "Spørg din gruppes koordinator" in stranger.last().text


async def test_a_stranger_is_answered_in_the_language_telegram_reports(chat: Chat) -> None:
    stranger = chat.user(41, "Olena", language_code="uk")
    await stranger.command("/start doesnotexist_1234")
    ukrainian = texts_for("uk").plain(
        "Please ask your group's coordinator for a new link or QR code."
    )
    assert ukrainian in stranger.last().text and ukrainian.startswith("Попросіть")


async def test_revoked_link_is_refused_and_a_new_one_works(chat: Chat) -> None:
    coordinator = chat.user(10, "Mette")
    parent_code, _ = await create_group_in_chat(chat, coordinator)
    await coordinator.command("/links")
    await coordinator.press("Nyt link til forældre")
    new_parent_code = LINK.findall(coordinator.last().text)[0]
    assert new_parent_code != parent_code

    parent = chat.user(22, "Maria", language_code="pl")
    await parent.command(f"/start {parent_code}")  # before any choice: Telegram's language
    assert texts_for("pl").plain("This link is no longer in use.") in parent.last().text
    await join(parent, new_parent_code)
    assert "Velkommen" in parent.last().text


async def test_declining_consent_stores_nothing(chat: Chat) -> None:
    parent_code, _ = await create_group_in_chat(chat, chat.user(10, "Mette"))
    parent = chat.user(23, "Hodan", language_code=None)
    await parent.command(f"/start {parent_code}")
    await parent.press("Dansk")
    await parent.press("Nej tak")
    assert "Der er ikke gemt noget om dig" in parent.last().text
    with transaction(chat.db) as session:
        assert (
            session.scalar(select(func.count()).select_from(Person).where(Person.telegram_id == 23))
            == 0
        )


async def test_one_time_coordinator_link_cannot_be_reused(chat: Chat) -> None:
    code = coordinator_code(chat.db)
    first = chat.user(11, "Lise")
    await join(first, code)
    second = chat.user(12, "Ole")
    await second.command(f"/start {code}")
    assert "allerede brugt" in second.last().text


async def test_parents_cannot_use_coordinator_tools(chat: Chat) -> None:
    parent_code, _ = await create_group_in_chat(chat, chat.user(10, "Mette"))
    parent = chat.user(24, "Aisha")
    await join(parent, parent_code)
    for command in ("/newgroup", "/links", "/neworg Test"):
        await parent.command(command)
        assert "kun for" in parent.last().text
    with transaction(chat.db) as session:
        assert session.scalar(select(func.count()).select_from(Group)) == 1


async def test_leave_and_delete(chat: Chat) -> None:
    parent_code, _ = await create_group_in_chat(chat, chat.user(10, "Mette"))
    parent = chat.user(25, "Zahra")
    await join(parent, parent_code)
    await parent.command("/leave")
    await parent.press("Babygruppen tirsdag")
    await parent.press("Ja, forlad gruppen")
    assert "velkommen tilbage" in parent.last().text.lower()
    with transaction(chat.db) as session:
        assert session.scalars(select(Enrolment.status)).one() == EnrolmentStatus.LEFT
    await parent.command("/delete")
    await parent.press("Ja, slet")
    with transaction(chat.db) as session:
        assert (
            session.scalar(select(func.count()).select_from(Person).where(Person.telegram_id == 25))
            == 0
        )


async def test_admin_creates_an_organisation_in_chat(chat: Chat) -> None:
    admin = chat.user(1, "Admin")
    await admin.command("/neworg Greve Nord")
    code = LINK.findall(admin.last().text)[0]
    with transaction(chat.db) as session:
        assert session.scalars(select(Organisation.name)).all() == ["Greve Nord"]
    coordinator = chat.user(13, "Hanne")
    await join(coordinator, code)
    assert "Greve Nord" in coordinator.last().text


async def test_stale_buttons_and_stray_text_get_answers(chat: Chat) -> None:
    user = chat.user(26, "Nour")
    await user.text("hej")
    assert "/help" in user.last().text
    old_reminder = {
        "message_id": 1,
        "date": 1,
        "chat": {"id": 26, "type": "private"},
        "text": "Tuesday?",
        "reply_markup": {"inline_keyboard": [[{"text": "Yes", "callback_data": "a:999:coming"}]]},
    }
    await feed(chat.app, callback(26, "a:999:coming", 1, message=old_reminder))
    assert chat.fake.callback_answers[-1].text == "Denne knap virker ikke længere."


async def test_a_failing_handler_gets_a_kind_answer_and_loses_nothing(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent_code, _ = await create_group_in_chat(chat, chat.user(10, "Mette"))
    parent = chat.user(27, "Leyla", language_code="en")
    await join(parent, parent_code, "English")

    import handlers.help

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the template store is on fire")

    monkeypatch.setattr(handlers.help, "help_text", broken)
    await feed(chat.app, parent.user.command("/help"), raise_errors=False)
    assert (
        parent.last().text
        == "Sorry, something went wrong on my side. Please try again in a moment."
    )
    assert "fire" not in parent.last().text
    with transaction(chat.db) as session:
        assert (
            session.scalars(select(Person.language).where(Person.telegram_id == 27)).one() == "en"
        )
