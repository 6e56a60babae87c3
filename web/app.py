"""The Starlette application in front of PTB (PTB's custom-webhook pattern).

Telegram POSTs each update to the webhook path with the secret token in a
header; a request without it (or with another) gets 403 and is never parsed.
An accepted update goes into PTB's `update_queue` and the request returns at
once: the handlers run in the Application, as they do when polling.
`/healthz` says the process lives, `/readyz` that the database is reachable
and migrated, `/metrics` what `ops.metrics` counts.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from db.readiness import readiness
from handlers.common import Services
from ops import metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SERVICE_PATHS = ("/healthz", "/readyz", "/metrics")
MAX_UPDATE_BYTES = 1_000_000  # an update is a few kilobytes; anything near this is not one


def create_app(
    application: Application, services: Services, *, path: str, secret: str
) -> Starlette:
    """The web app for one Application; `path` is where Telegram posts updates."""
    if not path.startswith("/") or path in SERVICE_PATHS:
        raise ValueError(f"the webhook path {path!r} must start with / and not be {SERVICE_PATHS}")
    expected = secret.encode()
    metrics.watch_outbox(services.db, services.clock)

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            metrics.webhook_request("forbidden")
            return Response(status_code=403)
        if not application.running:  # shutting down: Telegram retries, maybe on another replica
            metrics.webhook_request("stopping")
            return Response(status_code=503)
        body = await request.body()
        update = _parse(body, application) if len(body) <= MAX_UPDATE_BYTES else None
        if update is None:
            metrics.webhook_request("bad_request")
            return Response(status_code=400)
        metrics.webhook_request("accepted")
        metrics.update_received(update.update_id)
        await application.update_queue.put(update)
        return Response()

    async def healthz(_request: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def readyz(_request: Request) -> Response:
        state = await run_in_threadpool(readiness, services.db)
        return JSONResponse(
            {"ready": state.ready, "detail": state.detail}, status_code=200 if state.ready else 503
        )

    async def prometheus(_request: Request) -> Response:
        body = await run_in_threadpool(metrics.exposition)
        return Response(body, media_type=metrics.CONTENT_TYPE)

    return Starlette(
        routes=[
            Route(path, telegram, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", prometheus, methods=["GET"]),
        ]
    )


def _parse(body: bytes, application: Application) -> Update | None:
    """An Update from Telegram's JSON, or None for anything that is not one."""
    try:
        data: Any = json.loads(body)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        return Update.de_json(data, application.bot)
    except Exception:  # malformed JSON or an object PTB cannot read: the sender's problem
        log.warning("a webhook request was not a Telegram update")
        return None
