"""Calibrate the FAQ's confidence rule on questions the content was not fitted to (not a test).

    .venv/bin/python bench/faq_confidence.py

Evaluation questions that were tuned against cannot say where the confidence bar should sit:
ways to ask were written until they were found, so hardly any is still answered confidently
wrong. This tool asks every question of `tests/faq_eval.yaml` and of both parents' sets (both
halves: released for tuning on 2026-11-30; before that only their tuned halves) against its
language's entries with every way to ask that resembles it (rapidfuzz token-sort ratio >= 70)
taken out, as a question nobody fitted the content to meets them. For each candidate rule it
prints the top-1 entry, the confident wrong answers (of all questions) and the share answered
directly (confident and right, of the answerable ones), against the rule of coverage and
margin alone as the baseline; the last line is the matcher's own rule, with its check that
the best entry asks about the question's main word. Within one language's entries only: the
fallback to other languages is left out.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml
from rapidfuzz import fuzz

from faq import matching
from faq.evaluation import load_cases
from faq.library import load_library
from faq.matching import Hit, LanguageIndex
from faq.text import fold
from i18n import supported_codes

SETS = (ROOT / "tests" / "faq_eval_parents.yaml", ROOT / "tests" / "faq_eval_parents_new.yaml")
RESEMBLES = 70  # token-sort ratio at which a way to ask counts as written from the question

Rule = Callable[[Hit, float], bool]  # best hit, its score over the runner-up's
Unseen = tuple[tuple[str, ...], tuple[Hit, ...], bool, bool]  # expected, hits, verbatim, sure


def tuned_questions() -> list[tuple[str, str, tuple[str, ...]]]:
    rows = yaml.safe_load((ROOT / "tests" / "faq_eval.yaml").read_text(encoding="utf-8"))
    questions = [(r["lang"], r["q"], (r["expect"],) if r["expect"] else ()) for r in rows]
    for path in SETS:
        questions += [(c.lang, c.question, c.expect) for c in load_cases(path)]
    return questions


def unseen_answers() -> list[Unseen]:
    """Per question: its expected entries, the hits, whether it was asked verbatim, and
    whether the matcher itself was sure."""
    library = load_library(supported_codes())
    answers = []
    for lang, question, expect in tuned_questions():
        asked = fold(question)
        entries = [
            dataclasses.replace(
                e,
                questions=[
                    q for q in e.questions if fuzz.token_sort_ratio(asked, fold(q)) < RESEMBLES
                ],
            )
            for e in library.content.entries[lang].values()
        ]
        index = LanguageIndex(
            lang,
            entries,
            library.content.synonyms.get(lang, []),
            library.content.function_words.get(lang, []),
            library.content.latin_spellings.get(lang, {}),
        )
        found = index.search(question)
        hits = found.hits
        answers.append((expect, hits, index._verbatim(question, hits) is not None, found.confident))
    return answers


def report(name: str, rule: Rule | None, answers: list[Unseen]) -> None:
    """One rule's figures; `None` is the matcher's own decision."""
    answerable = sum(bool(answer[0]) for answer in answers)
    top1 = wrong = direct = 0
    for expect, hits, verbatim, sure in answers:
        if not hits:
            continue
        best = hits[0]
        right = best.entry_id in expect
        top1 += right
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        margin = best.score / runner_up if runner_up else float("inf")
        if sure if rule is None else verbatim or rule(best, margin):
            wrong += not right
            direct += right
    print(
        f"{name:<44} top-1 {top1 / answerable:6.1%}  confidently wrong {wrong:>2} "
        f"({wrong / len(answers):5.2%})  direct {direct / answerable:6.1%}"
    )


def main() -> None:
    answers = unseen_answers()
    print(f"{len(answers)} questions, asked against entries without their look-alikes")

    def base(hit: Hit, margin: float, coverage: float = matching.MIN_COVERAGE) -> bool:
        return (
            hit.coverage >= coverage
            and margin >= matching.MIN_MARGIN
            and hit.score >= matching.MIN_SCORE
        )

    report("coverage and margin only (baseline)", base, answers)
    for coverage in (0.65, 0.7):
        report(f"coverage >= {coverage}", lambda h, m, c=coverage: base(h, m, c), answers)
    for full in (0.65, 0.7, 0.75):
        for wide in (1.7, 1.8, 1.9, 2.0):
            report(
                f"coverage >= {full} or margin >= {wide}",
                lambda h, m, f=full, w=wide: base(h, m) and (h.coverage >= f or m >= w),
                answers,
            )
    report("the matcher's rule (+ asks about the main word)", None, answers)


if __name__ == "__main__":
    main()
