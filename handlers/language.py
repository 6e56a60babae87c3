"""/language: switch language at any time; it applies to everything from then on."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from db import queries
from handlers import callback_data as cd
from handlers.common import (
    edit_or_reply,
    guess_language,
    keyboard,
    private_chat_only,
    reply,
    services,
)
from handlers.onboarding import language_keyboard
from i18n import supported_codes, texts_for


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with services(context).transaction() as session:
        person = queries.person_by_telegram_id(session, update.effective_user.id)
        current = person.language if person else guess_language(update)
    await reply(
        update,
        texts_for(current)._("Which language do you want me to write in?"),
        keyboard(language_keyboard(cd.SET_LANGUAGE, current)),
    )


async def language_set(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    parts = cd.unpack(query.data)
    if len(parts) != 1 or parts[0] not in supported_codes():
        return
    code = parts[0]
    with services(context).transaction() as session:
        person = queries.person_by_telegram_id(session, update.effective_user.id)
        if person is not None:
            person.language = code
            queries.audit(session, "person.language", actor=person, language=code)
    texts = texts_for(code)
    text = texts._("Fine! I will write to you in English from now on.")
    if person is None:
        text = texts._(
            "To join a group, open the link or scan the QR code from your group's coordinator."
        )
    await edit_or_reply(update, text)


HANDLERS = [
    CommandHandler("language", private_chat_only(choose_language)),
    CallbackQueryHandler(language_set, pattern=cd.pattern(cd.SET_LANGUAGE)),
]
