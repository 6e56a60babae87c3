"""/calllist: families to phone, with their recent weeks; one tap logs the contact."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

import clock
from access import Action
from db import queries
from db.models import Contact, Group
from handlers import callback_data as cd
from handlers.common import Actor, keyboard, reply, requires, services, texts_for_update
from handlers.outgoing import RENDERERS, NothingToSend, Rendered
from i18n import Texts
from questions.box import open_questions
from reminders import calllist

NOTE = 1
PENDING_NOTE = "contact_note"
KINDS = {"c": "called", "m": "met", "n": "no_answer"}


def labels(texts: Texts) -> dict[str, dict[str, str]]:
    return {
        "reasons": {
            "child_sick": texts.plain("child sick"),
            "sick": texts.plain("sick"),
            "appointment": texts.plain("appointment"),
            "transport": texts.plain("no transport"),
            "work": texts.plain("work or school"),
            "other": texts.plain("other reason"),
        },
        "contacts": {
            "called": texts.plain("called"),
            "met": texts.plain("met"),
            "no_answer": texts.plain("no answer"),
        },
    }


def render_call_list(
    session: Session,
    texts: Texts,
    group: Group,
    now: Any,
    entries: list[calllist.Entry] | None = None,
    questions: list[Any] | None = None,
) -> Rendered:
    if entries is None:
        entries = calllist.call_list(session, group, now)
    if questions is None:
        questions = open_questions(session, group)
    text = texts.render(
        "calllist.html", group=group.name, entries=entries, questions=questions, **labels(texts)
    )
    rows = [
        [
            (
                f"☎️ {entry.name}: " + texts.plain("called"),
                cd.pack(cd.CONTACT, group.id, entry.family_id, "c"),
            ),
            ("🤝 " + texts.plain("met"), cd.pack(cd.CONTACT, group.id, entry.family_id, "m")),
            ("📵 " + texts.plain("no answer"), cd.pack(cd.CONTACT, group.id, entry.family_id, "n")),
        ]
        for entry in entries
    ]
    return text, keyboard(rows) if rows else None


def _render_digest(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    """The digest before a meeting: only with someone to call or a question to answer."""
    group = session.get(Group, slots["group"])
    now = clock.now()
    entries, questions = calllist.call_list(session, group, now), open_questions(session, group)
    if not entries and not questions:
        raise NothingToSend(f"digest for group {group.id}")
    return render_call_list(session, texts, group, now, entries, questions)


RENDERERS["call_list"] = _render_digest


@requires(Action.SEE_ATTENDANCE)
async def show(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    now = services(context).clock()
    for group in actor.groups:
        text, markup = render_call_list(actor.session, actor.texts, group, now)
        await reply(update, text, markup)


@requires(Action.SEE_ATTENDANCE)
async def contacted(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> Any:
    query = update.callback_query
    parts = cd.unpack(query.data)
    group = next((g for g in actor.groups if parts and str(g.id) == parts[0]), None)
    valid = group is not None and len(parts) == 3 and parts[2] in KINDS
    family_id = cd.number(parts[1]) if valid else None
    if not valid or queries.enrolment(actor.session, family_id, group.id) is None:
        await query.answer(actor.texts.plain("Sorry, this is only for the staff of a group."))
        return ConversationHandler.END
    await query.answer()
    contact = calllist.record_contact(
        actor.session, group, family_id, KINDS[parts[2]], actor.person, services(context).clock()
    )
    queries.audit(
        actor.session,
        "contact.logged",
        actor=actor.person,
        org_id=group.org_id,
        group_id=group.id,
        family_id=family_id,
        kind=contact.kind,
    )
    context.user_data[PENDING_NOTE] = contact.id
    await reply(update, actor.texts._("Saved. Add a short note? Write it now, or /skip."))
    return NOTE


async def note_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    contact_id = context.user_data.pop(PENDING_NOTE, None)
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
        contact = session.get(Contact, contact_id) if contact_id else None
        if contact is not None:
            contact.note = " ".join(update.effective_message.text.split())[:500]
    await reply(update, texts._("The note is saved."))
    return ConversationHandler.END


async def skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data.pop(PENDING_NOTE, None)
    return ConversationHandler.END


CONVERSATION = ConversationHandler(
    entry_points=[CallbackQueryHandler(contacted, pattern=cd.pattern(cd.CONTACT))],
    states={NOTE: [MessageHandler(filters.TEXT & ~filters.COMMAND, note_given)]},
    fallbacks=[CommandHandler(["skip", "cancel"], skip)],
    name="contact_note",
    allow_reentry=True,
)

HANDLERS = [CONVERSATION, CommandHandler("calllist", show)]
