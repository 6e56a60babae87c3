"""/neworg for the deployment's admins (BOT_ADMIN_IDS): an organisation and its coordinator link."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from db.models import InviteKind, Organisation
from handlers.common import admin_only, reply, services, texts_for_update
from onboarding.invites import deep_link
from onboarding.join import create_invite


@admin_only
async def new_organisation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        name = " ".join(context.args or []).strip()
        if not name or len(name) > 200:
            await reply(
                update, texts._("Write the name after the command, like: /neworg Greve Nord")
            )
            return
        organisation = Organisation(name=name)
        session.add(organisation)
        session.flush()
        invite = create_invite(
            session, InviteKind.ORG_COORDINATOR, organisation, one_time=True, created_by=person
        )
        link = deep_link(svc.bot_username, invite.code)
        await reply(
            update,
            texts._(
                "The organisation %(organisation)s is created. Send this one-time link to its "
                "coordinator: %(link)s",
                organisation=name,
                link=link,
            ),
        )


HANDLERS = [CommandHandler("neworg", new_organisation)]
