"""Coordinators shape the coming meetings: theme, guest, cancel, move, holidays.

/sessions lists the next meetings as buttons; a meeting's buttons ask for one
short text (theme, guest, a reason, a new time). /holiday takes dates, and an
.ics file sent to the bot adds every event in it as a holiday.
"""

from __future__ import annotations

import re
from typing import Any

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
from db import queries
from db.models import Group, Meeting, MeetingStatus
from handlers import callback_data as cd
from handlers.common import Actor, edit_or_reply, keyboard, reply, requires, services
from i18n import Texts
from onboarding import group_setup
from reminders import holidays, planning
from reminders.groups import reminder_settings
from reminders.planning import coming_meetings, plan_group
from usecases import meetings

WAITING_TEXT = 1
EDIT = "meeting_edit"
PENDING_HOLIDAYS = "pending_holidays"
FIELDS = ("theme", "guest", "cancel", "move")
_MOVE = re.compile(r"^\s*(\S+)\s+(\d{1,2}[:.]\d{2})\s*(.*)$")


def _list_rows(texts: Texts, group: Group, items: list[Meeting]) -> list[list[tuple[str, str]]]:
    tz = reminder_settings(group).tz
    rows = []
    for item in items:
        local = item.starts_at.astimezone(tz)
        label = f"{texts.date(local)} {texts.time(local)}"
        if item.status == MeetingStatus.CANCELLED:
            label = "✗ " + label
        rows.append([(label, cd.pack(cd.SESSION, item.id))])
    return rows


