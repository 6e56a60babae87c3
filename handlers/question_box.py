"""The parent's side of the question box: /ask, or "ask the staff" under an unanswered question.

Every time, the parent chooses whether the staff see their name. The question
is a draft until then, and no staff member sees a draft.
"""

from __future__ import annotations

from sqlalchemy import Connection
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

from access import Action, roles_granting
from db import queries
from db.models import FaqFeedback, Group, Person, StaffQuestion
from handlers import callback_data as cd
from handlers.common import (
    edit_or_reply,
    keyboard,
    permitted_groups,
    private_chat_only,
    reply,
    services,
    texts_for_update,
)
from i18n import Texts
from questions import box

WRITE = 1


def _asker(session: Session, update: Update) -> tuple[Person | None, Texts, list[Group]]:
    """Who is asking, in which language, and the groups whose staff they may ask."""
    person, texts = texts_for_update(session, update)
    return person, texts, permitted_groups(session, person, Action.ASK_STAFF) if person else []


def can_ask(unit: Session | Connection, person: Person | queries.Reader | None) -> bool:
    """Whether she may ask the staff of some group (`permitted_groups` non-empty), in one
    query: asked of every question the FAQ does not answer (on its Core connection)."""
    return person is not None and queries.holds_role_in_an_active_group(
        unit, person.id, roles_granting(Action.ASK_STAFF)
    )


def ask_button(texts: Texts, feedback_id: int) -> tuple[str, str]:
    return "✉️ " + texts.plain("Ask the staff"), cd.pack(cd.ASK, feedback_id)


ALARM_WORDS = "alarm_words"  # user_data: what she wrote when the danger alarm was raised


def alarm_button(texts: Texts) -> tuple[str, str]:
    return "✉️ " + texts.plain("Tell the staff"), cd.ASK_ALARM


async def _not_a_member(update: Update, texts: Texts) -> None:
    await reply(
        update,
        texts._("Questions go to the staff of your group. Join a group with its link first."),
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/ask, or the button under a "not helpful" answer: ask for the question in one message."""
    if update.callback_query:
        await update.callback_query.answer()
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        if not can_ask(session, person):
            await _not_a_member(update, texts)
            return ConversationHandler.END
    await reply(update, texts.render("question_box.html", step="write"))
    return WRITE


async def written(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    with svc.transaction() as session:
        person, texts, groups = _asker(session, update)
        if not groups:
            await _not_a_member(update, texts)
            return ConversationHandler.END
        question = box.draft(session, person, groups[0], update.effective_message.text, svc.clock())
        await _next_step(update, texts, question, groups)
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    await reply(update, texts._("Okay, nothing was sent."))
    return ConversationHandler.END


async def from_unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The staff button under a question the FAQ could not answer: reuse the parent's words."""
    query = update.callback_query
    parts = cd.unpack(query.data)
    svc = services(context)
    with svc.transaction() as session:
        person, texts, groups = _asker(session, update)
        row = (
            session.get(FaqFeedback, cd.number(parts[0])) if parts and cd.number(parts[0]) else None
        )
        await query.answer()
        if not groups:
            await _not_a_member(update, texts)
            return
        if row is None or not row.text:
            await reply(update, texts.render("question_box.html", step="write"))
            return
        question = box.draft(session, person, groups[0], row.text, svc.clock())
        await _next_step(update, texts, question, groups)


async def from_alarm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The staff button under a danger alarm: her own words go to her group's staff, the
    same way as a question (she still chooses the group and whether to give her name).

    The words were kept in memory only; after a restart she is asked to write them again.
    """
    query = update.callback_query
    svc = services(context)
    with svc.transaction() as session:
        person, texts, groups = _asker(session, update)
        await query.answer()
        if not groups:
            await _not_a_member(update, texts)
            return
        words = context.user_data.pop(ALARM_WORDS, None)
        if not words:
            await reply(update, texts.render("question_box.html", step="write"))
            return
        question = box.draft(session, person, groups[0], words, svc.clock())
        await _next_step(update, texts, question, groups)


async def _next_step(
    update: Update, texts: Texts, question: StaffQuestion, groups: list[Group]
) -> None:
    if len(groups) > 1:
        rows = [[(g.name, cd.pack(cd.ASK_GROUP, question.id, g.id))] for g in groups]
        await reply(update, texts.render("question_box.html", step="group"), keyboard(rows))
        return
    rows = [
        [("🙈 " + texts.plain("Anonymously"), cd.pack(cd.ASK_NAME, question.id, "a"))],
        [("🙂 " + texts.plain("With my name"), cd.pack(cd.ASK_NAME, question.id, "n"))],
    ]
    await reply(
        update,
        texts.render("question_box.html", step="name", question=question.text),
        keyboard(rows),
    )


async def group_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    parts = cd.unpack(query.data)
    svc = services(context)
    with svc.transaction() as session:
        person, texts, groups = _asker(session, update)
        chosen = [g for g in groups if len(parts) == 2 and str(g.id) == parts[1]]
        question = (
            box.own_draft(session, person, cd.number(parts[0]), svc.clock())
            if person and chosen and cd.number(parts[0]) is not None
            else None
        )
        if question is None:
            await query.answer(texts.plain("This button is no longer active."))
            return
        await query.answer()
        question.group_id = chosen[0].id
        await _next_step(update, texts, question, chosen)


async def name_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    parts = cd.unpack(query.data)
    svc = services(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        question = (
            box.own_draft(session, person, cd.number(parts[0]), svc.clock())
            if person
            and len(parts) == 2
            and cd.number(parts[0]) is not None
            and parts[1] in ("a", "n")
            else None
        )
        if question is None:
            await query.answer(texts.plain("This button is no longer active."))
            return
        await query.answer()
        anonymous = parts[1] == "a"
        box.submit(question, anonymous, svc.clock())
        group = session.get(Group, question.group_id)
        text = texts.render("question_box.html", step="sent", anonymous=anonymous, group=group.name)
        await edit_or_reply(update, text)


HANDLERS = [
    ConversationHandler(
        entry_points=[
            CommandHandler("ask", private_chat_only(start)),
            CallbackQueryHandler(start, pattern=rf"^{cd.ASK}:0$"),
        ],
        states={WRITE: [MessageHandler(filters.TEXT & ~filters.COMMAND, written)]},
        fallbacks=[CommandHandler("cancel", cancel)],
        name="question_box",
    ),
    CallbackQueryHandler(from_unanswered, pattern=cd.pattern(cd.ASK)),
    CallbackQueryHandler(from_alarm, pattern=cd.pattern(cd.ASK_ALARM)),
    CallbackQueryHandler(group_chosen, pattern=cd.pattern(cd.ASK_GROUP)),
    CallbackQueryHandler(name_chosen, pattern=cd.pattern(cd.ASK_NAME)),
]
