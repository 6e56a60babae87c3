"""Joining by invite link: /start <code> -> language -> consent -> in the group."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from db.models import InviteKind, Role
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
from handlers.help import help_text
from i18n import Texts, languages, supported_codes, texts_for
from onboarding import join
from onboarding.invites import InviteProblem, looks_like_code
from reminders.schedule import WeeklyRule, next_meeting


def problem_text(texts: Texts, problem: InviteProblem) -> str:
    ask = texts._("Please ask your group's coordinator for a new link or QR code.")
    first = {
        InviteProblem.UNKNOWN: texts._("I don't recognise this link."),
        InviteProblem.REVOKED: texts._("This link is no longer in use."),
        InviteProblem.EXPIRED: texts._("This link has expired."),
        InviteProblem.USED: texts._("This link has already been used."),
    }[problem]
    return f"{first} {ask}"


def language_keyboard(prefix: str, suggested: str, *extra: str) -> list[list[tuple[str, str]]]:
    """Every language in its own name and script, Telegram's suggestion first and ticked."""
    ordered = sorted(languages(), key=lambda lang: lang.code != suggested)
    buttons = [
        (
            ("✓ " if lang.code == suggested else "") + lang.native_name,
            cd.pack(prefix, lang.code, *extra),
        )
        for lang in ordered
    ]
    return [buttons[:1]] + [buttons[i : i + 2] for i in range(1, len(buttons), 2)]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/start` alone greets; `/start <code>` begins joining with an invite."""
    svc = services(context)
    code = context.args[0] if context.args else None
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        if code is None:
            if person is None:
                await reply(update, texts.render("hello_stranger.html"))
            else:
                await reply(update, help_text(session, person, texts))
            return
        try:
            if not looks_like_code(code):
                raise join.InviteRefused(InviteProblem.UNKNOWN)
            join.check(session, code, svc.clock())
        except join.InviteRefused as refused:
            await reply(update, problem_text(texts, refused.problem))
            return
    if person is not None:
        await show_consent(update, context, person.language, code)
        return
    suggested = guess_language(update)
    await reply(
        update,
        texts_for(suggested)._("Welcome! Which language do you want me to write in?"),
        keyboard(language_keyboard(cd.JOIN_LANGUAGE, suggested, code)),
    )


async def language_picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    parts = cd.unpack(query.data)
    if len(parts) != 2 or parts[0] not in supported_codes():
        return
    await show_consent(update, context, parts[0], parts[1])


async def show_consent(
    update: Update, context: ContextTypes.DEFAULT_TYPE, language: str, code: str
) -> None:
    """What joining means, in the chosen language, before anything is stored."""
    svc = services(context)
    texts = texts_for(language)
    with svc.transaction() as session:
        try:
            invite = join.check(session, code, svc.clock())
        except join.InviteRefused as refused:
            await edit_or_reply(update, problem_text(texts, refused.problem))
            return
        kind = InviteKind(invite.kind)
        text = texts.render(
            "consent.html",
            role=kind.role.value,
            group=invite.group.name if invite.group else None,
            organisation=invite.organisation.name,
            months=invite.organisation.inactive_months,
        )
    buttons = [
        [
            (texts.plain("Yes, that is OK"), cd.pack(cd.JOIN_ACCEPT, language, code)),
            (texts.plain("No, thank you"), cd.pack(cd.JOIN_DECLINE, language)),
        ]
    ]
    await edit_or_reply(update, text, keyboard(buttons))


async def consent_accepted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    parts = cd.unpack(query.data)
    if len(parts) != 2:
        return
    language, code = parts
    texts = texts_for(language)
    svc = services(context)
    user = update.effective_user
    now = svc.clock()
    with svc.transaction() as session:
        try:
            joined = join.accept(
                session,
                code,
                telegram_id=user.id,
                first_name=user.first_name,
                language=texts.code,
                now=now,
            )
        except join.InviteRefused as refused:
            await edit_or_reply(update, problem_text(texts, refused.problem))
            return
        group = joined.group
        meeting = next_meeting(WeeklyRule.of(group), now) if group else None
        text = texts.render(
            "welcome.html",
            result=joined.result.value,
            role=joined.role.value,
            organisation=joined.organisation.name,
            group=group,
            next_meeting=meeting.astimezone(WeeklyRule.of(group).tz) if meeting else None,
            org_wide=group is None and joined.role == Role.COORDINATOR,
        )
    await edit_or_reply(update, text)


async def consent_declined(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    parts = cd.unpack(query.data)
    texts = texts_for(parts[0] if parts else None)
    await edit_or_reply(
        update,
        texts._(
            "That's fine. Nothing about you has been saved. "
            "If you change your mind, just open the link again."
        ),
    )


HANDLERS = [
    CommandHandler("start", private_chat_only(start)),
    CallbackQueryHandler(language_picked, pattern=cd.pattern(cd.JOIN_LANGUAGE)),
    CallbackQueryHandler(consent_accepted, pattern=cd.pattern(cd.JOIN_ACCEPT)),
    CallbackQueryHandler(consent_declined, pattern=cd.pattern(cd.JOIN_DECLINE)),
]
