"""End to end over HTTP, eight weeks with `bot.py tick --now`: a mother misses twice, is
followed up and put on the call list, says she doesn't want to come any more, confirms,
and for the next six weeks receives nothing at all while the others get their reminders."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from harness import (
    AsyncEmulatedUser,
    Emulator,
    new_token,
    run_polling_in_background,
)
from test_reminders_e2e import cli, group_and_bot, join

MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


async def test_eight_weeks_no_thanks_holds(emulator: Emulator, db_url: str) -> None:
    token = new_token()
    parent_code, staff_code, clock, app, engine = group_and_bot(
        emulator, db_url, token, "Greve Nord", "Beboerhuset"
    )

    async def tick(at: datetime) -> str:
        clock.now = at
        return await asyncio.to_thread(
            cli, db_url, emulator, token, "tick", "--now", at.isoformat()
        )

    async with (
        run_polling_in_background(app, poll_interval=0.05),
        AsyncEmulatedUser(emulator, token, 801, "Fatma", language_code="da") as fatma,
        AsyncEmulatedUser(emulator, token, 802, "Amina", language_code="en") as amina,
        AsyncEmulatedUser(emulator, token, 803, "Sara", language_code="da") as sara,
        AsyncEmulatedUser(emulator, token, 804, "Sofie", language_code="da") as staff,
    ):
        await join(fatma, parent_code, "Dansk", "Ja, det er i orden")
        await join(amina, parent_code, "English", "Yes, that is OK")
        await join(sara, parent_code, "Dansk", "Ja, det er i orden")
        await join(staff, staff_code, "Dansk", "Ja, det er i orden")

        # weeks 1 and 2: Fatma comes (checked in), Amina sends word, Sara stays silent
        for n in range(2):
            monday = MONDAY_18 + timedelta(weeks=n)
            await tick(monday)
            await fatma.wait_for("Kommer du?")
            await fatma.press("Jeg kommer")
            await fatma.wait_for("Dit svar: Jeg kommer.")
            await amina.wait_for("Are you coming?")
            await amina.press("I can't come")
            await amina.wait_for(lambda m: "Work or school" in m.button_texts)
            await amina.press("Work or school")
            await amina.wait_for("Thank you for telling us.")
            await sara.wait_for("Kommer du?")
            clock.now = monday + timedelta(hours=16, minutes=5)  # Tuesday 10:05
            await staff.send_command("/checkin")
            await staff.wait_for("Hvem er her?")
            await staff.press("▫️ Fatma")
            await staff.wait_for(lambda m: "✅ Fatma" in m.button_texts)
            await staff.press("Afslut mødet")
            await staff.wait_for("Kom: 1. Meldte afbud: 1. Kom ikke: 1.")
            await tick(monday + timedelta(hours=39))  # Wednesday 09:00: the follow-ups
            expected = "Vi savnede dig i går!" if n == 0 else "tænker på dig"
            await sara.wait_for(expected)
            await amina.wait_for("Thank you for letting us know yesterday.")

        await staff.send_command("/calllist")
        listing = await staff.wait_for("Ringeliste")
        assert "Sara" in listing.text and "Fatma" not in listing.text

        await sara.press("Jeg vil ikke komme mere")
        await sara.wait_for("Er du sikker?")
        await sara.press("Ja, stop")
        await sara.wait_for("Du er altid velkommen tilbage")
        sara_seen = len(await sara.history())

        # weeks 3 to 8: Sara hears nothing at all; the others are reminded every week
        for n in range(2, 8):
            monday = MONDAY_18 + timedelta(weeks=n)
            await tick(monday)
            reminder = await fatma.wait_for("Kommer du?")
            assert "Beboerhuset" in reminder.text
            await amina.wait_for("Are you coming?")
            await tick(monday + timedelta(hours=14))  # Tuesday 08:00, second reminders
            await tick(monday + timedelta(hours=39))  # Wednesday: closed, follow-ups
        await sara.assert_no_reply(wait=0.3)
        assert len(await sara.history()) == sara_seen
    engine.dispose()
