"""/help: what this person can do, by their roles."""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from db import queries
from db.models import Person, Role
from handlers import callback_data as cd
from handlers.common import keyboard, private_chat_only, reply, services, texts_for_update
from i18n import Texts


def help_text(session: Session, person: Person | None, texts: Texts, admin: bool = False) -> str:
    roles: set[Role] = set()
    groups = []
    if person is not None:
        roles = {Role(m.role) for m in queries.memberships_of(session, person)}
        groups = queries.groups_of(session, person)
    return texts.render(
        "help.html",
        known=person is not None,
        groups=[g.name for g in groups],
        parent=Role.PARENT in roles,
        staff=Role.STAFF in roles,
        coordinator=Role.COORDINATOR in roles,
        can_create=bool(person and queries.coordinated_organisations(session, person)),
        admin=admin,
    )


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        admin = update.effective_user.id in svc.settings.admin_ids
        button = ("📚 " + texts.plain("Questions"), cd.pack(cd.FAQ, "t"))
        await reply(update, help_text(session, person, texts, admin), keyboard([[button]]))


HANDLERS = [CommandHandler("help", private_chat_only(show_help))]
