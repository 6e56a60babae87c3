"""The one error handler: the log gets the details, the user a kind sentence."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from handlers.common import guess_language, in_private_chat, services
from i18n import texts_for

log = logging.getLogger(__name__)


def _ids(update: object) -> dict[str, int | None]:
    """Which update, chat and user: ids only, never a name or what anyone wrote."""
    if not isinstance(update, Update):
        return {}
    return {
        "update_id": update.update_id,
        "chat_id": update.effective_chat.id if update.effective_chat else None,
        "user_id": update.effective_user.id if update.effective_user else None,
    }


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if isinstance(context.error, BadRequest) and "not modified" in str(context.error):
        return  # a double tap on the same button: nothing to tell anyone
    if isinstance(context.error, Forbidden):
        # A parent who blocked the bot is an expected event, not a fault: the log says who,
        # and there is nobody to tell.
        user = update.effective_user if isinstance(update, Update) else None
        chat = update.effective_chat if isinstance(update, Update) else None
        log.info(
            "Telegram user %s (chat %s) has blocked the bot: %s",
            user.id if user else "?",
            chat.id if chat else "?",
            context.error,
        )
        return
    ids = _ids(update)
    log.error(
        "error while handling update %s (chat %s, user %s)",
        ids.get("update_id"),
        ids.get("chat_id"),
        ids.get("user_id"),
        exc_info=context.error,
        extra=ids,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    language = guess_language(update)
    try:
        from db import queries

        with services(context).transaction() as session:
            person = queries.person_by_telegram_id(session, update.effective_user.id)
            if person is not None:
                language = person.language
    except Exception:  # the database may be what failed; speak the guessed language
        log.warning("could not look up the user's language", exc_info=True)
    texts = texts_for(language)
    if not in_private_chat(update):
        return  # a group chat only ever receives announcements
    try:
        # A button is not answered here: the handler may have answered it already, and a
        # second answer is an error. The spinner stops by itself; the sentence explains.
        await update.effective_chat.send_message(
            texts._("Sorry, something went wrong on my side. Please try again in a moment.")
        )
    except Exception:
        log.warning("could not tell the user about the error", exc_info=True)
