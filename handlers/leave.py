"""/leave a group and /delete everything about me: always one confirmation, never a guilt trip."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from db import queries
from db.models import Group
from handlers import callback_data as cd
from handlers.common import (
    edit_or_reply,
    keyboard,
    private_chat_only,
    reply,
    services,
    texts_for_update,
)
from onboarding import join
from usecases.erasure import erase_person


async def leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = queries.groups_of(session, person) if person else []
        if not groups:
            await reply(update, texts._("You are not in any group."))
            return
        rows = [[(g.name, cd.pack(cd.LEAVE_PICK, g.id))] for g in groups]
        await reply(update, texts._("Which group do you want to leave?"), keyboard(rows))


async def leave_picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    parts = cd.unpack(query.data)
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        group = session.get(Group, cd.number(parts[0])) if parts and cd.number(parts[0]) else None
        if person is None or group is None or group not in queries.groups_of(session, person):
            await edit_or_reply(update, texts._("You are not in this group any more."))
            return
        buttons = [
            [
                (texts.plain("Yes, leave"), cd.pack(cd.LEAVE_CONFIRM, group.id)),
                (texts.plain("No, stay"), cd.pack(cd.LEAVE_CONFIRM, "stay")),
            ]
        ]
        await edit_or_reply(
            update,
            texts._(
                "Do you want to leave %(group)s? You will get no more messages from it.",
                group=group.name,
            ),
            keyboard(buttons),
        )


async def leave_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    parts = cd.unpack(query.data)
    svc = services(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        if not parts or cd.number(parts[0]) is None:
            await edit_or_reply(update, texts._("Good, you are still in the group."))
            return
        group = session.get(Group, cd.number(parts[0]))
        if person is None or group is None or group not in queries.groups_of(session, person):
            await edit_or_reply(update, texts._("You are not in this group any more."))
            return
        join.leave_group(session, person, group, svc.clock())
        await edit_or_reply(
            update,
            texts._(
                "You have left %(group)s. You are always welcome back: "
                "just open the group's link again.",
                group=group.name,
            ),
        )


async def delete_me(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
    if person is None:
        await reply(update, texts._("I have nothing saved about you."))
        return
    buttons = [
        [
            (texts.plain("Yes, delete"), cd.pack(cd.DELETE_CONFIRM, "yes")),
            (texts.plain("No, keep my data"), cd.pack(cd.DELETE_CONFIRM, "no")),
        ]
    ]
    await reply(
        update,
        texts._(
            "Do you want me to delete your name, your language and your groups? "
            "You will get no more messages."
        ),
        keyboard(buttons),
    )


async def delete_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    svc = services(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        if cd.unpack(query.data) != ["yes"]:
            await edit_or_reply(update, texts._("Good, nothing has been deleted."))
            return
        if person is not None:
            erase_person(session, person, svc.clock())
    # Her last FAQ question, a half-written draft: kept in memory only, gone too.
    context.user_data.clear()
    await edit_or_reply(
        update, texts._("Done. Everything about you is deleted. Take good care of yourself.")
    )


HANDLERS = [
    CommandHandler("leave", private_chat_only(leave)),
    CommandHandler("delete", private_chat_only(delete_me)),
    CallbackQueryHandler(leave_picked, pattern=cd.pattern(cd.LEAVE_PICK)),
    CallbackQueryHandler(leave_confirmed, pattern=cd.pattern(cd.LEAVE_CONFIRM)),
    CallbackQueryHandler(delete_confirmed, pattern=cd.pattern(cd.DELETE_CONFIRM)),
]
