"""End to end over HTTP: `bot.py tick --now` sends reminders through the emulator, parents
answer with the buttons, the second reminder reaches only the silent parent, staff check in.

The bot runs in this process (so its clock can be set to the session's morning) and polls
the emulator over real HTTP; each tick is the real CLI in a subprocess, sending over HTTP.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import (
    BOT_USERNAME,
    AsyncEmulatedUser,
    Emulator,
    new_token,
    ptb_application_builder,
    require_emulator,
    run_polling_in_background,
)
from sqlalchemy import Engine, create_engine, text
from telegram.ext import Application

from db.engine import make_engine, session_factory
from handlers.application import build_application
from handlers.common import Services
from settings import Settings

require_emulator(module_level=True)
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]+)")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def cli(db_url: str, emulator: Emulator, token: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(
        DATABASE_URL=db_url,
        TELEGRAM_BOT_USERNAME=BOT_USERNAME,
        TELEGRAM_API_URL=emulator.api_url,
        TELEGRAM_BOT_TOKEN=token,
    )
    result = subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def group_and_bot(
    emulator: Emulator, db_url: str, token: str, org: str, place: str
) -> tuple[str, str, Clock, Application, Engine]:
    """A Tuesday 10:00 group made with the CLI, and the bot built to run in this process
    with a clock the test moves. Returns the parent and staff codes, clock, app, engine."""
    cli(db_url, emulator, token, "admin", "create-org", org)
    out = cli(
        db_url,
        emulator,
        token,
        "admin",
        "create-group",
        "--org",
        org,
        "--name",
        "Babygruppen",
        "--weekday",
        "tue",
        "--time",
        "10:00",
        "--place",
        place,
    )
    parent_code, staff_code = LINK.findall(out)
    clock = Clock(datetime(2026, 11, 22, 12, tzinfo=UTC))
    settings = Settings(token=token, database_url=db_url)
    engine = make_engine(db_url)
    services = Services(settings=settings, db=session_factory(engine), clock=clock)
    app = build_application(settings, services, ptb_application_builder(emulator, token))
    return parent_code, staff_code, clock, app, engine


async def join(user: AsyncEmulatedUser, code: str, language: str, agree: str) -> None:
    await user.send_command(f"/start {code}")
    await user.wait_for(lambda m: any(language in b for b in m.button_texts))
    picked = next(b for b in (await user.last_message()).button_texts if language in b)
    await user.press(picked)
    await user.wait_for(lambda m: agree in m.button_texts)
    await user.press(agree)
    await user.wait_for("Babygruppen")


async def test_three_parents_reminders_replies_and_check_in(
    emulator: Emulator, db_url: str
) -> None:
    token = new_token()
    parent_code, staff_code, clock, app, engine = group_and_bot(
        emulator, db_url, token, "Albertslund", "Vuggestuen Solsikken"
    )

    async with (
        run_polling_in_background(app, poll_interval=0.05),
        AsyncEmulatedUser(emulator, token, 701, "Fatma", language_code="da") as fatma,
        AsyncEmulatedUser(emulator, token, 702, "Amina", language_code="en") as amina,
        AsyncEmulatedUser(emulator, token, 703, "Sara", language_code="da") as sara,
        AsyncEmulatedUser(emulator, token, 704, "Sofie", language_code="da") as staff,
    ):
        await join(fatma, parent_code, "Dansk", "Ja, det er i orden")
        await join(amina, parent_code, "English", "Yes, that is OK")
        await join(sara, parent_code, "Dansk", "Ja, det er i orden")
        await join(staff, staff_code, "Dansk", "Ja, det er i orden")

        tick = await asyncio.to_thread(
            cli, db_url, emulator, token, "tick", "--now", "2026-11-23T18:00+01:00"
        )
        assert "3 sent" in tick, tick
        assert "Kommer du?" in (await fatma.wait_for("Kommer du?")).text
        assert "Tuesday" in (await amina.wait_for("Are you coming?")).text
        await sara.wait_for("Kommer du?")

        await fatma.press("Jeg kommer")
        await fatma.wait_for("Dit svar: Jeg kommer.")
        await amina.press("I can't come")
        await amina.wait_for(lambda m: "My child is sick" in m.button_texts)
        await amina.press("My child is sick")
        await amina.wait_for("feels better soon")

        tick = await asyncio.to_thread(
            cli, db_url, emulator, token, "tick", "--now", "2026-11-24T08:00+01:00"
        )
        assert "1 sent" in tick, tick
        second = await sara.wait_for("Kommer du?")
        assert "tirsdag den 24. november 2026" in second.text
        await fatma.assert_no_reply(wait=0.3)
        await amina.assert_no_reply(wait=0.3)

        clock.now = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)  # 10:05 in Copenhagen
        await staff.send_command("/checkin")
        await staff.wait_for("Hvem er her?")
        await staff.press("▫️ Fatma")
        await staff.wait_for(lambda m: "✅ Fatma" in m.button_texts)
        await staff.press("Afslut mødet")
        await staff.wait_for("Kom: 1. Meldte afbud: 1. Kom ikke: 1.")

    check = create_engine(db_url)
    with check.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.first_name, a.reply, a.reason, a.outcome FROM attendance a "
                "JOIN persons p ON p.family_id = a.family_id ORDER BY p.telegram_id"
            )
        ).all()
    check.dispose()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("Fatma", "coming", None, "attended"),
        ("Amina", "cant_come", "child_sick", "notice"),
        ("Sara", None, None, "no_show"),
    ]
