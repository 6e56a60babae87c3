"""The export for staff and funders: an XLSX workbook (openpyxl), or the same sheets as CSV.

Sheets: sessions, attendance (families x held sessions), families (their
figures), reasons, contacts (the call log) and the funder report. Sheet names
and column headers come from `labels` (keys in `reports.labels.EXPORT_KEYS`);
the figures are defined in `reports.figures`. Dates are local dates of the
group's time zone. The sheets are built once (`sheets`) and written twice, so
the workbook and the CSV files always hold the same cells.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.figures import (
    HELD,
    OUTCOMES,
    ContactFacts,
    FamilyFacts,
    FamilyLine,
    FamilyRecord,
    FunderReport,
    GroupFacts,
    Mark,
    ReasonCount,
    SessionFacts,
    SessionLine,
    family_lines,
    reason_totals,
    session_lines,
)
from reports.labels import EXPORT_KEYS, family_name, require


class Percent(float):
    """A share from 0 to 1, shown as a percentage."""


class Signed(int):
    """A number shown with its sign: a streak, +3 or -2."""


Value = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[Value, ...], ...]
    header_rows: tuple[int, ...] = (0,)  # 0-based rows set in bold
    freeze: str = "A2"  # the first cell that scrolls


@dataclass(frozen=True)
class ExportData:
    """One group's history up to `now`, and a funder report, ready to be written."""

    group: GroupFacts
    now: datetime
    sessions: tuple[SessionLine, ...]  # every session started by `now`, oldest first
    families: tuple[FamilyLine, ...]  # active and paused, then waiting, then declined and left
    marks: tuple[Mark, ...]  # outcomes at held sessions
    reasons_recent: Mapping[str, int]
    reasons_all: Mapping[str, int]
    contacts: tuple[ContactFacts, ...]
    report: FunderReport


def export_data(
    *,
    group: GroupFacts,
    now: datetime,
    sessions: Sequence[SessionFacts],
    families: Sequence[FamilyFacts],
    records: Mapping[int, FamilyRecord],
    reasons: Sequence[ReasonCount],
    marks: Sequence[Mark],
    contacts: Sequence[ContactFacts],
    report: FunderReport,
) -> ExportData:
    current, waiting, former = family_lines(families, records)
    recent, all_time = reason_totals(sessions, reasons, now)
    return ExportData(
        group=group,
        now=now,
        sessions=session_lines(group, sessions, now),
        families=(*current, *waiting, *former),
        marks=tuple(marks),
        reasons_recent=recent,
        reasons_all=all_time,
        contacts=tuple(contacts),
        report=report,
    )


def _percent(value: float | None) -> Percent | None:
    return None if value is None else Percent(value)


