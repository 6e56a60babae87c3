"""The one error handler: the log gets the details, the user a kind sentence."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from handlers.common import guess_language, in_private_chat, services
from i18n import texts_for

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if isinstance(context.error, BadRequest) and "not modified" in str(context.error):
        return  # a double tap on the same button: nothing to tell anyone
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return  # the user blocked the bot: nobody to tell
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
