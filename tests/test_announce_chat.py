"""Announcements in chat: templates filled by buttons, a preview in any language, delivery to
each parent in their own language, skipping families who said no, and the delivery report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.engine import transaction
from db.models import AuditEntry, Enrolment, EnrolmentStatus, Group, OutboxMessage, Person
from i18n import languages
from tests.chat import Chat
from tests.fake_telegram import feed
from tests.test_reminders_chat import MONDAY_18, group_with_three_parents, run_tick

NATIVE_NAMES = [language.native_name for language in languages()]


def set_status(chat: Chat, telegram_id: int, status: EnrolmentStatus) -> None:
    with transaction(chat.db) as session:
        person = session.scalars(select(Person).where(Person.telegram_id == telegram_id)).one()
        enrolment = session.scalars(
            select(Enrolment).where(Enrolment.family_id == person.family_id)
        ).one()
        enrolment.status = status


async def test_a_cancellation_reaches_everyone_in_their_language(chat: Chat) -> None:
    coordinator, (fatma, amina, _), staff = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_18 - timedelta(days=1))  # sessions planned
    chat.fake.blocked.add(23)  # Sara has blocked the bot

    await coordinator.command("/announce")
    assert "Aflyst gang" in coordinator.last().button_texts
    await coordinator.press("Aflyst gang")
    assert coordinator.last().button_texts[0] == "tirsdag den 24. november 2026"
    await coordinator.press("tirsdag den 1. december 2026")
    await coordinator.press("en medarbejder er syg")
    preview = coordinator.last()
    assert "Forhåndsvisning (Dansk)" in preview.text
    assert "Babygruppen tirsdag: ingen gruppe tirsdag den 1. december 2026" in preview.plain_text
    assert "Den sendes til 3 forældre." in preview.plain_text
    others = [name for name in preview.button_texts if name in NATIVE_NAMES]
    assert sorted(others) == sorted(n for n in NATIVE_NAMES if n != "Dansk")  # every other one
    assert all(len(row) <= 3 for row in preview.buttons)  # readable on a phone
    await coordinator.press("العربية")
    assert "Babygruppen tirsdag" in coordinator.last().plain_text  # the name stays as written
    await coordinator.press("English")
    english = coordinator.last().plain_text
    assert "Babygruppen tirsdag: no meeting on Tuesday, December 1, 2026" in english
    assert "The reason: a staff member is ill." in english
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot
    assert any("Sender nu til 3 forældre" in (m.text or "") for m in coordinator.messages())

    assert "ingen gruppe tirsdag den 1. december 2026" in fatma.last().text
    assert "Grunden: en medarbejder er syg." in fatma.last().plain_text
    assert "no meeting on Tuesday, December 1, 2026" in amina.last().text
    assert all("ingen gruppe" not in m.text for m in staff.messages())  # parents only
    report = coordinator.last().plain_text
    assert "Din besked “Aflyst gang” er sendt" in report
    assert "Leveret: 2. Ikke leveret: 1." in report
    assert "Sara" in report.split("Ring gerne til dem:")[1]
    with transaction(chat.db) as session:
        assert session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "announcement.sent")
        ).all() == ["announcement.sent"]


async def test_declined_left_and_paused_families_are_skipped_unless_ticked(chat: Chat) -> None:
    coordinator, (fatma, amina, sara), _ = await group_with_three_parents(chat)
    set_status(chat, 22, EnrolmentStatus.DECLINED)
    set_status(chat, 23, EnrolmentStatus.PAUSED)
    before = {u: len(u.messages()) for u in (fatma, amina, sara)}

    await coordinator.command("/announce")
    await coordinator.press("Tag noget med")
    await coordinator.text("3.12")
    await coordinator.press("varmt tøj")
    await coordinator.press("en madpakke")
    assert "✓ varmt tøj" in coordinator.last().button_texts
    await coordinator.press("➡️ Videre")
    assert "Den sendes til 1 forælder." in coordinator.last().plain_text
    await coordinator.press("☐ Også familier, der holder pause")
    assert "Den sendes til 2 forældre." in coordinator.last().plain_text
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot
    assert "• varmt tøj\n• en madpakke" in fatma.last().plain_text
    assert "torsdag den 3. december 2026" in fatma.last().plain_text
    assert len(amina.messages()) == before[amina]  # declined: never again
    assert len(sara.messages()) == before[sara] + 1  # paused, and the coordinator ticked it


async def test_free_text_with_an_english_version(chat: Chat) -> None:
    coordinator, (fatma, amina, _), _ = await group_with_three_parents(chat)
    await coordinator.command("/announce")
    await coordinator.press("Fri tekst")
    await coordinator.text("Vi bager boller på fredag <3")
    await coordinator.press("➕ English")
    await coordinator.text("We bake buns on Friday <3")
    preview = coordinator.last().plain_text
    assert "Dine udgaver: Dansk, English." in preview
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot
    assert "Vi bager boller på fredag <3" in fatma.last().plain_text
    assert "We bake buns on Friday <3" in amina.last().plain_text


async def test_typos_are_asked_again_and_nothing_is_lost(chat: Chat) -> None:
    coordinator, (fatma, _, _), _ = await group_with_three_parents(chat)
    await coordinator.command("/announce")
    await coordinator.press("En tur")
    await coordinator.text("i morgen")  # not a date
    assert "Det kunne jeg ikke læse" in coordinator.messages()[-2].text
    await coordinator.text("4.12")
    await coordinator.text("kl ti")  # not a time
    await coordinator.text("9:30")
    await coordinator.text("Zoologisk Have")
    await coordinator.text("Albertslund Station")
    await coordinator.press("➡️ Videre")
    preview = coordinator.last().plain_text
    assert "Hvornår: fredag den 4. december 2026 kl. 09.30" in preview
    assert "Vi mødes: Albertslund Station" in preview
    await coordinator.command("/cancel")
    assert "ikke sendt noget" in coordinator.last().text
    assert "Zoologisk" not in fatma.last().text
    with transaction(chat.db) as session:
        assert (
            session.scalars(
                select(OutboxMessage.key).where(OutboxMessage.key.like("announce:%"))
            ).all()
            == []
        )


async def test_parents_and_staff_cannot_announce(chat: Chat) -> None:
    _, (fatma, _, _), staff = await group_with_three_parents(chat)
    await fatma.command("/announce")
    assert "kun for koordinatorer" in fatma.last().text
    await staff.command("/announce")
    assert "kun for koordinatorer" in staff.last().text


async def test_a_linked_group_chat_gets_the_announcement_too(chat: Chat) -> None:
    coordinator, _, _ = await group_with_three_parents(chat)
    group_chat = -100200300
    await feed(chat.app, coordinator.user.command("/linkchat", chat_id=group_chat))
    assert "koblet til Babygruppen tirsdag" in chat.fake.sent_to(group_chat)[-1].plain_text
    with transaction(chat.db) as session:
        assert session.scalars(select(Group.chat_id)).one() == group_chat
    await coordinator.command("/announce")
    await coordinator.press("Vi starter igen efter ferien")
    await coordinator.text("5.1.2027")
    await coordinator.press("☐ Også i gruppechatten")
    await coordinator.press("✅ Send")
    await chat.send_outbox()  # the background sender, in the running bot
    posted = chat.fake.sent_to(group_chat)[-1].plain_text
    assert "Efter ferien starter vi igen tirsdag den 5. januar 2027 kl. 10.00." in posted
    assert "Den blev også sendt i gruppechatten." in coordinator.last().plain_text
