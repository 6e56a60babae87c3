"""What the bot says to anything no other handler took: stale buttons and stray text."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from handlers.common import reply, services, texts_for_update


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button from an old message or an older version of the bot: say so, change nothing."""
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    await update.callback_query.answer(
        texts.plain("This button is no longer active."), show_alert=False
    )


async def stray_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    await reply(update, texts._("I didn't understand that. /help shows what I can do."))


HANDLERS = [
    CallbackQueryHandler(stale_button),
    MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, stray_text),
]
