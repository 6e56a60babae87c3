"""Run the Application behind uvicorn: set the webhook, serve, stop gracefully on SIGTERM.

The order follows PTB's custom-webhook example: initialise the Application,
tell Telegram where to post (with the secret token), start the Application,
serve until a signal; `post_init`, `post_stop` and `post_shutdown` run where
`run_polling` runs them, so start-up and stop hooks work in both modes. On
SIGTERM (or Ctrl+C) uvicorn stops taking requests and lets the ones in flight
finish; then the Application handles what is already queued and stops its
jobs. The whole stop is bounded (`STOP_SECONDS`, within the 10 s an
orchestrator gives before SIGKILL): if the tick is still sending then, the
process exits anyway, which the outbox survives like a crash (at most one
re-send of the message in flight).

The webhook stays set when a replica stops: the others keep receiving, and
Telegram keeps undelivered updates for a day when none is up.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from telegram.ext import Application

from handlers.common import Services
from settings import Settings, SettingsError
from web.app import create_app

log = logging.getLogger(__name__)

STOP_SECONDS = 9.0  # from SIGTERM to exit, everything included
HTTP_GRACE_SECONDS = 3  # requests in flight only queue an update: they take milliseconds


def webhook_secret(settings: Settings) -> str:
    """The secret token Telegram sends with every update.

    `TELEGRAM_WEBHOOK_SECRET` when set; otherwise derived from the bot token, so every
    replica of one bot computes the same secret without sharing another setting, and
    nobody without the token can guess it.
    """
    if settings.webhook_secret:
        return settings.webhook_secret
    token = settings.require_token().encode()
    return hmac.new(token, b"parent-groups-bot webhook secret", hashlib.sha256).hexdigest()


def webhook_path(url: str) -> str:
    """The path Telegram will post to, as the reverse proxy passes it on."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(
            f"--webhook {url!r}: give the public URL, like https://bot.example.dk/telegram"
        )
    return parts.path or "/"


def run_webhook(
    application: Application,
    services: Services,
    settings: Settings,
    *,
    url: str,
    listen: str,
    port: int,
) -> None:
    """`bot.py run --webhook URL`: serve until SIGTERM."""
    secret = webhook_secret(settings)
    if settings.webhook_secret is None:
        log.info("TELEGRAM_WEBHOOK_SECRET is not set: using a secret derived from the bot token")
    asyncio.run(
        serve_webhook(application, services, url=url, listen=listen, port=port, secret=secret)
    )


async def serve_webhook(
    application: Application,
    services: Services,
    *,
    url: str,
    listen: str,
    port: int,
    secret: str,
) -> None:
    """Serve updates for `application` on listen:port until SIGTERM/SIGINT, then stop."""
    app = create_app(application, services, path=webhook_path(url), secret=secret)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=listen,
            port=port,
            log_config=None,  # our handlers and format (JSON when asked)
            access_log=False,  # one line per request would drown the events that matter
            lifespan="off",
            timeout_graceful_shutdown=HTTP_GRACE_SECONDS,
        )
    )
    try:  # a port in use fails here, before Telegram is told to post to it
        listening = server.config.bind_socket()
    except SystemExit as exc:  # uvicorn has logged the reason
        raise SettingsError(f"cannot listen on {listen}:{port}") from exc
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.set_webhook(url, secret_token=secret, drop_pending_updates=False)
        await application.start()
        log.info("serving the webhook on %s:%s; stop with SIGTERM", listen, port)
        try:
            with _signals_caught():
                await server.serve(sockets=[listening])
        finally:
            # uvicorn has used at most its grace period of the budget
            deadline = time.monotonic() + STOP_SECONDS - HTTP_GRACE_SECONDS
            await _stop(application, deadline=deadline)
    finally:
        listening.close()
        if not application.running:
            await application.shutdown()
            if application.post_shutdown is not None:
                await application.post_shutdown(application)


async def _stop(application: Application, *, deadline: float) -> None:
    """Handle what is queued and stop the jobs, but never past the deadline."""
    if not application.running:
        return
    stopping = asyncio.ensure_future(application.stop())
    done, _ = await asyncio.wait({stopping}, timeout=max(0.1, deadline - time.monotonic()))
    if done:
        stopping.result()
        if application.post_stop is not None:  # as run_polling does: e.g. release a lock
            await application.post_stop(application)
        log.info("stopped cleanly")
        return
    log.warning(
        "stopping took longer than %.0f s (a tick still sending?); exiting with it unfinished",
        STOP_SECONDS,
    )
    stopping.cancel()


@contextmanager
def _signals_caught() -> Iterator[None]:
    """Catch SIGTERM and SIGINT around uvicorn.

    uvicorn handles the signal while serving and, when it returns, raises it again for
    the handler that was there before; that must not be the default one (which would end
    the process before the Application has stopped), so it is one that does nothing.
    """

    def ignore(_signum: int, _frame: Any) -> None:
        log.info("stopping: a signal arrived")

    previous = {sig: signal.signal(sig, ignore) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
