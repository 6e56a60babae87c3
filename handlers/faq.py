"""The FAQ in chat: /faq to browse by theme, any free text as a question, 112 first on danger.

A parent's free text goes through three steps, in this order: danger words
(112 and help lines before anything else), a confident FAQ answer, or the
closest entries as buttons with "ask the staff". A guess is never presented
as the answer.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta

from markupsafe import Markup
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from db import queries
from db.models import Person
from db.queries import Reader
from faq import THEMES, Answer, Entry, FaqLibrary
from faq.glossary import words_in
from faq.safeguarding import Helpline, beside_112, oldest_check
from faq.text import words
from handlers import callback_data as cd
from handlers.common import (
    guess_language,
    in_rows,
    keyboard,
    private_chat_only,
    reply,
    services,
    texts_for_update,
)
from handlers.meetings_view import next_meeting
from handlers.question_box import ALARM_WORDS, alarm_button, ask_button, can_ask
from i18n import FALLBACK, N_, Texts, texts_for
from i18n.languages import language
from questions import gaps

THEME_NAMES = {
    "sleep": N_("Sleep"),
    "food": N_("Food and breastfeeding"),
    "daycare": N_("Daycare"),
    "sick_child": N_("When your child is ill"),
    "language": N_("Language"),
    "health_checks": N_("Health visitor and check-ups"),
    "vaccination": N_("Vaccinations"),
    "dental": N_("Teeth"),
    "money": N_("Money and support"),
    "parent_wellbeing": N_("How you are doing"),
    "everyday": N_("Everyday life and screens"),
}
THEME_ICONS = {
    "sleep": "😴",
    "food": "🥣",
    "daycare": "🏠",
    "sick_child": "🤒",
    "language": "💬",
    "health_checks": "🩺",
    "vaccination": "💉",
    "dental": "🦷",
    "money": "💰",
    "parent_wellbeing": "💛",
    "everyday": "🧸",
}
ORIGINAL_LANGUAGES = ("da", "en")  # the entries are written in these; the rest are translations
LAST_QUESTION = "faq_last_question"  # user_data: the words behind the last answer, for feedback
# user_data, in memory only (never written down): her last free-text message and when, so
# the danger check reads a short second message with the one before it ("I took all of
# them"), as a coordinator reads a chat. Older than this, it is forgotten.
EARLIER = "faq_earlier"
EARLIER_FOR = timedelta(minutes=10)
GREETING_WORDS = 2  # "ok", "tak!", "thank you": not questions, nothing to log


def theme_label(texts: Texts, theme: str) -> str:
    return THEME_ICONS[theme] + " " + texts.plain(THEME_NAMES[theme])


def entry_for(library: FaqLibrary, language: str, entry_id: str) -> Entry | None:
    """The entry in the reader's language, else English, else Danish (the originals)."""
    for code in (language, "en", FALLBACK):
        entry = library.content.entry(code, entry_id)
        if entry is not None:
            return entry
    return None


def review_shown(entry: Entry) -> str:
    """What the parent is told about who checked the text they read.

    "reviewed": a qualified person checked this very text (a date is shown); "translation":
    a draft translation nobody has checked (the Danish original is one tap away); anything
    else ("original" or a Danish draft): written from the source, not yet checked by a health
    visitor or pedagogue. A date is never shown for text nobody checked.
    """
    if entry.review_status == "reviewed":
        return "reviewed"
    if entry.review_status == "draft" and entry.language not in ORIGINAL_LANGUAGES:
        return "translation"
    return "unchecked"


def render_themes(texts: Texts) -> tuple[str, object]:
    buttons = [(theme_label(texts, theme), cd.pack(cd.FAQ, "t", theme)) for theme in THEMES]
    rows = in_rows(buttons, 2)
    return texts.render("faq_themes.html"), keyboard(rows)


def render_entry(
    library: FaqLibrary, texts: Texts, entry_id: str, *, original: bool = False
) -> tuple[str, object] | None:
    """An answer with its source and review date, and the buttons under it."""
    wanted = FALLBACK if original else texts.code
    entry = entry_for(library, wanted, entry_id)
    if entry is None:
        return None
    return _rendered_entry(library, texts, entry, wanted, original)


