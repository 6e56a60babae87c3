"""Webhook mode: the Starlette app in front of the real Application over the fake transport.

Requests go through httpx's ASGI transport in the test's own event loop (the
Application's update queue lives there); one test runs the whole server with
uvicorn on a real port and stops it with SIGTERM.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from telegram.ext import Application

from db.engine import downgrade, session_factory, transaction
from db.models import OutboxMessage
from handlers import jobs
from handlers.application import build_application as build_bot_application
from handlers.common import Services
from handlers.delivery import telegram_deliver
from outbox import queue as outbox
from settings import Settings
from tests.chat import NOW
from tests.fake_telegram import FakeTelegram, FakeUser, build_application
from web.app import SECRET_HEADER, create_app
from web.serve import serve_webhook, webhook_secret

SECRET = "s3cret-token_for-tests"
PATH = "/telegram"


@dataclass
class Web:
    app: Application
    fake: FakeTelegram
    services: Services
    client: httpx.AsyncClient

    async def post(self, update: dict, secret: str | None = SECRET) -> httpx.Response:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return await self.client.post(PATH, json=dict(update), headers=headers)

    async def handled(self) -> None:
        """Wait until the Application has handled everything the webhook queued."""
        await asyncio.wait_for(self.app.update_queue.join(), timeout=10)

    async def metrics(self) -> dict[str, float]:
        response = await self.client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        return samples(response.text)


def samples(exposition: str) -> dict[str, float]:
    """`name{label="value"}` -> value, for every sample in Prometheus' text format."""
    found = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return found


@pytest.fixture
async def web(db: sessionmaker[Session]) -> AsyncIterator[Web]:
    fake = FakeTelegram()
    settings = Settings(token="123456:TEST", webhook_secret=SECRET)
    services = Services(settings=settings, db=db, clock=lambda: NOW)
    app = build_bot_application(settings, services, build_application(fake))
    await app.initialize()
    await app.start()  # the update fetcher: what the webhook queues gets handled
    starlette = create_app(app, services, path=PATH, secret=SECRET)
    transport = httpx.ASGITransport(app=starlette)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
        yield Web(app, fake, services, client)
    await app.stop()
    await app.shutdown()


async def test_a_request_without_the_secret_token_gets_403_and_is_not_handled(web: Web) -> None:
    amina = FakeUser(web.fake, 1001, "Amina")
    before = await web.metrics()
    for secret in (None, "", "wrong", SECRET + "x"):
        response = await web.post(amina.command("/help"), secret=secret)
        assert response.status_code == 403
    await web.handled()
    assert web.fake.sent_to(1001) == []
    after = await web.metrics()
    forbidden = 'bot_webhook_requests_total{result="forbidden"}'
    assert after[forbidden] - before.get(forbidden, 0) == 4
    assert after["bot_updates_handled_total"] == before["bot_updates_handled_total"]


async def test_an_update_with_the_secret_token_is_handled_and_answered(web: Web) -> None:
    amina = FakeUser(web.fake, 1001, "Amina", language_code="en")
    before = await web.metrics()
    response = await web.post(amina.command("/help"))
    assert response.status_code == 200
    await web.handled()
    reply = web.fake.last_to(1001)
    assert reply is not None and "What I can do" in reply.text  # the help, in English
    after = await web.metrics()
    assert after["bot_updates_handled_total"] - before["bot_updates_handled_total"] == 1
    assert after["bot_update_seconds_count"] - before["bot_update_seconds_count"] == 1
    accepted = 'bot_webhook_requests_total{result="accepted"}'
    assert after[accepted] - before.get(accepted, 0) == 1


async def test_what_is_not_an_update_gets_400(web: Web) -> None:
    headers = {SECRET_HEADER: SECRET}
    for body in (b"not json", b"[1, 2]", b'{"no_update_id": 1}'):
        response = await web.client.post(PATH, content=body, headers=headers)
        assert response.status_code == 400
    assert (await web.client.get(PATH)).status_code == 405  # Telegram only POSTs


async def test_healthz_says_the_process_lives(web: Web) -> None:
    response = await web.client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"


async def test_readyz_is_200_on_a_migrated_database(web: Web) -> None:
    response = await web.client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["ready"] is True


async def test_readyz_is_503_on_a_database_behind_its_migrations(web: Web, engine) -> None:
    downgrade(engine, "0007")
    response = await web.client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False and "0007" in body["detail"] and "db upgrade" in body["detail"]


