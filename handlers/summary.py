"""/summary, /export and /report for staff, and the weekly digest: only their own groups.

Every summary, export and report is written to the audit log: who, what, when.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

import clock
from access import Action
from db import queries
from db.models import Group
from handlers import callback_data as cd
from handlers.common import Actor, keyboard, reply, requires, services
from handlers.outgoing import RENDERERS, Rendered
from i18n import Texts
from reminders.calllist import call_list
from summaries.chart import attendance_chart
from summaries.figures import Summary, funder_report, summary
from summaries.labels import LABELS, Label
from summaries.loading import contact_log, load_history
from usecases.reports import build_workbook, first_meeting_day

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def label_for(texts: Texts) -> Label:
    return lambda key: texts.plain(LABELS[key])


def group_summary(session: Session, group: Group, now: datetime) -> Summary:
    history = load_history(session, group)
    names = [entry.name for entry in call_list(session, group, now)]
    return summary(history.sessions, history.marks, history.families, names, now)


def render_summary(session: Session, texts: Texts, group: Group, now: datetime) -> str:
    result = group_summary(session, group, now)
    zone = ZoneInfo(group.timezone)
    label = label_for(texts)
    next_view = None
    if result.next_meeting is not None:
        next_view = {
            "starts_at": result.next_meeting.starts_at.astimezone(zone),
            "theme": result.next_meeting.theme,
        }
    recent = [c for c in contact_log(session, group) if c.at >= now - timedelta(days=28)]
    kinds = Counter(c.kind for c in recent)
    return texts.render(
        "summary.html",
        contacts=[(label(kind), n) for kind, n in kinds.most_common()],
        group=group.name,
        next=next_view,
        sessions=result.last_meetings,
        families=result.families,
        former=result.former,
        call_list=result.call_list,
        reasons=[(label(k), n) for k, n in result.reasons_recent.most_common()],
        reason_label=label,
        nameless=label("nameless"),
    )


@requires(Action.SEE_ATTENDANCE)
async def show_summary(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    now = services(context).clock()
    for group in actor.groups:
        await reply(update, render_summary(actor.session, actor.texts, group, now))
        history = load_history(actor.session, group, until=now)
        counts = funder_report(
            history.sessions, history.marks, history.families, date.min, now.date()
        ).sessions
        await update.effective_chat.send_photo(
            attendance_chart(counts, label_for(actor.texts)),
            caption=actor.texts._("Attendance per meeting: %(group)s", group=group.name),
            reply_markup=keyboard(
                [
                    [
                        (
                            "📊 " + actor.texts.plain("Workbook (Excel)"),
                            cd.pack(cd.EXPORT, group.id, "x"),
                        )
                    ]
                ]
            ),
        )
        _audit(actor, group, "summary.viewed")


def _audit(actor: Actor, group: Group, action: str, **detail: Any) -> None:
    queries.audit(
        actor.session, action, actor=actor.person, org_id=group.org_id, group_id=group.id, **detail
    )


def _period(start: date | None, args: list[str], today: date) -> tuple[date, date]:
    """The days asked for (`/report FROM TO`), else from the first meeting to today."""
    if len(args) == 2:
        first, last = date.fromisoformat(args[0]), date.fromisoformat(args[1])
        if first > last:
            raise ValueError("period ends before it starts")
        return first, last
    if args:
        raise ValueError("give two dates")
    return start or date(today.year, 1, 1), today


async def _send_workbook(
    update: Update, actor: Actor, group: Group, first: date, last: date, now: datetime, kind: str
) -> Any:
    book = build_workbook(actor.session, group, first, last, now, label_for(actor.texts))
    stem = f"{group.name}-{first}-{last}".replace(" ", "_").replace("/", "-")
    if kind == "c":
        await update.effective_chat.send_document(book.csv_zip(), filename=f"{stem}-csv.zip")
    else:
        await update.effective_chat.send_document(
            book.xlsx,
            filename=f"{stem}.xlsx",
            reply_markup=keyboard(
                [[("🗒️ " + actor.texts.plain("As CSV files"), cd.pack(cd.EXPORT, group.id, "c"))]]
            ),
        )
    _audit(actor, group, "export.downloaded", format="csv" if kind == "c" else "xlsx")
    return book.report


@requires(Action.SEE_ATTENDANCE)
async def export(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    now = services(context).clock()
    for group in actor.groups:
        first = first_meeting_day(actor.session, group) or now.date()
        await _send_workbook(update, actor, group, first, now.date(), now, "x")


@requires(Action.SEE_ATTENDANCE)
async def export_button(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    query = update.callback_query
    parts = cd.unpack(query.data)
    group = next((g for g in actor.groups if parts and str(g.id) == parts[0]), None)
    if group is None or len(parts) != 2 or parts[1] not in ("x", "c"):
        await query.answer(actor.texts.plain("This button is no longer active."))
        return
    await query.answer()
    now = services(context).clock()
    first = first_meeting_day(actor.session, group) or now.date()
    await _send_workbook(update, actor, group, first, now.date(), now, parts[1])


@requires(Action.SEE_ATTENDANCE)
async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> None:
    """/report, or /report 2026-01-01 2026-06-30 for a period."""
    now = services(context).clock()
    args = context.args or []
    for group in actor.groups:
        try:
            first, last = _period(first_meeting_day(actor.session, group), args, now.date())
        except ValueError:
            await reply(
                update,
                actor.texts._("Write the period like this: /report 2026-01-01 2026-06-30"),
            )
            return
        book = build_workbook(actor.session, group, first, last, now, label_for(actor.texts))
        await reply(update, actor.texts.render("report.html", group=group.name, report=book.report))
        await update.effective_chat.send_document(
            book.xlsx, filename=f"report-{group.id}-{first}-{last}.xlsx"
        )
        _audit(actor, group, "report.viewed", first=str(first), last=str(last))


def _render_weekly(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    group = session.get(Group, slots["group"])
    return render_summary(session, texts, group, clock.now()), None  # as of sending


RENDERERS["weekly_digest"] = _render_weekly

HANDLERS = [
    CommandHandler("summary", show_summary),
    CommandHandler("export", export),
    CommandHandler("report", report_command),
    CallbackQueryHandler(export_button, pattern=cd.pattern(cd.EXPORT)),
]
