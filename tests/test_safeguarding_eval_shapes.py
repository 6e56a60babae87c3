"""The shape of the blind danger-word evaluation sets (fourth to thirtieth), not the rules.

A set is only an honest measure if every language carries enough danger messages and
harmless near-misses, and if its tune/held-out split stays exactly as it was fixed when the
set was written: alternating within each language, danger and harmless counted apart. These
tests guard that shape, so a later edit cannot quietly thin a language or move sentences
between the halves. The fifth to twenty-seventh sets were written to a stricter rule (exactly 32 a
side, no message twice, danger in pairs of one kind, one of each pair in each half), checked
too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

TESTS = Path(__file__).resolve().parent
EVAL_SETS = {
    "fourth": TESTS / "safeguarding_eval_4.yaml",
    "fifth": TESTS / "safeguarding_eval_5.yaml",
    "sixth": TESTS / "safeguarding_eval_6.yaml",
    "seventh": TESTS / "safeguarding_eval_7.yaml",
    "eighth": TESTS / "safeguarding_eval_8.yaml",
    "ninth": TESTS / "safeguarding_eval_9.yaml",
    "tenth": TESTS / "safeguarding_eval_10.yaml",
    "eleventh": TESTS / "safeguarding_eval_11.yaml",
    "twelfth": TESTS / "safeguarding_eval_12.yaml",
    "thirteenth": TESTS / "safeguarding_eval_13.yaml",
    "fourteenth": TESTS / "safeguarding_eval_14.yaml",
    "fifteenth": TESTS / "safeguarding_eval_15.yaml",
    "sixteenth": TESTS / "safeguarding_eval_16.yaml",
    "seventeenth": TESTS / "safeguarding_eval_17.yaml",
    "eighteenth": TESTS / "safeguarding_eval_18.yaml",
    "nineteenth": TESTS / "safeguarding_eval_19.yaml",
    "twentieth": TESTS / "safeguarding_eval_20.yaml",
    "twenty-first": TESTS / "safeguarding_eval_21.yaml",
    "twenty-second": TESTS / "safeguarding_eval_22.yaml",
    "twenty-third": TESTS / "safeguarding_eval_23.yaml",
    "twenty-fourth": TESTS / "safeguarding_eval_24.yaml",
    "twenty-fifth": TESTS / "safeguarding_eval_25.yaml",
    "twenty-sixth": TESTS / "safeguarding_eval_26.yaml",
    "twenty-seventh": TESTS / "safeguarding_eval_27.yaml",
    "twenty-eighth": TESTS / "safeguarding_eval_28.yaml",
    "twenty-ninth": TESTS / "safeguarding_eval_29.yaml",
    "thirtieth": TESTS / "safeguarding_eval_30.yaml",
    "thirty-first": TESTS / "safeguarding_eval_31.yaml",
    "thirty-second": TESTS / "safeguarding_eval_32.yaml",
    "thirty-third": TESTS / "safeguarding_eval_33.yaml",
    "thirty-fourth": TESTS / "safeguarding_eval_34.yaml",
    "thirty-fifth": TESTS / "safeguarding_eval_35.yaml",
    "thirty-sixth": TESTS / "safeguarding_eval_36.yaml",
    "thirty-seventh": TESTS / "safeguarding_eval_37.yaml",
    "thirty-eighth": TESTS / "safeguarding_eval_38.yaml",
    "thirty-ninth": TESTS / "safeguarding_eval_39.yaml",
    "fortieth": TESTS / "safeguarding_eval_40.yaml",
    "forty-first": TESTS / "safeguarding_eval_41.yaml",
    "forty-second": TESTS / "safeguarding_eval_42.yaml",
    "forty-third": TESTS / "safeguarding_eval_43.yaml",
    "forty-fourth": TESTS / "safeguarding_eval_44.yaml",
    "forty-fifth": TESTS / "safeguarding_eval_45.yaml",
    "forty-sixth": TESTS / "safeguarding_eval_46.yaml",
    "forty-seventh": TESTS / "safeguarding_eval_47.yaml",
    "forty-eighth": TESTS / "safeguarding_eval_48.yaml",
    "forty-ninth": TESTS / "safeguarding_eval_49.yaml",
    "fiftieth": TESTS / "safeguarding_eval_50.yaml",
    "fifty-first": TESTS / "safeguarding_eval_51.yaml",
    "fifty-second": TESTS / "safeguarding_eval_52.yaml",
    "fifty-third": TESTS / "safeguarding_eval_53.yaml",
    "fifty-fourth": TESTS / "safeguarding_eval_54.yaml",
    "fifty-fifth": TESTS / "safeguarding_eval_55.yaml",
    "fifty-sixth": TESTS / "safeguarding_eval_56.yaml",
    "fifty-seventh": TESTS / "safeguarding_eval_57.yaml",
    "fifty-eighth": TESTS / "safeguarding_eval_58.yaml",
}
LANGUAGES = ("da", "en", "ar", "tr", "ur", "fa", "pl", "bg", "so", "uk")
DANGER_KINDS = {"child_not_breathing", "child_emergency", "self_harm", "harm_to_child", "violence"}
SPLITS = {"tune", "held_out"}
MINIMUM_PER_SIDE = 30
STRICT_PER_SIDE = 32
# Written to exactly 32 a side, in pairs, no message twice.
STRICT_SETS = (
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
)
# Half of each language's messages are two messages in a row (`earlier`, then `text`):
# 16 danger and 16 harmless, each block of 16 half in each half, so the previous-message
# reading is measured on a held-out half of its own.
TWO_MESSAGE_SETS = (
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
    "thirty-first",
    "thirty-second",
    "thirty-third",
    "thirty-fourth",
    "thirty-fifth",
    "thirty-sixth",
    "thirty-seventh",
    "thirty-eighth",
    "thirty-ninth",
    "fortieth",
    "forty-first",
    "forty-second",
    "forty-third",
    "forty-fourth",
    "forty-fifth",
    "forty-sixth",
    "forty-seventh",
    "forty-eighth",
    "forty-ninth",
    "fiftieth",
    "fifty-first",
    "fifty-second",
    "fifty-third",
    "fifty-fourth",
    "fifty-fifth",
    "fifty-sixth",
    "fifty-seventh",
    "fifty-eighth",
)
TWO_MESSAGE_PER_SIDE = 16


@cache
def load_set(name: str) -> list[dict[str, Any]]:
    rows = yaml.safe_load(EVAL_SETS[name].read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    return rows


def rows_by_language(rows: list[dict[str, Any]], danger: bool) -> dict[str, list[dict[str, Any]]]:
    """The danger (or harmless) messages of each language, in file order."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if (row["expect"] is not None) == danger:
            found[row["lang"]].append(row)
    return found


