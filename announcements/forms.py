"""What each announcement template asks the coordinator, as plain data.

A form is a list of fields; the chat asks them in order, with buttons for
choices and short prompts for typed values. The codes (reasons, things to
bring, guests) are worded by each language's catalog, so "warm clothes"
reaches an Arabic reader in Arabic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from i18n import N_

KINDS = ("cancelled", "changed", "trip", "bring", "guest", "restart", "free")
KIND_NAMES = {
    "cancelled": N_("Meeting cancelled"),
    "changed": N_("New time or place"),
    "trip": N_("A trip"),
    "bring": N_("Please bring something"),
    "guest": N_("A guest next time"),
    "restart": N_("We start again after the holiday"),
    "free": N_("Free text"),
}
REASONS = {
    "staff_ill": N_("a staff member is ill"),
    "holiday": N_("holiday"),
    "closed": N_("the room is closed"),
    "weather": N_("the weather"),
    "none": N_("no reason given"),
}
THINGS = {
    "packed_lunch": N_("a packed lunch (madpakke)"),
    "warm_clothes": N_("warm clothes"),
    "rain_clothes": N_("rain clothes"),
    "water": N_("a water bottle"),
    "nappies": N_("nappies"),
    "pram": N_("the pram"),
    "food_to_share": N_("a little food to share"),
    "photo": N_("a photo from your home country"),
}
GUESTS = {
    "health_visitor": N_("the health visitor (sundhedsplejerske)"),
    "dental": N_("the dental clinic (tandplejen)"),
    "library": N_("the library"),
    "pedagogue": N_("a pedagogue from daycare"),
    "language_school": N_("the language school (sprogskole)"),
    "job_centre": N_("someone from the job centre"),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # date | time | text | choice | multi | optional_text | optional_time
    options: tuple[str, ...] = ()


FORMS: dict[str, tuple[Field, ...]] = {
    "cancelled": (Field("date", "date"), Field("reason", "choice", tuple(REASONS))),
    "changed": (
        Field("date", "date"),
        Field("time", "optional_time"),
        Field("place", "optional_text"),
    ),
    "trip": (
        Field("date", "date"),
        Field("time", "time"),
        Field("where", "text"),
        Field("meet", "text"),
        Field("bring", "multi", tuple(THINGS)),
    ),
    "bring": (Field("date", "date"), Field("bring", "multi", tuple(THINGS))),
    "guest": (
        Field("date", "date"),
        Field("guest", "choice", tuple(GUESTS)),
        Field("theme", "choice", ()),  # the FAQ themes, filled in by the shell
    ),
    "restart": (Field("date", "date"),),
    "free": (Field("text", "text"),),
}
MAX_TEXT = {"where": 120, "meet": 120, "place": 200, "text": 3000}
SKIP = "-"  # typed to leave an optional field empty


def next_field(kind: str, slots: dict[str, Any]) -> Field | None:
    """The first field of the form not yet answered, or None when the form is complete."""
    for field in FORMS[kind]:
        if field.name not in slots:
            return field
    return None


class BadValue(ValueError):
    """A typed value that doesn't fit; the chat asks again, keeping everything else."""


_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2,4}))?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_time(text: str) -> time:
    match = _TIME.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise BadValue("time")
    return time(int(match[1]), int(match[2]))


def parse_date(text: str, today: date) -> date:
    """ "24.11", "24/11/2026" or "2026-11-24"; a day-month without year is the next such day."""
    iso = _ISO.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        match = _DATE.match(text)
        if not match:
            raise BadValue("date")
        day, month = int(match[1]), int(match[2])
        if match[3]:
            year = int(match[3])
            return date(year + 2000 if year < 100 else year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError as exc:
        raise BadValue("date") from exc


def parse_typed(field: Field, text: str, today: date) -> Any:
    """The stored (JSON-ready) value of a typed answer to `field`."""
    text = text.strip()
    if field.kind.startswith("optional") and text == SKIP:
        return None
    if field.kind in ("time", "optional_time"):
        return parse_time(text).strftime("%H:%M")
    if field.kind == "date":
        value = parse_date(text, today)
        if value < today:
            raise BadValue("past")
        return value.isoformat()
    if field.kind in ("text", "optional_text"):
        if not text or len(text) > MAX_TEXT.get(field.name, 300):
            raise BadValue("length")
        return text
    raise BadValue("button")  # choices are answered with buttons


def complete(kind: str, slots: dict[str, Any]) -> bool:
    if next_field(kind, slots) is not None:
        return False
    if kind == "changed":
        return bool(slots.get("time") or slots.get("place"))  # something must have changed
    return True
