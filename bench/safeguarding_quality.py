"""How well the danger words do (not a test): per language, both halves, both sets.

    .venv/bin/python bench/safeguarding_quality.py [--misses]

Reads `tests/safeguarding_eval.yaml` (the first set, 512 messages) and
`tests/safeguarding_eval_2.yaml` (the second, 1452) and prints, per language and
half, the danger messages missed and the harmless ones that raised the alarm, as
counts and rates. `--misses` prints the tune halves only, with their failing
messages, to tune against; the held-out halves are only ever counted, and only
when the rules are done.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq.danger_evaluation import HELD_OUT, TUNE, failures, figures, load_cases
from faq.library import load_library
from i18n import supported_codes

SETS = (ROOT / "tests" / "safeguarding_eval.yaml", ROOT / "tests" / "safeguarding_eval_2.yaml")


def main() -> None:
    show_misses = "--misses" in sys.argv[1:]
    languages = supported_codes()
    safeguarding = load_library(languages).safeguarding
    for path in SETS:
        cases = load_cases(path)
        data = figures(safeguarding, cases)
        print(f"\n{path.name}")
        print(f"{'':4} {'half':<9} {'missed':>14} {'false alarms':>16}  wrong kind")
        for code in languages:
            for split in (TUNE,) if show_misses else (TUNE, HELD_OUT):
                s = data[(code, split)]
                print(
                    f"{code:4} {split:<9} {s.missed:>3} of {s.danger:<3} {s.miss_rate:5.1%}"
                    f"  {s.false_alarms:>3} of {s.harmless:<3} {s.false_alarm_rate:5.1%}"
                    f"  {s.wrong_kind}"
                )
        if show_misses:
            for case in failures(safeguarding, [c for c in cases if c.split == TUNE]):
                label = f"missed ({case.expect})" if case.expect else "false alarm"
                print(f"  {case.lang} {label}: {case.text}")


if __name__ == "__main__":
    main()
