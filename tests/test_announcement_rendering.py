"""Every announcement template in every language, with real values: each value is there,
dates and times come from Babel, the message fits Telegram's limits and is valid HTML, and in
right-to-left languages the left-to-right values are isolated."""

from __future__ import annotations

from datetime import date, time

import pytest

from announcements import forms
from db.models import Group
from handlers.announcement_text import render_announcement
from i18n import supported_codes, texts_for
from i18n.texts import FSI, PDI
from tests.fake_telegram import parse_html, utf16_len

GROUP = Group(
    name="Babygruppen Hyldager", timezone="Europe/Copenhagen", start_time=time(10), place="Huset"
)
SLOTS = {
    "cancelled": {"date": "2026-12-01", "reason": "staff_ill"},
    "changed": {"date": "2026-12-01", "time": "09:30", "place": "Hyldagerparken 1, st. tv"},
    "trip": {
        "date": "2026-12-04",
        "time": "09:30",
        "where": "Zoologisk Have",
        "meet": "Albertslund Station",
        "bring": ["packed_lunch", "warm_clothes"],
    },
    "bring": {"date": "2026-12-08", "bring": ["photo"]},
    "guest": {"date": "2026-12-08", "guest": "dental", "theme": "dental"},
    "restart": {"date": "2027-01-05"},
    "free": {"text": "x"},
}


@pytest.mark.parametrize("code", supported_codes())
@pytest.mark.parametrize("kind", forms.KINDS)
def test_announcement_in_every_language(code: str, kind: str) -> None:
    texts = texts_for(code)
    slots = SLOTS[kind]
    versions = {"da": "Vi bager boller <3 på fredag", "en": "We bake buns <3 on Friday"}
    text = render_announcement(texts, kind, slots, GROUP, versions, "da")
    plain, _ = parse_html(text, strict=True)
    assert 0 < utf16_len(plain) <= 4096
    assert "Babygruppen Hyldager" in plain
    expected: list[str] = []
    if "date" in slots:
        expected.append(texts.date(date.fromisoformat(slots["date"])))
    if slots.get("time"):
        expected.append(texts.time(time.fromisoformat(slots["time"])))
    if kind == "restart":
        expected.append(texts.time(time(10)))
    expected += [slots[k] for k in ("place", "where", "meet") if slots.get(k)]
    if slots.get("reason"):
        expected.append(texts.plain(forms.REASONS[slots["reason"]]))
    expected += [texts.plain(forms.THINGS[t]) for t in slots.get("bring", [])]
    if slots.get("guest"):
        expected.append(texts.plain(forms.GUESTS[slots["guest"]]))
    if kind == "free":
        expected.append(versions.get(code, versions["da"]))
    for value in expected:
        assert value in plain, (value, plain)
    if texts.rtl:
        assert f"{FSI}Babygruppen Hyldager{PDI}" in plain
        for value in (slots.get("place"), slots.get("where"), slots.get("meet")):
            if value:
                assert f"{FSI}{value}{PDI}" in plain
