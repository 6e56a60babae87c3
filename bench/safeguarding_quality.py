"""How well the danger words do (not a test): per language, both halves, every set.

    .venv/bin/python bench/safeguarding_quality.py [--misses] [--held-out]

Reads the released evaluation sets `tests/safeguarding_eval.yaml` (the first,
512 messages), `tests/safeguarding_eval_2.yaml` (the second, 1452),
`tests/safeguarding_eval_3.yaml` (the third, 668), `tests/safeguarding_eval_4.yaml`
(the fourth, 640), `tests/safeguarding_eval_5.yaml` (the fifth, 640),
`tests/safeguarding_eval_6.yaml` (the sixth, 640), `tests/safeguarding_eval_7.yaml`
(the seventh, 640), `tests/safeguarding_eval_8.yaml` (the eighth, 640),
`tests/safeguarding_eval_9.yaml` (the ninth, 640), `tests/safeguarding_eval_10.yaml`
(the tenth, 640), `tests/safeguarding_eval_11.yaml` (the eleventh, 640),
`tests/safeguarding_eval_12.yaml` (the twelfth, 640),
`tests/safeguarding_eval_13.yaml` (the thirteenth, 640),
`tests/safeguarding_eval_14.yaml` (the fourteenth, 640),
`tests/safeguarding_eval_15.yaml` (the fifteenth, 640) and
`tests/safeguarding_eval_16.yaml` to `_27.yaml` (640 each). They
are *released*: a newer set took over as the held-out measure, their last honest
held-out figures are in `docs/safeguarding.md`, and the rules may be tuned against
all of them. A set
named in `HELD_OUT_SETS` (written blind, the next held-out measure) is counted
only with `--held-out`, once the rules are done; without it only its tune half
is printed. `--misses` lists the failing messages the rules may be tuned
against: every message of a released set, the tune half of a held-out one.

Two layers are counted: the rules' alarm (112 first), and the learned second opinion's
calm 112 line where the rules are silent (`faq/danger_model.py`), or its own alarm where
it is sure. "unseen" is a danger message that got neither alarm nor line; "calm" a
harmless one that got the calm line; "alarm" counts what the parent sees as the alarm,
the rules' or the sure model's. A case with the parent's earlier message (from the
twenty-eighth set on) is counted as the bot reads the two; "first alone" counts the
harmless pairs among the alarm's false alarms whose first message alone got it. The released
sets are the model's training data, so its figures there are fit, not measure.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq.danger_evaluation import HELD_OUT, TUNE, failures, figures, load_cases
from faq.library import load_library
from i18n import supported_codes

TESTS = ROOT / "tests"
# Sets whose held-out half is released for tuning (a newer set is the held-out measure).
RELEASED = (
    TESTS / "safeguarding_eval.yaml",
    TESTS / "safeguarding_eval_2.yaml",
    TESTS / "safeguarding_eval_3.yaml",
    TESTS / "safeguarding_eval_4.yaml",
    TESTS / "safeguarding_eval_5.yaml",
    TESTS / "safeguarding_eval_6.yaml",
    TESTS / "safeguarding_eval_7.yaml",
    TESTS / "safeguarding_eval_8.yaml",
    TESTS / "safeguarding_eval_9.yaml",
    TESTS / "safeguarding_eval_10.yaml",
    TESTS / "safeguarding_eval_11.yaml",
    TESTS / "safeguarding_eval_12.yaml",
    TESTS / "safeguarding_eval_13.yaml",
    TESTS / "safeguarding_eval_14.yaml",
    TESTS / "safeguarding_eval_15.yaml",
    TESTS / "safeguarding_eval_16.yaml",
    TESTS / "safeguarding_eval_17.yaml",
    TESTS / "safeguarding_eval_18.yaml",
    TESTS / "safeguarding_eval_19.yaml",
    TESTS / "safeguarding_eval_20.yaml",
    TESTS / "safeguarding_eval_21.yaml",
    TESTS / "safeguarding_eval_22.yaml",
    TESTS / "safeguarding_eval_23.yaml",
    TESTS / "safeguarding_eval_24.yaml",
    TESTS / "safeguarding_eval_25.yaml",
    TESTS / "safeguarding_eval_26.yaml",
    TESTS / "safeguarding_eval_27.yaml",
    TESTS / "safeguarding_eval_28.yaml",
    TESTS / "safeguarding_eval_29.yaml",
    TESTS / "safeguarding_eval_30.yaml",
    TESTS / "safeguarding_eval_31.yaml",
    TESTS / "safeguarding_eval_32.yaml",
    TESTS / "safeguarding_eval_33.yaml",
    TESTS / "safeguarding_eval_34.yaml",
    TESTS / "safeguarding_eval_35.yaml",
    TESTS / "safeguarding_eval_36.yaml",
    TESTS / "safeguarding_eval_37.yaml",
    TESTS / "safeguarding_eval_38.yaml",
    TESTS / "safeguarding_eval_39.yaml",
    TESTS / "safeguarding_eval_40.yaml",
    TESTS / "safeguarding_eval_41.yaml",
    TESTS / "safeguarding_eval_42.yaml",
    TESTS / "safeguarding_eval_43.yaml",
    TESTS / "safeguarding_eval_44.yaml",
    TESTS / "safeguarding_eval_45.yaml",
    TESTS / "safeguarding_eval_46.yaml",
    TESTS / "safeguarding_eval_47.yaml",
    TESTS / "safeguarding_eval_48.yaml",
    TESTS / "safeguarding_eval_49.yaml",
    TESTS / "safeguarding_eval_50.yaml",
    TESTS / "safeguarding_eval_51.yaml",
    TESTS / "safeguarding_eval_52.yaml",
    TESTS / "safeguarding_eval_53.yaml",
    TESTS / "safeguarding_eval_54.yaml",
    TESTS / "safeguarding_eval_55.yaml",
    TESTS / "safeguarding_eval_56.yaml",
)
# The held-out measure: a set written blind, counted only with `--held-out` (the
# fifty-seventh, since 2026-12-08 night; its held-out half is only ever counted, never
# listed).
HELD_OUT_SETS: tuple[Path, ...] = (TESTS / "safeguarding_eval_57.yaml",)


def main() -> None:
    args = sys.argv[1:]
    show_misses = "--misses" in args
    held_out = "--held-out" in args
    languages = supported_codes()
    library = load_library(languages)
    safeguarding, model = library.safeguarding, library.danger_model
    sets = [(path, True) for path in RELEASED]
    sets += [(path, False) for path in HELD_OUT_SETS if path.is_file()]
    for path, released in sets:
        cases = load_cases(path)
        data = figures(safeguarding, cases, model)
        halves = (TUNE, HELD_OUT) if released or held_out else (TUNE,)
        print(f"\n{path.name}" + (" (released: every half may be tuned on)" if released else ""))
        print(
            f"{'':4} {'half':<9} {'missed':>14} {'false alarms':>16}  wrong kind  unseen  calm"
            "  alarm: missed  false  (first alone)"
        )
        for code in languages:
            for split in halves:
                s = data[(code, split)]
                print(
                    f"{code:4} {split:<9} {s.missed:>3} of {s.danger:<3} {s.miss_rate:5.1%}"
                    f"  {s.false_alarms:>3} of {s.harmless:<3} {s.false_alarm_rate:5.1%}"
                    f"  {s.wrong_kind:>10}  {s.unseen:>6}  {s.calm_lines:>4}"
                    f"  {s.alarm_missed:>13}  {s.alarm_false_alarms:>5}  {s.first_alone:>13}"
                )
        if show_misses:
            listed = cases if released else [c for c in cases if c.split == TUNE]
            for case in failures(safeguarding, listed, released=released):
                label = f"missed ({case.expect})" if case.expect else "false alarm"
                print(f"  {case.lang} {case.split} {label}: {case.text}")


if __name__ == "__main__":
    main()
