"""Reminders as parents see them, and their one-tap replies.

Buttons: `a:<session>:c|n|l` (coming, can't come, late) and `r:<session>:<reason>`.
A reply can be changed until the session starts; an old button gets a clear
answer and changes nothing.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from announcements import forms
from db.models import Meeting, MeetingStatus
from handlers import callback_data as cd
from handlers.common import (
    edit_or_reply,
    guess_language,
    keyboard,
    private_chat_only,
    reply,
    services,
    texts_for_update,
)
from handlers.outgoing import RENDERERS, Rendered
from i18n import Texts, texts_for
from reminders import planning, policy, reminding

CHOICES = {"c": policy.Reply.COMING, "n": policy.Reply.CANT_COME, "l": policy.Reply.LATE}
REASONS = {
    "cs": policy.Reason.CHILD_SICK,
    "s": policy.Reason.SICK,
    "ap": policy.Reason.APPOINTMENT,
    "tr": policy.Reason.TRANSPORT,
    "wk": policy.Reason.WORK,
    "ot": policy.Reason.OTHER,
}


@functools.lru_cache(maxsize=1024)
def reply_buttons(texts: Texts, session_id: int) -> InlineKeyboardMarkup:
    """The three reply buttons under a reminder: the same for every parent of the session
    (a keyboard cannot change once made, so it is made once per language and session)."""
    return keyboard(
        [
            [(texts.plain("I'm coming"), cd.pack(cd.ATTEND, session_id, "c"))],
            [
                (texts.plain("I can't come"), cd.pack(cd.ATTEND, session_id, "n")),
                (texts.plain("I'll be late"), cd.pack(cd.ATTEND, session_id, "l")),
            ],
        ]
    )


def reason_buttons(texts: Texts, session_id: int) -> InlineKeyboardMarkup:
    labels = {
        "cs": texts.plain("My child is sick"),
        "s": texts.plain("I am sick"),
        "ap": texts.plain("Appointment (doctor, office)"),
        "tr": texts.plain("No transport"),
        "wk": texts.plain("Work or school"),
        "ot": texts.plain("Something else"),
    }
    codes = list(labels)
    return keyboard(
        [
            [(labels[c], cd.pack(cd.REASON, session_id, c)) for c in codes[i : i + 2]]
            for i in range(0, len(codes), 2)
        ]
    )


def _note(texts: Texts, kind: str, words: str) -> str | None:
    """The reason a coordinator gave: their own words, or an announced reason in the reader's."""
    if kind == planning.NOTE_REASON:
        return words
    if kind == planning.ANNOUNCED_REASON and words in forms.REASONS and words != "none":
        return texts.plain(forms.REASONS[words])
    return None


def render_meeting(
    texts: Texts,
    meeting: reminding.ReminderFacts,
    reply: str | None = None,
    reason: str | None = None,
) -> Rendered:
    """A reminder's text and its reply buttons (none once it is cancelled)."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    kind, _, words = (meeting.cancel_reason or "").partition(":")
    text = texts.render(
        "reminder.html",
        cancelled=cancelled,
        holiday=words if kind == planning.HOLIDAY_REASON else None,
        break_name=words if kind == planning.PERIOD_REASON else None,
        note=_note(texts, kind, words),
        group=meeting.group_name,
        starts_at=meeting.starts_at.astimezone(ZoneInfo(meeting.timezone)),
        place=meeting.place or meeting.group_place,
        theme=meeting.theme,
        guest=meeting.guest,
        reply=reply,
        reason=reason,
    )
    return text, None if cancelled else reply_buttons(texts, meeting.session_id)


def _render_outbox(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    meeting = session.get(Meeting, slots["session"])
    return render_meeting(texts, reminding.ReminderFacts.of(meeting))


RENDERERS["reminder"] = _render_outbox
RENDERERS["cancelled"] = _render_outbox


def problem_text(texts: Texts, problem: policy.ReplyProblem) -> str:
    return {
        policy.ReplyProblem.CANCELLED: texts.plain("This meeting is cancelled."),
        policy.ReplyProblem.STARTED: texts.plain(
            "This meeting has already started, so the answer can't be changed any more."
        ),
        policy.ReplyProblem.NOT_IN_GROUP: texts.plain("You are not in this group any more."),
    }[problem]


async def answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply button: one query to load, one statement to write, one commit, then talk."""
    query = update.callback_query
    parts = cd.unpack(query.data)
    prefix = query.data.split(":", 1)[0]
    table = CHOICES if prefix == cd.ATTEND else REASONS
    valid = len(parts) == 2 and cd.number(parts[0]) is not None and parts[1] in table
    svc = services(context)
    now: datetime = svc.clock()
    alert: tuple[str, bool] | None = None
    reasons: InlineKeyboardMarkup | None = None
    answer: Rendered | None = None
    with svc.connection(statements_stand_alone=True) as connection:
        facts = reminding.reply_facts(
            connection, update.effective_user.id, cd.number(parts[0]) if valid else None
        )
        meeting = facts.meeting
        texts = texts_for(facts.language or guess_language(update))
        if meeting is None or facts.person_id is None or facts.family_id is None:
            alert = (texts.plain("This button is no longer active."), False)
        elif problem := policy.reply_problem(
            meeting.status, meeting.starts_at, now, facts.enrolled_active
        ):
            alert = (problem_text(texts, problem), True)
        elif prefix == cd.ATTEND and CHOICES[parts[1]] == policy.Reply.CANT_COME:
            reasons = reason_buttons(texts, meeting.session_id)
        else:
            reply = policy.Reply.CANT_COME if prefix == cd.REASON else CHOICES[parts[1]]
            reason = REASONS[parts[1]] if prefix == cd.REASON else None
            reminding.store_reply(
                connection, meeting.session_id, facts.family_id, reply, reason, facts.person_id, now
            )
            answer = render_meeting(texts, meeting, reply, reason)
    # committed: now talk to Telegram
    if alert is not None:
        await query.answer(alert[0], show_alert=alert[1])
        return
    await query.answer()
    if reasons is not None:
        await query.edit_message_reply_markup(reasons)
    elif answer is not None:
        await edit_or_reply(update, *answer)


async def here(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A parent checks in themselves while the meeting runs (from half an hour before)."""
    svc = services(context)
    now: datetime = svc.clock()
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        running = (
            reminding.running_meeting(session, person.family_id, now)
            if person is not None and person.family_id is not None
            else None
        )
        if running is None:
            await reply(update, texts._("There is no meeting right now. /next shows the next one."))
            return
        reminding.set_present(session, running, person.family_id, True, person, now)
        await reply(update, texts._("Welcome! You are checked in. Nice that you came."))


HANDLERS = [
    CommandHandler("here", private_chat_only(here)),
    CallbackQueryHandler(answered, pattern=cd.pattern(cd.ATTEND)),
    CallbackQueryHandler(answered, pattern=cd.pattern(cd.REASON)),
]