def sheets(data: ExportData, labels: Mapping[str, str]) -> list[Sheet]:
    """The six sheets as rows of values; the first row of each is its header."""
    require(labels, EXPORT_KEYS)
    tz = ZoneInfo(data.group.timezone)
    names = {
        line.id: family_name(line.family.first_names, line.id, labels) for line in data.families
    }

    def name_of(family_id: int) -> str:
        return names.get(family_id) or family_name((), family_id, labels)

    def day(at: datetime | None) -> date | None:
        return at.astimezone(tz).date() if at else None

    outcome_words = [labels[f"outcome.{o}"] for o in OUTCOMES]
    session_rows: list[tuple[Value, ...]] = [
        (
            labels["column.date"],
            labels["column.status"],
            labels["column.theme"],
            labels["column.guest"],
            *outcome_words,
        )
    ]
    for s in data.sessions:
        session_rows.append(
            (
                s.day,
                labels[f"session.{s.status}"],
                s.theme,
                s.guest,
                s.attended,
                s.notice,
                s.no_show,
            )
        )

    held = [s for s in data.sessions if s.status == HELD]
    held_ids = {s.id for s in held}
    outcome = {
        (m.family_id, m.session_id): m.outcome
        for m in data.marks
        if m.session_id in held_ids and m.outcome in OUTCOMES
    }
    matrix: list[tuple[Value, ...]] = [(labels["column.family"], *(s.day for s in held))]
    for line in data.families:
        cells = (outcome.get((line.id, s.id)) for s in held)
        matrix.append((names[line.id], *(labels[f"outcome.{o}"] if o else None for o in cells)))

    family_rows: list[tuple[Value, ...]] = [
        (
            labels["column.family"],
            labels["column.status"],
            labels["column.joined"],
            labels["column.counted"],
            *outcome_words,
            labels["column.rate"],
            labels["column.streak"],
            labels["column.first_attended"],
            labels["column.last_attended"],
        )
    ]
    for line in data.families:
        r = line.record
        family_rows.append(
            (
                names[line.id],
                labels[f"family.{line.status}"],
                day(line.family.joined_at),
                r.counted,
                r.attended,
                r.notice,
                r.no_show,
                _percent(r.rate),
                Signed(r.streak),
                day(r.first_attended),
                day(r.last_attended),
            )
        )

    reason_rows: list[tuple[Value, ...]] = [
        (labels["column.reason"], labels["column.recent"], labels["column.all_time"])
    ]
    for key, total in data.reasons_all.items():
        reason_rows.append((labels[f"reason.{key}"], data.reasons_recent.get(key, 0), total))

    contact_rows: list[tuple[Value, ...]] = [
        (
            labels["column.date"],
            labels["column.family"],
            labels["column.kind"],
            labels["column.note"],
        )
    ]
    for c in data.contacts:
        contact_rows.append(
            (
                c.at.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0),
                name_of(c.family_id),
                labels.get(f"contact.{c.kind}", c.kind),
                c.note,
            )
        )

    report = data.report
    report_rows: list[tuple[Value, ...]] = [
        (labels["column.figure"], labels["column.value"]),
        (
            labels["report.period"],
            f"{report.first_day.isoformat()} – {report.last_day.isoformat()}",
        ),
        (labels["report.held"], report.held),
        (labels["report.cancelled"], report.cancelled),
        (labels["report.attendances"], report.attendances),
        (labels["report.unique_families"], report.unique_families),
        (labels["report.average"], report.average_attendance),
        (labels["report.median"], report.median_attendance),
        (labels["report.retention"], _percent(report.retention)),
        (labels["report.retention_starters"], report.retention_starters),
        (labels["report.retention_stayed"], report.retention_stayed),
        (),
    ]
    month_header = len(report_rows)
    report_rows.append(
        (
            labels["column.month"],
            labels["report.held"],
            labels["report.attendances"],
            labels["report.new_families"],
        )
    )
    report_rows += [(m.month, m.held, m.attended, m.new_families) for m in report.months]

    return _unique_names(
        [
            Sheet(labels["sheet.sessions"], tuple(session_rows)),
            Sheet(labels["sheet.attendance"], tuple(matrix), freeze="B2"),
            Sheet(labels["sheet.families"], tuple(family_rows), freeze="B2"),
            Sheet(labels["sheet.reasons"], tuple(reason_rows)),
            Sheet(labels["sheet.contacts"], tuple(contact_rows)),
            Sheet(labels["sheet.report"], tuple(report_rows), header_rows=(0, month_header)),
        ]
    )


_FORBIDDEN = re.compile(r'[\[\]:*?/\\<>|"]')  # Excel's sheet names, and file names for CSV


def _unique_names(sheets: list[Sheet]) -> list[Sheet]:
    """Names Excel and file systems accept: no []:*?/\\, at most 31 characters, all different."""
    seen: set[str] = set()
    result = []
    for n, sheet in enumerate(sheets, start=1):
        base = _FORBIDDEN.sub(" ", sheet.name).strip(" '")[:31].strip() or f"{n}"
        name, k = base, 2
        while name.casefold() in seen:
            suffix = f" {k}"
            name, k = base[: 31 - len(suffix)] + suffix, k + 1
        seen.add(name.casefold())
        result.append(Sheet(name, sheet.rows, sheet.header_rows, sheet.freeze))
    return result


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def workbook(data: ExportData, labels: Mapping[str, str]) -> bytes:
    """The XLSX file: bold headers, columns as wide as their contents, frozen header rows."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in sheets(data, labels):
        ws = book.create_sheet(sheet.name)
        widths: dict[int, int] = {}
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, Percent):
                    cell.number_format = "0%"
                elif isinstance(value, Signed):
                    cell.number_format = "+0;-0;0"
                elif isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, float):
                    cell.number_format = "0.0"
                if r - 1 in sheet.header_rows:
                    cell.font = bold
                widths[c] = max(widths.get(c, 0), len(_text(value)))
        for c, width in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 10), 50)
        ws.freeze_panes = sheet.freeze
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_text(value: Value, decimal: str) -> str:
    if isinstance(value, Percent):
        return f"{round(value * 100, 1):g}".replace(".", decimal) + "%"
    if isinstance(value, Signed):
        return f"{int(value):+d}" if value else "0"
    if isinstance(value, float):
        return f"{round(value, 2):g}".replace(".", decimal)
    return _text(value)


def csv_files(
    data: ExportData, labels: Mapping[str, str], *, delimiter: str = ";", decimal: str = ","
) -> dict[str, bytes]:
    """One CSV per sheet, "<sheet name>.csv" -> UTF-8 bytes with a byte-order mark.

    The BOM makes Excel read æ, ø, å (and every other script) as UTF-8. The
    defaults, `;` between fields and `,` in decimals, are what Excel expects with
    Danish regional settings; with `,` it would put a whole row into one cell.
    """
    files = {}
    for sheet in sheets(data, labels):
        text = io.StringIO()
        writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
        for row in sheet.rows:
            writer.writerow([_csv_text(value, decimal) for value in row])
        files[f"{sheet.name}.csv"] = ("\ufeff" + text.getvalue()).encode("utf-8")
    return files
