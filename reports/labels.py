"""The label keys: every visible word on a chart or in an export comes from the caller.

The bot translates, this package does not: `chart.attendance_chart`,
`export.workbook` and `export.csv_files` take `labels: Mapping[str, str]` from
these keys to the words in the reader's language. A missing key is an error
naming every missing key, never a silent English fallback. `KEYS` says what
each word is for (for the translators; it is never shown).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reports.figures import NOT_GIVEN, REASONS

KEYS: dict[str, str] = {
    # what happened at a session: legend, column headers, matrix cells
    "outcome.attended": "came (a family at a session, or the number of such families)",
    "outcome.notice": "sent word it could not come (afbud)",
    "outcome.no_show": "did not come and sent no word (udeblivelse)",
    # a session's status
    "session.planned": "a session not (yet) held",
    "session.closed": "a session that was held",
    "session.cancelled": "a cancelled session (also the chart's cancelled marker)",
    # a family's status in the group
    "family.active": "takes part",
    "family.paused": "on a break",
    "family.declined": "said no thanks",
    "family.left": "left the group",
    "family.waiting": "on the course's waiting list",
    "family.unnamed": "a family whose parents were all deleted; '{id}' becomes its number",
    # why a family sent word
    **{f"reason.{code}": f"absence reason '{code}'" for code in (*REASONS, NOT_GIVEN)},
    # the contact log
    "contact.called": "a staff member phoned the family",
    "contact.met": "a staff member met the family",
    "contact.no_answer": "phoned, no answer",
    # the chart
    "chart.title": "the chart's title (may include the group's name)",
    "chart.y_axis": "the vertical axis: number of families",
    "chart.empty": "shown instead of bars when no session has been held yet",
    # sheet names (Excel allows 31 characters; longer names are cut)
    "sheet.sessions": "sheet: one row per session",
    "sheet.attendance": "sheet: families x sessions",
    "sheet.families": "sheet: one row per family with its figures",
    "sheet.reasons": "sheet: absence reasons counted",
    "sheet.contacts": "sheet: the contact log",
    "sheet.report": "sheet: the funder report",
    # column headers
    "column.date": "date (of a session or a contact)",
    "column.status": "status (of a session or a family)",
    "column.theme": "a session's theme",
    "column.guest": "a session's guest",
    "column.family": "the family's name",
    "column.joined": "the day the family joined",
    "column.counted": "sessions that count for the family (held since it joined)",
    "column.rate": "attendance rate",
    "column.streak": "streak: +n came n times in a row, -n missed n times",
    "column.first_attended": "the first time the family came",
    "column.last_attended": "the last time the family came",
    "column.reason": "absence reason",
    "column.recent": "count over the last 8 held sessions",
    "column.all_time": "count over all held sessions",
    "column.kind": "what kind of contact",
    "column.note": "the staff member's note",
    "column.figure": "the report's figure",
    "column.value": "its value",
    "column.month": "month (YYYY-MM)",
    # the funder report's figures
    "report.period": "the period, first and last day",
    "report.held": "sessions held",
    "report.cancelled": "sessions cancelled",
    "report.attendances": "attendances (families at held sessions, added up)",
    "report.unique_families": "different families who came at least once",
    "report.average": "average families per held session",
    "report.median": "median families per held session",
    "report.retention": "share of the families of the first sessions still coming at the end",
    "report.retention_starters": "families who came to the first sessions",
    "report.retention_stayed": "of those, families who came to the last sessions",
    "report.new_families": "new families (joined)",
}

CHART_KEYS = frozenset(
    {
        "chart.title",
        "chart.y_axis",
        "chart.empty",
        "outcome.attended",
        "outcome.notice",
        "outcome.no_show",
        "session.cancelled",
    }
)
EXPORT_KEYS = frozenset(KEYS) - {"chart.title", "chart.y_axis", "chart.empty"}


def require(labels: Mapping[str, str], keys: Iterable[str]) -> None:
    """Fail at once, naming every missing key, rather than halfway through a file."""
    missing = sorted(set(keys) - set(labels))
    if missing:
        raise KeyError(f"labels missing: {', '.join(missing)}")


def family_name(first_names: Iterable[str], family_id: int, labels: Mapping[str, str]) -> str:
    """ "Amina & Yusuf": the parents' first names; a family with none left by its number."""
    names = " & ".join(name for name in first_names if name)
    return names or labels["family.unnamed"].replace("{id}", str(family_id))
