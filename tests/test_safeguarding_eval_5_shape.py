"""The shape of the fifth danger-word evaluation set, checked apart from the rules.

The set is only an honest measure if every language carries its full share of danger
messages and harmless near-misses, if its tune/held-out split stays exactly as it was fixed
when the set was written (alternating within each language, danger and harmless counted
apart), and if both halves ask for the same kinds of danger. These tests guard that shape,
so a later edit cannot quietly thin a language, move sentences between the halves or leave
a kind of danger in one half only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

EVAL_SET = Path(__file__).resolve().parent / "safeguarding_eval_5.yaml"
LANGUAGES = ("da", "en", "ar", "tr", "ur", "fa", "pl", "bg", "so", "uk")
DANGER_KINDS = {"child_not_breathing", "child_emergency", "self_harm", "harm_to_child", "violence"}
SPLITS = {"tune", "held_out"}
PER_SIDE = 32


def load_set() -> list[dict[str, Any]]:
    with EVAL_SET.open(encoding="utf-8") as handle:
        rows = yaml.safe_load(handle)
    assert isinstance(rows, list)
    return rows


def rows_by_language(rows: list[dict[str, Any]], danger: bool) -> dict[str, list[dict[str, Any]]]:
    """The danger (or harmless) messages of each language, in file order."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if (row["expect"] is not None) == danger:
            found[row["lang"]].append(row)
    return found


def test_every_language_has_its_full_share_with_allowed_values() -> None:
    rows = load_set()
    for row in rows:
        assert set(row) == {"lang", "split", "expect", "text"}, row
        assert row["lang"] in LANGUAGES, row
        assert row["split"] in SPLITS, row
        assert row["expect"] is None or row["expect"] in DANGER_KINDS, row
        assert isinstance(row["text"], str) and row["text"].strip(), row
    danger = rows_by_language(rows, danger=True)
    harmless = rows_by_language(rows, danger=False)
    for language in LANGUAGES:
        assert len(danger[language]) == PER_SIDE, (language, len(danger[language]))
        assert len(harmless[language]) == PER_SIDE, (language, len(harmless[language]))


def test_no_message_appears_twice() -> None:
    texts = Counter((row["lang"], row["text"].strip().lower()) for row in load_set())
    assert [text for text, count in texts.items() if count > 1] == []


def test_split_alternates_within_each_language_starting_with_tune() -> None:
    rows = load_set()
    for danger in (True, False):
        for language, found in rows_by_language(rows, danger).items():
            splits = [row["split"] for row in found]
            expected = ["tune" if index % 2 == 0 else "held_out" for index in range(len(splits))]
            assert splits == expected, (language, "danger" if danger else "harmless")


def test_both_halves_ask_for_the_same_kinds_of_danger() -> None:
    """Danger messages were written in pairs of one kind, so each half holds one of each pair."""
    for language, found in rows_by_language(load_set(), danger=True).items():
        for first, second in zip(found[::2], found[1::2], strict=True):
            assert first["expect"] == second["expect"], (language, first["text"], second["text"])
