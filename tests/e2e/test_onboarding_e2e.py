"""End to end: `python bot.py run` over real HTTP against the Bot API emulator.

A coordinator opens the organisation's invite link, creates a group in chat,
gets the parents' link (and its QR code); one parent joins in Danish, another
in English; /help and /language work. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import BOT_USERNAME, BotProcess, EmulatedUser, Emulator, new_token, require_emulator
from sqlalchemy import create_engine, text

require_emulator(module_level=True)
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]+)")


def bot_env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    return {
        **env,
        "DATABASE_URL": db_url,
        "BOT_POLL_INTERVAL": "0.05",
        "TELEGRAM_BOT_USERNAME": BOT_USERNAME,
    }


def running_bot(emulator: Emulator, token: str, db_url: str) -> BotProcess:
    """`python bot.py run` against the emulator, on this test's database."""
    return BotProcess(
        [sys.executable, "bot.py", "run"],
        emulator=emulator,
        token=token,
        env=bot_env(db_url),
        cwd=ROOT,
    )


def create_org(db_url: str) -> str:
    result = subprocess.run(
        [sys.executable, "bot.py", "admin", "create-org", "Albertslund Boligsocial"],
        cwd=ROOT,
        env=bot_env(db_url),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return LINK.search(result.stdout).group(1)


def test_coordinator_creates_group_and_parents_join(emulator: Emulator, db_url: str) -> None:
    token = new_token()
    code = create_org(db_url)
    with running_bot(emulator, token, db_url) as bot:
        with EmulatedUser(emulator, token, 501, "Mette", language_code="da") as coordinator:
            coordinator.send_command(f"/start {code}")
            coordinator.wait_for("Hvilket sprog")
            coordinator.press("✓ Dansk")
            coordinator.wait_for("koordinator")
            coordinator.press("Ja, det er i orden")
            coordinator.wait_for("/newgroup")
            coordinator.send_command("/newgroup")
            coordinator.wait_for("Hvad hedder gruppen")
            coordinator.send_message("Babygruppen")
            coordinator.wait_for("Hvilken dag")
            coordinator.press("tirsdag")
            coordinator.wait_for("10:00")
            coordinator.send_message("10:00")
            coordinator.wait_for("Hvor")
            coordinator.send_message("Vuggestuen Solsikken")
            coordinator.wait_for("åben gruppe")
            coordinator.press("Åben gruppe (kom når som helst)")
            coordinator.wait_for("Babygruppen")
            coordinator.press("Opret gruppen")
            qr = coordinator.wait_for(lambda m: m.has_photo)
            assert "QR" in qr.text
            links = coordinator.wait_for(LINK)
            parent_code, staff_code = LINK.findall(links.text)

        with EmulatedUser(emulator, token, 601, "Fatma", language_code="da") as danish:
            danish.send_command(f"/start {parent_code}")
            danish.wait_for("Hvilket sprog")
            danish.press("✓ Dansk")
            consent = danish.wait_for("Det gemmer jeg")
            assert "Andre forældre" in consent.text
            danish.press("Ja, det er i orden")
            welcome = danish.wait_for("Velkommen til Babygruppen")
            assert "tirsdag" in welcome.text and "Solsikken" in welcome.text
            danish.send_command("/help")
            help_text = danish.wait_for("/leave").text
            assert "/newgroup" not in help_text

        with EmulatedUser(emulator, token, 602, "Amina", language_code="en") as english:
            english.send_command(f"/start {parent_code}")
            english.wait_for("Which language")
            english.press("✓ English")
            english.wait_for("What I save")
            english.press("Yes, that is OK")
            welcome = english.wait_for("Welcome to Babygruppen")
            assert "Tuesday" in welcome.text
            english.send_command("/language")
            english.wait_for("Which language")
            english.press("Dansk")
            english.wait_for("dansk fra nu af")
            english.send_command("/help")
            english.wait_for("Det kan jeg hjælpe med")
    assert bot.returncode == 0, bot.output()

    engine = create_engine(db_url)
    with engine.connect() as connection:
        languages = dict(
            connection.execute(
                text("SELECT telegram_id, language FROM persons ORDER BY telegram_id")
            ).all()
        )
        roles = sorted(connection.execute(text("SELECT role FROM memberships")).scalars())
    engine.dispose()
    assert languages == {501: "da", 601: "da", 602: "da"}
    assert roles == ["coordinator", "parent", "parent"]
    assert staff_code != parent_code


def test_the_bot_stops_at_once_while_its_faq_content_still_loads(
    emulator: Emulator, db_url: str
) -> None:
    """Stopped right after its first poll, the bot exits cleanly within seconds.

    Compiling every language's danger rules takes 10-20 s on a loaded machine, in a worker
    thread started with the bot. A stop (a deploy, Ctrl+C, the service manager's SIGTERM)
    must not wait for it: a loader thread the interpreter joins at exit kept the process
    alive until the service manager killed it (-9 here, after the harness's 10 s). Since the
    rules compile at first use, the load is shorter, but the loader goes on compiling the
    rest for longer than the harness waits."""
    token = new_token()
    create_org(db_url)
    with running_bot(emulator, token, db_url) as bot:
        started = time.monotonic()
        code = bot.stop(timeout=10.0)  # then SIGKILL: -9, as the service manager does
        took = time.monotonic() - started
    # Not a tighter bound: under a loaded machine PTB's own stop takes a few seconds.
    assert code == 0, f"stopped with {code} after {took:.1f} s; its output:\n{bot.output()}"
