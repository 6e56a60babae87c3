"""/links: a group's invite links and the QR code for its flyer; new links revoke old ones."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from access import Action
from db.models import Group, InviteKind
from handlers import callback_data as cd
from handlers.common import Actor, in_private_chat, keyboard, reply, requires, services
from i18n import Texts
from onboarding.invites import deep_link, qr_png
from usecases import invites

LINK_KINDS = {"p": InviteKind.GROUP_PARENT, "s": InviteKind.GROUP_STAFF}


async def send_group_links(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    texts: Texts,
    group: Group,
    links: invites.GroupLinks,
) -> None:
    """The parent link with its QR code for a printed flyer, then the staff link.

    Only ever in a private chat: anyone in a group chat who tapped the staff link
    would become staff. The callers run behind `requires`, which already keeps them
    out of group chats; this is the last line.
    """
    if not in_private_chat(update):
        return
    username = services(context).bot_username
    parent_link = deep_link(username, links.parent_code)
    staff_link = deep_link(username, links.staff_code)
    await update.effective_chat.send_photo(
        qr_png(parent_link),
        caption=texts._(
            "QR code for parents of %(group)s: print it on a flyer. Scanning it opens the bot.",
            group=group.name,
        ),
        filename=f"qr-group-{group.id}.png",
    )
    rows = [
        [(texts.plain("New parent link"), cd.pack(cd.NEW_LINK, group.id, "p"))],
        [(texts.plain("New staff link"), cd.pack(cd.NEW_LINK, group.id, "s"))],
    ]
    await reply(
        update,
        texts.render(
            "group_links.html", group=group.name, parent_link=parent_link, staff_link=staff_link
        ),
        keyboard(rows),
    )


@requires(Action.MANAGE_GROUP)
async def show_links(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    if not actor.groups:
        await reply(update, actor.texts._("You have no groups yet. Create one with /newgroup."))
        return
    for group in actor.groups:
        links = invites.group_links(actor.session, group)
        await send_group_links(update, context, actor.texts, group, links)


@requires(Action.MANAGE_GROUP)
async def new_link(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    """Revoke a group's link (a flyer went astray) and hand out a fresh one."""
    await update.callback_query.answer()
    parts = cd.unpack(update.callback_query.data)
    group = next((g for g in actor.groups if len(parts) == 2 and str(g.id) == parts[0]), None)
    kind = LINK_KINDS.get(parts[1]) if len(parts) == 2 else None
    if group is None or kind is None:
        await reply(update, actor.texts._("Sorry, this is only for the staff of a group."))
        return
    links = invites.replace_link(
        actor.session, group, kind, services(context).clock(), by=actor.person
    )
    await reply(update, actor.texts._("The old link no longer works. Here are the new links."))
    await send_group_links(update, context, actor.texts, group, links)


HANDLERS = [
    CommandHandler("links", show_links),
    CallbackQueryHandler(new_link, pattern=cd.pattern(cd.NEW_LINK)),
]
