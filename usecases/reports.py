"""The funder report and the workbook of a group, for the chat (/report, /export) and the CLI."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from db.models import Group
from summaries.figures import FunderReport, funder_report, summary
from summaries.labels import Label
from summaries.loading import contact_log, load_history
from summaries.workbook import csv_files, sheets, xlsx


@dataclass(frozen=True)
class Workbook:
    xlsx: bytes
    csv_files: dict[str, bytes]
    report: FunderReport

    def csv_zip(self) -> bytes:
        """The CSV files in one zip archive, for a chat that takes one document."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.csv_files.items():
                archive.writestr(name, content)
        return buffer.getvalue()


def build_workbook(
    session: Session, group: Group, first: date, last: date, now: datetime, label: Label
) -> Workbook:
    """The workbook for a period, as things stood at its end (or now, if it has not ended):
    a past period gives the same figures whichever day it is asked for, in chat or CLI."""
    history = load_history(session, group)
    end = datetime.combine(last + timedelta(days=1), time.min, ZoneInfo(group.timezone))
    result = summary(history.sessions, history.marks, history.families, [], min(now, end))
    report = funder_report(history.sessions, history.marks, history.families, first, last)
    data = sheets(
        label,
        report.sessions,
        history.marks,
        result.families + result.former,
        contact_log(session, group),
        report,
    )
    return Workbook(xlsx(data), csv_files(data), report)


def first_meeting_day(session: Session, group: Group) -> date | None:
    """The local day of the group's first meeting on record, the default start of a period."""
    held = [s.starts_at for s in load_history(session, group).sessions]
    return min(held).astimezone(ZoneInfo(group.timezone)).date() if held else None
