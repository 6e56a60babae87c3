"""Every word on a chart or in a workbook, as catalog texts; the caller translates them."""

from __future__ import annotations

from collections.abc import Callable

from i18n import N_

Label = Callable[[str], str]  # a key of LABELS -> the word in the reader's language

LABELS = {
    "attended": N_("came"),
    "notice": N_("sent word"),
    "no_show": N_("did not come"),
    "cancelled": N_("cancelled"),
    "chart_title": N_("Attendance per meeting"),
    "families": N_("families"),
    "sessions": N_("Meetings"),
    "attendance": N_("Attendance"),
    "family": N_("Family"),
    "date": N_("Date"),
    "status": N_("Status"),
    "theme": N_("Theme"),
    "guest": N_("Guest"),
    "rate": N_("Attendance rate"),
    "streak": N_("Streak"),
    "last_attended": N_("Last came"),
    "marks": N_("Meetings counted"),
    "reasons": N_("Reasons"),
    "reason": N_("Reason"),
    "count": N_("Number"),
    "contacts": N_("Contacts"),
    "kind": N_("Kind"),
    "note": N_("Note"),
    "report": N_("Report"),
    "figure": N_("Figure"),
    "value": N_("Value"),
    "held": N_("Meetings held"),
    "cancelled_meetings": N_("Meetings cancelled"),
    "unique_families": N_("Different families who came"),
    "average": N_("Average attendance"),
    "median": N_("Median attendance"),
    "retention": N_("Still coming at the end"),
    "new_per_month": N_("New families per month"),
    "attended_per_month": N_("Attendance per month"),
    "month": N_("Month"),
    "period": N_("Period"),
    "planned": N_("planned"),
    "closed": N_("held"),
    "active": N_("active"),
    "paused": N_("on a break"),
    "declined": N_("said no thanks"),
    "left": N_("left"),
    "nameless": N_("a family that left"),  # all its parents were deleted: no name is kept
    "waiting": N_("waiting list"),
    "child_sick": N_("child sick"),
    "sick": N_("sick"),
    "appointment": N_("appointment"),
    "transport": N_("no transport"),
    "work": N_("work or school"),
    "other": N_("other reason"),
    "called": N_("called"),
    "met": N_("met"),
    "no_answer": N_("no answer"),
}
