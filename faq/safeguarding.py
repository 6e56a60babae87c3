"""Words that signal danger, and the help lines to give before anything else.

The trigger phrases are data per language (`content/<lang>/safeguarding.yaml`),
checked in every language at once: a parent who chose Arabic may still write
in English. A false alarm costs one extra message with 112 in it; a missed
one can cost a life, so matching is tolerant (stems, typos, word order).

The help lines live in one YAML file with a review date
(`content/helplines.yaml`, replaced by the setting `BOT_HELPLINES_FILE`):
numbers change and a deployment must be able to correct them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from faq.text import Analyzer, words

SIGNALS = ("child_not_breathing", "child_emergency", "self_harm", "violence")
WINDOW_SLACK = 3  # other words allowed between a phrase's words
TYPO_RATIO = 85


@dataclass(frozen=True)
class Helpline:
    kind: str  # emergency, medical, suicide, violence, parents: described by the texts
    name: str  # a proper name, not translated ("Livslinien")
    number: str
    hours: str = ""  # as the service states it, e.g. "24/7"
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Helplines:
    reviewed: date
    lines: tuple[Helpline, ...]

    def for_signals(self, signals: set[str]) -> list[Helpline]:
        return [line for line in self.lines if signals & set(line.signals)]


def load_helplines(path: Path) -> Helplines:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    reviewed = data.get("reviewed")
    lines = tuple(
        Helpline(
            kind=str(item["kind"]),
            name=str(item.get("name", "")),
            number=str(item["number"]),
            hours=str(item.get("hours", "")),
            signals=tuple(item.get("signals", ())),
        )
        for item in data.get("lines", [])
    )
    return Helplines(
        reviewed if isinstance(reviewed, date) else date.fromisoformat(str(reviewed)), lines
    )


class Safeguarding:
    """Finds danger signals in a text, across all languages' phrase lists."""

    def __init__(self, phrases: dict[str, dict[str, list[str]]]) -> None:
        # phrases[language][signal] -> phrases; stemmed once here.
        self._phrases: list[tuple[str, str, tuple[str, ...]]] = []
        self._analyzers: dict[str, Analyzer] = {}
        for language, by_signal in phrases.items():
            analyzer = Analyzer(language, ())
            self._analyzers[language] = analyzer
            for signal, items in by_signal.items():
                for phrase in items:
                    stems = tuple(self._stem(analyzer, words(phrase)))
                    if stems:
                        self._phrases.append((language, signal, stems))

    @staticmethod
    def _stem(analyzer: Analyzer, tokens: list[str]) -> list[str]:
        if analyzer.stemmer is None:
            return tokens
        return [analyzer.stemmer.stemWord(token) for token in tokens]

    def signals(self, text: str) -> set[str]:
        tokens = words(text)
        if not tokens:
            return set()
        stemmed = {
            language: self._stem(analyzer, tokens) for language, analyzer in self._analyzers.items()
        }
        found: set[str] = set()
        for language, signal, phrase in self._phrases:
            if signal not in found and _contains(stemmed[language], phrase):
                found.add(signal)
        return found


def _same(word: str, wanted: str) -> bool:
    if word == wanted:
        return True
    return len(wanted) >= 5 and fuzz.ratio(word, wanted) >= TYPO_RATIO


def _contains(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """All the phrase's words, in any order, within a short stretch of the text."""
    width = len(phrase) + WINDOW_SLACK
    for start, token in enumerate(tokens):
        if not _same(token, phrase[0]):
            continue
        window = tokens[max(0, start - width) : start + width]
        if all(any(_same(word, wanted) for word in window) for wanted in phrase[1:]):
            return True
    return False


def load_phrases(roots: list[Path], languages: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    phrases: dict[str, dict[str, list[str]]] = {}
    for language in languages:
        for root in roots:
            path = root / language / "safeguarding.yaml"
            if path.is_file():
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                target = phrases.setdefault(language, {})
                for signal, items in data.items():
                    target.setdefault(str(signal), []).extend(str(item) for item in items or [])
    return phrases