@requires(Action.MANAGE_GROUP)
async def list_meetings(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    now = services(context).clock()
    if not actor.groups:
        await reply(update, actor.texts._("You have no groups yet. Create one with /newgroup."))
        return
    for group in actor.groups:
        plan_group(actor.session, group, now)
        items = coming_meetings(actor.session, group, now)[:8]
        await reply(
            update,
            actor.texts._(
                "The next meetings of %(group)s. Tap one to change it.", group=group.name
            ),
            keyboard(_list_rows(actor.texts, group, items)),
        )


def _meeting_of(actor: Actor, raw: str) -> Meeting | None:
    if cd.number(raw) is None:
        return None
    item = actor.session.get(Meeting, cd.number(raw))
    if item is None or item.group_id not in {g.id for g in actor.groups}:
        return None
    return item


def _detail(texts: Texts, item: Meeting) -> tuple[str, Any]:
    group = item.group
    local = item.starts_at.astimezone(reminder_settings(group).tz)
    text = texts.render(
        "meeting_detail.html",
        group=group.name,
        starts_at=local,
        place=item.place or group.place,
        theme=item.theme,
        guest=item.guest,
        cancelled=item.status == MeetingStatus.CANCELLED,
    )
    if item.status == MeetingStatus.CANCELLED:
        status_row = [
            (
                texts.plain("Hold the meeting after all"),
                cd.pack(cd.SESSION_EDIT, item.id, "restore"),
            )
        ]
    else:
        status_row = [
            (texts.plain("Cancel this meeting"), cd.pack(cd.SESSION_EDIT, item.id, "cancel"))
        ]
    rows = [
        [
            (texts.plain("Theme"), cd.pack(cd.SESSION_EDIT, item.id, "theme")),
            (texts.plain("Guest"), cd.pack(cd.SESSION_EDIT, item.id, "guest")),
        ],
        [(texts.plain("Move"), cd.pack(cd.SESSION_EDIT, item.id, "move"))],
        status_row,
    ]
    return text, keyboard(rows)


@requires(Action.MANAGE_GROUP)
async def show_meeting(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    await update.callback_query.answer()
    parts = cd.unpack(update.callback_query.data)
    item = _meeting_of(actor, parts[0]) if parts else None
    if item is None:
        await reply(update, actor.texts._("Sorry, this is only for the staff of a group."))
        return
    text, markup = _detail(actor.texts, item)
    await edit_or_reply(update, text, markup)


@requires(Action.MANAGE_GROUP)
async def ask_for_text(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> Any:
    query = update.callback_query
    await query.answer()
    parts = cd.unpack(query.data)
    item = _meeting_of(actor, parts[0]) if len(parts) == 2 else None
    if item is None or parts[1] not in (*FIELDS, "restore"):
        await reply(update, actor.texts._("Sorry, this is only for the staff of a group."))
        return ConversationHandler.END
    if parts[1] == "restore":
        meetings.restore_meeting(actor.session, item, by=actor.person)
        text, markup = _detail(actor.texts, item)
        await edit_or_reply(update, text, markup)
        return ConversationHandler.END
    context.user_data[EDIT] = (item.id, parts[1])
    prompts = {
        "theme": actor.texts._(
            "Write the theme, e.g. Sleep or Food for the little ones. Send - to remove it."
        ),
        "guest": actor.texts._(
            "Who comes as a guest? E.g. the health visitor. Send - to remove it."
        ),
        "cancel": actor.texts._(
            "Why is the meeting cancelled? The parents will read it. E.g. The room is taken."
        ),
        "move": actor.texts._(
            "Write the new date and time, and a new place if it changes. "
            "E.g. 26.11.2026 10:00 Beboerhuset"
        ),
    }
    await reply(update, prompts[parts[1]])
    return WAITING_TEXT


@requires(Action.MANAGE_GROUP)
async def text_given(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> Any:
    session_id, field = context.user_data.get(EDIT, (None, None))
    item = _meeting_of(actor, str(session_id)) if session_id else None
    if item is None:
        return ConversationHandler.END
    value = " ".join(update.effective_message.text.split())
    if not value or len(value) > 300:
        await reply(update, actor.texts._("Please write at most 300 characters."))
        return WAITING_TEXT
    if field in ("theme", "guest"):
        setattr(item, field, None if value == "-" else value)
        queries.audit(
            actor.session,
            f"session.{field}",
            actor=actor.person,
            org_id=item.group.org_id,
            group_id=item.group_id,
            session_id=item.id,
        )
    elif field == "cancel":
        meetings.cancel_meeting(actor.session, item, planning.NOTE_REASON, value, by=actor.person)
    elif field == "move" and not _move(actor, item, value):
        await reply(
            update, actor.texts._("I didn't understand that. Please write it like 26.11.2026 10:00")
        )
        return WAITING_TEXT
    context.user_data.pop(EDIT, None)
    text, markup = _detail(actor.texts, item)
    # Both parts are finished HTML: join them as text. `Markup + str` would escape `text`
    # and the coordinator would read "&lt;b&gt;" instead of a bold group name.
    await reply(update, "\n\n".join([str(actor.texts._("Saved.")), text]), markup)
    return ConversationHandler.END


def _move(actor: Actor, item: Meeting, value: str) -> bool:
    """`26.11.2026 10:00 Beboerhuset`: a new day and time, and a new place if one follows."""
    match = _MOVE.match(value)
    if not match:
        return False
    day = group_setup.parse_date(match.group(1))
    start = group_setup.parse_time(match.group(2))
    if day is None or start is None:
        return False
    place = match.group(3).strip() or None
    meetings.move_meeting(actor.session, item, day, start, place, by=actor.person)
    return True


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data.pop(EDIT, None)
    return ConversationHandler.END


# -- holidays in chat ---------------------------------------------------------------

_HOLIDAY = re.compile(r"^\s*(\S+)\s+(\S+)\s+(.+)$")


@requires(Action.MANAGE_GROUP)
async def holiday_command(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    match = _HOLIDAY.match(" ".join(context.args or []))
    first = group_setup.parse_date(match.group(1)) if match else None
    last = group_setup.parse_date(match.group(2)) if match else None
    if not match or first is None or last is None:
        await reply(
            update,
            actor.texts._(
                "Write the first day, the last day and a name, e.g. "
                "/holiday 12.10.2026 16.10.2026 Autumn holiday. "
                "You can also send me an .ics file from the school calendar."
            ),
        )
        return
    try:
        periods = [holidays.check_period(first, last, match.group(3))]
    except holidays.BadPeriod:
        await reply(
            update,
            actor.texts._(
                "Please check the dates: the last day must come after "
                "the first, and a holiday can't be that long."
            ),
        )
        return
    await _choose_group(update, context, actor, periods)


@requires(Action.MANAGE_GROUP)
async def ics_received(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    document = update.effective_message.document
    if document.file_size and document.file_size > 512_000:
        await reply(update, actor.texts._("That file is too big for a holiday calendar."))
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    try:
        periods = holidays.periods_from_ics(data)
    except holidays.BadPeriod as problem:
        await reply(update, ics_problem(actor.texts, problem))
        return
    await _choose_group(update, context, actor, periods)


def ics_problem(texts: Texts, problem: holidays.BadPeriod) -> str:
    """One sentence naming what is wrong with a holiday calendar, and where."""
    where = {"n": problem.event or 0, "name": problem.name or "-"}
    match problem.problem:
        case holidays.Problem.NO_EVENTS:
            return texts._("There are no holidays (events) in that file. Nothing was saved.")
        case holidays.Problem.NO_START:
            return texts._(
                "Event %(n)s (%(name)s) has no start date (DTSTART). Nothing was saved.", **where
            )
        case holidays.Problem.BAD_DATE:
            return texts._(
                "Event %(n)s (%(name)s) has a date I can't read: %(value)s. Nothing was saved.",
                value=problem.value,
                **where,
            )
        case holidays.Problem.TOO_LONG:
            return texts._(
                "Event %(n)s (%(name)s) is longer than %(days)s days. Is a date wrong? "
                "Nothing was saved.",
                days=holidays.MAX_DAYS,
                **where,
            )
    return texts._("I could not read holidays from that file. Is it an .ics calendar file?")


async def _choose_group(
    update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor, periods: list[holidays.Period]
) -> None:
    if not actor.groups:
        await reply(update, actor.texts._("You have no groups yet. Create one with /newgroup."))
        return
    context.user_data[PENDING_HOLIDAYS] = periods
    rows = [[(g.name, cd.pack(cd.HOLIDAY_GROUP, g.id))] for g in actor.groups]
    await reply(
        update,
        actor.texts.n_(
            "%(n)d holiday found. For which group?",
            "%(n)d holidays found. For which group?",
            len(periods),
        ),
        keyboard(rows),
    )


@requires(Action.MANAGE_GROUP)
async def holiday_group_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor
) -> None:
    await update.callback_query.answer()
    parts = cd.unpack(update.callback_query.data)
    group = next((g for g in actor.groups if parts and str(g.id) == parts[0]), None)
    periods = context.user_data.pop(PENDING_HOLIDAYS, None)
    if group is None or not periods:
        await edit_or_reply(update, actor.texts._("This button is no longer active."))
        return
    holidays.add_periods(
        actor.session, group, periods, by=actor.person, now=services(context).clock()
    )
    plan_group(actor.session, group, services(context).clock())
    lines = [
        actor.texts._(
            "%(name)s: %(first)s – %(last)s",
            name=p.name or "–",
            first=actor.texts.date(p.first_day),
            last=actor.texts.date(p.last_day),
        )
        for p in periods
    ]
    saved = actor.texts._(
        "Saved. No meetings of %(group)s in these holidays; the parents will be told:",
        group=group.name,
    )
    await edit_or_reply(update, "\n".join([str(saved), *map(str, lines)]))


TEXT = filters.TEXT & ~filters.COMMAND

CONVERSATION = ConversationHandler(
    entry_points=[CallbackQueryHandler(ask_for_text, pattern=cd.pattern(cd.SESSION_EDIT))],
    states={WAITING_TEXT: [MessageHandler(TEXT, text_given)]},
    fallbacks=[CommandHandler("cancel", stop)],
    name="meeting_edit",
    allow_reentry=True,
)

HANDLERS = [
    CONVERSATION,
    CommandHandler("sessions", list_meetings),
    CommandHandler("holiday", holiday_command),
    MessageHandler(filters.Document.FileExtension("ics"), ics_received),
    CallbackQueryHandler(show_meeting, pattern=cd.pattern(cd.SESSION)),
    CallbackQueryHandler(holiday_group_chosen, pattern=cd.pattern(cd.HOLIDAY_GROUP)),
]
