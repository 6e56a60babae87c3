"""The shape of the fourth danger-word evaluation set, checked apart from the rules.

The set is only an honest measure if every language carries enough danger messages and
harmless near-misses, and if its tune/held-out split stays exactly as it was fixed when the
set was written: alternating within each language, danger and harmless counted apart. These
tests guard that shape, so a later edit cannot quietly thin a language or move sentences
between the halves.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

EVAL_SET = Path(__file__).resolve().parent / "safeguarding_eval_4.yaml"
LANGUAGES = ("da", "en", "ar", "tr", "ur", "fa", "pl", "bg", "so", "uk")
DANGER_KINDS = {"child_not_breathing", "child_emergency", "self_harm", "harm_to_child", "violence"}
SPLITS = {"tune", "held_out"}
MINIMUM_PER_SIDE = 30


def load_set() -> list[dict[str, Any]]:
    with EVAL_SET.open(encoding="utf-8") as handle:
        rows = yaml.safe_load(handle)
    assert isinstance(rows, list)
    return rows


def splits_by_language(rows: list[dict[str, Any]], danger: bool) -> dict[str, list[str]]:
    """The split of each danger (or harmless) message, per language, in file order."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if (row["expect"] is not None) == danger:
            found[row["lang"]].append(row["split"])
    return found


def test_every_language_has_enough_messages_with_allowed_values() -> None:
    rows = load_set()
    for row in rows:
        assert set(row) == {"lang", "split", "expect", "text"}, row
        assert row["lang"] in LANGUAGES, row
        assert row["split"] in SPLITS, row
        assert row["expect"] is None or row["expect"] in DANGER_KINDS, row
        assert isinstance(row["text"], str) and row["text"].strip(), row
    danger = splits_by_language(rows, danger=True)
    harmless = splits_by_language(rows, danger=False)
    for language in LANGUAGES:
        assert len(danger[language]) >= MINIMUM_PER_SIDE, (language, len(danger[language]))
        assert len(harmless[language]) >= MINIMUM_PER_SIDE, (language, len(harmless[language]))


def test_split_alternates_within_each_language_starting_with_tune() -> None:
    rows = load_set()
    for danger in (True, False):
        for language, splits in splits_by_language(rows, danger).items():
            expected = ["tune" if index % 2 == 0 else "held_out" for index in range(len(splits))]
            assert splits == expected, (language, "danger" if danger else "harmless")
