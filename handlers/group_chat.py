"""/linkchat in a Telegram group chat: announcements of a group may also be posted there.

Only a coordinator of the group can link a chat; the chat's id is all that is stored.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from access import Action
from db import queries
from db.models import Group, Person
from handlers import callback_data as cd
from handlers.common import (
    continue_in_private,
    edit_or_reply,
    in_private_chat,
    keyboard,
    permitted_groups,
    reply,
    services,
    texts_for_update,
)
from handlers.fallback import stale_button
from i18n import Texts

GROUP_CHATS = filters.ChatType.GROUPS


async def link_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = permitted_groups(session, person, Action.MANAGE_GROUP) if person else []
        if not groups:
            await reply(update, texts._("Only a coordinator of the group can link this chat."))
            return
        if len(groups) == 1:
            await _link(update, session, person, texts, groups[0])
            return
        rows = [[(g.name, cd.pack(cd.LINK_CHAT, g.id))] for g in groups]
        await reply(update, texts._("Which group does this chat belong to?"), keyboard(rows))


async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    parts = cd.unpack(query.data)
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = permitted_groups(session, person, Action.MANAGE_GROUP) if person else []
        group = next((g for g in groups if parts and str(g.id) == parts[0]), None)
        if group is None:
            await query.answer(texts.plain("Only a coordinator of the group can link this chat."))
            return
        await query.answer()
        await _link(update, session, person, texts, group)


async def _link(
    update: Update, session: Session, person: Person, texts: Texts, group: Group
) -> None:
    group.chat_id = update.effective_chat.id
    queries.audit(
        session, "group.chat_linked", actor=person, org_id=group.org_id, group_id=group.id
    )
    await edit_or_reply(
        update,
        texts._(
            "This chat is now linked to %(group)s. Announcements can also be posted here.",
            group=group.name,
        ),
    )


async def refuse_bad_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler, for every button press.

    A payload that `pack` could not have made (an id of 2^31 or more, digits from
    another script, not ASCII) gets the stale-button answer. In a group chat only
    the chat-linking buttons work: the bot posts no other buttons there, so any
    other press is forged or forwarded; it gets a notice on the presser's screen.
    Either way nothing is changed or posted.
    """
    query = update.callback_query
    if query is None:
        return
    if not cd.well_formed(query.data):
        await stale_button(update, context)
        raise ApplicationHandlerStop
    if in_private_chat(update) or cd.prefix(query.data) == cd.LINK_CHAT:
        return
    await continue_in_private(update, context)
    raise ApplicationHandlerStop


HANDLERS = [
    CommandHandler("linkchat", link_chat, filters=GROUP_CHATS),
    CallbackQueryHandler(chosen, pattern=cd.pattern(cd.LINK_CHAT)),
]
