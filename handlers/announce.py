"""/announce: a coordinator tells every family of one or more groups, each in their own language.

The conversation fills a form from `announcements.forms` (buttons for choices,
short prompts for typed values), shows a preview in any language, and on
"send" writes one outbox row per parent. The draft lives in `user_data` until
then; nothing is stored or sent before the coordinator confirms.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from sqlalchemy import select
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
from db import queries
from db.models import Announcement, Group, Membership, Person, Role, SessionStatus
from faq import THEMES
from handlers import callback_data as cd
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
from handlers.outgoing import RENDERERS, Rendered
from i18n import Texts, supported_codes, texts_for
from i18n.languages import language
from reminders.planning import coming_sessions

STEP = 1
DRAFT = "announcement"  # user_data key
DATE_BUTTONS = 6
PREVIEW_BUTTONS_PER_ROW = 3  # ten language names do not fit one row on a phone
VERSION_BUTTONS_PER_ROW = 2


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})


def _groups(session: Session, person: Person | None) -> list[Group]:
    return permitted_groups(session, person, Action.ANNOUNCE) if person else []


# -- rendering an announcement for one reader ----------------------------------------


def render_announcement(
    texts: Texts,
    kind: str,
    slots: dict[str, Any],
    group: Group,
    versions: dict[str, str],
    default_language: str | None,
) -> str:
    values: dict[str, Any] = {"kind": kind, "group": group.name}
    if "date" in slots:
        values["date"] = date.fromisoformat(slots["date"])
    if kind == "restart":
        values["time"] = group.start_time
    elif slots.get("time"):
        values["time"] = time.fromisoformat(slots["time"])
    else:
        values["time"] = None
    values["place"] = slots.get("place")
    values["where"] = slots.get("where")
    values["meet"] = slots.get("meet")
    reason, guest, theme = slots.get("reason"), slots.get("guest"), slots.get("theme")
    values["reason"] = texts.plain(forms.REASONS[reason]) if reason and reason != "none" else None
    values["things"] = [texts.plain(forms.THINGS[t]) for t in slots.get("bring", [])]
    values["guest"] = texts.plain(forms.GUESTS[guest]) if guest else None
    values["theme"] = texts.plain(THEME_NAMES[theme]) if theme in THEME_NAMES else None
    values["text"] = versions.get(texts.code) or versions.get(default_language or "", "")
    return texts.render("announcement.html", **values)


def _reader_group(session: Session, announcement: Announcement, person: Person | None) -> Group:
    """The group a reader knows: theirs among the announcement's groups."""
    if person is not None:
        gid = session.scalar(
            select(Membership.group_id).where(
                Membership.person_id == person.id,
                Membership.group_id.in_(announcement.group_ids),
                Membership.role == Role.PARENT,
            )
        )
        if gid is not None:
            return session.get(Group, gid)
    return session.get(Group, announcement.group_ids[0])