@pytest.mark.parametrize("name", list(EVAL_SETS))
def test_every_language_has_enough_messages_with_allowed_values(name: str) -> None:
    rows = load_set(name)
    for row in rows:
        keys = {"lang", "split", "expect", "text"}
        allowed = [keys, {*keys, "earlier"}] if name in TWO_MESSAGE_SETS else [keys]
        assert set(row) in allowed, row
        assert row["lang"] in LANGUAGES, row
        assert row["split"] in SPLITS, row
        assert row["expect"] is None or row["expect"] in DANGER_KINDS, row
        assert isinstance(row["text"], str) and row["text"].strip(), row
    danger = rows_by_language(rows, danger=True)
    harmless = rows_by_language(rows, danger=False)
    for language in LANGUAGES:
        for side in (danger[language], harmless[language]):
            assert len(side) >= MINIMUM_PER_SIDE, (language, len(side))
            if name in STRICT_SETS:
                assert len(side) == STRICT_PER_SIDE, (language, len(side))


@pytest.mark.parametrize("name", list(EVAL_SETS))
def test_split_alternates_within_each_language_starting_with_tune(name: str) -> None:
    rows = load_set(name)
    for danger in (True, False):
        for language, found in rows_by_language(rows, danger).items():
            splits = [row["split"] for row in found]
            expected = ["tune" if index % 2 == 0 else "held_out" for index in range(len(splits))]
            assert splits == expected, (language, "danger" if danger else "harmless")


@pytest.mark.parametrize("name", STRICT_SETS)
def test_no_message_of_a_strict_set_appears_twice(name: str) -> None:
    texts = Counter((row["lang"], row["text"].strip().lower()) for row in load_set(name))
    assert [text for text, count in texts.items() if count > 1] == []


@pytest.mark.parametrize("name", STRICT_SETS)
def test_both_halves_of_a_strict_set_ask_for_the_same_kinds_of_danger(name: str) -> None:
    """Danger messages were written in pairs of one kind, so each half holds one of each pair."""
    for language, found in rows_by_language(load_set(name), danger=True).items():
        for first, second in zip(found[::2], found[1::2], strict=True):
            assert first["expect"] == second["expect"], (language, first["text"], second["text"])


@pytest.mark.parametrize("name", TWO_MESSAGE_SETS)
def test_half_of_a_two_message_set_is_two_messages_in_a_row_in_both_halves(name: str) -> None:
    for danger in (True, False):
        for language, found in rows_by_language(load_set(name), danger).items():
            pairs = [row for row in found if "earlier" in row]
            assert len(pairs) == TWO_MESSAGE_PER_SIDE, (language, danger, len(pairs))
            assert all(isinstance(row["earlier"], str) and row["earlier"].strip() for row in pairs)
            halves = Counter(row["split"] for row in pairs)
            assert halves == {"tune": 8, "held_out": 8}, (language, danger, halves)
            if danger:  # the same kinds of danger told in one message and in two
                kinds = Counter(row["expect"] for row in pairs)
                assert kinds == Counter(row["expect"] for row in found if "earlier" not in row)
