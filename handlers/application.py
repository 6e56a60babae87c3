"""The wiring of the Telegram application: defaults, handlers, persistence, start-up work."""

from __future__ import annotations

import logging

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults

import handlers
from handlers import jobs
from handlers.common import Services
from handlers.persistence import DatabasePersistence, DraftsApplication
from handlers.processing import MeteredUpdateProcessor
from handlers.rate_limiter import SharedRateLimiter
from i18n import FALLBACK, N_, supported_codes, texts_for
from settings import Settings

log = logging.getLogger("bot")

COMMANDS = (
    "start",
    "next",
    "calendar",
    "faq",
    "ask",
    "words",
    "help",
    "language",
    "leave",
    "mydata",
    "delete",
)  # the menu everyone sees


def build_application(
    settings: Settings,
    services: Services,
    builder: ApplicationBuilder | None = None,
) -> Application:
    """The real Application; tests pass a builder wired to a fake transport."""
    builder = builder or ApplicationBuilder().token(settings.require_token())
    if settings.api_url:
        builder = builder.base_url(settings.api_url.rstrip("/")).base_file_url(
            settings.api_url.rstrip("/").removesuffix("/bot") + "/file/bot"
        )
    builder = builder.concurrent_updates(MeteredUpdateProcessor())  # /metrics: update latency
    application = (
        builder.application_class(DraftsApplication)
        .persistence(DatabasePersistence(services.db))
        .defaults(defaults(settings))
        .rate_limiter(SharedRateLimiter(services.limits))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data["services"] = services
    handlers.register(application)
    return application


def defaults(settings: Settings) -> Defaults:
    """HTML everywhere (texts are trusted HTML with escaped values), no link previews."""
    return Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        tzinfo=settings.tz,
    )


async def _post_init(application: Application) -> None:
    """Start-up work: learn our username for links, show the command menu per language,
    start the tick and the sender, and begin loading the FAQ and the danger rules (seconds of
    work, in a worker thread) so the first question does not wait for them."""
    services: Services = application.bot_data["services"]
    services.start_loading_faq()
    jobs.schedule(application)
    services.bot_username = application.bot.username  # the truth, even if a setting says else
    for code in supported_codes():
        texts = texts_for(code)
        commands = [BotCommand(name, texts.plain(_command_description(name))) for name in COMMANDS]
        language = None if code == FALLBACK else code
        try:
            await application.bot.set_my_commands(commands, language_code=language)
        except TelegramError:
            log.warning("could not set the command menu for %s", code, exc_info=True)


async def _post_shutdown(application: Application) -> None:
    """Let another process lead at once, rather than after our connection times out."""
    services: Services = application.bot_data["services"]
    if services.leadership is not None:
        services.leadership.release()


def _command_description(name: str) -> str:
    return {
        "start": N_("Start"),
        "next": N_("When is the next meeting?"),
        "here": N_("I'm here (check in)"),
        "calendar": N_("Add the meetings to my calendar"),
        "faq": N_("Questions and answers"),
        "ask": N_("Ask the staff a question"),
        "words": N_("Danish words, explained"),
        "help": N_("What I can do"),
        "language": N_("Change language"),
        "leave": N_("Leave a group"),
        "mydata": N_("A copy of my data"),
        "delete": N_("Delete my data"),
    }[name]