@functools.lru_cache(maxsize=1024)
def _rendered_entry(
    library: FaqLibrary, texts: Texts, entry: Entry, wanted: str, original: bool
) -> tuple[str, object]:
    """An entry's answer and buttons depend on the entry and the reader's language alone,
    not on who reads it: made once, shown to every parent who asks (a changed entry is
    another key, so it is never shown as it was)."""
    shown = None
    if entry.language != wanted:
        shown = language(entry.language).native_name
    text = texts.render(
        "faq_answer.html",
        title=entry.title,
        answer=Markup(entry.answer),  # trusted: the content check validates every entry's HTML
        municipal=entry.municipal,
        owner=entry.owner,
        source_url=entry.source_url,
        source_title=entry.source_title,
        reviewed=entry.review_date or entry.reviewed,
        review=review_shown(entry),
        shown_language=shown,
    )
    rows = [
        [
            ("👍 " + texts.plain("Yes"), cd.pack(cd.FAQ, "h", entry.id, "y")),
            ("👎 " + texts.plain("No"), cd.pack(cd.FAQ, "h", entry.id, "n")),
        ]
    ]
    extra = []
    if entry.language != FALLBACK and not original:
        extra.append(("🇩🇰 " + texts.plain("Show in Danish"), cd.pack(cd.FAQ, "o", entry.id)))
    if words_in(entry.title + " " + entry.visible_answer, library.words(texts.code)):
        extra.append(("📖 " + texts.plain("Danish words"), cd.pack(cd.FAQ, "w", entry.id)))
    if extra:
        rows.append(extra)
    rows.append([(f"↩️ {theme_label(texts, entry.theme)}", cd.pack(cd.FAQ, "t", entry.theme))])
    return text, keyboard(rows)


async def show_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/words: the Danish words of family life, explained in the reader's language."""
    svc = services(context)
    with svc.transaction() as session:
        _, texts = texts_for_update(session, update)
    await reply(update, texts.render("words.html", words=(await svc.faq()).words(texts.code)))


async def show_themes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    text, markup = render_themes(texts)
    if update.callback_query:
        await update.callback_query.answer()
    await reply(update, text, markup)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    parts = cd.unpack(query.data)
    if parts == ["n"]:  # the next meeting, as /next shows it, in its own unit of work
        await query.answer()
        await next_meeting(update, context)
        return
    svc = services(context)
    library = await svc.faq()
    with svc.transaction() as session:
        _, texts = texts_for_update(session, update)
        kind = parts[0] if parts else ""
        if kind == "t" and len(parts) == 1:
            await show_themes(update, context)
            return
        if kind == "t" and parts[1] in THEMES:
            await query.answer()
            await _show_theme(update, library, texts, parts[1])
            return
        if kind in ("e", "o") and len(parts) == 2:
            rendered = render_entry(library, texts, parts[1], original=kind == "o")
            if rendered is not None:
                await query.answer()
                context.user_data.pop(LAST_QUESTION, None)  # browsed, not asked
                await reply(update, *rendered)
                return
        if kind == "w" and len(parts) == 2:
            entry = entry_for(library, texts.code, parts[1])
            if entry is not None:
                await query.answer()
                used = words_in(entry.title + " " + entry.visible_answer, library.words(texts.code))
                await reply(update, texts.render("words.html", words=used))
                return
        if kind == "h" and len(parts) == 3 and parts[2] in ("y", "n"):
            await _feedback(update, context, session, texts, parts[1], parts[2] == "y")
            return
    await query.answer(texts.plain("This button is no longer active."))


async def _show_theme(update: Update, library: FaqLibrary, texts: Texts, theme: str) -> None:
    entries = library.content.of_theme(texts.code, theme) or library.content.of_theme(
        FALLBACK, theme
    )
    rows = [[(entry.title, cd.pack(cd.FAQ, "e", entry.id))] for entry in entries]
    rows.append([("↩️ " + texts.plain("All themes"), cd.pack(cd.FAQ, "t"))])
    text = texts.render("faq_theme.html", theme=texts.plain(THEME_NAMES[theme]))
    await reply(update, text, keyboard(rows))


async def _feedback(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    texts: Texts,
    entry_id: str,
    helpful: bool,
) -> None:
    query = update.callback_query
    now = services(context).clock()
    asked = context.user_data.pop(LAST_QUESTION, None)
    text = asked[1] if asked and asked[0] == entry_id else None
    kind = gaps.HELPFUL if helpful else gaps.NOT_HELPFUL
    person = _known(session, update)
    # Nothing before consent: a stranger's vote and words leave no row.
    gap_id = gaps.log(session, kind, person, now, text=text, entry_id=entry_id) if person else None
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)  # one vote per answer
    if helpful:
        await reply(update, texts._("Thank you! I'm glad it helped."))
        return
    markup = (
        keyboard([[ask_button(texts, gap_id if gap_id is not None and text else 0)]])
        if can_ask(session, person)
        else None
    )
    await reply(
        update,
        texts._("Thank you for telling me. It helps us make the answers better."),
        markup,
    )


