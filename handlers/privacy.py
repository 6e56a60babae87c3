"""A person's data rights in chat: her own copy (/mydata), and when she last used the bot."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, TypeHandler

from db.models import Group, Membership, Organisation, Person, Role
from handlers import callback_data as cd
from handlers.common import (
    edit_or_reply,
    in_private_chat,
    keyboard,
    private_chat_only,
    reply,
    services,
    texts_for_update,
)
from handlers.leave import delete_me
from i18n import Texts
from i18n.languages import language
from onboarding import join
from privacy import mydata
from privacy.retention import seen

SHOWN = 10  # items per list in the message; the file has them all
CLIPPED = 200  # characters of one text in the message


def _clip(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= CLIPPED else text[: CLIPPED - 1] + "…"


async def my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mydata: everything stored about her, readable in her language, and as a JSON file."""
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        if person is None:
            await reply(update, texts._("I have nothing saved about you."))
            return
        data = mydata.collect(session, person)
    outcomes = [row["outcome"] for row in data["attendance"]]
    text = texts.render(
        "mydata.html",
        name=data["person"]["first_name"],
        language=language(data["person"]["language"]).native_name,
        agreed=person.consent_at,
        groups=sorted({r["group"] for r in data["roles"] if r["group"]}),
        came=outcomes.count("attended"),
        notice=outcomes.count("notice"),
        no_show=outcomes.count("no_show"),
        questions=[_clip(q["question"]) for q in data["questions_to_staff"]][-SHOWN:],
        faq=[_clip(f["text"]) for f in data["faq_questions"] if f["text"]][-SHOWN:],
        notes=[_clip(c["note"]) for c in data["contacts"] if c["note"]][-SHOWN:],
    )
    await reply(update, text)
    file = json.dumps(data, ensure_ascii=False, indent=2).encode()
    await update.effective_chat.send_document(io.BytesIO(file), filename="my-data.json")


@dataclass
class ActivityMemo:
    """Whom this process has noted today, and who agreed to the current privacy text.

    Without it every update would cost a read (and the first of a day a write) before
    its handler's own work; with it, a person's first update of the day costs one
    conditional write and the rest nothing. Kept in memory only: a restart just notes
    people once more.
    """

    day: date | None = None
    noted: set[int] = field(default_factory=set)
    consent_current: set[int] = field(default_factory=set)

    def first_today(self, telegram_id: int, now: datetime) -> bool:
        if now.date() != self.day:
            self.day, self.noted = now.date(), set()
        if telegram_id in self.noted:
            return False
        self.noted.add(telegram_id)
        return True


def _memo(context: ContextTypes.DEFAULT_TYPE) -> ActivityMemo:
    return context.bot_data.setdefault("activity", ActivityMemo())


async def note_activity(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before any other handler: she used the bot today, so retention keeps her; and if
    the privacy text changed since she agreed, she is shown it again (her message is still
    answered: nothing she sends is lost)."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    svc = services(context)
    memo = _memo(context)
    now = svc.clock()
    message = update.message
    check_consent = (
        message is not None
        and in_private_chat(update)
        and not (message.text or "").startswith("/start")
        and user.id not in memo.consent_current
    )
    first_today = memo.first_today(user.id, now)
    if not first_today and not check_consent:
        return  # the usual case: nothing to read or write
    with svc.transaction() as session:
        if first_today:
            seen(session, user.id, now)
        if not check_consent:
            return
        person, texts = texts_for_update(session, update)
        if person is None:
            return
        if not join.needs_consent_again(person):
            memo.consent_current.add(user.id)
            return
        text = _consent_text(session, texts, person)
    buttons = [
        [
            (texts.plain("Yes, that is OK"), cd.pack(cd.CONSENT_AGAIN, "y")),
            (texts.plain("No, thank you"), cd.pack(cd.CONSENT_AGAIN, "n")),
        ]
    ]
    await reply(update, text, keyboard(buttons))


def _consent_text(session: Session, texts: Texts, person: Person) -> str:
    """The current privacy text for her role, as a new person would read it."""
    membership = session.scalars(
        select(Membership).where(Membership.person_id == person.id).order_by(Membership.id)
    ).first()
    organisation = session.get(Organisation, membership.org_id) if membership else None
    group = session.get(Group, membership.group_id) if membership and membership.group_id else None
    intro = texts._("What I save about you is explained a little differently now. Please read:")
    return (
        str(intro)
        + "\n\n"
        + texts.render(
            "consent.html",
            role=membership.role if membership else Role.PARENT.value,
            group=group.name if group else None,
            organisation=organisation.name if organisation else "",
            months=organisation.inactive_months if organisation else 12,
        )
    )


async def consent_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    svc = services(context)
    if cd.unpack(query.data) == ["n"]:
        await query.answer()
        await delete_me(update, context)  # not agreeing any more: offer to delete everything
        return
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        if person is None:
            await query.answer(texts.plain("This button is no longer active."))
            return
        join.agree_again(session, person, svc.clock())
    await query.answer()
    await edit_or_reply(update, texts._("Thank you. Nothing else changes for you."))


ACTIVITY = TypeHandler(Update, note_activity)  # registered in its own group, before all others
HANDLERS = [
    CommandHandler("mydata", private_chat_only(my_data)),
    CallbackQueryHandler(consent_again, pattern=cd.pattern(cd.CONSENT_AGAIN)),
]
