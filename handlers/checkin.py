"""/checkin: staff tap who is here, then close the meeting (or it closes itself later)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from access import Action
from db.models import Meeting
from handlers import callback_data as cd
from handlers.common import Actor, edit_or_reply, keyboard, reply, requires, services
from i18n import Texts
from reminders import checkin as checkins
from reminders import policy, reminding
from reminders.groups import reminder_settings


def checkin_view(
    session: Session, texts: Texts, meeting: Meeting
) -> tuple[str, InlineKeyboardMarkup]:
    present = checkins.present_families(session, meeting.id)
    rows = [
        [(("✅ " if fid in present else "▫️ ") + label, cd.pack(cd.CHECK_IN, meeting.id, fid))]
        for fid, label in reminding.enrolled_families(session, meeting.group_id)
    ]
    rows.append([(texts.plain("Close the meeting"), cd.pack(cd.CLOSE, meeting.id))])
    tz = reminder_settings(meeting.group).tz
    text = texts._(
        "Who is here? %(group)s, %(time)s. Tap a family to mark them present.",
        group=meeting.group.name,
        time=texts.time(meeting.starts_at.astimezone(tz)),
    )
    return str(text), keyboard(rows)


@requires(Action.CHECK_IN)
async def checkin(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    meetings = checkins.open_meetings(
        actor.session, [g.id for g in actor.groups], services(context).clock()
    )
    if not meetings:
        await reply(update, actor.texts._("There is no meeting to check in right now."))
        return
    for meeting in meetings:
        text, markup = checkin_view(actor.session, actor.texts, meeting)
        await reply(update, text, markup)


def _allowed_meeting(actor: Actor, data: str | None) -> tuple[Meeting | None, list[str]]:
    """The meeting a staff button refers to, if it is one of the actor's groups."""
    parts = cd.unpack(data)
    if not parts or cd.number(parts[0]) is None:
        return None, parts
    meeting = actor.session.get(Meeting, cd.number(parts[0]))
    if meeting is None or meeting.group_id not in {g.id for g in actor.groups}:
        return None, parts
    return meeting, parts


@requires(Action.CHECK_IN)
async def toggle(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    query = update.callback_query
    meeting, parts = _allowed_meeting(actor, query.data)
    families = (
        {fid for fid, _ in reminding.enrolled_families(actor.session, meeting.group_id)}
        if meeting
        else set()
    )
    if meeting is None or len(parts) != 2 or cd.number(parts[1]) not in families:
        await query.answer(actor.texts.plain("Sorry, this is only for the staff of a group."))
        return
    if meeting.closed_at is not None:
        await query.answer(actor.texts.plain("This meeting is already closed."))
        return
    checkins.toggle_present(
        actor.session, meeting, cd.number(parts[1]), actor.person, services(context).clock()
    )
    await query.answer()
    text, markup = checkin_view(actor.session, actor.texts, meeting)
    await edit_or_reply(update, text, markup)


@requires(Action.CHECK_IN)
async def close(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    query = update.callback_query
    meeting, _ = _allowed_meeting(actor, query.data)
    if meeting is None:
        await query.answer(actor.texts.plain("Sorry, this is only for the staff of a group."))
        return
    counts = checkins.close(actor.session, meeting, actor.person, services(context).clock())
    await query.answer()
    await edit_or_reply(
        update,
        actor.texts._(
            "The meeting is closed. Came: %(attended)s. Sent word: %(notice)s. "
            "Did not come: %(no_show)s.",
            attended=counts[policy.AttendanceOutcome.ATTENDED],
            notice=counts[policy.AttendanceOutcome.NOTICE],
            no_show=counts[policy.AttendanceOutcome.NO_SHOW],
        ),
    )


HANDLERS = [
    CommandHandler("checkin", checkin),
    CallbackQueryHandler(toggle, pattern=cd.pattern(cd.CHECK_IN)),
    CallbackQueryHandler(close, pattern=cd.pattern(cd.CLOSE)),
]
