"""/announce: a coordinator tells every family of one or more groups, each in their own language.

The conversation fills a form from `announcements.forms` (buttons for choices,
short prompts for typed values), shows a preview in any language, and on
"send" writes one outbox row per parent. Each step is a state of the
ConversationHandler; the step and the draft are persisted (`handlers.persistence`),
so a restart of the bot resumes where the coordinator was. Nothing is sent
before the coordinator confirms. A "meeting cancelled" announcement cancels
the meeting, "new time or place" moves it (`usecases.announcing`).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
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
from announcements import delivery, forms
from db.models import Announcement, Group, MeetingStatus, Person
from faq import THEMES
from handlers import callback_data as cd
from handlers.announcement_text import render_announcement
from handlers.common import (
    in_rows,
    keyboard,
    permitted_groups,
    private_chat_only,
    reply,
    services,
    texts_for_update,
)
from handlers.faq import THEME_NAMES
from i18n import Texts, supported_codes, texts_for
from i18n.languages import language
from reminders.planning import coming_meetings
from usecases import announcing

GROUPS, KIND, FIELD, PREVIEW, VERSION = range(1, 6)  # the steps (conversation states)
DRAFT = "announce"  # user_data key, the same as the conversation's name (persistence)
# Button actions after `an:`; the short codes of earlier versions still work for buttons
# already in chats.
GROUP, GROUPS_DONE, KIND_PICK, DAY, CHOICE = "g", "groups_done", "k", "d", "c"
THING, THINGS_DONE, PREVIEW_IN, WRITE_VERSION = "m", "things_done", "pv", "v"
NEXT_DEFAULT, OPTION, SEND, CANCEL = "default_lang", "o", "send", "x"
OLD_CODES = {"gok": GROUPS_DONE, "mok": THINGS_DONE, "vd": NEXT_DEFAULT}
DATE_BUTTONS = 6
PREVIEW_BUTTONS_PER_ROW = 3  # ten language names do not fit one row on a phone
VERSION_BUTTONS_PER_ROW = 2


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})


def _groups(session: Session, person: Person | None) -> list[Group]:
    return permitted_groups(session, person, Action.ANNOUNCE) if person else []


# -- the conversation ------------------------------------------------------------------


def _button(update: Update) -> tuple[str, list[str]]:
    """The tapped action and its arguments, old codes read as today's."""
    parts = cd.unpack(update.callback_query.data)
    if not parts:
        return "", []
    return OLD_CODES.get(parts[0], parts[0]), parts[1:]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = _groups(session, person)
        if not groups:
            await reply(update, texts._("Sorry, this is only for the coordinators of a group."))
            return ConversationHandler.END
        context.user_data[DRAFT] = {
            "groups": [groups[0].id] if len(groups) == 1 else [],
            "slots": {},
            "versions": {},
            "paused": False,
            "chat": False,
        }
        if len(groups) == 1:
            await _ask_kind(update, texts)
            return KIND
        await _ask_groups(update, texts, groups, [])
    return GROUPS


async def _ask_groups(update: Update, texts: Texts, groups: list[Group], chosen: list[int]) -> None:
    rows = [
        [(("✓ " if g.id in chosen else "") + g.name, cd.pack(cd.ANNOUNCE, GROUP, g.id))]
        for g in groups
    ]
    rows.append([("➡️ " + texts.plain("Next"), cd.pack(cd.ANNOUNCE, GROUPS_DONE))])
    await _show(update, texts.render("announce_preview.html", step="groups"), rows)


async def _ask_kind(update: Update, texts: Texts) -> None:
    rows = [
        [(texts.plain(forms.KIND_NAMES[kind]), cd.pack(cd.ANNOUNCE, KIND_PICK, kind))]
        for kind in forms.KINDS
    ]
    await _show(update, texts.render("announce_preview.html", step="kind"), rows)


async def _show(update: Update, text: str, rows: list[list[tuple[str, str]]]) -> None:
    await reply(update, text, keyboard(rows) if rows else None)


def _choices(texts: Texts, field: forms.Field) -> list[tuple[str, str]]:
    if field.name == "reason":
        return [(texts.plain(label), code) for code, label in forms.REASONS.items()]
    if field.name == "guest":
        return [(texts.plain(label), code) for code, label in forms.GUESTS.items()]
    if field.name == "theme":
        themes = [(texts.plain(THEME_NAMES[t]), t) for t in THEMES]
        return [*themes, ("—", "-")]
    return []


