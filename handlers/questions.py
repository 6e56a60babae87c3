"""/questions for staff: parents' open questions, a private reply through the bot, or "answered".

The reply goes through the outbox like every other message to a parent, and
is sent at once rather than at the next minute's tick.
"""

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

from access import Action
from db.models import Group, StaffQuestion
from handlers import callback_data as cd
from handlers.common import (
    Actor,
    keyboard,
    permitted_groups,
    reply,
    requires,
    services,
    texts_for_update,
)
from handlers.outgoing import RENDERERS, Rendered
from i18n import Texts
from i18n.languages import language
from questions import box

REPLY = 1
PENDING = "question_reply"  # user_data: the question a staff member is answering


def render_questions(session: Session, texts: Texts, group: Group) -> Rendered:
    """The open questions of one group, numbered, with a reply and a done button each."""
    questions = box.open_questions(session, group)
    shown = [
        {
            "name": q.name,
            "text": q.text,
            "asked_at": q.asked_at,
            "language_name": language(q.language).native_name if q.language != texts.code else "",
        }
        for q in questions
    ]
    text = texts.render("questions.html", group=group.name, questions=shown)
    rows = [
        [
            (f"✉️ {n}. " + texts.plain("Reply"), cd.pack(cd.QUESTION, q.id, "r")),
            (f"✔️ {n}. " + texts.plain("Answered"), cd.pack(cd.QUESTION, q.id, "d")),
        ]
        for n, q in enumerate(questions, start=1)
    ]
    return text, keyboard(rows) if rows else None


@requires(Action.ANSWER_QUESTIONS)
async def show(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    for group in actor.groups:
        await reply(update, *render_questions(actor.session, actor.texts, group))


def _question(actor: Actor, data: str | None) -> StaffQuestion | None:
    parts = cd.unpack(data)
    if len(parts) != 2 or cd.number(parts[0]) is None:
        return None
    return box.question_of_groups(actor.session, cd.number(parts[0]), actor.groups)


@requires(Action.ANSWER_QUESTIONS)
async def mark_done(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    query = update.callback_query
    question = _question(actor, query.data)
    if question is None:
        await query.answer(actor.texts.plain("This button is no longer active."))
        return
    box.mark_answered(question, actor.person, services(context).clock())
    await query.answer(actor.texts.plain("Marked as answered."))
    group = actor.session.get(Group, question.group_id)
    text, markup = render_questions(actor.session, actor.texts, group)
    await query.edit_message_text(text, reply_markup=markup)


@requires(Action.ANSWER_QUESTIONS)
async def start_reply(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> int:
    query = update.callback_query
    question = _question(actor, query.data)
    if question is None or question.reply is not None:
        await query.answer(actor.texts.plain("This button is no longer active."))
        return ConversationHandler.END
    await query.answer()
    context.user_data[PENDING] = question.id
    await reply(
        update,
        actor.texts._(
            "Write your answer in one message. Only the parent who asked gets it. "
            "/cancel to stop.\n\n<i>%(question)s</i>",
            question=question.text,
        ),
    )
    return REPLY


async def reply_written(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Store the reply and queue it (committed), then send it at once."""
    svc = services(context)
    question_id = context.user_data.pop(PENDING, None)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = permitted_groups(session, person, Action.ANSWER_QUESTIONS) if person else []
        question = box.question_of_groups(session, question_id or 0, groups)
        sent = question is not None and box.reply(
            session, question, person, update.effective_message.text, svc.clock()
        )
    if question is None:
        await reply(update, texts._("This question is no longer open."))
    elif not sent:
        await reply(update, texts._("Someone has already answered this question."))
    else:
        svc.wake_sender()
        await reply(update, texts._("Sent. The parent gets your answer in this chat."))
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data.pop(PENDING, None)
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    await reply(update, texts._("Okay, nothing was sent."))
    return ConversationHandler.END


def _render_reply(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    question = session.get(StaffQuestion, slots["question"])
    group = session.get(Group, question.group_id)
    text = texts.render(
        "question_reply.html", group=group.name, question=question.text, reply=question.reply
    )
    return text, None


RENDERERS["question_reply"] = _render_reply

HANDLERS = [
    CommandHandler("questions", show),
    ConversationHandler(
        entry_points=[CallbackQueryHandler(start_reply, pattern=rf"^{cd.QUESTION}:\d+:r$")],
        states={REPLY: [MessageHandler(filters.TEXT & ~filters.COMMAND, reply_written)]},
        fallbacks=[CommandHandler("cancel", cancel)],
        name="question_reply",
    ),
    CallbackQueryHandler(mark_done, pattern=rf"^{cd.QUESTION}:\d+:d$"),
]
