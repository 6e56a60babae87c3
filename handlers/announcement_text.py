"""An announcement as each reader sees it, in their language, and its delivery report.

Registered as outbox renderers: the copies are rendered when they are sent.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlalchemy.orm import Session

from announcements import delivery, forms
from db.models import Announcement, Group, Person
from handlers.faq import THEME_NAMES
from handlers.outgoing import RENDERERS, Rendered
from i18n import Texts, texts_for


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


def _render_row(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    announcement = session.get(Announcement, slots["announcement"])
    if "chat" in slots:  # a group chat reads the version the coordinator wrote first
        group = session.get(Group, slots["chat"])
        texts = texts_for(announcement.default_language)
    else:
        person = session.get(Person, slots["person"]) if slots.get("person") else None
        group = delivery.reader_group(session, announcement, person)
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
