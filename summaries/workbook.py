"""The export for staff and funders: one XLSX workbook (openpyxl), or the same sheets as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from summaries.figures import (
    HELD,
    FamilyFigure,
    FunderReport,
    Mark,
    MeetingCount,
    MeetingRow,
)
from summaries.labels import Label
from summaries.loading import ContactRow

MARK_KEYS = ("attended", "notice", "no_show")


class Percent(float):
    """A share (0-1) shown as a percentage: "100 %" in the text is 100% in the sheet, not 1."""


def figure(value: float) -> float:
    """A figure rounded as the text shows it (`Texts.number`): a median of 2.0 is 2 in both."""
    rounded = round(float(value), 1)
    return int(rounded) if rounded.is_integer() else rounded


@dataclass
class Sheets:
    """Each sheet as a title and rows (the first row is the header)."""

    sheets: list[tuple[str, list[list[object]]]]


def sheets(
    label: Label,
    sessions: list[MeetingCount],
    marks: list[Mark],
    families: list[FamilyFigure],
    contacts: list[ContactRow],
    report: FunderReport,
) -> Sheets:
    def day(s: MeetingRow) -> str:
        return s.starts_at.strftime("%Y-%m-%d")

    meeting_rows: list[list[object]] = [
        [
            label("date"),
            label("status"),
            label("theme"),
            label("guest"),
            label("attended"),
            label("notice"),
            label("no_show"),
        ]
    ]
    for c in sessions:
        meeting_rows.append(
            [
                day(c.session),
                label(c.session.status),
                c.session.theme or "",
                c.session.guest or "",
                c.attended,
                c.notice,
                c.no_show,
            ]
        )
    held = [c.session for c in sessions if c.session.status == HELD]
    outcome = {(m.family_id, m.session_id): m.outcome for m in marks}
    matrix: list[list[object]] = [[label("family"), *(day(s) for s in held)]]
    for f in families:
        matrix.append(
            [
                f.family.name or label("nameless"),
                *(
                    label(o) if (o := outcome.get((f.family.id, s.id))) in MARK_KEYS else ""
                    for s in held
                ),
            ]
        )
    family_rows: list[list[object]] = [
        [
            label("family"),
            label("status"),
            label("rate"),
            label("attended"),
            label("marks"),
            label("streak"),
            label("last_attended"),
        ]
    ]
    for f in families:
        family_rows.append(
            [
                f.family.name or label("nameless"),
                label(f.family.status),
                Percent(f.rate) if f.rate is not None else "",
                f.attended,
                f.marks,
                f.streak,
                f.last_attended.strftime("%Y-%m-%d") if f.last_attended else "",
            ]
        )
    reasons: dict[str, int] = {}
    held_ids = {s.id for s in held}
    for m in marks:
        if m.outcome == "notice" and m.session_id in held_ids:
            key = (
                m.reason
                if m.reason in ("child_sick", "sick", "appointment", "transport", "work")
                else "other"
            )
            reasons[key] = reasons.get(key, 0) + 1
    reason_rows: list[list[object]] = [[label("reason"), label("count")]]
    reason_rows += [[label(k), n] for k, n in sorted(reasons.items(), key=lambda kv: -kv[1])]
    contact_rows: list[list[object]] = [
        [label("date"), label("family"), label("kind"), label("note")]
    ]
    contact_rows += [
        [c.at.strftime("%Y-%m-%d"), c.family or label("nameless"), label(c.kind), c.note or ""]
        for c in contacts
    ]
    report_rows: list[list[object]] = [
        [label("figure"), label("value")],
        [label("period"), f"{report.first_day} - {report.last_day}"],
        [label("held"), report.held],
        [label("cancelled_meetings"), report.cancelled],
        [label("unique_families"), report.unique_families],
        [label("average"), figure(report.average_attendance)],
        [label("median"), figure(report.median_attendance)],
        [label("retention"), Percent(report.retention) if report.retention is not None else ""],
        [],
        [label("month"), label("new_per_month"), label("attended_per_month")],
    ]
    months = sorted(set(report.new_families_per_month) | set(report.attended_per_month))
    report_rows += [
        [m, report.new_families_per_month.get(m, 0), report.attended_per_month.get(m, 0)]
        for m in months
    ]
    return Sheets(
        [
            (label("sessions"), meeting_rows),
            (label("attendance"), matrix),
            (label("family"), family_rows),
            (label("reasons"), reason_rows),
            (label("contacts"), contact_rows),
            (label("report"), report_rows),
        ]
    )


def xlsx(data: Sheets) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in data.sheets:
        sheet = book.create_sheet(title[:31])  # Excel's limit on sheet names
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, Percent):
                    cell.number_format = "0%"  # Excel rounds it as the text does
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        widths: dict[int, int] = {}
        for row in rows:
            for index, value in enumerate(row, start=1):
                widths[index] = max(widths.get(index, 8), len(str(value)) + 2)
        for index, width in widths.items():
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 50)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_files(data: Sheets) -> dict[str, bytes]:
    """One CSV per sheet, UTF-8 with a byte-order mark so Excel shows æ, ø and å."""
    files = {}
    for title, rows in data.sheets:
        text = io.StringIO()
        csv.writer(text).writerows(
            [[f"{round(v * 100)}%" if isinstance(v, Percent) else v for v in row] for row in rows]
        )
        files[f"{title}.csv"] = ("\ufeff" + text.getvalue()).encode("utf-8")
    return files
