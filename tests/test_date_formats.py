"""Dates and times in sentences: an abbreviation's period is the sentence's period too.

Bulgarian and Ukrainian full dates end in "г." / "р." (year), Danish short dates in
"dec.", Bulgarian times in "ч.": a sentence that ends with such a value must not read
"2026 р..". Every language, every catalog text with a date or time slot before a period,
every format the bot uses for it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from babel.messages.pofile import read_po

from i18n import texts_for
from i18n.languages import CONTENT_DIR, supported_codes

SAMPLES = [datetime(2026, 12, 29, 10, tzinfo=UTC), datetime(2027, 5, 4, 18, 30, tzinfo=UTC)]
DATE_SLOTS = {"date", "first", "last", "day", "until", "when", "next"}
TIME_SLOTS = {"time"}
SLOT_BEFORE_PERIOD = re.compile(r"%\((\w+)\)s\.")


def _texts_with_a_slot_before_a_period(code: str) -> list[tuple[str, set[str]]]:
    with (CONTENT_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=code)
    found = []
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        slots = set(SLOT_BEFORE_PERIOD.findall(message.string or ""))
        if slots & (DATE_SLOTS | TIME_SLOTS):
            found.append((message.id, set(re.findall(r"%\((\w+)\)s", message.id))))
    return found


@pytest.mark.parametrize("code", sorted(supported_codes()))
def test_no_double_period_after_a_date_or_time_in_a_sentence(code: str) -> None:
    texts = texts_for(code)
    formats = {
        "date": [texts.date, texts.short_date, texts.medium_date],
        "time": [texts.time],
    }
    problems = []
    for msgid, slots in _texts_with_a_slot_before_a_period(code):
        for sample in SAMPLES:
            for kind in ("date", "time"):
                for render in formats[kind]:
                    values = {
                        slot: render(sample)
                        if slot in (DATE_SLOTS if kind == "date" else TIME_SLOTS)
                        else "X"
                        for slot in slots
                    }
                    shown = str(texts._(msgid, **values))
                    if re.search(r"(?<!\.)\.\.(?!\.)", shown):
                        problems.append(shown)
    assert problems == [], f"{code}: {len(problems)} texts with '..', e.g. {problems[:3]}"
