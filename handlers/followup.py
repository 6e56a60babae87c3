"""Follow-up messages as parents see them, and their three answers.

`f:<session>:n` I'll come next time (recorded as "coming" for the next meeting),
`f:<session>:p` I can't come for a while (then `fp:<group>:<weeks>`),
`f:<session>:s` I don't want to come any more (then `fs:<group>:y|n`, asked once).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

import clock
from db import queries
from db.models import EnrolmentStatus, Group, Meeting, MeetingStatus
from handlers import callback_data as cd
from handlers.common import edit_or_reply, keyboard, loaded_faq, services, texts_for_update
from handlers.faq import theme_label
from handlers.outgoing import RENDERERS, Rendered
from i18n import Texts
from reminders import follow_ups, policy, reminding
from reminders.follow_up_policy import Kind
from reminders.groups import reminder_settings
from reminders.planning import coming_meetings

PAUSE_WEEKS = (2, 4, 8, 12)


def next_view(session: Session, group: Group, now: Any) -> SimpleNamespace | None:
    tz = reminder_settings(group).tz
    for item in coming_meetings(session, group, now):
        if item.status == MeetingStatus.PLANNED:
            return SimpleNamespace(
                id=item.id,
                starts_at=item.starts_at.astimezone(tz),
                theme=item.theme,
                guest=item.guest,
            )
    return None


def answer_buttons(texts: Texts, session_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            [(texts.plain("I'll come next time"), cd.pack(cd.FOLLOW_UP, session_id, "n"))],
            [(texts.plain("I can't come for a while"), cd.pack(cd.FOLLOW_UP, session_id, "p"))],
            [
                (
                    texts.plain("I don't want to come any more"),
                    cd.pack(cd.FOLLOW_UP, session_id, "s"),
                )
            ],
        ]
    )


def _render_followup(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    meeting = session.get(Meeting, slots["session"])
    kind = Kind(slots["kind"])
    faq_theme = None
    if kind == Kind.THANKS and meeting.theme:
        # Read on about the meeting's theme: the answers of the matching FAQ theme, from
        # the bot's own library (with the municipality's entries), once it has loaded.
        library = loaded_faq()
        faq_theme = library.theme_of(meeting.theme) if library is not None else None
    text = texts.render(
        "followup.html",
        kind=kind.value,
        reason=slots.get("reason"),
        group=meeting.group.name,
        next=next_view(session, meeting.group, meeting.ends_at),
        faq_theme=faq_theme,
    )
    if kind in (Kind.MISSED, Kind.MISSED_AGAIN):
        return text, answer_buttons(texts, meeting.id)
    if faq_theme is not None:
        label = theme_label(texts, faq_theme)
        return text, keyboard([[(label, cd.pack(cd.FAQ, "t", faq_theme))]])
    return text, None


def _render_welcome_back(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    group = session.get(Group, slots["group"])
    text = texts.render(
        "followup.html",
        kind="welcome_back",
        reason=None,
        group=group.name,
        next=next_view(session, group, clock.now()),
    )
    return text, None


def _render_declined(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    text = texts._(
        "%(name)s has said no thanks to %(group)s. The bot will not write to the family about "
        "this group any more. They can come back with the invite link at any time.",
        name=slots["name"],
        group=slots["group"],
    )
    return str(text), None


RENDERERS["followup"] = _render_followup
RENDERERS["welcome_back"] = _render_welcome_back
RENDERERS["declined"] = _render_declined


async def answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    parts = cd.unpack(query.data)
    prefix = query.data.split(":", 1)[0]
    svc = services(context)
    now = svc.clock()
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        group = None
        if len(parts) == 2 and cd.number(parts[0]) is not None:
            if prefix == cd.FOLLOW_UP:
                item = session.get(Meeting, cd.number(parts[0]))
                group = item.group if item else None
            else:
                group = session.get(Group, cd.number(parts[0]))
        enrolment = (
            queries.enrolment(session, person.family_id, group.id)
            if person and person.family_id and group
            else None
        )
        if enrolment is None or enrolment.status in (EnrolmentStatus.LEFT,):
            await query.answer(texts.plain("This button is no longer active."))
            return
        await query.answer()
        choice = parts[1]
        if prefix == cd.FOLLOW_UP and choice == "n":
            await _coming_next_time(session, texts, update, group, person, now, enrolment)
        elif prefix == cd.FOLLOW_UP and choice == "p":
            rows = [
                [
                    (
                        texts.n_("%(n)d week", "%(n)d weeks", w).striptags(),
                        cd.pack(cd.PAUSE, group.id, w),
                    )
                    for w in PAUSE_WEEKS[:2]
                ],
                [
                    (
                        texts.n_("%(n)d week", "%(n)d weeks", w).striptags(),
                        cd.pack(cd.PAUSE, group.id, w),
                    )
                    for w in PAUSE_WEEKS[2:]
                ],
            ]
            await edit_or_reply(
                update,
                texts._("That's fine. For how long? We won't write during the break."),
                keyboard(rows),
            )
        elif prefix == cd.FOLLOW_UP and choice == "s":
            rows = [
                [
                    (texts.plain("Yes, stop"), cd.pack(cd.STOP, group.id, "y")),
                    (texts.plain("No, keep me in"), cd.pack(cd.STOP, group.id, "n")),
                ]
            ]
            await edit_or_reply(
                update,
                texts._(
                    "Are you sure? Then you will get no more messages from %(group)s. "
                    "You can come back with the link at any time.",
                    group=group.name,
                ),
                keyboard(rows),
            )
        elif prefix == cd.PAUSE and cd.number(choice) in PAUSE_WEEKS:
            until = follow_ups.pause(session, enrolment, int(choice), now.date(), person)
            await edit_or_reply(
                update,
                texts._(
                    "Take the time you need. We will write again after %(date)s.",
                    date=texts.date(until),
                ),
            )
        elif prefix == cd.STOP and choice == "y":
            if enrolment.status != EnrolmentStatus.DECLINED:
                follow_ups.decline(session, enrolment, person, now)
            await edit_or_reply(
                update,
                texts._(
                    "Thank you for telling us. We will not write to you about %(group)s any more. "
                    "You are always welcome back.",
                    group=group.name,
                ),
            )
        elif prefix == cd.STOP:
            await edit_or_reply(update, texts._("Good! We look forward to seeing you."))


async def _coming_next_time(
    session: Session,
    texts: Texts,
    update: Update,
    group: Group,
    person: Any,
    now: Any,
    enrolment: Any,
) -> None:
    if enrolment.status != EnrolmentStatus.ACTIVE:
        queries.set_enrolment_status(enrolment, EnrolmentStatus.ACTIVE, now)
    upcoming = next_view(session, group, now)
    if upcoming is not None:
        item = session.get(Meeting, upcoming.id)
        reminding.record_reply(
            session, item, person.family_id, policy.Reply.COMING, None, person, now
        )
        await edit_or_reply(
            update,
            texts._(
                "Wonderful! See you %(date)s at %(time)s.",
                date=texts.date(upcoming.starts_at),
                time=texts.time(upcoming.starts_at),
            ),
        )
    else:
        await edit_or_reply(update, texts._("Good! We look forward to seeing you."))


HANDLERS = [
    CallbackQueryHandler(answered, pattern=cd.pattern(cd.FOLLOW_UP)),
    CallbackQueryHandler(answered, pattern=cd.pattern(cd.PAUSE)),
    CallbackQueryHandler(answered, pattern=cd.pattern(cd.STOP)),
]
