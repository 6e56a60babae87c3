"""End to end over HTTP: `python bot.py run --webhook URL` behind the emulator's webhook.

The bot sets its webhook (with a secret token) on the emulator; the emulator then
posts each user's update to the bot's web server with that token, as Telegram does.
Without the token a request gets 403. `/healthz`, `/readyz` and `/metrics` answer;
SIGTERM stops the bot within 10 s with exit status 0; every log line is one JSON
object, and none holds a parent's name or words.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

import httpx
import pytest
from harness import BotProcess, EmulatedUser, Emulator, new_token, require_emulator
from test_onboarding_e2e import bot_env

require_emulator(module_level=True)
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(client: httpx.Client, bot: BotProcess, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert bot.returncode is None, f"the bot exited; its output:\n{bot.output()}"
        try:
            if client.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the bot never served /healthz; its output:\n{bot.output()}")


def test_webhook_mode_over_http(emulator: Emulator, tmp_path: Path) -> None:
    token = new_token()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    env = {
        **bot_env(f"sqlite:///{tmp_path / 'bot.sqlite3'}"),
        "BOT_LOG_FORMAT": "json",
        "TELEGRAM_WEBHOOK_SECRET": "e2e-secret_token",
    }
    bot = BotProcess(
        [sys.executable, "bot.py", "run", "--webhook", url, "--port", str(port)],
        emulator=emulator,
        token=token,
        env=env,
        cwd=ROOT,
    ).start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            wait_until_serving(client, bot)
            info = httpx.post(f"{emulator.api_url}{token}/getWebhookInfo").json()["result"]
            assert info["url"] == url

            with EmulatedUser(emulator, token, 701, "Amina", language_code="en") as amina:
                amina.send_command("/help")
                assert "What I can do" in amina.wait_for("What I can do").text
                amina.send_message("my baby has a fever tonight")
                # An answer, whichever. The first free-text question of a process waits for
                # the FAQ content and the danger rules to load (6.8-9.2 s on a quiet machine,
                # 2026-12-03; more under a CI run's load, where 10 s once ran out): this test
                # is about webhook mode, not that latency, which is a known open item.
                amina.wait_for(lambda message: bool(message.text), timeout=30)

            forged = {"update_id": 999, "message": {"message_id": 1, "date": 0, "text": "/help"}}
            assert client.post("/telegram", json=forged).status_code == 403
            wrong = {SECRET_HEADER: "not-the-secret"}
            assert client.post("/telegram", json=forged, headers=wrong).status_code == 403

            ready = client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["ready"] is True
            metrics = client.get("/metrics").text
            for line in (
                "bot_updates_handled_total 2.0",
                'bot_webhook_requests_total{result="accepted"} 2.0',
                'bot_webhook_requests_total{result="forbidden"} 2.0',
                'bot_outbox_messages{status="pending"}',
                'bot_outbox_sends_total{result="sent"}',
                "bot_update_seconds_bucket",
                "bot_tick_seconds_count",
                "bot_leader 1.0",
            ):
                assert line in metrics, line
        started = time.monotonic()
        code = bot.stop(timeout=15)
        assert code == 0, bot.output()
        assert time.monotonic() - started < 10
    finally:
        bot.stop()

    lines = [line for line in bot.output().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any("serving the webhook" in event["message"] for event in events)
    assert any(event["message"] == "stopped cleanly" for event in events)
    assert not any("Amina" in line or "fever" in line for line in lines)