async def _ask_field(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, texts: Texts
) -> int:
    """Ask the next field of the form (FIELD), or show the preview when it is complete."""
    draft = _draft(context)
    field = forms.next_field(draft["kind"], draft["slots"])
    if field is None:
        if not forms.complete(draft["kind"], draft["slots"]):  # a change that changes nothing
            draft["slots"].pop("time", None)
            draft["slots"].pop("place", None)
            await reply(update, texts.render("announce_preview.html", step="bad"))
            return await _ask_field(update, context, session, texts)
        return await _preview(update, context, session, texts, texts.code)
    step = field.name if field.name in ("where", "meet") else field.kind
    if field.kind == "choice":
        step = field.name
    rows: list[list[tuple[str, str]]] = []
    if field.kind == "date":
        group = session.get(Group, draft["groups"][0])
        now = services(context).clock()
        tz = group.timezone
        days = []
        for item in coming_meetings(session, group, now):
            if item.status == MeetingStatus.PLANNED or draft["kind"] == "cancelled":
                day = item.starts_at.astimezone(ZoneInfo(tz)).date()
                if day not in days:
                    days.append(day)
            if len(days) == DATE_BUTTONS:
                break
        rows = [[(texts.date(day), cd.pack(cd.ANNOUNCE, DAY, day.isoformat()))] for day in days]
    elif field.kind == "choice":
        rows = [
            [(label, cd.pack(cd.ANNOUNCE, CHOICE, code))] for label, code in _choices(texts, field)
        ]
    elif field.kind == "multi":
        picked = draft.get("multi", [])
        rows = [
            [
                (
                    ("✓ " if code in picked else "") + texts.plain(label),
                    cd.pack(cd.ANNOUNCE, THING, code),
                )
            ]
            for code, label in forms.THINGS.items()
        ]
        rows.append([("➡️ " + texts.plain("Next"), cd.pack(cd.ANNOUNCE, THINGS_DONE))])
    elif field.kind.startswith("optional"):
        rows = [[("↔️ " + texts.plain("Stays the same"), cd.pack(cd.ANNOUNCE, CHOICE, "-"))]]
    await _show(update, texts.render("announce_preview.html", step=step), rows)
    return FIELD


def _take_button(
    texts: Texts, draft: dict[str, Any], field: forms.Field, action: str, code: str
) -> None:
    """Store a tapped answer if it fits the field being asked; ignore a stale tap."""
    if action == DAY and field.kind == "date":
        try:
            date.fromisoformat(code)
        except ValueError:
            return
        draft["slots"][field.name] = code
    elif field.kind == "choice" and code in {c for _, c in _choices(texts, field)}:
        draft["slots"][field.name] = None if code == "-" else code
    elif field.kind.startswith("optional") and code == "-":
        draft["slots"][field.name] = None


async def _after_date(
    update: Update, draft: dict[str, Any], session: Session, texts: Texts, had_date: bool
) -> None:
    """A "meeting cancelled" form for a meeting that is cancelled already says so."""
    if had_date or "date" not in draft["slots"]:
        return
    groups = [session.get(Group, gid) for gid in draft["groups"]]
    if announcing.already_cancelled(session, groups, draft["kind"], draft["slots"]):
        await reply(
            update,
            texts._("This meeting is already cancelled. The announcement only tells the families."),
        )


def _transient(draft: dict[str, Any]) -> Announcement:
    """The draft as an unsaved Announcement, to count recipients and render previews."""
    return Announcement(
        group_ids=draft["groups"],
        kind=draft["kind"],
        slots=draft["slots"],
        versions=draft["versions"],
        default_language=draft.get("default"),
        include_paused=draft["paused"],
        post_to_chat=draft["chat"],
    )


async def _preview(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    texts: Texts,
    shown: str,
) -> int:
    draft = _draft(context)
    draft.setdefault("default", texts.code)
    announcement = _transient(draft)
    groups = [session.get(Group, gid) for gid in draft["groups"]]
    reader = texts_for(shown)
    message = render_announcement(
        reader, draft["kind"], draft["slots"], groups[0], draft["versions"], draft["default"]
    )
    versions = [language(code).native_name for code in draft["versions"]]
    text = texts.render(
        "announce_preview.html",
        step="preview",
        language=language(shown).native_name,
        message=Markup(message),
        recipients=len(delivery.recipients(session, announcement)),
        versions=versions if draft["kind"] == "free" else [],
        default=language(draft["default"]).native_name,
    )
    others = [
        (language(code).native_name, cd.pack(cd.ANNOUNCE, PREVIEW_IN, code))
        for code in supported_codes()
        if code != shown
    ]
    rows = in_rows(others, PREVIEW_BUTTONS_PER_ROW)
    if draft["kind"] == "free":
        missing = [
            ("➕ " + language(code).native_name, cd.pack(cd.ANNOUNCE, WRITE_VERSION, code))
            for code in supported_codes()
            if code not in draft["versions"]
        ]
        rows.extend(in_rows(missing, VERSION_BUTTONS_PER_ROW))
        if len(draft["versions"]) > 1:
            label = texts.plain(
                "Default: %(language)s", language=language(draft["default"]).native_name
            )
            rows.append([(label, cd.pack(cd.ANNOUNCE, NEXT_DEFAULT))])
    tick = "☑️ " if draft["paused"] else "☐ "
    rows.append(
        [(tick + texts.plain("Also families on a break"), cd.pack(cd.ANNOUNCE, OPTION, "p"))]
    )
    if any(g.chat_id for g in groups):
        tick = "☑️ " if draft["chat"] else "☐ "
        rows.append(
            [(tick + texts.plain("Also in the group chat"), cd.pack(cd.ANNOUNCE, OPTION, "c"))]
        )
    rows.append(
        [
            ("✅ " + texts.plain("Send"), cd.pack(cd.ANNOUNCE, SEND)),
            ("✖️ " + texts.plain("Cancel"), cd.pack(cd.ANNOUNCE, CANCEL)),
        ]
    )
    await _show(update, text, rows)
    return PREVIEW


