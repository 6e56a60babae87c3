"""/checkin: staff tap who is here, then close the session (or it closes itself later)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from access import Action
from db.models import Attendance, GroupSession, SessionStatus
from handlers import callback_data as cd
from handlers.common import Actor, edit_or_reply, keyboard, reply, requires, services
from i18n import Texts
from reminders import policy, reminding
from reminders.groups import reminder_settings

OPENS_BEFORE = timedelta(hours=3)  # the list is there three hours before the start


def open_sessions(session: Session, actor: Actor, now: datetime) -> list[GroupSession]:
    """Sessions of the actor's groups that start soon, run, or ended but are not closed."""
    rows = session.scalars(
        select(GroupSession)
        .where(
            GroupSession.group_id.in_([g.id for g in actor.groups]),
            GroupSession.status == SessionStatus.PLANNED,
            GroupSession.closed_at.is_(None),
            GroupSession.starts_at <= now + OPENS_BEFORE,
        )
        .order_by(GroupSession.starts_at)
    ).all()
    return [s for s in rows if s.ends_at + reminding.AUTO_CLOSE_AFTER > now]


def checkin_view(
    session: Session, texts: Texts, group_session: GroupSession
) -> tuple[str, InlineKeyboardMarkup]:
    present = set(
        session.scalars(
            select(Attendance.family_id).where(
                Attendance.session_id == group_session.id, Attendance.present.is_(True)
            )
        )
    )
    rows = [
        [(("✅ " if fid in present else "▫️ ") + label, cd.pack(cd.CHECK_IN, group_session.id, fid))]
        for fid, label in reminding.enrolled_families(session, group_session.group_id)
    ]
    rows.append([(texts.plain("Close the meeting"), cd.pack(cd.CLOSE, group_session.id))])
    tz = reminder_settings(group_session.group).tz
    text = texts._(
        "Who is here? %(group)s, %(time)s. Tap a family to mark them present.",
        group=group_session.group.name,
        time=texts.time(group_session.starts_at.astimezone(tz)),
    )
    return str(text), keyboard(rows)


@requires(Action.CHECK_IN)
async def checkin(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    sessions = open_sessions(actor.session, actor, services(context).clock())
    if not sessions:
        await reply(update, actor.texts._("There is no meeting to check in right now."))
        return
    for group_session in sessions:
        text, markup = checkin_view(actor.session, actor.texts, group_session)
        await reply(update, text, markup)


def _allowed_session(actor: Actor, data: str | None) -> tuple[GroupSession | None, list[str]]:
    """The session a staff button refers to, if it is one of the actor's groups."""
    parts = cd.unpack(data)
    if not parts or cd.number(parts[0]) is None:
        return None, parts
    group_session = actor.session.get(GroupSession, cd.number(parts[0]))
    if group_session is None or group_session.group_id not in {g.id for g in actor.groups}:
        return None, parts
    return group_session, parts


@requires(Action.CHECK_IN)
async def toggle(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    query = update.callback_query
    group_session, parts = _allowed_session(actor, query.data)
    families = (
        {fid for fid, _ in reminding.enrolled_families(actor.session, group_session.group_id)}
        if group_session
        else set()
    )
    if group_session is None or len(parts) != 2 or cd.number(parts[1]) not in families:
        await query.answer(actor.texts.plain("Sorry, this is only for the staff of a group."))
        return
    if group_session.closed_at is not None:
        await query.answer(actor.texts.plain("This meeting is already closed."))
        return
    family_id = cd.number(parts[1])
    current = actor.session.scalars(
        select(Attendance.present).where(
            Attendance.session_id == group_session.id, Attendance.family_id == family_id
        )
    ).first()
    reminding.set_present(
        actor.session,
        group_session,
        family_id,
        not current,
        actor.person,
        services(context).clock(),
    )
    await query.answer()
    text, markup = checkin_view(actor.session, actor.texts, group_session)
    await edit_or_reply(update, text, markup)


@requires(Action.CHECK_IN)
async def close(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    query = update.callback_query
    group_session, _ = _allowed_session(actor, query.data)
    if group_session is None:
        await query.answer(actor.texts.plain("Sorry, this is only for the staff of a group."))
        return
    await query.answer()
    if group_session.closed_at is None:
        reminding.close_session(
            actor.session, group_session, services(context).clock(), by=actor.person
        )
    outcomes = [
        a.outcome
        for a in actor.session.scalars(
            select(Attendance).where(Attendance.session_id == group_session.id)
        )
    ]
    await edit_or_reply(
        update,
        actor.texts._(
            "The meeting is closed. Came: %(attended)s. Sent word: %(notice)s. "
            "Did not come: %(no_show)s.",
            attended=outcomes.count(policy.AttendanceOutcome.ATTENDED),
            notice=outcomes.count(policy.AttendanceOutcome.NOTICE),
            no_show=outcomes.count(policy.AttendanceOutcome.NO_SHOW),
        ),
    )


HANDLERS = [
    CommandHandler("checkin", checkin),
    CallbackQueryHandler(toggle, pattern=cd.pattern(cd.CHECK_IN)),
    CallbackQueryHandler(close, pattern=cd.pattern(cd.CLOSE)),
]