def _known(session: Session, update: Update) -> Person | None:
    person, _ = texts_for_update(session, update)
    return person


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text in a private chat that no conversation took: treat it as a question.

    The answer is worked out and any gap logged in one unit of work, committed
    before the reply goes to Telegram.
    """
    question = (update.effective_message.text or "").strip()
    svc = services(context)
    library = await svc.faq()
    with svc.connection(statements_stand_alone=True) as connection:
        user = update.effective_user
        person = queries.reader_by_telegram_id(connection, user.id) if user else None
        texts = texts_for(person.language if person else guess_language(update))
        text, markup = _answer(connection, library, texts, person, question, svc.clock(), context)
    await reply(update, text, markup)


def _answer(
    connection: Connection,
    library: FaqLibrary,
    texts: Texts,
    person: Reader | None,
    question: str,
    now: datetime,
    context: ContextTypes.DEFAULT_TYPE,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The reply to a question, worked out in the update's unit of work (`connection`).

    A confident answer (the usual case) needs nothing from the database beyond the
    asker's language; a gap logged and whether she may ask the staff are one Core
    statement each on the same connection (an ORM session around them cost as much as
    the statement)."""
    answer = library.ask(question, texts.code)
    sure = answer.best.entry_id if answer.confident and answer.best is not None else None
    # The rules', or the model's where they are silent; with her message of a few minutes
    # ago where that says more than this one alone (`FaqLibrary.verdict_after`).
    earlier, earlier_gap, earlier_alarm = _earlier(context, now)
    verdict = library.verdict_after(question, earlier, earlier_alarm)
    context.user_data[EARLIER] = (question, now, None, verdict.signals)
    words_said = f"{earlier}\n{question}" if verdict.with_earlier and earlier else question
    if verdict.signals and verdict.with_earlier and earlier_gap is not None:
        gaps.forget_text(connection, earlier_gap)  # her earlier words are the alarm's now
    if verdict.signals or verdict.calm:
        # A vote on what comes now must not log the words of an earlier question.
        context.user_data.pop(LAST_QUESTION, None)
    if verdict.signals:
        # Her words stay in memory only, for the one button that sends them to the
        # staff if she chooses; nothing of an alarm is written to the database.
        asking = can_ask(connection, person)
        if asking:
            context.user_data[ALARM_WORDS] = words_said
        # 112 first; the FAQ's answer, if it has a sure one, one tap below, so that words
        # that only sound like danger ("a fever and a cramp") still get their answer.
        entry = entry_for(library, texts.code, sure) if sure is not None else None
        return _safeguarding(texts, verdict.helplines, asking, entry)
    rendered = render_entry(library, texts, sure) if sure is not None else None
    # The rules are silent; the learned second opinion (faq/danger_model.py says why) may
    # still be worried. Then she gets her answer as always with one calm 112 line above it,
    # and, as after an alarm, her words stay in memory only: no gap is logged with them, and
    # where she has staff the alarm's "tell the staff" comes instead of "ask the staff", so
    # only her tap sends them.
    if not verdict.calm:
        if rendered is not None:
            context.user_data[LAST_QUESTION] = (sure, question)
            return rendered
        text, markup, gap = _unanswered(connection, library, texts, person, question, now, answer)
        context.user_data[EARLIER] = (question, now, gap, verdict.signals)
        return text, markup
    asking = can_ask(connection, person)
    if asking:
        context.user_data[ALARM_WORDS] = words_said
    if library.safeguarding.only_cry_for_help(question):
        # A bare cry ("hjælp!!", "please help me", "imdat", "🆘") names nothing the FAQ could
        # answer; its closest entries, even a "sure" one, would be beside the point (Somali
        # "i caawi" came closest to the entry on children who hit, "help me help me" to the
        # one on setting limits). She gets what an alarm gives: 112 first, that she is not
        # alone, and where she has staff the offer to tell them, nothing else; whether the
        # line came from the cry, the worried model or an alarm a few minutes before (whose
        # help lines stay with it).
        return _safeguarding(texts, verdict.helplines, asking)
    if rendered is not None:
        text, markup = rendered
    else:
        text = _suggestions(texts, answer, asking)
        markup = keyboard(_suggestion_rows(library, texts, answer, None))
    rows = markup.inline_keyboard
    if asking:
        rows = keyboard([[alarm_button(texts)]]).inline_keyboard + rows
    # 112, and where the violence model is sure, Lev Uden Vold's checked line under it.
    shown = verdict.helplines
    line = texts.render("calm_112.html", lines=beside_112(shown), reviewed=oldest_check(shown))
    return line.strip() + "\n\n" + text, InlineKeyboardMarkup(rows)


