"""The floor for `bench_webhook.py`: a bare PTB Application behind Starlette and uvicorn
(PTB's custom-webhook pattern), no database, answering a button press with the same two
Bot API calls the bot makes (answer the query, edit the message) and a fixed text.

    python bench/bare_webhook_replica.py API_URL PORT SECRET TOKEN
"""

from __future__ import annotations

import asyncio
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

AT_ONCE = 16  # as the bot's update processor (handlers/processing.py)


async def pressed(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text("Tak, vi ses!")


async def main(api_url: str, port: int, secret: str, token: str) -> None:
    application = (
        Application.builder()
        .token(token)
        .base_url(api_url)
        .updater(None)
        .concurrent_updates(AT_ONCE)
        .build()
    )
    application.add_handler(CallbackQueryHandler(pressed))

    async def telegram(request: Request) -> Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != secret:
            return Response(status_code=403)
        await application.update_queue.put(Update.de_json(await request.json(), application.bot))
        return Response()

    async def ready(_request: Request) -> Response:
        return Response("ok")

    web = Starlette(
        routes=[
            Route("/telegram", telegram, methods=["POST"]),
            Route("/readyz", ready, methods=["GET"]),
        ]
    )
    server = uvicorn.Server(
        uvicorn.Config(web, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    async with application:
        await application.start()
        await server.serve()
        await application.stop()


if __name__ == "__main__":
    api, port, secret, token = sys.argv[1:5]
    asyncio.run(main(api, int(port), secret, token))
