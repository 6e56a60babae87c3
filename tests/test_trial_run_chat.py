"""What an eight-week trial run found, replayed in chat: digests, misses, erased families, workbook.

Each test plays coordinator, staff and parents through the real Application and the
tick, week by week, as the trial did.
"""

from __future__ import annotations

import io
import warnings

from openpyxl import load_workbook
from sqlalchemy import select

from db.engine import transaction
from db.models import OutboxMessage, OutboxStatus
from tests.chat import LINK, Chat, ChatUser
from tests.test_followup_chat import AFTER_CLOSE, NEXT_MORNING, week
from tests.test_reminders_chat import group_with_three_parents, run_tick


async def _codes(chat: Chat) -> tuple[str, str]:
    """The group's parent and staff codes, from the links the coordinator was given."""
    text = next(m.text for m in reversed(chat.fake.sent_to(10)) if LINK.search(m.text or ""))
    parent_code, staff_code = LINK.findall(text)
    return parent_code, staff_code


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


async def test_after_delete_the_summary_names_a_family_that_left(chat: Chat) -> None:
    """No internal number: the staff read "a family that left", in their own language."""
    _, (_, _, sara), staff = await group_with_three_parents(chat)
    amal = chat.user(31, "Amal", "ar")  # a staff member who reads Arabic
    _, staff_code = await _codes(chat)
    await amal.command(f"/start {staff_code}")
    await amal.press("العربية")
    await amal.press("نعم، هذا مناسب")
    for n in range(2):
        await a_week(chat, n, staff, came=["Fatma", "Amina", "Sara"])
    await sara.command("/delete")
    await sara.press("Ja, slet")
    assert "Alt om dig er slettet" in sara.last().text

    for member, nameless in ((staff, "en familie, der er stoppet"), (amal, "عائلة غادرت المجموعة")):
        await member.command("/summary")
        text = "\n".join(m.plain_text or "" for m in member.messages()[-2:])
        assert nameless in text and "#" not in text
        await member.press(member.last().button_texts[0])  # the workbook
        book = load_workbook(io.BytesIO(member.last().document))
        names = [row[0].value for sheet in book for row in sheet.iter_rows(min_row=2)]
        assert nameless in names and not any(str(n).startswith("#") for n in names)
    assert "Har sagt nej tak eller er stoppet: en familie, der er stoppet" in "\n".join(
        m.plain_text or "" for m in staff.messages()
    )


async def test_report_text_and_workbook_agree(chat: Chat) -> None:
    """Two meetings, two families each: median 2 and 100 % still coming, in text and sheet."""
    _, _, staff = await group_with_three_parents(chat)
    for n in range(2):
        await a_week(chat, n, staff, came=["Fatma", "Amina"])
    chat.app.bot_data["services"].clock.now = week(1, NEXT_MORNING + 1)
    await staff.command("/report 2026-11-01 2026-12-31")
    text = next(m.plain_text for m in staff.messages() if "Rapport for" in (m.text or ""))
    assert "Familier pr. gang: 2 i gennemsnit, median 2\n" in text
    assert "Af familierne, der kom i starten, kom 100 % stadig til sidst." in text
    book = load_workbook(io.BytesIO(staff.last().document))
    report = {row[0].value: row[1] for row in book.worksheets[-1].iter_rows() if row[0].value}
    assert report["Median for fremmøde"].value == 2 and isinstance(
        report["Median for fremmøde"].value, int
    )  # shown "2", as the text says, not "2.0"
    assert report["Gennemsnitligt fremmøde"].value == 2
    still = report["Kommer stadig til sidst"]
    assert (still.value, still.number_format) == (1, "0%")  # shows 100%, not 1
    families = book.worksheets[2]
    rates = {row[0].value: row[2] for row in families.iter_rows(min_row=2)}
    assert (rates["Fatma"].value, rates["Fatma"].number_format) == (1, "0%")
    assert (rates["Sara"].value, rates["Sara"].number_format) == (0, "0%")


async def test_the_chart_for_staff_who_read_urdu_has_every_letter(chat: Chat) -> None:
    """Urdu labels use HEH GOAL (ہ) and YEH BARREE (ے): drawn, not boxes."""
    _, _, staff = await group_with_three_parents(chat)
    await a_week(chat, 0, staff, came=["Fatma"])
    shabana = chat.user(32, "شاہدہ", "ur")
    _, staff_code = await _codes(chat)
    await shabana.command(f"/start {staff_code}")
    await shabana.press("اردو")
    await shabana.press("ہاں، ٹھیک ہے")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        await shabana.command("/summary")
    chart = shabana.last()
    assert chart.photo.startswith(b"\x89PNG") and "ہر ملاقات" in chart.plain_caption


async def test_a_date_that_ends_in_a_period_ends_the_sentence_once(chat: Chat) -> None:
    """Bulgarian dates end in "г." (year): "Няма група на ... 2026 г." with one period."""
    coordinator, _, _ = await group_with_three_parents(chat)
    parent_code, _ = await _codes(chat)
    desislava = chat.user(41, "Десислава", "bg")
    await desislava.command(f"/start {parent_code}")
    await desislava.press("Български")
    await desislava.press("Да, добре е")
    await coordinator.command("/holiday 23.11.2026 27.11.2026 Есенна ваканция")
    await coordinator.press("Babygruppen tirsdag")
    await desislava.command("/next")
    text = desislava.last().plain_text
    assert "Няма група на вторник, 24 ноември 2026\u202fг.\n" in text
    assert ".." not in text
