"""The shape of the blind parents' FAQ evaluation sets (tests/faq_eval_parents_3.yaml and _4).

A set measures the matcher only if it is well formed: every language carries enough answered
and unanswered questions, every expected entry and theme exists (a typo would silently count a
right answer as wrong), and the held-out half is exactly every second question of a language, so
tuning can look at one half and report the other honestly. These tests check the files, never
the matcher's answers. Each set is checked alike; the fourth, written with the rule from the
start, also holds enough of both kinds of question in each half.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL_SETS = {
    "third": ROOT / "tests" / "faq_eval_parents_3.yaml",
    "fourth": ROOT / "tests" / "faq_eval_parents_4.yaml",
}
FAQ_DA = ROOT / "content" / "da" / "faq"
LANGUAGES = ("da", "en", "ar", "tr", "ur", "fa", "pl", "bg", "so", "uk")
MIN_ANSWERED = 60
MIN_UNANSWERED = 12
MIN_ANSWERED_PER_HALF = 30  # the fourth set on
MIN_UNANSWERED_PER_HALF = 6
FIELDS = {"lang", "q", "theme", "expect", "held_out"}
SETS = list(EVAL_SETS)
SET_AND_LANGUAGE = [(name, lang) for name in SETS for lang in LANGUAGES]


def _front_matter(path: Path) -> dict[str, Any]:
    """The YAML between the first two `---` lines of an FAQ entry."""
    _, front, _ = path.read_text(encoding="utf-8").split("---", 2)
    return yaml.safe_load(front)


@cache
def _entry_ids() -> frozenset[str]:
    return frozenset(_front_matter(path)["id"] for path in FAQ_DA.glob("*/*.md"))


def _themes() -> set[str]:
    return {path.name for path in FAQ_DA.iterdir() if path.is_dir()}


@cache
def _questions(name: str) -> list[dict[str, Any]]:
    """A whole set, parsed once (the tests only read it)."""
    return yaml.safe_load(EVAL_SETS[name].read_text(encoding="utf-8"))


def _by_language(name: str) -> dict[str, list[dict[str, Any]]]:
    """The questions of each language, in file order."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for question in _questions(name):
        grouped[question["lang"]].append(question)
    return grouped


@pytest.mark.parametrize("name", SETS)
def test_every_question_has_exactly_the_fields(name: str) -> None:
    for question in _questions(name):
        assert set(question) == FIELDS, question
        assert isinstance(question["q"], str) and question["q"].strip(), question
        assert isinstance(question["expect"], list), question
        assert isinstance(question["held_out"], bool), question


@pytest.mark.parametrize("name", SETS)
def test_the_ten_languages_and_no_other(name: str) -> None:
    assert set(_by_language(name)) == set(LANGUAGES)


@pytest.mark.parametrize(("name", "lang"), SET_AND_LANGUAGE)
def test_enough_answered_and_unanswered_questions(name: str, lang: str) -> None:
    questions = _by_language(name)[lang]
    answered = [q for q in questions if q["expect"]]
    unanswered = [q for q in questions if not q["expect"]]
    assert len(answered) >= MIN_ANSWERED
    assert len(unanswered) >= MIN_UNANSWERED


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_half_holds_answered_and_unanswered_questions(lang: str) -> None:
    """Both halves measure both failures: a missed answer and an answer to the unanswerable.

    A held-out half with only two or three unanswerable questions would report "confidently
    wrong" on too few cases to mean anything.
    """
    for held_out in (False, True):
        half = [q for q in _by_language("fourth")[lang] if q["held_out"] is held_out]
        assert sum(1 for q in half if q["expect"]) >= MIN_ANSWERED_PER_HALF, held_out
        assert sum(1 for q in half if not q["expect"]) >= MIN_UNANSWERED_PER_HALF, held_out


@pytest.mark.parametrize("name", SETS)
def test_every_expected_entry_exists(name: str) -> None:
    entries = _entry_ids()
    assert entries, "no FAQ entries found under content/da/faq"
    unknown = {
        (q["lang"], q["q"], entry_id)
        for q in _questions(name)
        for entry_id in q["expect"]
        if entry_id not in entries
    }
    assert not unknown


@pytest.mark.parametrize(("name", "lang"), SET_AND_LANGUAGE)
def test_every_entry_is_asked_about_in_every_language(name: str, lang: str) -> None:
    asked = {entry_id for q in _by_language(name)[lang] for entry_id in q["expect"]}
    assert _entry_ids() - asked == set()


@pytest.mark.parametrize("name", SETS)
def test_every_theme_is_null_or_a_theme_folder(name: str) -> None:
    themes = _themes()
    for question in _questions(name):
        assert question["theme"] is None or question["theme"] in themes, question


@pytest.mark.parametrize("name", SETS)
def test_an_answered_question_has_a_theme(name: str) -> None:
    for question in _questions(name):
        if question["expect"]:
            assert question["theme"] is not None, question


@pytest.mark.parametrize("name", SETS)
def test_no_entry_is_expected_twice_for_one_question(name: str) -> None:
    for question in _questions(name):
        assert len(set(question["expect"])) == len(question["expect"]), question


@pytest.mark.parametrize(("name", "lang"), SET_AND_LANGUAGE)
def test_no_question_repeats_within_a_language(name: str, lang: str) -> None:
    counts = Counter(q["q"] for q in _by_language(name)[lang])
    assert [q for q, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("name", "lang"), SET_AND_LANGUAGE)
def test_held_out_is_every_second_question(name: str, lang: str) -> None:
    flags = [q["held_out"] for q in _by_language(name)[lang]]
    assert flags == [i % 2 == 1 for i in range(len(flags))]


@pytest.mark.parametrize("name", SETS)
def test_each_language_is_one_block_under_its_comment(name: str) -> None:
    """Questions are grouped under a `# <lang>` comment, so a reader finds a language at once."""
    current: str | None = None
    seen: list[str] = []
    for line in EVAL_SETS[name].read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and line[2:].strip() in LANGUAGES:
            current = line[2:].strip()
            seen.append(current)
        elif line.startswith("- "):
            assert current is not None, line
            assert yaml.safe_load(line)[0]["lang"] == current, line
    assert seen == list(LANGUAGES)
