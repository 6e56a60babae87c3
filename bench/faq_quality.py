"""How well the FAQ answers parents' questions (not a test): per language, both halves.

    .venv/bin/python bench/faq_quality.py [--misses]      # the tuned halves only
    .venv/bin/python bench/faq_quality.py --held-out      # the tuned and the held-out halves

Reads the parents' evaluation sets (`tests/faq_eval_parents.yaml`, and the larger
`tests/faq_eval_parents_new.yaml` written later, before tuning against it) and prints, per
set and language: top-1 theme, top-1 entry, the share answered directly (confident and right,
of the questions an entry answers) and the share answered confidently wrong (of all
questions). The baseline is the whole set.

By default only the tuned halves are printed: that is the mode to work in. `--held-out` adds
the held-out halves, to be run once a round of tuning is finished; `--misses` lists the misses
of the tuned halves only: the held-out halves are for counting, never for reading while tuning.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq.evaluation import Score, by_language, load_cases
from faq.library import load_library
from i18n import supported_codes

SETS = (ROOT / "tests" / "faq_eval_parents.yaml", ROOT / "tests" / "faq_eval_parents_new.yaml")


def _line(label: str, s: Score) -> str:
    entry = s.entry_right / s.answerable if s.answerable else 1.0
    return (
        f"{label:<10} {s.questions:>4}  theme {s.theme_share:6.1%}  entry {entry:6.1%}  "
        f"direct {s.direct_share:6.1%}  confidently wrong {s.wrong_share:5.1%}"
    )


def main() -> None:
    library = load_library(supported_codes())
    halves = (False, True) if "--held-out" in sys.argv else (False,)
    for path in SETS:
        cases = load_cases(path)
        for held_out in halves:
            print(f"{path.name}: {'held-out half' if held_out else 'tuned half'}")
            total = Score()
            for lang, s in by_language(library, cases, held_out=held_out).items():
                print(_line(lang, s))
                total.add(s)
                if "--misses" in sys.argv and not held_out:
                    for miss in s.misses:
                        print("    " + miss)
            print(_line("all", total))
            print()


if __name__ == "__main__":
    main()
