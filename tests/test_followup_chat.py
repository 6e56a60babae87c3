"""Follow-up in chat: the morning after, pausing, and a "no thanks" that holds for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.engine import transaction
from db.models import Enrolment, EnrolmentStatus, OutboxMessage, Person
from tests.chat import Chat, ChatUser
from tests.test_reminders_chat import group_with_three_parents, run_tick

MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def week(n: int, hours: float) -> datetime:
    """`hours` after Monday 18:00 (local) of week n (0 = the first)."""
    return MONDAY_18 + timedelta(weeks=n, hours=hours)


AFTER_CLOSE = 21  # Tuesday 15:00 local: sessions nobody closed are closed
NEXT_MORNING = 39  # Wednesday 09:00 local


def texts_of(user: ChatUser) -> list[str]:
    return [m.text or m.caption or "" for m in user.messages()]


def status_of(chat: Chat, telegram_id: int) -> str:
    with transaction(chat.db) as session:
        family = session.scalars(
            select(Person.family_id).where(Person.telegram_id == telegram_id)
        ).one()
        return session.scalars(select(Enrolment.status).where(Enrolment.family_id == family)).one()


async def test_missed_care_and_a_no_thanks_that_holds(chat: Chat) -> None:
    coordinator, (fatma, amina, sara), staff = await group_with_three_parents(chat)
    await run_tick(chat, week(0, 0))
    await fatma.press("Jeg kommer")
    await amina.press("I can't come")
    await amina.press("My child is sick")
    chat.app.bot_data["services"].clock.now = week(0, 16.1)  # Tuesday 10:05
    await staff.command("/checkin")
    await staff.press("▫️ Fatma")
    await staff.press("Afslut mødet")
    await run_tick(chat, week(0, AFTER_CLOSE))
    fatma_before = len(fatma.messages())
    await run_tick(chat, week(0, NEXT_MORNING))

    assert "Vi savnede dig i går!" in sara.last().text
    assert "Næste gang: tirsdag den 1. december 2026" in sara.last().text
    assert sara.last().button_texts == [
        "Jeg kommer næste gang",
        "Jeg kan ikke komme i et stykke tid",
        "Jeg vil ikke komme mere",
    ]
    assert "We hope your child is feeling better." in amina.last().text
    assert amina.last().buttons == []  # care, no chasing
    assert len(fatma.messages()) == fatma_before  # she came: no thank-you by default

    await sara.press("Jeg vil ikke komme mere")
    assert "Er du sikker?" in sara.last().text
    await sara.press("Ja, stop")
    assert "Du er altid velkommen tilbage" in sara.last().text
    assert status_of(chat, 23) == EnrolmentStatus.DECLINED
    await run_tick(chat, week(0, NEXT_MORNING + 0.1))
    assert "Sara har sagt nej tak til Babygruppen tirsdag" in coordinator.last().text

    sara_count = len(sara.messages())
    for n in range(1, 4):  # three more weeks: Sara hears nothing at all
        await run_tick(chat, week(n, 0))
        await run_tick(chat, week(n, 14))
        await run_tick(chat, week(n, AFTER_CLOSE))
        await run_tick(chat, week(n, NEXT_MORNING))
        assert (
            "Kommer du?" in fatma.messages()[-1].text
            or "savnede" in fatma.last().text
            or ("tænker på dig" in fatma.last().text)
        )
    assert len(sara.messages()) == sara_count
    with transaction(chat.db) as session:
        sara_id = session.scalars(select(Person.id).where(Person.telegram_id == 23)).one()
        later = session.scalars(
            select(OutboxMessage.key).where(
                OutboxMessage.person_id == sara_id, OutboxMessage.created_at > week(0, NEXT_MORNING)
            )
        ).all()
        assert later == []


async def test_pause_for_a_while_and_welcome_back(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, week(0, 0))
    await run_tick(chat, week(0, AFTER_CLOSE))
    await run_tick(chat, week(0, NEXT_MORNING))
    assert "Vi savnede dig i går!" in fatma.last().text
    await fatma.press("Jeg kan ikke komme i et stykke tid")
    assert "Hvor længe?" in fatma.last().text
    await fatma.press("2 uger")
    assert "Vi skriver igen efter" in fatma.last().text
    assert status_of(chat, 21) == EnrolmentStatus.PAUSED

    count = len(fatma.messages())
    await run_tick(chat, week(1, 0))  # paused: no reminder
    await run_tick(chat, week(1, 14))
    assert len(fatma.messages()) == count
    await run_tick(chat, week(2, 0))  # still paused on the second Monday
    assert len(fatma.messages()) == count
    await run_tick(chat, week(2, 38.5))  # Wednesday 08:30, two weeks on: welcome back
    assert "Velkommen tilbage til Babygruppen tirsdag!" in fatma.last().text
    assert "Næste gang: tirsdag den 15. december 2026" in fatma.last().text
    assert status_of(chat, 21) == EnrolmentStatus.ACTIVE
    await run_tick(chat, week(3, 0))
    assert "Kommer du?" in fatma.last().text


async def test_coming_next_time_is_recorded(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, week(0, 0))
    await run_tick(chat, week(0, AFTER_CLOSE))
    await run_tick(chat, week(0, NEXT_MORNING))
    await fatma.press("Jeg kommer næste gang")
    assert "Dejligt! Vi ses tirsdag den 1. december 2026" in fatma.last().text
    count = len(fatma.messages())
    await run_tick(chat, week(1, 0))  # she already answered "coming": no reminder needed
    assert len(fatma.messages()) == count


async def test_call_list_after_two_misses_and_the_contact_log(chat: Chat) -> None:
    coordinator, (fatma, _, sara), staff = await group_with_three_parents(chat)
    for n in range(2):
        await run_tick(chat, week(n, 0))
        await fatma.press("Jeg kommer")
        chat.app.bot_data["services"].clock.now = week(n, 16.1)
        await staff.command("/checkin")
        await staff.press("▫️ Fatma")
        await staff.press("Afslut mødet")
        await run_tick(chat, week(n, NEXT_MORNING))
    assert "tænker på dig" in sara.last().text  # the second follow-up is gentler

    await staff.command("/calllist")
    listing = staff.last().text
    assert "Ringeliste for Babygruppen tirsdag" in listing
    assert "Sara" in listing and "Amina" in listing and "Fatma" not in listing
    assert "er ikke kommet de sidste gange" in listing
    assert listing.count(": kom ikke") == 4  # Amina and Sara, two weeks each
    await staff.press("☎️ Sara: ringet")
    await staff.text("Hun kommer igen, når babyen sover bedre")
    assert "Noten er gemt" in staff.last().text
    await coordinator.command("/calllist")
    assert "Sidste kontakt:" in coordinator.last().text and "ringet" in coordinator.last().text
    assert "babyen sover bedre" in coordinator.last().text

    await sara.command("/calllist")  # parents never see it
    assert "kun for" in sara.last().text


async def test_the_digest_can_be_switched_off(chat: Chat) -> None:
    coordinator, _, _ = await group_with_three_parents(chat)
    for n in range(2):
        await run_tick(chat, week(n, 0))
        await run_tick(chat, week(n, NEXT_MORNING))
    await run_tick(chat, week(2, 0))
    assert "Ringeliste" in coordinator.last().text  # on by default
    with transaction(chat.db) as session:
        from db.models import Group

        session.scalars(select(Group)).one().call_list_digest = False
    count = len(coordinator.messages())
    await run_tick(chat, week(3, 0))
    assert len(coordinator.messages()) == count


async def test_the_digest_lists_who_the_call_list_lists_at_that_instant(chat: Chat) -> None:
    """The digest is rendered at the tick's instant, not the machine's: the same names."""
    coordinator, _, _ = await group_with_three_parents(chat)
    for n in range(2):
        await run_tick(chat, week(n, 0))
        await run_tick(chat, week(n, NEXT_MORNING))
    await run_tick(chat, week(2, 0))  # a Monday evening: first reminder, and the digest
    digest = next(m.text for m in reversed(coordinator.messages()) if "Ringeliste" in m.text)
    await coordinator.command("/calllist")  # the same instant (run_tick set the clock)
    listing = coordinator.last().text
    named = {name for name in ("Fatma", "Amina", "Sara") if name in listing}
    assert named == {"Amina", "Sara", "Fatma"} & {n for n in named if n in digest}
    assert {"Amina", "Sara"} <= named and "Ingen at ringe til" not in digest
