"""Running the bot, one tick by hand, and the database schema."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import click
from telegram import Bot
from telegram.error import InvalidToken, NetworkError
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from cli.root import NOW_HELP, CliError, database, parse_now, settings
from db.leadership import Leadership
from handlers.application import build_application, defaults
from handlers.common import Services
from handlers.delivery import telegram_deliver
from handlers.outgoing import renderer_for
from handlers.rate_limiter import SharedRateLimiter
from scheduling.sending import make_sender
from scheduling.tick import TickReport, tick
from settings import Settings

TICK_WAIT = 120.0  # seconds a command-line tick waits for another tick to finish
# Seconds `run` on SQLite waits for the lock: a restart whose old process is still stopping
# (at most 10 s after SIGTERM), or a command-line tick that is finishing.
SQLITE_RUN_WAIT = 15.0

log = logging.getLogger("bot")


def _api_url(settings: Settings) -> str:
    return settings.api_url.rstrip("/") if settings.api_url else "https://api.telegram.org/bot"


async def check_telegram(settings: Settings) -> str:
    """The bot's username; one clear line when the token or the API address is wrong."""
    bot = Bot(settings.require_token(), base_url=_api_url(settings))
    try:
        async with bot:
            return bot.username
    except InvalidToken as exc:
        raise CliError("Telegram refused the token: check TELEGRAM_BOT_TOKEN.") from exc
    except NetworkError as exc:
        raise CliError(f"Cannot reach the Telegram Bot API at {_api_url(settings)}: {exc}") from exc


@click.command(
    help="Start the bot; it applies migrations first. Long polling by default; with "
    "--webhook, Telegram posts updates to URL and the bot also serves /healthz, /readyz and "
    "/metrics (see docs/deploy.md)."
)
@click.option("--webhook", metavar="URL", help="public HTTPS URL Telegram posts updates to")
@click.option("--listen", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
@click.option("--port", type=int, default=8080, help="port to listen on (default 8080)")
def run(webhook: str | None, listen: str, port: int) -> None:
    from web.serve import run_webhook, webhook_path

    config = settings()
    config.require_token()
    if webhook:
        webhook_path(webhook)  # a wrong URL is one clear line before anything starts
    services = Services(settings=config, db=database(config))
    services.leadership = Leadership(services.db.kw["bind"])
    if services.db.kw["bind"].dialect.name == "sqlite" and not services.leadership.acquire(
        timeout=SQLITE_RUN_WAIT
    ):
        raise CliError(
            f"another bot process is running on this SQLite database "
            f"({services.leadership.holder()}). SQLite serves one process: stop that one "
            f"first, or move to PostgreSQL to run several (docs/deploy.md)."
        )
    asyncio.run(check_telegram(config))
    application = build_application(config, services)
    if webhook:
        run_webhook(application, services, config, url=webhook, listen=listen, port=port)
        return
    log.info("the bot is running; stop it with Ctrl+C")
    application.run_polling(poll_interval=config.poll_interval, drop_pending_updates=False)


async def _tick_with_bot(config: Settings, services: Services, now: datetime) -> TickReport:
    bot = ExtBot(
        config.require_token(),
        base_url=_api_url(config),
        defaults=defaults(config),
        rate_limiter=SharedRateLimiter(services.limits),
        request=HTTPXRequest(connection_pool_size=32),  # the sender has several in flight
    )
    async with bot:
        deliver = telegram_deliver(bot, renderer_for(services.db), services.limits)
        sender = make_sender(
            services.db, deliver, services.limits, lambda: now, services.settings.sender_in_flight
        )
        return await tick(services.db, now, sender=sender, retention=True)


@click.command(
    "tick",
    short_help="Do what is due at an instant (plan sessions, send the outbox).",
    help="Do everything due at --now (plan sessions, queue reminders, send the outbox), "
    "idempotently; the running bot does the same every minute.",
)
@click.option("--now", help=NOW_HELP)
def tick_command(now: str | None) -> None:
    config = settings()
    instant = parse_now(now, config)
    services = Services(settings=config, db=database(config))
    leadership = Leadership(services.db.kw["bind"])
    if not leadership.acquire(timeout=TICK_WAIT):  # one tick at a time, the bot's included
        raise CliError(
            f"another process (the running bot, or another tick) has held the tick for "
            f"{TICK_WAIT:.0f} s; nothing was done."
        )
    try:
        if config.token:
            report = asyncio.run(_tick_with_bot(config, services, instant))
        else:
            report = asyncio.run(tick(services.db, instant, retention=True))
            click.echo("note: TELEGRAM_BOT_TOKEN is not set, so nothing was sent.")
    finally:
        leadership.release()
    click.echo(
        f"tick {instant.isoformat()}: {report.meetings_planned} sessions planned, "
        f"{report.reminders_enqueued} reminders queued, {report.meetings_closed} closed, "
        f"{report.follow_ups_enqueued} follow-ups queued, "
        f"{len(report.sending.sent)} sent, {len(report.sending.postponed)} postponed, "
        f"{len(report.sending.blocked)} blocked, {len(report.sending.failed)} failed, "
        f"{report.retention.people_erased.total()} inactive people deleted, "
        f"{report.retention.messages_cleared} old messages cleared"
    )


@click.group(help="Database commands.")
def db() -> None:
    pass


@db.command(help="Apply all Alembic migrations.")
def upgrade() -> None:
    database(settings())
    click.echo("The database is up to date.")


@db.command(
    help="Copy every table (in dependency order) from --from (default DATABASE_URL) into --to, "
    "which is migrated first and must be empty; PostgreSQL sequences are reset. Stop the bot "
    "while copying."
)
@click.option("--from", "source", metavar="URL", help="default: DATABASE_URL")
@click.option("--to", "target", metavar="URL", required=True, help="e.g. postgresql+psycopg://...")
def copy(source: str | None, target: str) -> None:
    from db.transfer import TransferError, copy_database

    try:
        counts = copy_database(source or settings().database_url, target)
    except TransferError as exc:
        raise CliError(str(exc)) from exc
    for table, rows in counts.items():
        click.echo(f"{table}: {rows} rows")
    click.echo(f"Copied {sum(counts.values())} rows in {len(counts)} tables.")


COMMANDS = (run, tick_command, db)