def _earlier(
    context: ContextTypes.DEFAULT_TYPE, now: datetime
) -> tuple[str | None, int | None, frozenset[str] | None]:
    """Her previous free-text message if she wrote it less than `EARLIER_FOR` ago, the gap
    it was logged as (if it was), and the alarm it got (worked out once, when it came)."""
    kept = context.user_data.get(EARLIER)
    if not kept:
        return None, None, None
    text, when, gap_id, alarm = kept
    if timedelta(0) <= now - when <= EARLIER_FOR:
        return text, gap_id, alarm
    return None, None, None


def _unanswered(
    connection: Connection,
    library: FaqLibrary,
    texts: Texts,
    person: Reader | None,
    question: str,
    now: datetime,
    answer: Answer,
) -> tuple[str, InlineKeyboardMarkup | None, int | None]:
    """No sure answer and no worry: the closest entries, with the offer to ask the staff
    (the question logged as a gap for whoever improves the content); and the gap's id."""
    if not answer.hits and len(words(question)) <= GREETING_WORDS:
        return (
            texts._("I didn't understand that. /faq has answers, /help shows the rest."),
            None,
            None,
        )
    # Nothing before consent: a stranger is answered, but her words are not logged.
    gap_id = (
        gaps.log(connection, gaps.UNANSWERED, person, now, text=question)
        if person is not None
        else None
    )
    asking = can_ask(connection, person)
    ask = ask_button(texts, gap_id) if asking and gap_id is not None else None
    rows = _suggestion_rows(library, texts, answer, ask)
    if asking:
        # She is in a group: "hvornår er der babygruppe?" is a question the FAQ cannot
        # answer and /next can, and she may not know the command.
        rows.insert(-1, [_next_meeting_button(texts)])
    return _suggestions(texts, answer, asking), keyboard(rows), gap_id


def _next_meeting_button(texts: Texts) -> tuple[str, str]:
    return "📅 " + texts.plain("When is the next meeting?"), cd.pack(cd.FAQ, "n")


def _suggestions(texts: Texts, answer: Answer, asking: bool) -> str:
    return texts.render("faq_suggestions.html", hits=bool(answer.hits), can_ask=asking)


def _suggestion_rows(
    library: FaqLibrary, texts: Texts, answer: Answer, ask: tuple[str, str] | None
) -> list[list[tuple[str, str]]]:
    """The closest entries as buttons, the offer to ask the staff, and all themes."""
    rows = []
    for hit in answer.hits:
        entry = entry_for(library, texts.code, hit.entry_id)
        if entry is not None:
            rows.append([(entry.title, cd.pack(cd.FAQ, "e", entry.id))])
    if ask is not None:
        rows.append([ask])
    rows.append([("📚 " + texts.plain("All themes"), cd.pack(cd.FAQ, "t"))])
    return rows


def _safeguarding(
    texts: Texts,
    shown: Sequence[Helpline],
    asking: bool,
    entry: Entry | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """112 first, then only the help lines checked on their services' own pages (`shown`,
    the verdict's), and (in a group with staff) the offer to tell the staff, which only her
    tap makes happen."""
    text = texts.render(
        "safeguarding.html",
        lines=beside_112(shown),
        reviewed=oldest_check(shown),
        can_tell_staff=asking,
    )
    rows = [[alarm_button(texts)]] if asking else []
    if entry is not None:
        rows.append([("📖 " + entry.title, cd.pack(cd.FAQ, "e", entry.id))])
    return text, keyboard(rows) if rows else None


HANDLERS = [
    CommandHandler("faq", private_chat_only(show_themes)),
    CommandHandler("words", private_chat_only(show_words)),
    CallbackQueryHandler(on_button, pattern=cd.pattern(cd.FAQ)),
]
# Registered after every conversation, just before the catch-all (see handlers.register).
FREE_TEXT = [
    MessageHandler(
        filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED,
        on_text,
    )
]