async def _stale(update: Update, texts: Texts) -> None:
    await update.callback_query.answer(texts.plain("This button is no longer active."))


async def groups_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """GROUPS: tick the groups the announcement is for, then Next."""
    draft = _draft(context)
    action, args = _button(update)
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = _groups(session, person)
        if not draft or not groups:
            await _stale(update, texts)
            return ConversationHandler.END
        await update.callback_query.answer()
        chosen = draft["groups"]
        if action == GROUP and args:
            gid = cd.number(args[0]) or 0
            if gid in chosen:
                chosen.remove(gid)
            elif gid in {g.id for g in groups}:
                chosen.append(gid)
        elif action == GROUPS_DONE and chosen:
            await _ask_kind(update, texts)
            return KIND
        await _ask_groups(update, texts, groups, chosen)
    return GROUPS


async def kind_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """KIND: which template; a kind tapped later starts the form again."""
    draft = _draft(context)
    _, args = _button(update)
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        if not draft or not _groups(session, person) or not args or args[0] not in forms.KINDS:
            await _stale(update, texts)
            return ConversationHandler.END if not draft else None
        await update.callback_query.answer()
        draft.update(kind=args[0], slots={}, versions={}, multi=[])
        return await _ask_field(update, context, session, texts)


async def field_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """FIELD: a date, a choice, a thing to bring (toggled), or Next after the things."""
    draft = _draft(context)
    action, args = _button(update)
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        if not draft or "kind" not in draft or not _groups(session, person):
            await _stale(update, texts)
            return ConversationHandler.END
        await update.callback_query.answer()
        had_date = "date" in draft["slots"]
        field = forms.next_field(draft["kind"], draft["slots"])
        if action in (DAY, CHOICE) and args and field is not None:
            _take_button(texts, draft, field, action, args[0])
        elif action == THING and args and args[0] in forms.THINGS:
            picked = draft.setdefault("multi", [])
            if args[0] in picked:
                picked.remove(args[0])
            else:
                picked.append(args[0])
        elif action == THINGS_DONE:
            draft["slots"]["bring"] = list(draft.get("multi", []))
        await _after_date(update, draft, session, texts, had_date)
        return await _ask_field(update, context, session, texts)