async def test_readyz_is_503_when_the_database_is_unreachable(web: Web, tmp_path) -> None:
    unreachable = create_engine(f"sqlite:///{tmp_path}/no/such/dir/bot.sqlite3")
    web.services.db = session_factory(unreachable)
    starlette = create_app(web.app, web.services, path=PATH, secret=SECRET)
    transport = httpx.ASGITransport(app=starlette)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("database unreachable")


async def test_metrics_count_the_outbox_by_status_and_every_send_result(web: Web) -> None:
    with transaction(web.services.db) as session:
        for n in range(3):
            outbox.enqueue(session, f"test:{n}", chat_id=2000 + n, template="t", not_before=NOW)
        outbox.enqueue(
            session, "test:later", chat_id=2100, template="t", not_before=NOW + timedelta(days=1)
        )
    before = await web.metrics()
    assert before['bot_outbox_messages{status="pending"}'] == 4
    assert before['bot_outbox_messages{status="sent"}'] == 0
    assert before["bot_outbox_lag_seconds"] == 0  # NOW is the clock: due, but not late

    deliver = telegram_deliver(web.app.bot, lambda row: ("Hej", None))
    web.fake.blocked.add(2001)
    assert (await deliver(OutboxMessage(chat_id=2000))).outcome == "sent"
    assert (await deliver(OutboxMessage(chat_id=2001))).outcome == "blocked"
    web.fake.fail_next("sendMessage", "429")
    assert (await deliver(OutboxMessage(chat_id=2002))).outcome == "retry_after"
    web.fake.fail_next("sendMessage", "500")
    assert (await deliver(OutboxMessage(chat_id=2002))).outcome == "transient"

    after = await web.metrics()
    for result in ("sent", "blocked", "rate_limited", "failed"):
        key = f'bot_outbox_sends_total{{result="{result}"}}'
        assert after[key] - before[key] == 1, result


async def test_metrics_time_the_tick_and_say_who_leads(web: Web) -> None:
    before = await web.metrics()
    context = SimpleNamespace(application=web.app, bot=web.app.bot)
    await jobs.tick_job(context)  # the job the JobQueue runs every minute; no lock: leads
    if web.services.sender_task is not None:  # the sender it started is not this test's
        web.services.sender_task.cancel()
    after = await web.metrics()
    assert after["bot_tick_seconds_count"] - before["bot_tick_seconds_count"] == 1
    assert after["bot_leader"] == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_server_sets_the_webhook_serves_and_stops_on_sigterm_within_10_s(
    db: sessionmaker[Session],
) -> None:
    fake = FakeTelegram()
    settings = Settings(token="123456:TEST")  # no secret set: derived from the token
    services = Services(settings=settings, db=db, clock=lambda: NOW)
    app = build_bot_application(settings, services, build_application(fake))
    hooks: list[str] = []

    async def post_stop(_application: Application) -> None:
        hooks.append("post_stop")  # where a stop hook releases what it holds

    app.post_stop = post_stop
    port = _free_port()
    url = "https://bot.example.dk/telegram"
    secret = webhook_secret(settings)
    server = asyncio.create_task(
        serve_webhook(app, services, url=url, listen="127.0.0.1", port=port, secret=secret)
    )
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        for _ in range(200):
            try:
                if (await client.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
        set_webhook = [call for call in fake.calls if call.method == "setWebhook"]
        assert fake.webhook_url == url
        assert set_webhook[-1].params["secret_token"] == secret
        assert (await client.post("/telegram", json={"update_id": 1})).status_code == 403
        amina = FakeUser(fake, 1001, "Amina", language_code="en")
        update = dict(amina.command("/help"))
        fake.observe_update(update)
        response = await client.post("/telegram", json=update, headers={SECRET_HEADER: secret})
        assert response.status_code == 200
        metrics = await client.get("/metrics")
        assert "bot_outbox_messages" in metrics.text
    started = time.monotonic()
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(server, timeout=12)
    assert time.monotonic() - started < 10
    assert not app.running and hooks == ["post_stop"]
    assert fake.last_to(1001) is not None  # the update that was in flight got its answer
    assert fake.webhook_url == url  # left set: the other replicas keep receiving


def test_the_webhook_secret_is_the_setting_or_derived_from_the_token() -> None:
    assert webhook_secret(Settings(token="1:a", webhook_secret="mine")) == "mine"
    derived = webhook_secret(Settings(token="1:a"))
    assert derived == webhook_secret(Settings(token="1:a"))  # every replica agrees
    assert derived != webhook_secret(Settings(token="1:b"))
    assert len(derived) == 64 and derived.isalnum()
    assert "1:a" not in derived and json.dumps(derived)