def _render_row(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    announcement = session.get(Announcement, slots["announcement"])
    if "chat" in slots:  # a group chat reads the version the coordinator wrote first
        group = session.get(Group, slots["chat"])
        texts = texts_for(announcement.default_language)
    else:
        person = session.get(Person, slots["person"]) if slots.get("person") else None
        group = _reader_group(session, announcement, person)
    text = render_announcement(
        texts,
        announcement.kind,
        announcement.slots,
        group,
        announcement.versions,
        announcement.default_language,
    )
    return text, None


def _render_report(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    announcement = session.get(Announcement, slots["announcement"])
    report = delivery.delivery_report(session, announcement)
    text = texts.render(
        "announcement_report.html",
        kind=texts.plain(forms.KIND_NAMES[announcement.kind]),
        sent=report.sent,
        failed=report.failed + len(report.unreachable),
        group_chats=report.group_chats,
        unreachable=report.unreachable,
    )
    return text, None


RENDERERS["announcement"] = _render_row
RENDERERS["announcement_report"] = _render_report


# -- the conversation ------------------------------------------------------------------


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
        else:
            await _ask_groups(update, texts, groups, [])
    return STEP


async def _ask_groups(update: Update, texts: Texts, groups: list[Group], chosen: list[int]) -> None:
    rows = [
        [(("✓ " if g.id in chosen else "") + g.name, cd.pack(cd.ANNOUNCE, "g", g.id))]
        for g in groups
    ]
    rows.append([("➡️ " + texts.plain("Next"), cd.pack(cd.ANNOUNCE, "gok"))])
    await _show(update, texts.render("announce_preview.html", step="groups"), rows)


async def _ask_kind(update: Update, texts: Texts) -> None:
    rows = [
        [(texts.plain(forms.KIND_NAMES[kind]), cd.pack(cd.ANNOUNCE, "k", kind))]
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
) -> None:
    draft = _draft(context)
    field = forms.next_field(draft["kind"], draft["slots"])
    if field is None:
        if not forms.complete(draft["kind"], draft["slots"]):  # a change that changes nothing
            draft["slots"].pop("time", None)
            draft["slots"].pop("place", None)
            await reply(update, texts.render("announce_preview.html", step="bad"))
            await _ask_field(update, context, session, texts)
            return
        await _preview(update, context, session, texts, texts.code)
        return
    draft["await"] = field.name
    step = field.name if field.name in ("where", "meet") else field.kind
    if field.kind == "choice":
        step = field.name
    rows: list[list[tuple[str, str]]] = []
    if field.kind == "date":
        group = session.get(Group, draft["groups"][0])
        now = services(context).clock()
        tz = group.timezone
        days = []
        for item in coming_sessions(session, group, now):
            if item.status == SessionStatus.PLANNED or draft["kind"] == "cancelled":
                day = item.starts_at.astimezone(ZoneInfo(tz)).date()
                if day not in days:
                    days.append(day)
            if len(days) == DATE_BUTTONS:
                break
        rows = [[(texts.date(day), cd.pack(cd.ANNOUNCE, "d", day.isoformat()))] for day in days]
    elif field.kind == "choice":
        rows = [
            [(label, cd.pack(cd.ANNOUNCE, "c", code))] for label, code in _choices(texts, field)
        ]
    elif field.kind == "multi":
        picked = draft.get("multi", [])
        rows = [
            [
                (
                    ("✓ " if code in picked else "") + texts.plain(label),
                    cd.pack(cd.ANNOUNCE, "m", code),
                )
            ]
            for code, label in forms.THINGS.items()
        ]
        rows.append([("➡️ " + texts.plain("Next"), cd.pack(cd.ANNOUNCE, "mok"))])
    elif field.kind.startswith("optional"):
        rows = [[("↔️ " + texts.plain("Stays the same"), cd.pack(cd.ANNOUNCE, "c", "-"))]]
    await _show(update, texts.render("announce_preview.html", step=step), rows)


def _take_button(
    texts: Texts, draft: dict[str, Any], field: forms.Field, action: str, code: str
) -> None:
    """Store a tapped answer if it fits the field being asked; ignore a stale tap."""
    if action == "d" and field.kind == "date":
        try:
            date.fromisoformat(code)
        except ValueError:
            return
        draft["slots"][field.name] = code
    elif field.kind == "choice" and code in {c for _, c in _choices(texts, field)}:
        draft["slots"][field.name] = None if code == "-" else code
    elif field.kind.startswith("optional") and code == "-":
        draft["slots"][field.name] = None


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
) -> None:
    draft = _draft(context)
    draft["await"] = None
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
        (language(code).native_name, cd.pack(cd.ANNOUNCE, "pv", code))
        for code in supported_codes()
        if code != shown
    ]
    rows = in_rows(others, PREVIEW_BUTTONS_PER_ROW)
    if draft["kind"] == "free":
        missing = [
            ("➕ " + language(code).native_name, cd.pack(cd.ANNOUNCE, "v", code))
            for code in supported_codes()
            if code not in draft["versions"]
        ]
        rows.extend(in_rows(missing, VERSION_BUTTONS_PER_ROW))
        if len(draft["versions"]) > 1:
            label = texts.plain(
                "Default: %(language)s", language=language(draft["default"]).native_name
            )
            rows.append([(label, cd.pack(cd.ANNOUNCE, "vd"))])
    tick = "☑️ " if draft["paused"] else "☐ "
    rows.append([(tick + texts.plain("Also families on a break"), cd.pack(cd.ANNOUNCE, "o", "p"))])
    if any(g.chat_id for g in groups):
        tick = "☑️ " if draft["chat"] else "☐ "
        rows.append(
            [(tick + texts.plain("Also in the group chat"), cd.pack(cd.ANNOUNCE, "o", "c"))]
        )
    rows.append(
        [
            ("✅ " + texts.plain("Send"), cd.pack(cd.ANNOUNCE, "send")),
            ("✖️ " + texts.plain("Cancel"), cd.pack(cd.ANNOUNCE, "x")),
        ]
    )
    await _show(update, text, rows)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    draft = _draft(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        if not draft or not _groups(session, person):
            return ConversationHandler.END
        waiting = draft.get("await") or ""
        typed = update.effective_message.text or ""
        if waiting.startswith("version:"):
            code = waiting.split(":", 1)[1]
            if typed.strip():
                draft["versions"][code] = typed.strip()[: forms.MAX_TEXT["text"]]
            await _preview(update, context, session, texts, code)
            return STEP
        field = forms.next_field(draft["kind"], draft["slots"]) if "kind" in draft else None
        if field is None:
            await reply(update, texts.render("announce_preview.html", step="bad"))
            return STEP
        today = svc.clock().astimezone(ZoneInfo(svc.settings.timezone)).date()
        try:
            value = forms.parse_typed(field, typed, today)
        except forms.BadValue:
            await reply(update, texts.render("announce_preview.html", step="bad"))
            await _ask_field(update, context, session, texts)
            return STEP
        draft["slots"][field.name] = value
        if field.name == "text":
            draft["versions"][texts.code] = value
            draft["default"] = texts.code
        await _ask_field(update, context, session, texts)
    return STEP


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    query = update.callback_query
    parts = cd.unpack(query.data)
    svc = services(context)
    draft = _draft(context)
    with svc.transaction() as session:
        person, texts = texts_for_update(session, update)
        groups = _groups(session, person)
        if not draft or not groups or not parts:
            await query.answer(texts.plain("This button is no longer active."))
            return ConversationHandler.END
        await query.answer()
        action, args = parts[0], parts[1:]
        if action == "g" and args:
            chosen = draft["groups"]
            gid = cd.number(args[0]) or 0
            if gid in chosen:
                chosen.remove(gid)
            elif gid in {g.id for g in groups}:
                chosen.append(gid)
            await _ask_groups(update, texts, groups, chosen)
        elif action == "gok":
            if not draft["groups"]:
                await _ask_groups(update, texts, groups, [])
            else:
                await _ask_kind(update, texts)
        elif action == "k" and args and args[0] in forms.KINDS:
            draft.update(kind=args[0], slots={}, versions={}, multi=[])
            await _ask_field(update, context, session, texts)
        elif action in ("d", "c") and args and "kind" in draft:
            field = forms.next_field(draft["kind"], draft["slots"])
            if field is not None:
                _take_button(texts, draft, field, action, args[0])
            await _ask_field(update, context, session, texts)
        elif action == "m" and args and args[0] in forms.THINGS:
            picked = draft.setdefault("multi", [])
            if args[0] in picked:
                picked.remove(args[0])
            else:
                picked.append(args[0])
            await _ask_field(update, context, session, texts)
        elif action == "mok" and "kind" in draft:
            draft["slots"]["bring"] = list(draft.get("multi", []))
            await _ask_field(update, context, session, texts)
        elif action == "pv" and args and args[0] in supported_codes():
            await _preview(update, context, session, texts, args[0])
        elif action == "v" and args and args[0] in supported_codes():
            draft["await"] = f"version:{args[0]}"
            text = texts.render(
                "announce_preview.html", step="version", language=language(args[0]).native_name
            )
            await reply(update, text)
        elif action == "vd" and draft["versions"]:
            codes = list(draft["versions"])
            current = codes.index(draft["default"]) if draft.get("default") in codes else -1
            draft["default"] = codes[(current + 1) % len(codes)]
            await _preview(update, context, session, texts, texts.code)
        elif action == "o" and args and args[0] in ("p", "c"):
            key = "paused" if args[0] == "p" else "chat"
            draft[key] = not draft[key]
            await _preview(update, context, session, texts, texts.code)
        elif action == "x":
            context.user_data.pop(DRAFT, None)
            await reply(update, texts.render("announce_preview.html", step="cancelled"))
            return ConversationHandler.END
        elif action == "send" and "kind" in draft and forms.complete(draft["kind"], draft["slots"]):
            allowed = {g.id for g in groups}
            if not set(draft["groups"]) <= allowed:
                return ConversationHandler.END
            now = svc.clock()
            announcement = delivery.create(
                session,
                by=person,
                groups=[g for g in groups if g.id in draft["groups"]],
                kind=draft["kind"],
                slots=draft["slots"],
                versions=draft["versions"],
                default_language=draft.get("default") if draft["kind"] == "free" else None,
                include_paused=draft["paused"],
                post_to_chat=draft["chat"],
                now=now,
            )
            delivery.send(session, announcement, now)
            count = len(delivery.recipients(session, announcement))
            for gid in announcement.group_ids:
                queries.audit(
                    session,
                    "announcement.sent",
                    actor=person,
                    org_id=session.get(Group, gid).org_id,
                    group_id=gid,
                    announcement_id=announcement.id,
                    kind=announcement.kind,
                )
            context.user_data.pop(DRAFT, None)
            await reply(
                update, texts.render("announce_preview.html", step="sending", recipients=count)
            )
        else:
            if "kind" in draft:
                await _ask_field(update, context, session, texts)
            return STEP
        if action != "send":
            return STEP
    svc.wake_sender()  # the copies go out now; the report follows when they are all done
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data.pop(DRAFT, None)
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    await reply(update, texts.render("announce_preview.html", step="cancelled"))
    return ConversationHandler.END


HANDLERS = [
    ConversationHandler(
        entry_points=[CommandHandler("announce", private_chat_only(start))],
        states={
            STEP: [
                CallbackQueryHandler(on_button, pattern=cd.pattern(cd.ANNOUNCE)),
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
            ]
        },
        fallbacks=[CommandHandler("cancel", cancel)],
        name="announce",
    )
]
