"""How well the FAQ answers an evaluation set, per language and per half (tuned / held out).

An evaluation set is a list of parent questions, each with the theme a
coordinator would file it under and the entries that answer it (none: no entry
does). Written before the content and the matcher are tuned; the held-out half
is never looked at while tuning, so its figures say how the bot does on
questions nobody fitted it to, until the set is released for tuning (when a
newer set takes over as the held-out measure).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from faq.library import FaqLibrary


@dataclass(frozen=True)
class Case:
    lang: str
    question: str
    theme: str | None  # None: outside the FAQ's scope
    expect: tuple[str, ...]  # the entries that answer it; empty: none does
    held_out: bool


@dataclass
class Score:
    """Counts for one language and half; the shares are what gets reported."""

    questions: int = 0
    themed: int = 0  # questions with a theme
    theme_right: int = 0  # best hit on the right theme
    answerable: int = 0  # questions some entry answers
    entry_right: int = 0  # best hit is an expected entry
    direct: int = 0  # answered with confidence and right
    confidently_wrong: int = 0  # answered with confidence and wrong (of all questions)
    misses: list[str] = field(default_factory=list)

    @property
    def theme_share(self) -> float:
        return self.theme_right / self.themed if self.themed else 1.0

    @property
    def direct_share(self) -> float:
        return self.direct / self.answerable if self.answerable else 0.0

    @property
    def wrong_share(self) -> float:
        return self.confidently_wrong / self.questions if self.questions else 0.0

    def add(self, other: Score) -> None:
        for name in ("questions", "themed", "theme_right", "answerable", "entry_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.direct += other.direct
        self.confidently_wrong += other.confidently_wrong
        self.misses.extend(other.misses)


def load_cases(path: Path) -> list[Case]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(
            lang=row["lang"],
            question=row["q"],
            theme=row.get("theme"),
            expect=tuple(row.get("expect") or ()),
            held_out=bool(row.get("held_out")),
        )
        for row in rows
    ]


def score(library: FaqLibrary, cases: Iterable[Case]) -> Score:
    result = Score()
    for case in cases:
        answer = library.ask(case.question, case.lang)
        best = answer.best
        result.questions += 1
        right_entry = best is not None and best.entry_id in case.expect
        if case.theme is not None:
            result.themed += 1
            result.theme_right += best is not None and best.theme == case.theme
        if case.expect:
            result.answerable += 1
            result.entry_right += right_entry
            result.direct += answer.confident and right_entry
        if answer.confident and not right_entry:
            result.confidently_wrong += 1
        if not right_entry and (case.expect or answer.confident):
            got = f"{best.entry_id}{' (confident)' if answer.confident else ''}" if best else "-"
            result.misses.append(f"{case.lang} {case.question!r}: {got}, want {case.expect}")
    return result


def by_language(library: FaqLibrary, cases: list[Case], *, held_out: bool) -> dict[str, Score]:
    """One score per language, over the tuned half or the held-out half."""
    scores: dict[str, Score] = {}
    for lang in dict.fromkeys(case.lang for case in cases):
        chosen = [c for c in cases if c.lang == lang and c.held_out == held_out]
        scores[lang] = score(library, chosen)
    return scores
