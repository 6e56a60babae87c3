"""/neworg for the deployment's admins (BOT_ADMIN_IDS): an organisation and its coordinator link."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from handlers.common import admin_only, reply, services, texts_for_update
from onboarding.invites import deep_link
from usecases import Refused
from usecases.organisations import create_organisation


@admin_only
async def new_organisation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        try:
            created = create_organisation(session, " ".join(context.args or []), created_by=person)
        except Refused:
            await reply(
                update, texts._("Write the name after the command, like: /neworg Greve Nord")
            )
            return
        link = deep_link(svc.bot_username, created.coordinator_code)
        await reply(
            update,
            texts._(
                "The organisation %(organisation)s is created. Send this one-time link to its "
                "coordinator: %(link)s",
                organisation=created.name,
                link=link,
            ),
        )


HANDLERS = [CommandHandler("neworg", new_organisation)]
