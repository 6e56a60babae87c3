"""/next and /calendar: when the group meets, in words and as a calendar file."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from db import queries
from db.models import Group, MeetingStatus
from handlers.common import private_chat_only, reply, services, texts_for_update
from i18n import Texts
from reminders.calendar import ics
from reminders.groups import reminder_settings
from reminders.planning import coming_meetings, plan_group


async def _groups_or_say_none(
    session: Session, update: Update, now: datetime
) -> tuple[Texts, list[Group]]:
    """The person's groups with their sessions planned (a group made a minute ago too);
    someone in no group is told so kindly."""
    person, texts = texts_for_update(session, update)
    groups = queries.groups_of(session, person) if person else []
    if not groups:
        await reply(update, texts._("You are not in any group."))
    for group in groups:
        plan_group(session, group, now)
    return texts, groups


async def next_meeting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    now = svc.clock()
    with svc.transaction() as session:
        texts, groups = await _groups_or_say_none(session, update, now)
        for group in groups:
            tz = reminder_settings(group).tz
            skipped, upcoming = [], None
            for item in coming_meetings(session, group, now):
                view = SimpleNamespace(
                    starts_at=item.starts_at.astimezone(tz),
                    place=item.place or group.place,
                    theme=item.theme,
                    guest=item.guest,
                )
                if item.status == MeetingStatus.CANCELLED:
                    skipped.append(view)
                    continue
                upcoming = view
                break
            await reply(
                update, texts.render("next.html", group=group.name, skipped=skipped, next=upcoming)
            )


async def calendar_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    now = svc.clock()
    with svc.transaction() as session:
        texts, groups = await _groups_or_say_none(session, update, now)
        for group in groups:
            planned = [
                (s.id, s.starts_at, s.ends_at, s.place)
                for s in coming_meetings(session, group, now)
                if s.status == MeetingStatus.PLANNED
            ][:26]
            await update.effective_chat.send_document(
                ics(group.name, group.place, planned, now),
                filename=f"group-{group.id}.ics",
                caption=texts._(
                    "Open the file to add the meetings of %(group)s to your phone's calendar.",
                    group=group.name,
                ),
            )


HANDLERS = [
    CommandHandler("next", private_chat_only(next_meeting)),
    CommandHandler("calendar", private_chat_only(calendar_file)),
]
