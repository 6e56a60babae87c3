"""Texts remember what they formatted and rendered: never a rendering made for other values.

A reminder is rendered again at every button press, so `Texts` keeps renderings,
dates and times it made. These tests pin what the memory must tell apart: the
same instant in two time zones (two groups' local times), a text and the same
text as trusted HTML, and values that are equal in Python but read differently.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from i18n import texts_for

INSTANT = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # Tuesday 00:30 in Copenhagen


def reminder(starts_at: datetime, group: str = "Babygruppen", reply: str | None = None) -> str:
    return texts_for("en").render(
        "reminder.html",
        cancelled=False,
        holiday=None,
        break_name=None,
        note=None,
        group=group,
        starts_at=starts_at,
        place="Beboerhuset",
        theme=None,
        guest=None,
        reply=reply,
        reason=None,
    )


def test_the_same_instant_in_two_time_zones_renders_each_local_date_and_time() -> None:
    copenhagen = reminder(INSTANT.astimezone(ZoneInfo("Europe/Copenhagen")))
    new_york = reminder(INSTANT.astimezone(ZoneInfo("America/New_York")))
    assert "Tuesday, November 24, 2026 at 12:30" in copenhagen
    assert "Monday, November 23, 2026 at 6:30" in new_york
    # and again, now from memory
    assert reminder(INSTANT.astimezone(ZoneInfo("Europe/Copenhagen"))) == copenhagen
    assert reminder(INSTANT.astimezone(ZoneInfo("America/New_York"))) == new_york


def test_dates_and_times_are_formatted_in_the_values_own_zone() -> None:
    texts = texts_for("en")
    for _ in range(2):  # the second time from memory
        assert texts.date(INSTANT) == "Monday, November 23, 2026"
        assert texts.date(INSTANT.astimezone(ZoneInfo("Europe/Copenhagen"))) == (
            "Tuesday, November 24, 2026"
        )
        assert texts.time(INSTANT) == "11:30\u202fPM"
        assert texts.time(INSTANT.astimezone(ZoneInfo("Europe/Copenhagen"))) == "12:30\u202fAM"


def test_a_text_and_the_same_text_as_trusted_html_render_apart() -> None:
    name = "<i>Café</i> Nord"
    as_text = reminder(INSTANT, group=name)
    as_html = reminder(INSTANT, group=Markup(name))
    assert "&lt;i&gt;Café&lt;/i&gt; Nord" in as_text
    assert "<i>Café</i> Nord" in as_html
    assert reminder(INSTANT, group=name) == as_text


def test_a_different_value_renders_anew() -> None:
    assert "I'm coming" in reminder(INSTANT, reply="coming")
    assert "I'll come later" in reminder(INSTANT, reply="late")
    assert "Are you coming?" in reminder(INSTANT)


def test_values_that_may_change_are_rendered_every_time() -> None:
    texts = texts_for("en")
    places = ["Beboerhuset"]  # a list may change between two renderings: never remembered
    first = texts.render("reminder.html", **_context(place=places))
    places[0] = "Biblioteket"
    second = texts.render("reminder.html", **_context(place=places))
    assert first != second


def test_a_label_without_slots_is_the_same_text_each_time() -> None:
    texts = texts_for("da")
    assert texts.plain("I'm coming") == texts.plain("I'm coming") == texts._("I'm coming")


def _context(**values: object) -> dict[str, object]:
    return {
        "cancelled": False,
        "holiday": None,
        "break_name": None,
        "note": None,
        "group": "Babygruppen",
        "starts_at": INSTANT,
        "place": "Beboerhuset",
        "theme": None,
        "guest": None,
        "reply": None,
        "reason": None,
        **values,
    }


def test_only_templates_without_personal_data_are_remembered() -> None:
    texts = texts_for("en")
    before = texts._rendered.cache_info().currsize
    for _ in range(2):
        texts.render(
            "question_reply.html",
            group="Babygruppen",
            question="Må min søster komme med?",
            reply="Ja, gerne.",
        )
    assert texts._rendered.cache_info().currsize == before  # a parent's question: never kept
    reminder(INSTANT, group="Remembered")
    assert texts._rendered.cache_info().currsize == before + 1
