"""What an eight-week trial run found, replayed in chat: digests, misses, erased families, workbook.

Each test plays coordinator, staff and parents through the real Application and the
tick, week by week, as the trial did.
"""

from __future__ import annotations

from sqlalchemy import select

from db.engine import transaction
from db.models import OutboxMessage, OutboxStatus
from tests.chat import Chat, ChatUser
from tests.test_followup_chat import AFTER_CLOSE, NEXT_MORNING, week
from tests.test_reminders_chat import group_with_three_parents, run_tick


def digests(user: ChatUser) -> list[str]:
    return [m.plain_text for m in user.messages() if "Ringeliste" in (m.plain_text or "")]


async def a_week(chat: Chat, n: int, staff: ChatUser, came: list[str] = ()) -> None:
    """Week `n`: reminders, the meeting (staff check in who came), closing, the morning after."""
    await run_tick(chat, week(n, 0))
    if came:
        chat.app.bot_data["services"].clock.now = week(n, 16.1)  # Tuesday 10:05
        await staff.command("/checkin")
        for name in came:
            await staff.press(f"▫️ {name}")
        await staff.press("Afslut mødet")
    await run_tick(chat, week(n, AFTER_CLOSE))
    await run_tick(chat, week(n, NEXT_MORNING))


async def test_no_call_list_digest_when_nobody_is_on_it(chat: Chat) -> None:
    """The digest goes with the first reminder only when it has something in it, judged when
    it is sent: a question answered in the meantime leaves nothing to say."""
    coordinator, (fatma, _, _), staff = await group_with_three_parents(chat)
    for n in range(2):  # everyone comes: nobody to call, no question
        await a_week(chat, n, staff, came=["Fatma", "Amina", "Sara"])
    assert digests(coordinator) == [] and digests(staff) == []

    await fatma.command("/ask")
    await fatma.text("Må min mor komme med en dag?")
    await fatma.press("🙂 Med mit navn")
    chat.fake.fail_next("sendMessage", "500", count=5)  # 3 reminders and 2 digests: retried
    await run_tick(chat, week(2, 0))
    assert digests(coordinator) == []
    await staff.command("/questions")
    await staff.press("✔️ 1. Besvaret")  # answered at the door before the digest got out
    await run_tick(chat, week(2, 0.1))
    assert "Kommer du?" in fatma.last().text  # the reminders went out on the retry
    assert digests(coordinator) == [] and digests(staff) == []
    with transaction(chat.db) as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "call_list")
        ).all()
        assert {r.status for r in rows} == {OutboxStatus.SKIPPED} and len(rows) == 2


async def test_a_week_with_notice_is_shown_not_counted_as_a_miss(chat: Chat) -> None:
    """Sara: no word, sent word (child sick), no word, no word: three misses, one notice."""
    coordinator, (_, _, sara), staff = await group_with_three_parents(chat)
    await a_week(chat, 0, staff, came=["Fatma", "Amina"])
    await run_tick(chat, week(1, 0))
    await sara.press("Jeg kan ikke komme")
    await sara.press("Mit barn er sygt")
    chat.app.bot_data["services"].clock.now = week(1, 16.1)
    await staff.command("/checkin")
    await staff.press("▫️ Fatma")
    await staff.press("▫️ Amina")
    await staff.press("Afslut mødet")
    await run_tick(chat, week(1, AFTER_CLOSE))
    await run_tick(chat, week(1, NEXT_MORNING))
    for n in (2, 3):
        await a_week(chat, n, staff, came=["Fatma", "Amina"])

    chat.app.bot_data["services"].clock.now = week(3, NEXT_MORNING + 1)
    await staff.command("/summary")
    text = next(m.plain_text for m in staff.messages() if (m.text or "").startswith("<b>Overblik"))
    sara_line = next(line for line in text.splitlines() if line.startswith("• Sara"))
    assert sara_line == (
        "• Sara: 0 % (0 af 4), manglede de sidste 3 gange; 1. dec.: meldte afbud (barnet sygt)"
    )
    await coordinator.command("/calllist")
    listing = coordinator.last().plain_text
    assert "Sara" in listing and "1. dec.: meldte afbud (barnet sygt)" in listing
    assert "Fatma" not in listing and "Amina" not in listing
