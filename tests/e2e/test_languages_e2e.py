"""End to end over HTTP: three parents choose Arabic, Polish and Somali, get the reminder and a
follow-up in their language (values isolated in the right-to-left one), and one changes
language with /language. Expected texts come from each language's catalog, so the test checks
the bot's choice of language, not one translator's wording."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from harness import AsyncEmulatedUser, Emulator, new_token, run_polling_in_background
from test_reminders_e2e import cli, group_and_bot, join

from i18n import supported_codes, texts_for
from i18n.languages import language
from i18n.texts import FSI, PDI

MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
PARENTS = (("ar", 1001, "Aisha"), ("pl", 1002, "Ola"), ("so", 1003, "Hodan"))

pytestmark = pytest.mark.skipif(
    not {"ar", "pl", "so"} <= set(supported_codes()), reason="needs Arabic, Polish and Somali"
)


def plain(code: str, text: str) -> str:
    return texts_for(code).plain(text)


async def test_arabic_polish_and_somali_parents(emulator: Emulator, db_url: str) -> None:
    token = new_token()
    parent_code, _, clock, app, engine = group_and_bot(
        emulator, db_url, token, "Tingbjerg", "Beboerhuset"
    )

    async def tick(at: datetime) -> None:
        clock.now = at
        await asyncio.to_thread(cli, db_url, emulator, token, "tick", "--now", at.isoformat())

    async with (
        run_polling_in_background(app, poll_interval=0.05),
        AsyncEmulatedUser(emulator, token, 1001, "Aisha", language_code="ar") as aisha,
        AsyncEmulatedUser(emulator, token, 1002, "Ola", language_code="pl") as ola,
        AsyncEmulatedUser(emulator, token, 1003, "Hodan", language_code="so") as hodan,
    ):
        parents = {"ar": aisha, "pl": ola, "so": hodan}
        for code, user in parents.items():
            await join(
                user, parent_code, language(code).native_name, plain(code, "Yes, that is OK")
            )

        await tick(MONDAY_18)
        for code, user in parents.items():
            reminder = await user.wait_for(
                lambda m, c=code: plain(c, "I'm coming") in m.button_texts
            )
            assert "Beboerhuset" in reminder.text
            if code == "ar":  # a Danish place name inside Arabic keeps its own direction
                assert f"{FSI}Beboerhuset{PDI}" in reminder.text
        # Aisha and Hodan stay silent, Ola's child is ill: the morning after the meeting
        # each gets a follow-up in her own language.
        await ola.press(plain("pl", "I can't come"))
        await ola.wait_for(lambda m: plain("pl", "My child is sick") in m.button_texts)
        await ola.press(plain("pl", "My child is sick"))
        await ola.wait_for(plain("pl", "We hope your child feels better soon."))
        await tick(MONDAY_18 + timedelta(hours=21))  # closes the meeting nobody closed
        await tick(MONDAY_18 + timedelta(hours=39))  # Wednesday 09:00
        for code in ("ar", "so"):
            missed = await parents[code].wait_for(
                lambda m, c=code: plain(c, "I'll come next time") in m.button_texts
            )
            assert plain(code, "We missed you yesterday!") in missed.text
            # the group's Latin name and the time keep their direction inside Arabic
            assert (f"{FSI}Babygruppen{PDI}" in missed.text) == (code == "ar")
        care = await ola.wait_for(plain("pl", "We hope your child is feeling better."))
        assert care.buttons == []

        await ola.send_command("/language")
        await ola.wait_for(lambda m: "العربية" in m.button_texts or "✓ Polski" in m.button_texts)
        await ola.press("English")
        await ola.wait_for("I will write to you in English from now on")
        await ola.send_command("/next")
        await ola.wait_for("Beboerhuset")
    engine.dispose()