async def field_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """FIELD: a typed value (a date, a time, a place, the free text)."""
    svc = services(context)
    draft = _draft(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        if not draft or "kind" not in draft or not _groups(session, person):
            return ConversationHandler.END
        field = forms.next_field(draft["kind"], draft["slots"])
        if field is None:
            return await _preview(update, context, session, texts, texts.code)
        today = svc.clock().astimezone(ZoneInfo(svc.settings.timezone)).date()
        try:
            value = forms.parse_typed(field, update.effective_message.text or "", today)
        except forms.BadValue:
            await reply(update, texts.render("announce_preview.html", step="bad"))
            return await _ask_field(update, context, session, texts)
        had_date = "date" in draft["slots"]
        draft["slots"][field.name] = value
        if field.name == "text":
            draft["versions"][texts.code] = value
            draft["default"] = texts.code
        await _after_date(update, draft, session, texts, had_date)
        return await _ask_field(update, context, session, texts)


async def preview_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """PREVIEW: another language, a version to write, the default, the options, Send."""
    svc = services(context)
    draft = _draft(context)
    action, args = _button(update)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = _groups(session, person)
        if not draft or "kind" not in draft or not groups:
            await _stale(update, texts)
            return ConversationHandler.END
        await update.callback_query.answer()
        draft.pop("version", None)  # a button instead of the version: the version waits no more
        if action == PREVIEW_IN and args and args[0] in supported_codes():
            return await _preview(update, context, session, texts, args[0])
        if action == WRITE_VERSION and args and args[0] in supported_codes():
            draft["version"] = args[0]
            text = texts.render(
                "announce_preview.html", step="version", language=language(args[0]).native_name
            )
            await reply(update, text)
            return VERSION
        if action == NEXT_DEFAULT and draft["versions"]:
            codes = list(draft["versions"])
            current = codes.index(draft["default"]) if draft.get("default") in codes else -1
            draft["default"] = codes[(current + 1) % len(codes)]
        elif action == OPTION and args and args[0] in ("p", "c"):
            key = "paused" if args[0] == "p" else "chat"
            draft[key] = not draft[key]
        elif action == SEND and forms.complete(draft["kind"], draft["slots"]):
            if not set(draft["groups"]) <= {g.id for g in groups}:
                return ConversationHandler.END
            sent = announcing.send_announcement(
                session,
                by=person,
                groups=[g for g in groups if g.id in draft["groups"]],
                kind=draft["kind"],
                slots=draft["slots"],
                versions=draft["versions"],
                default_language=draft.get("default") if draft["kind"] == "free" else None,
                include_paused=draft["paused"],
                post_to_chat=draft["chat"],
                now=svc.clock(),
            )
            context.user_data.pop(DRAFT, None)
            await reply(
                update,
                texts.render("announce_preview.html", step="sending", recipients=sent.recipients),
            )
        if action != SEND or DRAFT in context.user_data:
            return await _preview(update, context, session, texts, texts.code)
    svc.wake_sender()  # the copies go out now; the report follows when they are all done
    return ConversationHandler.END


async def version_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """VERSION: the text in the language whose ➕ was tapped; back to the preview."""
    draft = _draft(context)
    with services(context).transaction() as session:
        person, texts = texts_for_update(session, update)
        if not draft or "kind" not in draft or not _groups(session, person):
            return ConversationHandler.END
        code = draft.pop("version", texts.code)
        typed = (update.effective_message.text or "").strip()
        if typed:
            draft["versions"][code] = typed[: forms.MAX_TEXT["text"]]
        return await _preview(update, context, session, texts, code)


async def not_now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Text where a button is expected, or a button of another step: say so, keep the step."""
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    if update.callback_query:
        await _stale(update, texts)
    else:
        await reply(update, texts.render("announce_preview.html", step="bad"))
    return None


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/cancel, or the ✖️ button: the draft goes, nothing was sent."""
    if update.callback_query:
        await update.callback_query.answer()
    context.user_data.pop(DRAFT, None)
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    await reply(update, texts.render("announce_preview.html", step="cancelled"))
    return ConversationHandler.END


def _buttons(*actions: str) -> str:
    """A pattern for the announce buttons with these actions (old codes included)."""
    codes = [*actions, *(old for old, new in OLD_CODES.items() if new in actions)]
    return rf"^{cd.ANNOUNCE}:({'|'.join(codes)})(:|$)"


TEXT = filters.TEXT & ~filters.COMMAND
PREVIEW_BUTTONS = _buttons(PREVIEW_IN, WRITE_VERSION, NEXT_DEFAULT, OPTION, SEND)
ANY_BUTTON = CallbackQueryHandler(not_now, pattern=rf"^{cd.ANNOUNCE}:(?!{CANCEL}(:|$))")

HANDLERS = [
    ConversationHandler(
        entry_points=[CommandHandler("announce", private_chat_only(start))],
        states={
            GROUPS: [
                CallbackQueryHandler(groups_button, pattern=_buttons(GROUP, GROUPS_DONE)),
                ANY_BUTTON,
                MessageHandler(TEXT, not_now),
            ],
            KIND: [
                CallbackQueryHandler(kind_button, pattern=_buttons(KIND_PICK)),
                ANY_BUTTON,
                MessageHandler(TEXT, not_now),
            ],
            FIELD: [
                CallbackQueryHandler(
                    field_button, pattern=_buttons(DAY, CHOICE, THING, THINGS_DONE)
                ),
                CallbackQueryHandler(kind_button, pattern=_buttons(KIND_PICK)),
                ANY_BUTTON,
                MessageHandler(TEXT, field_text),
            ],
            PREVIEW: [
                CallbackQueryHandler(preview_button, pattern=PREVIEW_BUTTONS),
                CallbackQueryHandler(kind_button, pattern=_buttons(KIND_PICK)),
                ANY_BUTTON,
                MessageHandler(TEXT, not_now),
            ],
            VERSION: [
                MessageHandler(TEXT, version_text),
                CallbackQueryHandler(preview_button, pattern=PREVIEW_BUTTONS),
                ANY_BUTTON,
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=_buttons(CANCEL)),
        ],
        name=DRAFT,
        persistent=True,
        allow_reentry=True,
    )
]
