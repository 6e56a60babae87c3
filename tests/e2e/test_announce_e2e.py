"""End to end over HTTP: a coordinator announces a cancellation; each parent gets it in their
own language; a parent who blocked the bot is named in the delivery report; the staff member
asks /summary and /export and gets the chart and the workbook."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from harness import AsyncEmulatedUser, Emulator, new_token, run_polling_in_background
from test_reminders_e2e import LINK, cli, group_and_bot, join

from i18n import supported_codes, texts_for
from i18n.languages import language

MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
# Danish, English and a third language when the project has one (see content status).
LANGUAGES = ["da", "en", *[c for c in supported_codes() if c not in ("da", "en")][:1]]


def plain(code: str, text: str) -> str:
    return texts_for(code).plain(text)


async def test_cancellation_in_every_parents_language(emulator: Emulator, db_url: str) -> None:
    token = new_token()
    parent_code, staff_code, clock, app, engine = group_and_bot(
        emulator, db_url, token, "Nøjsomhed", "Familiehuset"
    )
    coordinator_code = LINK.findall(
        cli(db_url, emulator, token, "admin", "invite", "--group", "Babygruppen",
            "--role", "coordinator")
    )[0]  # fmt: skip
    await asyncio.to_thread(
        cli, db_url, emulator, token, "tick", "--now", (MONDAY_18 - timedelta(days=1)).isoformat()
    )  # plans the meetings
    async with (
        run_polling_in_background(app, poll_interval=0.05),
        AsyncEmulatedUser(emulator, token, 1101, "Mette", language_code="da") as mette,
        AsyncEmulatedUser(emulator, token, 1102, "Sofie", language_code="da") as sofie,
        AsyncEmulatedUser(emulator, token, 1103, "Sara", language_code="da") as sara,
    ):
        parents = [
            AsyncEmulatedUser(emulator, token, 1110 + i, f"Mor{i}", language_code=code)
            for i, code in enumerate(LANGUAGES)
        ]
        for parent in parents:
            await parent.__aenter__()
        try:
            await join(mette, coordinator_code, "Dansk", "Ja, det er i orden")
            await join(sofie, staff_code, "Dansk", "Ja, det er i orden")
            await join(sara, parent_code, "Dansk", "Ja, det er i orden")
            for parent, code in zip(parents, LANGUAGES, strict=True):
                await join(parent, parent_code, language(code).native_name,
                           plain(code, "Yes, that is OK"))  # fmt: skip
            emulator.block(token, 1103)  # Sara has blocked the bot

            await mette.send_command("/announce")
            await mette.wait_for(lambda m: "Aflyst gang" in m.button_texts)
            await mette.press("Aflyst gang")
            await mette.wait_for(lambda m: "tirsdag den 1. december 2026" in m.button_texts)
            await mette.press("tirsdag den 1. december 2026")
            await mette.wait_for(lambda m: "ferie" in m.button_texts)
            await mette.press("ferie")
            await mette.wait_for("Forhåndsvisning (Dansk)")
            await mette.press("✅ Send")
            for parent, code in zip(parents, LANGUAGES, strict=True):
                message = await parent.wait_for(plain(code, "We are sorry. See you next time!"))
                assert "Babygruppen" in message.text
            report = await mette.wait_for("er sendt")
            assert f"Leveret: {len(LANGUAGES)}. Ikke leveret: 1." in report.text
            assert "Sara" in report.text.split("Ring gerne til dem:")[1]

            clock.now = MONDAY_18 + timedelta(days=1)
            await sofie.send_command("/summary")
            await sofie.wait_for("Overblik over Babygruppen")
            chart = await sofie.wait_for(lambda m: m.has_photo)
            assert "Fremmøde pr. gang" in chart.text
            await sofie.send_command("/export")
            workbook = await sofie.wait_for(lambda m: m.has_document)
            assert workbook.document["file_name"].endswith(".xlsx")
        finally:
            for parent in parents:
                await parent.__aexit__(None, None, None)
    engine.dispose()
