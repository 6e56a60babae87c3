"""The danger words measured on their evaluation sets.

Fifty-eight sets (the last written and waiting), each written before the rules were
tuned against it, each with a `tune` half and a `held_out` half fixed when it was written:
`tests/safeguarding_eval.yaml` (512 messages, 25 + 25 per language),
`tests/safeguarding_eval_2.yaml` (1452 messages, 40+ danger and 100+ harmless
per language, so that "at most 1 false alarm in 50" can be shown at all),
`tests/safeguarding_eval_3.yaml` (668 messages, 30+ and 30+ per language,
written without reading the rules or the first two sets' messages), and
`tests/safeguarding_eval_4.yaml` to `_58.yaml` (640 messages each, 32 + 32 per
language, written blind; in the twenty-eighth to fifty-eighth half of them two messages
in a row).

Sets 1-56 are *released*: each was the held-out measure until its held-out half
was counted (on record in `docs/safeguarding.md`), then a fresh blind set took
over. The rules are tuned on every message of sets 1 to 4, so the tests on their
held-out halves below no longer measure anything held out: they pin that those
sets stay met, whole, in every language. The fifth to fifty-sixth were counted and
released, the rules tuned on them only after their count; the danger model (`faq/danger_model.py`)
learns from sets 1-56. The fifty-seventh is the held-out measure, for the alarm (the rules'
or the sure model's) and for the calm 112 line of the second layer. Where a language
does not meet the bar, its test is a strict expected failure naming it; it fails the day
the bar is met, so the mark comes off with evidence.

The bar (issue 14) per language: no danger message missed, at most one false
alarm in 50 harmless ones. With 16-17 harmless messages per language and half
of the third to fifty-seventh set, "at most 1 in 50" means none.
`test_the_docs_report_the_current_figures` keeps the docs' tables current.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from faq.danger_evaluation import (
    HELD_OUT,
    TUNE,
    DangerCase,
    DangerScore,
    failures,
    figures,
    layered_table,
    load_cases,
    table,
)
from faq.danger_model import DangerModel
from faq.library import FaqLibrary
from faq.safeguarding import (
    DuplicateKeyError,
    RulesFileError,
    RuleSyntaxError,
    Safeguarding,
    _Compiler,
    clause_starts,
    load_phrases,
    load_rules_file,
    normalise,
    read_message,
)
from i18n import supported_codes
from i18n.languages import CONTENT_DIR

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

EVAL = Path(__file__).parent / "safeguarding_eval.yaml"
EVAL_2 = Path(__file__).parent / "safeguarding_eval_2.yaml"
EVAL_3 = Path(__file__).parent / "safeguarding_eval_3.yaml"
EVAL_4 = Path(__file__).parent / "safeguarding_eval_4.yaml"
EVAL_5 = Path(__file__).parent / "safeguarding_eval_5.yaml"
EVAL_6 = Path(__file__).parent / "safeguarding_eval_6.yaml"
EVAL_7 = Path(__file__).parent / "safeguarding_eval_7.yaml"
EVAL_8 = Path(__file__).parent / "safeguarding_eval_8.yaml"
EVAL_9 = Path(__file__).parent / "safeguarding_eval_9.yaml"
EVAL_10 = Path(__file__).parent / "safeguarding_eval_10.yaml"
EVAL_11 = Path(__file__).parent / "safeguarding_eval_11.yaml"
EVAL_12 = Path(__file__).parent / "safeguarding_eval_12.yaml"
EVAL_13 = Path(__file__).parent / "safeguarding_eval_13.yaml"
EVAL_14 = Path(__file__).parent / "safeguarding_eval_14.yaml"
EVAL_15 = Path(__file__).parent / "safeguarding_eval_15.yaml"
EVAL_16 = Path(__file__).parent / "safeguarding_eval_16.yaml"
EVAL_17 = Path(__file__).parent / "safeguarding_eval_17.yaml"
EVAL_18 = Path(__file__).parent / "safeguarding_eval_18.yaml"
EVAL_19 = Path(__file__).parent / "safeguarding_eval_19.yaml"
EVAL_20 = Path(__file__).parent / "safeguarding_eval_20.yaml"
EVAL_21 = Path(__file__).parent / "safeguarding_eval_21.yaml"
EVAL_22 = Path(__file__).parent / "safeguarding_eval_22.yaml"
EVAL_23 = Path(__file__).parent / "safeguarding_eval_23.yaml"
EVAL_24 = Path(__file__).parent / "safeguarding_eval_24.yaml"
EVAL_25 = Path(__file__).parent / "safeguarding_eval_25.yaml"
EVAL_26 = Path(__file__).parent / "safeguarding_eval_26.yaml"
EVAL_27 = Path(__file__).parent / "safeguarding_eval_27.yaml"
EVAL_28 = Path(__file__).parent / "safeguarding_eval_28.yaml"
EVAL_29 = Path(__file__).parent / "safeguarding_eval_29.yaml"
EVAL_30 = Path(__file__).parent / "safeguarding_eval_30.yaml"
EVAL_31 = Path(__file__).parent / "safeguarding_eval_31.yaml"
EVAL_32 = Path(__file__).parent / "safeguarding_eval_32.yaml"
EVAL_33 = Path(__file__).parent / "safeguarding_eval_33.yaml"
EVAL_34 = Path(__file__).parent / "safeguarding_eval_34.yaml"
EVAL_35 = Path(__file__).parent / "safeguarding_eval_35.yaml"
EVAL_36 = Path(__file__).parent / "safeguarding_eval_36.yaml"
EVAL_37 = Path(__file__).parent / "safeguarding_eval_37.yaml"
EVAL_38 = Path(__file__).parent / "safeguarding_eval_38.yaml"
EVAL_39 = Path(__file__).parent / "safeguarding_eval_39.yaml"
EVAL_40 = Path(__file__).parent / "safeguarding_eval_40.yaml"
EVAL_41 = Path(__file__).parent / "safeguarding_eval_41.yaml"
EVAL_42 = Path(__file__).parent / "safeguarding_eval_42.yaml"
EVAL_43 = Path(__file__).parent / "safeguarding_eval_43.yaml"
EVAL_44 = Path(__file__).parent / "safeguarding_eval_44.yaml"
EVAL_45 = Path(__file__).parent / "safeguarding_eval_45.yaml"
EVAL_46 = Path(__file__).parent / "safeguarding_eval_46.yaml"
EVAL_47 = Path(__file__).parent / "safeguarding_eval_47.yaml"
EVAL_48 = Path(__file__).parent / "safeguarding_eval_48.yaml"
EVAL_49 = Path(__file__).parent / "safeguarding_eval_49.yaml"
EVAL_50 = Path(__file__).parent / "safeguarding_eval_50.yaml"
EVAL_51 = Path(__file__).parent / "safeguarding_eval_51.yaml"
EVAL_52 = Path(__file__).parent / "safeguarding_eval_52.yaml"
EVAL_53 = Path(__file__).parent / "safeguarding_eval_53.yaml"
EVAL_54 = Path(__file__).parent / "safeguarding_eval_54.yaml"
EVAL_55 = Path(__file__).parent / "safeguarding_eval_55.yaml"
EVAL_56 = Path(__file__).parent / "safeguarding_eval_56.yaml"
EVAL_57 = Path(__file__).parent / "safeguarding_eval_57.yaml"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "safeguarding.md"
CASES = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
CASES_2 = load_cases(EVAL_2)
CASES_3 = load_cases(EVAL_3)
CASES_4 = load_cases(EVAL_4)
CASES_5 = load_cases(EVAL_5)
CASES_6 = load_cases(EVAL_6)
CASES_7 = load_cases(EVAL_7)
CASES_8 = load_cases(EVAL_8)
CASES_9 = load_cases(EVAL_9)
CASES_10 = load_cases(EVAL_10)
CASES_11 = load_cases(EVAL_11)
CASES_12 = load_cases(EVAL_12)
CASES_13 = load_cases(EVAL_13)
CASES_14 = load_cases(EVAL_14)
CASES_15 = load_cases(EVAL_15)
CASES_16 = load_cases(EVAL_16)
CASES_17 = load_cases(EVAL_17)
CASES_18 = load_cases(EVAL_18)
CASES_19 = load_cases(EVAL_19)
CASES_20 = load_cases(EVAL_20)
CASES_21 = load_cases(EVAL_21)
CASES_22 = load_cases(EVAL_22)
CASES_23 = load_cases(EVAL_23)
CASES_24 = load_cases(EVAL_24)
CASES_25 = load_cases(EVAL_25)
CASES_26 = load_cases(EVAL_26)
CASES_27 = load_cases(EVAL_27)
CASES_28 = load_cases(EVAL_28)
CASES_29 = load_cases(EVAL_29)
CASES_30 = load_cases(EVAL_30)
CASES_31 = load_cases(EVAL_31)
CASES_32 = load_cases(EVAL_32)
CASES_33 = load_cases(EVAL_33)
CASES_34 = load_cases(EVAL_34)
CASES_35 = load_cases(EVAL_35)
CASES_36 = load_cases(EVAL_36)
CASES_37 = load_cases(EVAL_37)
CASES_38 = load_cases(EVAL_38)
CASES_39 = load_cases(EVAL_39)
CASES_40 = load_cases(EVAL_40)
CASES_41 = load_cases(EVAL_41)
CASES_42 = load_cases(EVAL_42)
CASES_43 = load_cases(EVAL_43)
CASES_44 = load_cases(EVAL_44)
CASES_45 = load_cases(EVAL_45)
CASES_46 = load_cases(EVAL_46)
CASES_47 = load_cases(EVAL_47)
CASES_48 = load_cases(EVAL_48)
CASES_49 = load_cases(EVAL_49)
CASES_50 = load_cases(EVAL_50)
CASES_51 = load_cases(EVAL_51)
CASES_52 = load_cases(EVAL_52)
CASES_53 = load_cases(EVAL_53)
CASES_54 = load_cases(EVAL_54)
CASES_55 = load_cases(EVAL_55)
CASES_56 = load_cases(EVAL_56)
CASES_57 = load_cases(EVAL_57)


_COUNTED: dict[tuple[int, int, int], tuple[object, dict[tuple[str, str], DangerScore]]] = {}


def _figures(
    safeguarding: Safeguarding, cases: list[DangerCase], model: DangerModel | None = None
) -> dict[tuple[str, str], DangerScore]:
    """`figures` of one set, counted once: each language's test reads its own line of the
    same count. Counting the whole set again for each of ten languages made these tests
    most of the suite's time. The rules, the model and the sets are the session's and
    never change; the objects are kept with the count, so an id is never reused."""
    key = (id(safeguarding), id(cases), id(model))
    if key not in _COUNTED:
        _COUNTED[key] = ((safeguarding, cases, model), figures(safeguarding, cases, model))
    return _COUNTED[key][1]


MAX_FALSE_ALARMS = 1
FALSE_ALARMS_PER = 50  # issue 14: at most 1 false alarm in 50 harmless messages

# The released sets (1, 2, 3 and, since its held-out half was counted, 4): met whole. A
# language that does not meet the bar on one of them goes here, as a strict expected failure;
# remove it only when its figure meets the bar, never to make the suite green.
MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset()
FIRST_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset()
THIRD_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
THIRD_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset()
# The fourth set: released once its held-out half was counted (2026-11-30, docs/safeguarding.md).
FOURTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
FOURTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset()
# The fifth set (written blind) was the held-out measure, counted once after the round of
# tuning on sets 1-4 (2026-12-01, docs/safeguarding.md). Released when the sixth took over:
# the danger model learns from it, the rules were never tuned on it, and these marks stand.
FIFTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
FIFTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The released sets' false-alarm marks last moved on 2026-12-02's morning: the rules'
# narrowings of their most repeated false alarms (drowning in laundry, "ungerne slår mig
# ihjel", a question asked in advance; written on the released sets, so tuned on them, not
# a held-out result) took Danish off on the seventh, ninth, eleventh, fifteenth and
# sixteenth sets and English off on the twelfth. They moved again on its afternoon: the
# idioms of drowning in laundry, dishes and papers said in Turkish, Urdu and Somali, and a
# caseworker or the kommune "not answering" in Turkish, Urdu and Arabic (written on the
# released sets, tuned on them) took Somali, Turkish and Urdu off on the sixth, Urdu on
# the eighth, Turkish on the ninth, Somali and Turkish on the sixteenth.
# The sixth set (written blind, in the short voice of group-bot traffic) was the held-out
# measure, counted once 2026-12-01 05:49 UTC (docs/safeguarding.md), then released: the
# danger model learns from it, the rules were never tuned on it, and these marks stand.
SIXTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# pl and uk met on 2026-12-02 evening: Polish "sine" (blue) no longer fires alone on the
# Danish "sine" (his, her), and Ukrainian news, dreams and cartoons lift a child's alarm.
# en met on 2026-12-03 (the round on the twenty-fifth set: a series "where", no hitting).
# fa met on 2026-12-03 afternoon (the round on the twenty-sixth set: a question asked ahead).
# da met on 2026-12-05 morning (the round on the thirty-third set).
SIXTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {
    "bg",
    "so",
    "tr",
    "ur",
    "pl",
    "uk",
    "en",
    "fa",
    "da",
}
# The seventh set (written blind, short, plain and long messages mixed) was the held-out
# measure, counted once 2026-12-01 06:07 UTC (docs/safeguarding.md), then released: the
# danger model learns from it, the rules were never tuned on it, and these marks stand.
SEVENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# so met on 2026-12-03 (the round on the twenty-third set: a past told as over, a teddy in play).
SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {
    "ar",
    "bg",
    "pl",
    "uk",
    "da",
    "so",
}
# The eighth set (written blind, each language on its own) was the held-out measure,
# counted once 2026-12-01 06:36 UTC (docs/safeguarding.md), then released: the danger
# model learns from it, the rules were never tuned on it, and these marks stand. (Its
# "neither alarm nor calm line" figure, so, uk and ur, was measured then; trained on, it
# no longer measures anything.)
EIGHTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# fa met on 2026-12-03 (the round on the twenty-third set: play, asked ahead, a past told as over).
# pl met on 2026-12-03 (the round on the twenty-fourth set: a past told as over, "nie dam
# rady" said of coming).
EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"bg", "ur", "fa", "pl"}
# The ninth set (written blind, each language on its own) was the held-out measure,
# counted once 2026-12-01 10:20 UTC (docs/safeguarding.md), then released: the danger model
# learns from it, the rules were never tuned on it, and these marks stand. (Its "neither
# alarm nor calm line" figure, bg, fa and pl, was measured then; trained on, it no longer
# measures anything.)
NINTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# pl met on 2026-12-02 evening (Polish "sine" said of lips, a face or skin only).
# en met on 2026-12-03 (the round on the twenty-third set: a small thing already handled).
# so met on 2026-12-04 evening (the round on the twenty-ninth set, tuned on other sets).
NINTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {
    "so",
    "bg",
    "uk",
    "da",
    "tr",
    "pl",
    "en",
}
# The tenth set (written blind, from a brief alone) was the held-out measure, counted once
# 2026-12-01 10:39 UTC (docs/safeguarding.md), then released: the danger model learns from
# it, the rules were never tuned on it, and these marks stand. (Its "neither alarm nor calm
# line" figure, every language but ar and tr, was measured then; trained on, it no longer
# measures anything.) Persian came back above the bar (2026-12-02) when all-clears were
# scoped to their language: a Finglish film about a woman hit by her husband ("shoharesh")
# had been lifted by the Turkish all-clear "film*", while the Persian one keeps the alarm
# where a husband is named.
TENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
TENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"en", "ar", "bg"}
# The eleventh set (written blind, from a brief alone) was the held-out measure, counted
# once 2026-12-01 11:16 UTC (docs/safeguarding.md), then released: the danger model learns
# from it, the rules were never tuned on it, and these marks stand. (Its "neither alarm nor
# calm line" figure, every language but pl and so, was measured then; trained on, it no
# longer measures anything.)
ELEVENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
ELEVENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"fa", "uk", "da"}
# The twelfth set (written blind, from a brief alone, the subtler message of a pair
# alternating first and second) was the held-out measure, counted once 2026-12-01 13:13
# UTC (docs/safeguarding.md), then released: the danger model learns from it, the rules
# were never tuned on it, and these marks stand. (Its "neither alarm nor calm line"
# figure, ar, so and uk, was measured then; trained on, it no longer measures anything.)
TWELFTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# ar and ur met on 2026-12-03 (the round on the twenty-third set: play, news, asked ahead).
TWELFTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {
    "bg",
    "fa",
    "pl",
    "uk",
    "en",
    "ar",
    "ur",
}
# The thirteenth set (written blind, from a brief alone, each language its own situations)
# was the held-out measure, counted once 2026-12-01 13:43 UTC (docs/safeguarding.md), then
# released: the danger model learns from it, the rules were never tuned on it, and these
# marks stand. (Its "neither alarm nor calm line" figure, da, so and uk, was measured then;
# trained on, it no longer measures anything.)
THIRTEENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# pl met on 2026-12-03 (the round on the twenty-fourth set).
THIRTEENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"ar", "bg", "so", "pl"}
# The fourteenth set (written blind, from the thirteenth's brief) was the held-out measure,
# counted 2026-12-01 16:43 and 17:24 UTC with the model raising the alarm itself where it
# is sure (docs/safeguarding.md), then released: the danger model learns from it, the rules
# were never tuned on it. Its marks were the alarm's as the parent saw it; the model's
# figures there are fit now, so they are held on the rules alone, which give the same
# languages (the model's alarm had fallen on none of its harmless messages). (Its "neither
# alarm nor calm line" figure, ar, bg, uk and ur, was measured then.)
FOURTEENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# ar met on 2026-12-05 morning (the round on the thirty-third set), pl later that morning
# (the round on the thirty-fourth).
FOURTEENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"da", "fa", "ar", "pl"}
# The fifteenth set (written blind, from the thirteenth's brief) was the held-out measure,
# first seen 19:34 and counted 19:36 UTC on 2026-12-01 (docs/safeguarding.md says how),
# then released: the danger model learns from it, the rules were never tuned on it (the
# rules for violence said without a blow, added after the count, changed nothing on it).
# Its marks were the alarm's as the parent saw it (false alarms above the bar in every
# language but Bulgarian); the model's figures there are fit now, so they are held on the
# rules alone, which miss in every language and raise false alarms above the bar in all
# but Arabic and Bulgarian (Arabic's were the model's). (Its "neither alarm nor calm
# line" figure, da, ar, bg, pl and uk, was measured then.)
FIFTEENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# uk met on 2026-12-02 evening (news, dreams and cartoons lift a child's alarm); fa met
# late that night (the round on the twenty-second set's misses narrowed Persian "kabud
# shode", a bruise, and a fall told in the news).
# en met on 2026-12-03 (the round on the twenty-fourth set: a small thing already handled).
FIFTEENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {
    "ar",
    "bg",
    "da",
    "uk",
    "fa",
    "en",
}
# The sixteenth set (written blind, from the fifteenth's brief) was the held-out measure,
# counted once 2026-12-01 23:03 UTC with nothing run on it before (docs/safeguarding.md),
# then released: the danger model learns from it, the rules were never tuned on it before
# its count (English rules for a pillow over her face or someone sitting on her, written
# after it, caught one more English held-out message). Its marks were the alarm's as the
# parent saw it (misses in all but Urdu, false alarms above the bar in all but Bulgarian
# and Persian); the model's figures there are fit now, so they are held on the rules
# alone, which miss in every language and raise false alarms above the bar in all but
# English, Bulgarian and Persian. (Its "neither alarm nor calm line" figure, en, ar, bg,
# so and uk, was measured then.)
# Persian left the misses when the rules began to read Finglish (`r51`, 2026-12-07 night).
SIXTEENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"fa"}
SIXTEENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {
    "en",
    "bg",
    "fa",
    "da",
    "so",
    "tr",
}
# The seventeenth set (written blind, from the sixteenth's brief) was the held-out measure,
# counted once 2026-12-02 03:15 UTC with nothing run on it before (docs/safeguarding.md),
# then released: the danger model learns from it, the rules were never tuned on it. Its
# marks were the alarm's as the parent saw it (misses and false alarms above the bar in
# every language); the model's figures there are fit now, so they are held on the rules
# alone, which miss in every language and raise false alarms above the bar in all but
# Bulgarian (Bulgarian's one was the model's). (Its "neither alarm nor calm line" figure,
# fa, so and tr, was measured then.) Ukrainian met its false-alarm bar on the rules alone
# after the round on the twenty-seventh set (2026-12-03, evening).
SEVENTEENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
SEVENTEENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"bg", "uk"}
# The eighteenth set (written blind, from the seventeenth's brief) was the held-out measure,
# counted once 2026-12-02 06:43 UTC with nothing run on it before (docs/safeguarding.md),
# then released: the danger model learns from it, the rules were never tuned on it. Its
# marks were the alarm's as the parent saw it (misses and false alarms above the bar in
# every language); the model's figures there are fit now, so they are held on the rules
# alone, which miss and raise false alarms above the bar in every language. (Its "neither
# alarm nor calm line" figure, bg, pl and tr, was measured then.)
EIGHTEENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
# bg met on 2026-12-03 (the round on the twenty-fifth set: a dream, a series, play).
EIGHTEENTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {"bg", "fa"}
# The nineteenth set (written blind, from the eighteenth's brief with the pairs' order
# reversed) was the held-out measure, counted once 2026-12-02 10:24 UTC with nothing run on
# it before (docs/safeguarding.md), then released. Its marks were the alarm's as the parent
# saw it (misses in every language but so and tr; false alarms above the bar in ar, bg, en,
# so, tr, ur; every danger message had at least the calm line); held now on the rules
# alone, which miss in every language and raise false alarms above the bar in ar, bg, en,
# so, tr and ur.
# uk met on 2026-12-02 evening, after rules written from the twentieth set's misses (a
# farewell, an overdose with a farewell, a child's disclosure): tuned on other sets, not on it.
NINETEENTH_SET_MISSES_NOT_YET_ZERO = frozenset(supported_codes()) - {"uk"}
# bg and ur's false alarms met on 2026-12-04 evening (the round on the twenty-ninth set, tuned
# on other sets, not on it).
NINETEENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset({"ar", "en", "so", "tr"})
# The twentieth set (written blind) was the held-out measure, counted once 2026-12-02 14:08
# UTC with nothing run on it before (docs/safeguarding.md), then released. Its marks were
# the alarm's as the parent saw it (misses in every language but da, en and pl; false
# alarms above the bar in da, fa, pl, tr, uk, ur; one Arabic danger message got neither
# the alarm nor the calm line); held now on the rules alone, which miss in every language
# and raise false alarms above the bar in da, fa, pl, tr, uk and ur (all its false alarms
# were the rules').
# After its release the rules were written for its misses by kind (the round of the
# twenty-first, tuned on it: no held-out result): on the rules alone its held-out half is
# missed only in bg, fa and ur (one message each), and Polish and Ukrainian raise no false
# alarm there. Since the round on the thirty-sixth set (2026-12-05), no longer in Urdu.
TWENTIETH_SET_MISSES_NOT_YET_ZERO = frozenset({"bg", "fa"})
TWENTIETH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset({"da", "fa", "tr", "ur"})
# The twenty-first set (written blind, half its danger beside words that usually mean no
# danger, half its harmless messages a danger word amid a long everyday message) was the
# held-out measure, counted once 2026-12-02 17:32 UTC with nothing run on it before
# (docs/safeguarding.md), then released. Its marks were the alarm's as the parent saw it
# (misses in every language but da and pl; false alarms above the bar in every language;
# four languages with a danger message that got neither the alarm nor the calm line); held
# now on the rules alone, which miss in every language and raise false alarms above the bar
# in every language.
# pl met on 2026-12-05 (the round on the thirty-second set: a dishwasher liquid drunk, drooling).
# da met on 2026-12-06 (the `r39` round: a baby of three weeks with 39.4 who will not eat).
TWENTY_FIRST_SET_MISSES_NOT_YET_ZERO = frozenset(supported_codes()) - {"pl", "da"}
# uk met on 2026-12-03 (the round on the twenty-fifth set: a joke about being late, a laugh).
TWENTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"uk"}


# The twenty-second set (written blind, a quarter of it by someone other than the mother, a
# quarter switching to Danish or English mid-message) was the held-out measure, counted once
# 2026-12-02 22:13 UTC with nothing run on it before (docs/safeguarding.md), then released.
# Its marks were the alarm's as the parent saw it (misses in every language; false alarms
# above the bar in all but tr and uk; five languages with a danger message that got neither
# the alarm nor the calm line); held now on the rules alone. After the round written from
# its misses (tuned on it: no held-out result) the rules alone miss its held-out half only
# in da and en (two each) and raise false alarms above the bar in da, en, bg and so; da's
# false alarms met on 2026-12-03 (the round on the twenty-third set); bg's and so's on
# 2026-12-04 evening (the round on the twenty-ninth set).
TWENTY_SECOND_SET_MISSES_NOT_YET_ZERO = frozenset({"da", "en"})
TWENTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR = frozenset({"en"})
# The twenty-third set (written blind, a quarter of it dictated by voice-to-text, a quarter
# long with the danger or the danger-like word amid everyday talk) was the held-out measure,
# counted once 2026-12-02 22:49 UTC with nothing run on it before (docs/safeguarding.md),
# then released 2026-12-03. Its marks were the alarm's as the parent saw it (misses in all
# but fa; false alarms above the bar in every language; one Arabic danger message that got
# neither the alarm nor the calm line); held now on the rules alone, which at its release
# missed in every language and raised false alarms above the bar in every language. After
# the round written from its misses and false alarms (tuned on it: no held-out result) the
# rules alone meet both in every language.
TWENTY_THIRD_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
TWENTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset()
# The twenty-fourth set (written blind, a third of it replies to the weekly reminder whose
# reason is the danger or only sounds alarming, a third everyday questions with the danger
# in a side clause) was the held-out measure, counted once 2026-12-03 04:12 UTC with nothing
# run on it before (docs/safeguarding.md), then released the same morning. Its marks were
# the alarm's as the parent saw it (misses in all but en and uk; false alarms above the bar
# in all but ar and bg; fa, tr and ur with a danger message that got neither the alarm nor
# the calm line); held now on the rules alone, which at its release missed in every language
# and raised false alarms above the bar in all but ar and bg. After the round written from
# its misses (tuned on it: no held-out result) the rules alone miss none of its held-out
# half and raise false alarms above the bar only in da (2) and uk (1).
TWENTY_FOURTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
TWENTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset({"da", "uk"})
# The twenty-fifth set (written blind, a quarter of it by or about someone other than the
# parent, a quarter switching language mid-message, a quarter saying clearly when) was the
# held-out measure, counted once 2026-12-03 04:56 UTC with nothing run on it before
# (docs/safeguarding.md), then released at the next session's start. Its marks were the
# alarm's as the parent saw it (misses in all but pl; false alarms above the bar in every
# language; da, ar, bg, fa and so with a danger message that got neither the alarm nor the
# calm line); held now on the rules alone, which at its release missed in every language and
# raised false alarms above the bar in all but ar. After the round written from its misses
# and false alarms (tuned on it: no held-out result) the rules alone meet both in every
# language.
TWENTY_FIFTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
TWENTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset()
# The twenty-sixth set (written blind, a quarter of its danger minimised or over-polite
# against harmless questions asked in advance about danger signs, a quarter very short, a
# quarter a second message in a chat) was the held-out measure, counted once 2026-12-03
# 09:44 UTC with nothing run on it before (docs/safeguarding.md), then released that
# afternoon. Its marks were the alarm's as the parent saw it (misses in every language;
# false alarms above the bar in all but so and tr; da, ar, bg, fa, pl, so and tr with a
# danger message that got neither the alarm nor the calm line); held now on the rules alone,
# which at its release missed in every language and raised false alarms above the bar in all
# but so and tr. After the round written from its misses and false alarms (tuned on it: no
# held-out result) the rules alone miss none of its held-out half and raise false alarms
# above the bar only in ur (2: a doll "not breathing, 112!" and a fever fit "when 112?",
# where an all-clear must not lift a message that says 112).
TWENTY_SIXTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
TWENTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset({"ur"})
# The twenty-seventh set (written blind, a quarter of it dictated by voice, a quarter mixing
# two languages inside one message, a quarter long with the danger late or in the middle)
# was the held-out measure, counted once 2026-12-03 13:15-13:25 UTC (docs/safeguarding.md),
# then released that evening. Its marks were the alarm's as the parent saw it (misses in
# da, ar, bg, fa, pl, tr, ur; false alarms above the bar in every language; bg with a danger
# message that got neither the alarm nor the calm line); held now on the rules alone, which
# at its release missed in every language and raised false alarms above the bar in all but
# pl. After the round written from its misses and false alarms (tuned on it: no held-out
# result) the rules alone miss four of its held-out Arabic danger messages (the model
# raises the alarm on each) and raise one held-out false alarm, in tr (a Danish joke, "jeg
# slår dig ihjel" when he loses at FIFA, which the Danish rules keep as a threat).
TWENTY_SEVENTH_SET_MISSES_NOT_YET_ZERO = frozenset({"ar"})
TWENTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset({"tr"})
# The twenty-eighth set (written blind; half of each language's messages two messages in a
# row, the parent's earlier message and the next, scored as the bot reads them) was the
# held-out measure, counted once 2026-12-03 17:21 UTC (docs/safeguarding.md), then released
# 2026-12-04 at night (its pairs train the model joined). Its marks were the alarm's as the
# parent saw it (misses and false alarms above the bar in every language; bg, pl and tr with a
# danger message that got neither the alarm nor the calm line); held now on the rules alone,
# which at its release missed in every language and raised false alarms above the bar in
# every language. After the round written from its misses and false alarms (tuned on it: no
# held-out result), the rules alone miss none of its held-out danger messages in any language
# and raise 13 held-out false alarms, none in Persian.
TWENTY_EIGHTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
TWENTY_EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"fa"}
# The twenty-ninth set (written blind, on the border between an urgent worry and an
# emergency: danger told quietly or as a question, harmless present-tense worries in
# danger's words; half of each language's messages two messages in a row) was the held-out
# measure, counted once 2026-12-04 13:03 UTC (docs/safeguarding.md), then released that
# afternoon. Its marks were the alarm's as the parent saw it (misses and false alarms above
# the bar in every language; all but pl, so and ur with a danger message that got neither
# the alarm nor the calm line); held now on the rules alone, which at its release missed in
# every language and raised false alarms above the bar in every language. After the round
# written from its misses and false alarms, reviewed and mended (tuned on it: no held-out
# result), the rules alone miss none of its danger messages in either half and raise 19
# held-out false alarms, none in Polish.
TWENTY_NINTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
TWENTY_NINTH_SET_FALSE_ALARMS_ABOVE_BAR = frozenset(supported_codes()) - {"pl"}
# The thirtieth set (written blind: phones, emoji and older children; half of each
# language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-04 17:04 UTC (docs/safeguarding.md), then released that evening. Its marks were
# the alarm's as the parent saw it (misses in every language but da and uk, false alarms
# above the bar in every language, a danger message with neither the alarm nor the calm
# line in fa and ur); held now on the rules alone. After the round written from its misses
# and false alarms, reviewed and mended (tuned on it: no held-out result), these are the
# languages where the rules alone still miss a held-out danger message, and where they
# raise held-out false alarms above the bar. Urdu joined them with the round `r46`: a pair
# whose first message is a daughter's cry "help, he is hitting me" and whose second tells a
# pillow fight alarms again, because the exception that quieted it also silenced that cry said
# beside a real attack (the exception guard); an emergency missed costs more.
THIRTIETH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
THIRTIETH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {
    "pl",
    "uk",
}
# The thirty-first set (written blind: dictation, long messages and other people's news;
# half of each language's messages two messages in a row) was the held-out measure,
# counted once 2026-12-04 19:36 UTC (docs/safeguarding.md), then released that night. Its
# marks were the alarm's as the parent saw it (misses in ar, bg, fa, so, uk and ur, false
# alarms above the bar in every language, a danger message with neither the alarm nor the
# calm line in fa); held now on the rules alone. After the round written from its misses
# and false alarms, reviewed and mended (tuned on it: no held-out result), these are the
# languages where the rules alone still miss a held-out danger message, and where they
# raise held-out false alarms above the bar.
THIRTY_FIRST_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset({"pl"})
THIRTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {"fa"}
# The thirty-second set (written blind: the reason for not coming and answers to the bot's
# own messages; half of each language's messages two messages in a row) was the held-out
# measure, counted once 2026-12-04 22:33 UTC (docs/safeguarding.md), then released on
# 2026-12-05. Its marks were the alarm's as the parent saw it (misses in every language,
# false alarms above the bar in all but bg and pl, a danger message with neither the alarm
# nor the calm line in ar and ur); held now on the rules alone. After the round written from
# its misses and false alarms, reviewed and mended (tuned on it: no held-out result), these
# are the languages where the rules alone still miss a held-out danger message, and where
# they raise held-out false alarms above the bar.
THIRTY_SECOND_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
THIRTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset({"da", "en", "ar", "fa", "tr"})
# The thirty-third set (written blind: the same worry, mild and severe; half of each
# language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-05 01:28 UTC (docs/safeguarding.md), then released the same morning. Its marks were
# the alarm's as the parent saw it (misses in all but bg and ur, false alarms above the bar in
# every language); held now on the rules alone. After the round written from its misses and
# false alarms, reviewed and mended (tuned on it: no held-out result), these are the
# languages where the rules alone still miss a held-out danger message, and where they raise
# held-out false alarms above the bar.
THIRTY_THIRD_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
THIRTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(
    {"da", "en", "ar", "bg", "fa", "so", "tr", "ur"}
)
# The thirty-fourth set (written blind: the night, and the exhausted parent; half of each
# language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-05 04:41 UTC (docs/safeguarding.md), then released the same morning. Its marks were
# the alarm's as the parent saw it (misses in da, ar, fa and ur, false alarms above the bar
# in every language but Somali); held now on the rules alone. After the round written from
# its misses and false alarms, reviewed and mended (tuned on it: no held-out result), these
# are the languages where the rules alone still miss a held-out danger message, and where
# they raise held-out false alarms above the bar.
THIRTY_FOURTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
THIRTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset({"ar", "bg", "fa", "tr"})
# The thirty-fifth set (written blind: dictated messages, and Danish words in between; half
# of each language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-05 08:00 UTC (docs/safeguarding.md), then released the same day. Its marks were the
# alarm's as the parent saw it (misses in da, en, ar, bg, so, tr, uk and ur, false alarms
# above the bar in every language); held now on the rules alone. Released without a round
# written from it (the rounds had reached nothing held out four times in a row), these are
# the languages where the rules alone miss a held-out danger message, and where they raise
# held-out false alarms above the bar.
THIRTY_FIFTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
THIRTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The thirty-sixth set (written blind: pregnancy, the newborn weeks and the first year; half
# of each language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-05 10:20 UTC (docs/safeguarding.md), then released the same day. Its marks were the
# alarm's as the parent saw it (misses in every language but Bulgarian, false alarms above
# the bar in every language); held now on the rules alone. After the round written from it
# (`# --- r37`), these are the languages where the rules alone miss a held-out danger
# message, and where they raise held-out false alarms above the bar.
THIRTY_SIXTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
THIRTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(
    {"da", "ar", "fa", "tr", "uk", "ur"}
)
# The thirty-seventh set (written blind: long messages with several things at once, and the
# toddler years; half of each language's messages two messages in a row) was the held-out
# measure, counted once 2026-12-05 13:16 UTC (docs/safeguarding.md), then released the same
# day. Its marks were the alarm's as the parent saw it (misses in every language but Persian,
# Somali, Turkish and Urdu, false alarms above the bar in every language); held now on the
# rules alone. Released without a round written from it (five rounds in a row had reached
# nothing held out), these are the languages where the rules alone miss a held-out danger
# message, and where they raise held-out false alarms above the bar. Somali came off the misses
# after the `r43` round (2026-12-06 night), when its rules alone first caught every one.
THIRTY_SEVENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"so"}
THIRTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The thirty-eighth set (written blind: dictated messages, mixed languages, and families out
# and about; half of each language's messages two messages in a row) was the held-out
# measure, counted once 2026-12-05 16:45 UTC (docs/safeguarding.md), then released the same
# day. Its marks were the alarm's as the parent saw it (misses in Arabic, Polish and Turkish,
# false alarms above the bar in every language but Polish); held now on the rules alone,
# released without a round written from it: the languages where the rules alone miss a
# held-out danger message, and where they raise held-out false alarms above the bar.
# Arabic left the misses when the rules began to read Arabizi (`r51`, 2026-12-07 night).
THIRTY_EIGHTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"so", "ar"}
THIRTY_EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {"pl"}
# The thirty-ninth set (written blind: replies to the reminder, reasons for not coming, and the
# night; half of each language's messages two messages in a row) was the held-out measure,
# counted once 2026-12-05 19:17 UTC (docs/safeguarding.md), then released the same night. Its
# marks were the alarm's as the parent saw it (misses in Arabic, Persian, Polish, Somali,
# Turkish and Urdu, false alarms above the bar in every language); held now on the rules
# alone, released without a round written from it: the languages where the rules alone miss
# a held-out danger message, and where they raise held-out false alarms above the bar.
THIRTY_NINTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"bg", "pl"}
THIRTY_NINTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The fortieth set (written blind: someone else writes, and the children of three to six;
# half of each language's messages two messages in a row) was the held-out measure, counted
# once 2026-12-05 22:48 UTC (docs/safeguarding.md), then released the next night. Its marks
# were the alarm's as the parent saw it (misses in Danish, Bulgarian, Persian, Polish,
# Somali, Turkish and Ukrainian, false alarms above the bar in every language, one Bulgarian
# danger message without 112); held now on the rules alone, released without a round
# written from it, then the round written from it and the two sets after it (`r38`, 2026-12-06
# morning): the languages where the rules alone miss a held-out danger message, and where
# they raise held-out false alarms above the bar. Ukrainian left the misses when the rules
# began to read Ukrainian typed in Latin letters (`r50`, 2026-12-07).
FORTIETH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset({"ar", "bg", "da", "fa"})
FORTIETH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The forty-first set (written blind: the family's own words, and several children at once;
# half of each language's messages two messages in a row) was the held-out measure, counted
# once 2026-12-06 01:12 UTC (docs/safeguarding.md), then released the same morning. Its
# marks were the alarm's as the parent saw it (misses in Danish, English, Arabic, Polish and
# Somali, false alarms above the bar in every language, every danger message with 112);
# held now on the rules alone, after the round written from it and the sets beside it
# (`r38`): the languages where the rules alone miss a held-out danger message, and where they
# raise held-out false alarms above the bar.
FORTY_FIRST_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {
    "ar",
    "pl",
    "tr",
    "uk",
}
FORTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {
    "pl",
    "ur",
}
# The forty-second set (written blind: short messages, and the home through the seasons and
# feasts; half of each language's messages two messages in a row) was the held-out measure,
# counted once 2026-12-06 04:25 UTC (docs/safeguarding.md), then released the same morning.
# Its marks were the alarm's as the parent saw it (misses in every language but English and
# Polish, false alarms above the bar in every language, four danger messages without 112);
# held now on the rules alone, after the round written from it and the two sets before it
# (`r38`): the languages where the rules alone miss a held-out danger message, and where they
# raise held-out false alarms above the bar.
FORTY_SECOND_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset({"ar", "fa", "uk"})
FORTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The forty-third set (written blind: out and about, the street, the bus, the playground, the
# shop, the pool, the forest and the beach; half of each language's messages two messages in
# a row) was the held-out measure, counted once 2026-12-06 05:32 UTC (docs/safeguarding.md),
# then released the same morning. Its marks were the alarm's as the parent saw it (misses and
# false alarms above the bar in every language, a Bulgarian and a Turkish danger message
# without 112); held now on the rules alone, after the round written from it and the two sets
# before it (`r39`): the languages where the rules alone miss a held-out danger message, and
# where they raise held-out false alarms above the bar.
FORTY_THIRD_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset({"fa"})
FORTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The forty-fourth set (written blind: the couple, the in-laws and the money; half of each
# language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-06 08:59 UTC (docs/safeguarding.md), then released late that morning. Its marks
# were the alarm's as the parent saw it (misses in Arabic, Polish, Somali, Ukrainian and
# Urdu, false alarms above the bar in every language, a Somali danger message without 112);
# held now on the rules alone, after the round written from it and the two sets before it
# (`r40`): the languages where the rules alone miss a held-out danger message (none), and
# where they raise held-out false alarms above the bar.
FORTY_FOURTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
FORTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The forty-fifth set (written blind: medicines, the doctor and the hospital, and the
# mother's own body and mind; half of each language's messages two messages in a row) was the
# held-out measure, counted once 2026-12-06 12:34 UTC (docs/safeguarding.md), then released
# that afternoon. Its marks were the alarm's as the parent saw it (misses in Arabic, Somali
# and Turkish, false alarms above the bar in every language but Arabic, every danger message
# with 112); held now on the rules alone, after the round written from it and the two sets
# before it (`r41`): the languages where the rules alone miss a held-out danger message, and
# where they raise held-out false alarms above the bar.
FORTY_FIFTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"en"}
FORTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {"ar"}
# The forty-sixth set (written blind: December, winter, the dark and the holidays; half of
# each language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-06 15:34 UTC (docs/safeguarding.md), then released that evening. Its marks were the
# alarm's as the parent saw it (misses in Arabic, Bulgarian, Danish, Persian, Turkish and
# Ukrainian, false alarms above the bar in every language, two danger messages with neither
# the alarm nor the line, Arabic and Persian); held now on the rules alone, after the round
# written from it and the two sets before it (`r42`): the languages where the rules alone
# miss a held-out danger message (every one), and where they raise held-out false alarms
# above the bar (every one).
FORTY_SIXTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
FORTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The forty-seventh set (written blind: meals, the kitchen and food; half of each language's
# messages two messages in a row) was the held-out measure, counted once 2026-12-06 18:15 UTC
# (docs/safeguarding.md), then released that night. Its marks were the alarm's as the parent
# saw it (misses in Arabic and Persian, false alarms above the bar in every language, every
# danger message reached by 112); held now on the rules alone, after the round written from
# it and the two sets before it (`r43`): the languages where the rules alone miss a held-out
# danger message (all but Somali and Urdu), and where they raise held-out false alarms above
# the bar (every one).
FORTY_SEVENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"so", "ur"}
FORTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The forty-eighth set (written blind: out and about in town; half of each language's messages
# two messages in a row) was the held-out measure, counted once 2026-12-06 21:15 UTC
# (docs/safeguarding.md), then released that night. Its marks were the alarm's as the parent
# saw it (misses in all but English and Polish, false alarms above the bar in every language,
# three danger messages reached by neither the alarm nor the calm line); held now on the rules
# alone, after the round written from it and the two sets before it (`r44`): the languages
# where the rules alone miss a held-out danger message (every one), and where they raise
# held-out false alarms above the bar (every one).
FORTY_EIGHTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
FORTY_EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The forty-ninth set (written blind: water and heights at home, and the cleaning cupboard; half of
# each language's messages two messages in a row) was the held-out measure, counted once 2026-12-07
# 00:22 UTC (docs/safeguarding.md), then released hours later. Its marks were the alarm's as the
# parent saw it (misses in all but Polish, false alarms above the bar in all but Arabic, every
# danger message reached by the alarm or the calm line); held now on the rules alone, after the
# round written from it (`r45`): the languages where the rules alone miss a held-out danger message
# (all but English and Ukrainian), and where they raise held-out false alarms above the bar (all but
# Arabic).
FORTY_NINTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"en", "uk"}
FORTY_NINTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {"ar"}
# The fiftieth set (written blind: summer, outdoors and animals; half of each language's messages
# two messages in a row) was the held-out measure, counted once 2026-12-07 03:30 UTC
# (docs/safeguarding.md), then released hours later. Its marks were the alarm's as the parent saw it
# (misses in all but Bulgarian, Persian and Polish, false alarms above the bar in every language,
# one Ukrainian danger message reached by neither the alarm nor the calm line); held now on the
# rules alone, after the round written from it (`r46`): the languages where the rules alone miss a
# held-out danger message (Danish, English and Persian), and where they raise held-out false alarms
# above the bar (every language).
FIFTIETH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset({"da", "en", "fa"})
FIFTIETH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The fifty-first set (written blind: winter, the dark months and the holidays; half of each
# language's messages two messages in a row) was the held-out measure, counted once 2026-12-07 06:21
# UTC (docs/safeguarding.md), then released hours later. Its marks were the alarm's as the parent
# saw it (misses in Arabic, Bulgarian, Persian, Turkish and Ukrainian, false alarms above the bar in
# every language but English, every danger message reached by the alarm or the calm line); held now
# on the rules alone, after the round written from it (`r47`): the languages where the rules alone
# miss a held-out danger message (Arabic, Bulgarian, Danish, Persian and Urdu), and where they raise
# held-out false alarms above the bar (every language but English).
FIFTY_FIRST_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset({"ar", "bg", "da", "fa", "ur"})
FIFTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {"en"}
# The fifty-second set (written blind: the night, sleep and the small hours; half of each language's
# messages two messages in a row) was the held-out measure, counted once 2026-12-07 09:27 UTC
# (docs/safeguarding.md), then released hours later. Its marks were the alarm's as the parent saw it
# (misses in Arabic, Bulgarian, Danish, Persian, Polish and Ukrainian, false alarms above the bar in
# every language but Polish and Somali, every danger message reached by the alarm or the calm line);
# held now on the rules alone, after the round written from it (`r48`): the languages where the
# rules alone miss a held-out danger message (Arabic, Bulgarian, Danish, English, Polish, Somali and
# Turkish), and where they raise held-out false alarms above the bar (every language but Polish,
# Somali and Urdu).
# English left the misses with the Arabizi reading and its mending (`r51`, 2026-12-07 night): one
# pair, read together with its first message, now alarms.
FIFTY_SECOND_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(
    {"ar", "bg", "da", "pl", "so", "tr"}
)
FIFTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {
    "pl",
    "so",
    "ur",
}
# The fifty-third set (written blind: the first weeks after a birth; half of each language's
# messages two messages in a row) was the held-out measure, counted once 2026-12-07 12:23 UTC
# (docs/safeguarding.md), then released hours later. Its marks were the alarm's as the parent saw it
# (misses in all but Bulgarian, Danish and Ukrainian, false alarms above the bar in every language,
# every danger message reached by the alarm or the calm line); held now on the rules alone, after
# the round written from it (`r49`): no language where the rules alone miss a held-out danger
# message, and every language where they raise held-out false alarms above the bar.
FIFTY_THIRD_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset()
FIFTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The fifty-fourth set (written blind: moving house, a new home and repairs; half of each
# language's messages two messages in a row) was the held-out measure, counted once 2026-12-07
# 15:43 UTC (docs/safeguarding.md), then released hours later. Its marks were the alarm's as the
# parent saw it (misses in every language but Turkish and Ukrainian, false alarms above the bar
# in every language but Polish, one Somali danger message reached by neither the alarm nor the
# calm line); held now on the rules alone, with Bulgarian and Ukrainian also read from Latin
# letters (no round of rules was written from it): misses in every language, false alarms above
# the bar in every language but Polish.
FIFTY_FOURTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
FIFTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes()) - {"pl"}
# The fifty-fifth set (written blind: guests and celebrations; half of each language's messages
# two messages in a row) was the held-out measure, counted once 2026-12-07 18:54 UTC
# (docs/safeguarding.md), then released hours later. Its marks were the alarm's as the parent
# saw it (misses in every language but Danish, Ukrainian and Urdu, false alarms above the bar in
# every language, one Turkish danger message reached by neither the alarm nor the calm line);
# held now on the rules alone, with Arabic and Persian also read from Latin letters and their
# rules mended for it (`r51`; no round of rules was written from its misses): misses in every
# language but Persian, false alarms above the bar in every language.
FIFTY_FIFTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {"fa"}
FIFTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The fifty-sixth set (written blind: brothers, sisters and the children's own games; half of
# each language's messages two messages in a row) was the held-out measure, counted once
# 2026-12-07 22:01 UTC (docs/safeguarding.md), then released a day later. Its marks were the
# alarm's as the parent saw it (misses in every language but Polish and Somali, false alarms above
# the bar in every language, one English and one Turkish danger message reached by neither the
# alarm nor the calm line); held now on the rules alone (no round of rules was written from its
# misses): misses and false alarms above the bar in every language.
FIFTY_SIXTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes())
FIFTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# The fifty-seventh set (written blind: typed the way a tired phone types, half of the messages of
# the languages with their own script in Latin letters; half of each language's messages two
# messages in a row) is the held-out measure: its held-out half was counted once, 2026-12-08
# 00:21 UTC, after the fifty-sixth set's release, the danger model trained on sets 1-56, the
# written examples and the everyday pairs (the everyday questions weighted three times), its
# alarm 0.87 kept from the last folds, and the Latin readings of Arabic and Persian made to count
# the other languages' common words as not read (docs/safeguarding.md); nothing ran on it before
# but the shape test and a count of its overlap with the training data (one English harmless
# message of its held-out half stands word for word in earlier sets). It is only ever counted,
# never listed. Its marks are the alarm's as the parent sees it, the rules' or the sure model's,
# on either of two messages, the second read with the first (misses in every language but
# English, Persian and Polish, false alarms above the bar in every language, one Arabic, one
# Turkish and one Urdu danger message reached by neither the alarm nor the calm line).
# Remove a language only when its figure meets the bar, never to make the suite green.
FIFTY_SEVENTH_SET_MISSES_NOT_YET_ZERO: frozenset[str] = frozenset(supported_codes()) - {
    "en",
    "fa",
    "pl",
}
FIFTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR: frozenset[str] = frozenset(supported_codes())
# With the calm 112 line (the second layer): languages where a held-out danger message got
# neither the alarm nor the line.
FIFTY_SEVENTH_SET_UNSEEN_NOT_YET_ZERO: frozenset[str] = frozenset({"ar", "tr", "ur"})


def _bar(codes: frozenset[str]) -> list[object]:
    return [
        pytest.param(
            code,
            marks=pytest.mark.xfail(
                strict=True, reason="issue 14's bar not met on this set in this language"
            ),
        )
        if code in codes
        else code
        for code in supported_codes()
    ]


def _bars(sets: list[tuple[str, list[DangerCase], frozenset[str]]]) -> list[object]:
    """(set, language) pairs, each a strict expected failure where its language is named."""
    return [
        pytest.param(
            cases,
            code,
            id=f"{name}-{code}",
            marks=[
                pytest.mark.xfail(
                    strict=True, reason="issue 14's bar not met on this set in this language"
                )
            ]
            if code in codes
            else [],
        )
        for name, cases, codes in sets
        for code in supported_codes()
    ]


def test_the_set_has_25_danger_and_25_harmless_sentences_per_language() -> None:
    count = Counter((c["lang"], bool(c["expect"])) for c in CASES)
    for code in supported_codes():
        assert count[(code, True)] >= 25 and count[(code, False)] >= 25, code
    assert {c["split"] for c in CASES} == {"tune", "held_out"}
    assert len({(c["lang"], c["text"]) for c in CASES}) == len(CASES)  # no sentence twice


@pytest.mark.parametrize("code", supported_codes())
def test_held_out_danger_sentences_are_never_missed(library: FaqLibrary, code: str) -> None:
    missed = [
        c["text"]
        for c in CASES
        if c["lang"] == code
        and c["split"] == "held_out"
        and c["expect"]
        and not library.safeguarding.signals(c["text"])
    ]
    assert missed == []


@pytest.mark.parametrize("code", _bar(FIRST_SET_FALSE_ALARMS_ABOVE_BAR))
def test_held_out_harmless_sentences_rarely_raise_the_alarm(library: FaqLibrary, code: str) -> None:
    alarms = [
        c["text"]
        for c in CASES
        if c["lang"] == code
        and c["split"] == "held_out"
        and not c["expect"]
        and library.safeguarding.signals(c["text"])
    ]
    assert len(alarms) <= MAX_FALSE_ALARMS, alarms


def test_the_docs_report_the_current_figures(library: FaqLibrary) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    first = load_cases(EVAL)
    assert table(library.safeguarding, first, supported_codes()) in docs
    assert table(library.safeguarding, CASES_2, supported_codes()) in docs
    assert table(library.safeguarding, CASES_3, supported_codes()) in docs
    assert table(library.safeguarding, CASES_4, supported_codes()) in docs
    assert table(library.safeguarding, CASES_5, supported_codes()) in docs
    assert library.danger_model is not None
    for split in (HELD_OUT, TUNE):
        layered = layered_table(
            library.safeguarding, library.danger_model, CASES_57, supported_codes(), split
        )
        assert layered in docs, layered


def test_the_second_set_has_40_danger_and_100_harmless_messages_per_language() -> None:
    count = Counter((c.lang, bool(c.expect)) for c in CASES_2)
    for code in supported_codes():
        assert count[(code, True)] >= 40 and count[(code, False)] >= 100, code
    assert len({(c.lang, c.text) for c in CASES_2}) == len(CASES_2)  # no message twice


def test_the_second_sets_halves_alternate_in_the_order_written() -> None:
    """The split was fixed by a rule when the messages were written, not chosen later."""
    seen: Counter[tuple[str, bool]] = Counter()
    for case in CASES_2:
        key = (case.lang, bool(case.expect))
        assert case.split == (TUNE if seen[key] % 2 == 0 else HELD_OUT), case
        seen[key] += 1


def test_the_third_set_has_30_danger_and_30_harmless_messages_per_language() -> None:
    count = Counter((c.lang, bool(c.expect)) for c in CASES_3)
    for code in supported_codes():
        assert count[(code, True)] >= 30 and count[(code, False)] >= 30, code
    assert len({(c.lang, c.text) for c in CASES_3}) == len(CASES_3)  # no message twice
    assert {c.expect for c in CASES_3} <= {None, *{c.expect for c in CASES_2}}


def test_the_third_sets_halves_alternate_in_the_order_written() -> None:
    seen: Counter[tuple[str, bool]] = Counter()
    for case in CASES_3:
        key = (case.lang, bool(case.expect))
        assert case.split == (TUNE if seen[key] % 2 == 0 else HELD_OUT), case
        seen[key] += 1


def test_the_second_sets_tune_half_is_met(library: FaqLibrary) -> None:
    """The rules were tuned against this half: every danger message raises the alarm
    and no harmless one does."""
    assert failures(library.safeguarding, [c for c in CASES_2 if c.split == TUNE]) == []


def test_a_held_out_half_is_listed_only_once_its_set_is_released(library: FaqLibrary) -> None:
    held_out = [c for c in CASES_3 if c.split == HELD_OUT]
    with pytest.raises(ValueError):
        failures(library.safeguarding, held_out)
    assert failures(library.safeguarding, held_out, released=True) == []


def test_the_released_sets_are_met_whole(library: FaqLibrary) -> None:
    """Sets 1 and 2 were released for tuning when the third set took over as the
    held-out measure, the third when its held-out half had been measured
    (2026-11-30), and the fourth when its own had (2026-11-30): every message of
    all four, both halves, is met."""
    first = load_cases(EVAL)
    assert failures(library.safeguarding, first + CASES_2 + CASES_3 + CASES_4, released=True) == []


@pytest.mark.parametrize("code", supported_codes())
def test_the_fourth_set_is_met_whole_in_every_language(library: FaqLibrary, code: str) -> None:
    """Released: both halves, no danger message missed and no false alarm, per language."""
    data = _figures(library.safeguarding, CASES_4)
    for split in (TUNE, HELD_OUT):
        score = data[(code, split)]
        assert (score.missed, score.false_alarms) == (0, 0), (split, score)


def test_the_fifty_seventh_sets_held_out_half_is_never_listed(library: FaqLibrary) -> None:
    with pytest.raises(ValueError):
        failures(library.safeguarding, [c for c in CASES_57 if c.split == HELD_OUT])


@pytest.mark.parametrize(
    ("cases", "code"),
    _bars(
        [
            ("sixth", CASES_6, SIXTH_SET_MISSES_NOT_YET_ZERO),
            ("seventh", CASES_7, SEVENTH_SET_MISSES_NOT_YET_ZERO),
            ("eighth", CASES_8, EIGHTH_SET_MISSES_NOT_YET_ZERO),
            ("ninth", CASES_9, NINTH_SET_MISSES_NOT_YET_ZERO),
            ("tenth", CASES_10, TENTH_SET_MISSES_NOT_YET_ZERO),
            ("eleventh", CASES_11, ELEVENTH_SET_MISSES_NOT_YET_ZERO),
            ("twelfth", CASES_12, TWELFTH_SET_MISSES_NOT_YET_ZERO),
            ("thirteenth", CASES_13, THIRTEENTH_SET_MISSES_NOT_YET_ZERO),
            ("fourteenth", CASES_14, FOURTEENTH_SET_MISSES_NOT_YET_ZERO),
            ("fifteenth", CASES_15, FIFTEENTH_SET_MISSES_NOT_YET_ZERO),
            ("sixteenth", CASES_16, SIXTEENTH_SET_MISSES_NOT_YET_ZERO),
            ("seventeenth", CASES_17, SEVENTEENTH_SET_MISSES_NOT_YET_ZERO),
            ("eighteenth", CASES_18, EIGHTEENTH_SET_MISSES_NOT_YET_ZERO),
            ("nineteenth", CASES_19, NINETEENTH_SET_MISSES_NOT_YET_ZERO),
            ("twentieth", CASES_20, TWENTIETH_SET_MISSES_NOT_YET_ZERO),
            ("twenty-first", CASES_21, TWENTY_FIRST_SET_MISSES_NOT_YET_ZERO),
            ("twenty-second", CASES_22, TWENTY_SECOND_SET_MISSES_NOT_YET_ZERO),
            ("twenty-third", CASES_23, TWENTY_THIRD_SET_MISSES_NOT_YET_ZERO),
            ("twenty-fourth", CASES_24, TWENTY_FOURTH_SET_MISSES_NOT_YET_ZERO),
            ("twenty-fifth", CASES_25, TWENTY_FIFTH_SET_MISSES_NOT_YET_ZERO),
            ("twenty-sixth", CASES_26, TWENTY_SIXTH_SET_MISSES_NOT_YET_ZERO),
            ("twenty-seventh", CASES_27, TWENTY_SEVENTH_SET_MISSES_NOT_YET_ZERO),
            ("twenty-eighth", CASES_28, TWENTY_EIGHTH_SET_MISSES_NOT_YET_ZERO),
            ("twenty-ninth", CASES_29, TWENTY_NINTH_SET_MISSES_NOT_YET_ZERO),
            ("thirtieth", CASES_30, THIRTIETH_SET_MISSES_NOT_YET_ZERO),
            ("thirty-first", CASES_31, THIRTY_FIRST_SET_MISSES_NOT_YET_ZERO),
            ("thirty-second", CASES_32, THIRTY_SECOND_SET_MISSES_NOT_YET_ZERO),
            ("thirty-third", CASES_33, THIRTY_THIRD_SET_MISSES_NOT_YET_ZERO),
            ("thirty-fourth", CASES_34, THIRTY_FOURTH_SET_MISSES_NOT_YET_ZERO),
            ("thirty-fifth", CASES_35, THIRTY_FIFTH_SET_MISSES_NOT_YET_ZERO),
            ("thirty-sixth", CASES_36, THIRTY_SIXTH_SET_MISSES_NOT_YET_ZERO),
            ("thirty-seventh", CASES_37, THIRTY_SEVENTH_SET_MISSES_NOT_YET_ZERO),
            ("thirty-eighth", CASES_38, THIRTY_EIGHTH_SET_MISSES_NOT_YET_ZERO),
            ("thirty-ninth", CASES_39, THIRTY_NINTH_SET_MISSES_NOT_YET_ZERO),
            ("fortieth", CASES_40, FORTIETH_SET_MISSES_NOT_YET_ZERO),
            ("forty-first", CASES_41, FORTY_FIRST_SET_MISSES_NOT_YET_ZERO),
            ("forty-second", CASES_42, FORTY_SECOND_SET_MISSES_NOT_YET_ZERO),
            ("forty-third", CASES_43, FORTY_THIRD_SET_MISSES_NOT_YET_ZERO),
            ("forty-fourth", CASES_44, FORTY_FOURTH_SET_MISSES_NOT_YET_ZERO),
            ("forty-fifth", CASES_45, FORTY_FIFTH_SET_MISSES_NOT_YET_ZERO),
            ("forty-sixth", CASES_46, FORTY_SIXTH_SET_MISSES_NOT_YET_ZERO),
            ("forty-seventh", CASES_47, FORTY_SEVENTH_SET_MISSES_NOT_YET_ZERO),
            ("forty-eighth", CASES_48, FORTY_EIGHTH_SET_MISSES_NOT_YET_ZERO),
            ("forty-ninth", CASES_49, FORTY_NINTH_SET_MISSES_NOT_YET_ZERO),
            ("fiftieth", CASES_50, FIFTIETH_SET_MISSES_NOT_YET_ZERO),
            ("fifty-first", CASES_51, FIFTY_FIRST_SET_MISSES_NOT_YET_ZERO),
            ("fifty-second", CASES_52, FIFTY_SECOND_SET_MISSES_NOT_YET_ZERO),
            ("fifty-third", CASES_53, FIFTY_THIRD_SET_MISSES_NOT_YET_ZERO),
            ("fifty-fourth", CASES_54, FIFTY_FOURTH_SET_MISSES_NOT_YET_ZERO),
            ("fifty-fifth", CASES_55, FIFTY_FIFTH_SET_MISSES_NOT_YET_ZERO),
            ("fifty-sixth", CASES_56, FIFTY_SIXTH_SET_MISSES_NOT_YET_ZERO),
        ]
    ),
)
def test_blind_sets_held_out_danger_messages_are_never_missed(
    library: FaqLibrary, cases: list[DangerCase], code: str
) -> None:
    """The sixth to fifty-sixth sets, each counted when it was the held-out measure, on the
    rules alone: the alarm had no other source until the fourteenth, and the model has
    learnt from all of them since."""
    held = _figures(library.safeguarding, cases)[(code, HELD_OUT)]
    assert held.missed == 0, f"{held.missed} of {held.danger}"


@pytest.mark.parametrize(
    ("cases", "code"),
    _bars(
        [
            ("sixth", CASES_6, SIXTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("seventh", CASES_7, SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("eighth", CASES_8, EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("ninth", CASES_9, NINTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("tenth", CASES_10, TENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("eleventh", CASES_11, ELEVENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twelfth", CASES_12, TWELFTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirteenth", CASES_13, THIRTEENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fourteenth", CASES_14, FOURTEENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fifteenth", CASES_15, FIFTEENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("sixteenth", CASES_16, SIXTEENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("seventeenth", CASES_17, SEVENTEENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("eighteenth", CASES_18, EIGHTEENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("nineteenth", CASES_19, NINETEENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twentieth", CASES_20, TWENTIETH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-first", CASES_21, TWENTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-second", CASES_22, TWENTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-third", CASES_23, TWENTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-fourth", CASES_24, TWENTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-fifth", CASES_25, TWENTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-sixth", CASES_26, TWENTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-seventh", CASES_27, TWENTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-eighth", CASES_28, TWENTY_EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("twenty-ninth", CASES_29, TWENTY_NINTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirtieth", CASES_30, THIRTIETH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-first", CASES_31, THIRTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-second", CASES_32, THIRTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-third", CASES_33, THIRTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-fourth", CASES_34, THIRTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-fifth", CASES_35, THIRTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-sixth", CASES_36, THIRTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-seventh", CASES_37, THIRTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-eighth", CASES_38, THIRTY_EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("thirty-ninth", CASES_39, THIRTY_NINTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fortieth", CASES_40, FORTIETH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-first", CASES_41, FORTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-second", CASES_42, FORTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-third", CASES_43, FORTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-fourth", CASES_44, FORTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-fifth", CASES_45, FORTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-sixth", CASES_46, FORTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-seventh", CASES_47, FORTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-eighth", CASES_48, FORTY_EIGHTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("forty-ninth", CASES_49, FORTY_NINTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fiftieth", CASES_50, FIFTIETH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fifty-first", CASES_51, FIFTY_FIRST_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fifty-second", CASES_52, FIFTY_SECOND_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fifty-third", CASES_53, FIFTY_THIRD_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fifty-fourth", CASES_54, FIFTY_FOURTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fifty-fifth", CASES_55, FIFTY_FIFTH_SET_FALSE_ALARMS_ABOVE_BAR),
            ("fifty-sixth", CASES_56, FIFTY_SIXTH_SET_FALSE_ALARMS_ABOVE_BAR),
        ]
    ),
)
def test_blind_sets_held_out_false_alarms_at_most_1_in_50(
    library: FaqLibrary, cases: list[DangerCase], code: str
) -> None:
    """16 harmless messages per language and half: at most 1 in 50 is none."""
    held = _figures(library.safeguarding, cases)[(code, HELD_OUT)]
    assert held.false_alarms <= held.harmless // FALSE_ALARMS_PER, (
        f"{held.false_alarms} of {held.harmless}"
    )


@pytest.mark.parametrize("code", _bar(FIFTY_SEVENTH_SET_MISSES_NOT_YET_ZERO))
def test_fifty_seventh_set_held_out_danger_messages_get_the_alarm(
    library: FaqLibrary, code: str
) -> None:
    """The alarm as the parent sees it: the rules', or the learned model's where it is sure."""
    held = _figures(library.safeguarding, CASES_57, library.danger_model)[(code, HELD_OUT)]
    assert held.alarm_missed == 0, f"{held.alarm_missed} of {held.danger}"


@pytest.mark.parametrize("code", _bar(FIFTY_SEVENTH_SET_FALSE_ALARMS_ABOVE_BAR))
def test_fifty_seventh_set_held_out_false_alarms_at_most_1_in_50(
    library: FaqLibrary, code: str
) -> None:
    held = _figures(library.safeguarding, CASES_57, library.danger_model)[(code, HELD_OUT)]
    assert held.alarm_false_alarms <= held.harmless // FALSE_ALARMS_PER, (
        f"{held.alarm_false_alarms} of {held.harmless}"
    )


@pytest.mark.parametrize("code", _bar(FIFTY_SEVENTH_SET_UNSEEN_NOT_YET_ZERO))
def test_fifty_seventh_set_held_out_danger_gets_at_least_the_calm_line(
    library: FaqLibrary, code: str
) -> None:
    """The weaker promise of the second layer: every danger message gets 112, as the alarm
    or as the calm line above the answer."""
    held = _figures(library.safeguarding, CASES_57, library.danger_model)[(code, HELD_OUT)]
    assert held.unseen == 0, f"{held.unseen} of {held.danger}"


@pytest.mark.parametrize(
    "message",
    [
        "he broke my tooth",
        "my husband broke my jaw",
        "i think he broke my rib",
        "han har brækket min arm",
        "han slog min tand ud",
        "dişimi kırdı",
        "kocam kolumu kırdı",
        "bebeği sarsıyor",
        "دندونمو شکست",
        "شوهرم دستمو شکست",
        "kasarli sinni",
        "جوزي كسر يدي",
        "mąż wybił mi ząb",
        "vybyv meni zub",
        "счупи ми зъба",
        "ilig ayuu iga jebiyay",
        "daant tor diya usne",
        "he's broken my nose",
        "my husband has broken my arm",
        "he shook the baby",
        "han har brækket mine ribben",
        "мъжът ми счупи ръката",
        "ninkaygu gacanta iga jebiyay",
        "kocam bebeği sarstı",
    ],
)
def test_someone_breaking_her_tooth_or_bone_raises_the_alarm(
    library: FaqLibrary, message: str
) -> None:
    """Often said in two words, which the model never judges: the rules must."""
    assert library.safeguarding.signals(message), message


@pytest.mark.parametrize(
    "message",
    [
        "i just broke my tooth",
        "i fell and broke my wrist",
        "the door smashed my finger",
        "he broke my phone",
        "my son broke my nose with his head lol",
        "jeg har brækket min arm",
        "jeg faldt og brækkede min arm",
        "cyklen slog min tand ud",
        "min søn slog min tand ud med hovedet",
        "fındık dişimi kırdı",
        "dişimi kırdım",
        "boşanma çocuğumu sarstı",
        "دستم شکست",
        "بینیم شکسته، دکتر رفتم",
        "دستمو شکستم",
        "ابني كسر يدي بالغلط",
        "syn złamał mi palec przez przypadek",
        "złamałam rękę na nartach",
        "я зламала руку",
        "счупих си ръката",
        "taleefanka gacanta ayuu iga jebiyay",
        "maine apna haath tod diya",
        "dastam shekast",
        "دندونم شکست",
        "han sagde at jeg brækkede min arm",
        "he said i broke my tooth on purpose lol",
        "he shakes the baby bottle",
        "my husband broke my phone",
        "kocam telefonumu kırdı",
    ],
)
def test_her_own_accident_or_a_broken_thing_is_not_violence(
    library: FaqLibrary, message: str
) -> None:
    """The rules for a broken tooth or bone want a person who did it: never "I broke", a
    fall, a nut, a door, a child in play, a phone, or grief that "shook" a child."""
    assert library.safeguarding.signals(message) == set(), message


@pytest.mark.parametrize(
    "message",
    [
        "he pinned me down on the bed",
        "she held me down",
        "my husband twisted my arm behind my back",
        "he dragged me across the floor by my hair",
        "he burned me with his cigarette",
        "min mand holdt mig nede",
        "han vred min arm om på ryggen",
        "han trak mig i håret ud i køkkenet",
        "han brændte mig med sin cigaret",
        "han slog mig",
        "jeg sagde nej og han slog mig",
        "ثبتني على الأرض وما خلاني اتحرك",
        "جوزي لوى إيدي ورا ضهري",
        "سحبني من شعري لبرا الغرفة",
        "حرقني بالسيجارة على إيدي",
        "zoji masakni w thabatni 3al ard",
        "7ara2ni bel sigara",
        "kocam beni yere bastırdı",
        "kolumu arkama büktü",
        "beni saçımdan tutup sürükledi",
        "sigarayla kolumu yaktı",
        "beni sacimdan cekti",
        "اس نے مجھے زمین پر دبا کر رکھا",
        "شوہر نے میرا بازو پیچھے مروڑا",
        "اس نے مجھے بالوں سے پکڑ کر گھسیٹا",
        "اس نے مجھے سگریٹ سے جلایا",
        "usne mujhe cigarette se jalaya",
        "mere shohar ne meri baazu peeche maror di",
        "usne mujhe baalon se pakad ke ghaseeta",
        "منو رو زمین نگه داشت",
        "شوهرم دستمو از پشت پیچوند",
        "منو از موهام کشید تو اتاق",
        "منو با سیگار سوزوند",
        "سیگارشو روی دستم خاموش کرد",
        "mąż przygniótł mnie do podłogi",
        "wykręcił mi rękę za plecy",
        "ciągnął mnie za włosy po całym mieszkaniu",
        "przypalił mnie papierosem",
        "przypalil mnie papierosem",
        "ninkaygu dhulka ayuu igu qabtay",
        "gacanta ayuu iga maroojiyay",
        "timaha ayuu iga jiiday",
        "sigaar buu igu gubay",
        "чоловік притиснув мене до підлоги",
        "він викрутив мені руку за спину",
        "тягнув мене за волосся по коридору",
        "обпік мене сигаретою",
        "муж прижал меня к кровати",
        "он таскал меня за волосы",
        "обжёг меня утюгом",
        "мъжът ми ме притисна към пода",
        "изви ми ръката зад гърба",
        "дърпа ме за косата из къщата",
        "изгори ме с цигара",
    ],
)
def test_what_was_done_to_her_body_raises_the_violence_alarm(
    library: FaqLibrary, message: str
) -> None:
    """Violence said without a blow: "he pinned me down on the bed" got neither reply (the
    model 0.18) until these rules (2026-12-01, evening), in English and Danish, then in
    Arabic, Turkish, Urdu, Persian, Polish, Somali, Ukrainian and Bulgarian."""
    assert "violence" in library.safeguarding.signals(message), message


@pytest.mark.parametrize(
    "message",
    [
        "my toddler pinned me down and tickled me",
        "my son pulled me by the hair lol",
        "he twisted my arm to come to the party",
        "jeg slog mig på trappen",
        "jeg slog mig på køkkenbordet i går",
        "jeg brændte mig med strygejernet",
        "min datter trak mig i håret",
        "min søn holdt mig nede og kildede mig",
        "حرقت إيدي بالمكواة وأنا عم بكوي",
        "ابني شدني من شعري وهو عم يلعب",
        "بنتي مسكتني وثبتتني عالتخت وعم تضحك",
        "اللهم ثبتني على دينك",
        "عملت مساج وكان يلوي ايدي شوي",
        "ütüyle elimi yaktım",
        "oğlum saçımı çekti",
        "kızım beni yere bastırdı gıdıklarken",
        "masaj yaptırdım sırtıma bastırdı",
        "ütü elimi yaktı",
        "میرا ہاتھ استری سے جل گیا",
        "mera haath istri se jal gaya",
        "beta mujhe baalon se pakad ke kheenchta hai",
        "mujhe apne baalon se pyar hai",
        "massage wale ne meri kamar dabai",
        "دستمو با اتو سوزوندم",
        "اتو دستمو سوزوند",
        "پسرم منو از موهام کشید",
        "ماساژور کمرمو فشار داد",
        "دستم پیچ خورد",
        "oparzyłam się żelazkiem",
        "synek ciągnął mnie za włosy",
        "córka przygniotła mnie do łóżka i łaskotała",
        "pokrzywa mnie poparzyła",
        "gacanta ayaan ku gubtay kaawiyadda",
        "wiilkayga ayaa timaha iga jiiday isagoo ciyaaraya",
        "kaawiyadda ayaa i gubtay",
        "hargab ayaa i qabtay",
        "я обпеклася праскою",
        "син тягнув мене за волосся",
        "донька притиснула мене до ліжка і лоскотала",
        "масажист притискав мені спину",
        "я обожглась утюгом",
        "изгорих се с ютията",
        "детето ме дърпа за косата",
        "детето ме притисна към леглото и се смее",
    ],
)
def test_her_own_hurt_or_a_child_at_play_is_not_violence(library: FaqLibrary, message: str) -> None:
    """Danish "jeg slog mig" and "jeg brændte mig" are the parent hurting herself; a child
    who holds her down or pulls her hair is playing; an arm twisted to a party is an idiom.
    The same in the other languages: her own burn ("ütüyle elimi yaktım", "اتو دستمو
    سوزوند", the iron as the one who burned), a child at play, a massage, a prayer
    ("اللهم ثبتني")."""
    assert "violence" not in library.safeguarding.signals(message), message


@pytest.mark.parametrize(
    "message",
    [
        "my husband holds a pillow over my face",
        "my husband sat on me and I could not breathe",
        "he kneels on my chest when he is angry",
        "my husband burned my hand on the stove on purpose",
        "min mand holdt en pude over mit ansigt",
        "han sad på mig så jeg ikke kunne få luft",
        "min mand brændte min arm med sin cigaret",
    ],
)
def test_smothered_sat_on_or_burned_by_him_is_violence(library: FaqLibrary, message: str) -> None:
    """These raised the alarm as another kind (a pillow as the parent's own thoughts, no
    breath as a child's), without Lev Uden Vold's line: now violence too (found by a review,
    2026-12-01)."""
    assert "violence" in library.safeguarding.signals(message), message


@pytest.mark.parametrize(
    "message",
    [
        "my son sat on me and laughed",
        "my toddler sits on my chest every morning",
        "min søn sidder på mig og griner",
        "my husband burnt my toast lol",
        "I sleep with a pillow over my head because my husband snores",
        "jeg sover med puden over mit hoved",
        "my cat sits on my chest every morning",
        "the dog sat on me",
        "katten sidder på mig",
        "hunden satte sig på mig",
        "I have a lump that sits on my neck",
        "my boyfriend accidentally burned my arm with the hot pan",
    ],
)
def test_a_child_on_her_lap_or_a_burnt_dinner_is_not_violence(
    library: FaqLibrary, message: str
) -> None:
    assert "violence" not in library.safeguarding.signals(message), message


@pytest.mark.parametrize(
    "message",
    [
        "jeg skar mig i armen igen",
        "jeg brændte mig med vilje",
        "i burned myself again on purpose",
        "burnt myself deliberately last night",
        "I burned myself on the stove on purpose",
        "I burned myself with the iron deliberately because I deserve it",
        "jeg skar mig med en kniv med vilje",
        "jeg brændte mig på komfuret med vilje",
        "I cut my wrists last night",
    ],
)
def test_hurting_herself_again_or_on_purpose_is_self_harm(
    library: FaqLibrary, message: str
) -> None:
    """ "Burned myself" is mostly the stove; on purpose it is self-harm wherever it was done,
    and again it is unless the stove, the sun or the bath is named (found 2026-12-01: these
    got the calm line only, or nothing)."""
    assert "self_harm" in library.safeguarding.signals(message), message


@pytest.mark.parametrize(
    "message",
    [
        "jeg skar mig i fingeren igen da jeg lavede mad",
        "jeg brændte mig på komfuret igen, hvad gør jeg",
        "i burned myself on the stove again, so clumsy",
        "cut my finger on the bread knife again lol",
        "I burned myself in the sun again",
        "I burnt myself on the radiator again",
        "jeg brændte mig på strygejernet igen",
    ],
)
def test_the_kitchen_again_is_not_self_harm(library: FaqLibrary, message: str) -> None:
    assert "self_harm" not in library.safeguarding.signals(message), message


@pytest.mark.parametrize(
    "message",
    [
        "haha no seriously my baby fell from the balcony and won't wake up",
        "haha jeg mener det, min søn er faldet ned fra altanen og vågner ikke",
        "ههه لا والله ابني وقع من البلكونة وما عم يصحى",
    ],
)
def test_a_haha_does_not_lift_an_emergency(library: FaqLibrary, message: str) -> None:
    """A frightened parent may laugh: only laughter at the danger word itself ("choked
    laughing") lifts an alarm, never a "haha" somewhere in the message."""
    assert "child_emergency" in library.safeguarding.signals(message)


def test_the_third_sets_tune_half_is_met(library: FaqLibrary) -> None:
    assert failures(library.safeguarding, [c for c in CASES_3 if c.split == TUNE]) == []


@pytest.mark.parametrize("code", _bar(THIRD_SET_MISSES_NOT_YET_ZERO))
def test_third_set_held_out_danger_messages_are_never_missed(
    library: FaqLibrary, code: str
) -> None:
    held = _figures(library.safeguarding, CASES_3)[(code, HELD_OUT)]
    assert held.missed == 0, f"{held.missed} of {held.danger}"


@pytest.mark.parametrize("code", _bar(THIRD_SET_FALSE_ALARMS_ABOVE_BAR))
def test_third_set_held_out_false_alarms_at_most_1_in_50(library: FaqLibrary, code: str) -> None:
    """16-17 harmless messages per language: at most 1 in 50 is none. Released: this
    pins the fit, it no longer measures messages nobody tuned on."""
    held = _figures(library.safeguarding, CASES_3)[(code, HELD_OUT)]
    assert held.false_alarms <= held.harmless // FALSE_ALARMS_PER, (
        f"{held.false_alarms} of {held.harmless}"
    )


@pytest.mark.parametrize("code", _bar(FOURTH_SET_MISSES_NOT_YET_ZERO))
def test_fourth_set_held_out_danger_messages_are_never_missed(
    library: FaqLibrary, code: str
) -> None:
    held = _figures(library.safeguarding, CASES_4)[(code, HELD_OUT)]
    assert held.missed == 0, f"{held.missed} of {held.danger}"


@pytest.mark.parametrize("code", _bar(FOURTH_SET_FALSE_ALARMS_ABOVE_BAR))
def test_fourth_set_held_out_false_alarms_at_most_1_in_50(library: FaqLibrary, code: str) -> None:
    """16 harmless messages per language and half: at most 1 in 50 is none. Released:
    this pins the fit, it no longer measures messages nobody tuned on."""
    held = _figures(library.safeguarding, CASES_4)[(code, HELD_OUT)]
    assert held.false_alarms <= held.harmless // FALSE_ALARMS_PER, (
        f"{held.false_alarms} of {held.harmless}"
    )


@pytest.mark.parametrize("code", _bar(MISSES_NOT_YET_ZERO))
def test_second_set_held_out_danger_messages_are_never_missed(
    library: FaqLibrary, code: str
) -> None:
    held = _figures(library.safeguarding, CASES_2)[(code, HELD_OUT)]
    assert held.missed == 0, f"{held.missed} of {held.danger}"


@pytest.mark.parametrize("code", _bar(FALSE_ALARMS_ABOVE_BAR))
def test_second_set_held_out_false_alarms_at_most_1_in_50(library: FaqLibrary, code: str) -> None:
    held = _figures(library.safeguarding, CASES_2)[(code, HELD_OUT)]
    assert held.harmless >= FALSE_ALARMS_PER
    assert held.false_alarms <= held.harmless // FALSE_ALARMS_PER, (
        f"{held.false_alarms} of {held.harmless}"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The issue's examples.
        ("help my baby is blue and not responding", {"child_not_breathing"}),
        (
            "sometimes i think everyone would be better off without me, i want to end it all",
            {"self_harm"},
        ),
        ("بنتي فقدت الوعي وما عم تتنفس", {"child_not_breathing"}),
        ("я думаю покінчити з собою", {"self_harm"}),
        ("bebeğim gece çok uyanıyor", set()),
        ("I hit my head on the cupboard", set()),
        ("ضربت راسي بالخزانة", set()),
        ("uderzyłam się w głowę o szafkę", set()),
        ("ударих си главата в шкафа", set()),
        ("my child hits other children at daycare", set()),
        ("min søn slår de andre børn i vuggestuen", set()),
        ("my husband hits the mother of my children", {"violence"}),
        ("my 2 year old hits me when he is angry", set()),
        ("he hits me when he is angry", {"violence"}),
    ],
)
def test_the_issues_examples(library: FaqLibrary, text: str, expected: set[str]) -> None:
    assert library.safeguarding.signals(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my baby is not breathing", {"child_not_breathing"}),
        ("my baby is breathing", set()),  # a negation is never added by typo correction...
        ("bebeğim nefes almıyor", {"child_not_breathing"}),
        ("bebeğim nefes alıyor", set()),  # ...nor taken away
        ("he has never hit me", set()),  # a rule does not fire right after a negation
        ("my baby is unconcious", {"child_not_breathing"}),  # a long word's typo is forgiven
    ],
)
def test_negation_is_never_crossed(library: FaqLibrary, text: str, expected: set[str]) -> None:
    assert library.safeguarding.signals(text) == expected


def test_an_arabic_word_that_merely_starts_like_a_clitic_and_not_is_no_negation() -> None:
    """Arabic writes و ف ب ل ك and ال onto the next word, and "ما" is "not": so "لما"
    (when), "كما" (as) and "الما" (the water) were read as "not" and cancelled the rule
    after them ("لما وقع من البلكون", when he fell from the balcony). Only و and ف make
    "and not" (`negation_prefix`)."""
    rules = {
        "ar": {
            "prefix": "[وف]?(?:بال|لل|ال|[بلك])?",
            "negation": ["ما"],
            "child_emergency": ["وقع من البلكون"],
        }
    }
    narrow = {"ar": {**rules["ar"], "negation_prefix": "[وف]?"}}
    assert Safeguarding(rules).signals("لما وقع من البلكون") == set()  # the trap, as it was
    assert Safeguarding(narrow).signals("لما وقع من البلكون") == {"child_emergency"}
    assert Safeguarding(narrow).signals("كما وقع من البلكون") == {"child_emergency"}
    assert Safeguarding(narrow).signals("وما وقع من البلكون") == set()  # and not: a negation
    assert Safeguarding(narrow).signals("ما وقع من البلكون") == set()


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        ("لما وقع من البلكون ما عاد يفيق", True),  # when he fell from the balcony: no "not"
        ("وما عم يتنفس ابني", True),  # and he is not breathing: the negation belongs to the rule
        ("ما وقع من البلكون الحمدلله", False),  # he did not fall
    ],
)
def test_the_arabic_rules_read_when_as_when(library: FaqLibrary, text: str, alarm: bool) -> None:
    assert bool(library.safeguarding.signals(text)) is alarm


def test_typo_correction_never_adds_a_negation() -> None:
    """Turkish puts "not" inside the verb: "uyanıyor" (wakes) is one letter from
    "uyanmıyor" (does not wake); the correction must refuse."""
    rules = {"tr": {"negation_inside": "m(iyor|uyor)", "child_not_breathing": ["bebek uyanmıyor"]}}
    safeguarding = Safeguarding(rules)
    assert safeguarding.signals("bebek uyanmıyor") == {"child_not_breathing"}
    assert safeguarding.signals("bebek uyanmiyor") == {"child_not_breathing"}  # no Turkish keyboard
    assert safeguarding.signals("bebek uyanıyor") == set()
    loose = Safeguarding({"tr": {"child_not_breathing": ["bebek uyanmıyor"]}})
    assert loose.signals("bebek uyanıyor") == {"child_not_breathing"}  # what the guard prevents


def test_a_word_named_only_in_an_exception_is_still_typo_corrected() -> None:
    """Only the danger rules' words are learnt. An all-clear naming a spelling of a danger
    word once kept that spelling as written, so the danger rule never saw it (Persian
    "tashannoj" for the rule's "tashanoj"): the all-clear silenced messages it did not
    describe. Now the spelling is corrected for the danger rule, and the all-clear is
    also read in the words as written, so it still lifts its own frame."""
    rules = {
        "en": {
            "child_emergency": ["convulsing"],
            "all_clear": [
                {"match": "convulsinng game", "where": "anywhere", "signals": ["child_emergency"]}
            ],
        }
    }
    safeguarding = Safeguarding(rules)
    assert safeguarding.signals("my son is convulsinng help") == {"child_emergency"}
    assert safeguarding.signals("the kids play the convulsinng game") == set()
    assert safeguarding.signals("my son is convulsing help") == {"child_emergency"}
    # `known`: an everyday word a letter from a danger word is read as written.
    known = Safeguarding({"en": {**rules["en"], "known": ["convulsinng"]}})
    assert known.signals("my son is convulsinng help") == set()
    assert known.signals("my son is convulsing help") == {"child_emergency"}


def test_a_word_start_that_keeps_the_alarm_does_not_stop_typo_correction() -> None:
    """An all-clear's `unless` keeps the alarm; its whole words are learnt, its word starts
    only guard their family. A start learnt makes every word it begins a known word, read as
    written: "chok*" named only there (to keep "coughed it up, now chokes again" an
    emergency) kept "chokeing" and "chokng" from the danger rule's "choking", and "my baby
    is chokeing" got no alarm."""
    rules = {
        "en": {
            "child_emergency": ["choking"],
            "all_clear": [
                {
                    "match": "coughed it up",
                    "where": "after",
                    "signals": ["child_emergency"],
                    "unless": "chok* again",
                }
            ],
        }
    }
    safeguarding = Safeguarding(rules)
    assert safeguarding.signals("my baby is chokeing") == {"child_emergency"}
    assert safeguarding.signals("my baby is chokng help") == {"child_emergency"}
    # The start still keeps the alarm where it stands, read as written.
    assert safeguarding.signals("he was choking but coughed it up") == set()
    assert safeguarding.signals("he was choking, coughed it up, now chokes again") == {
        "child_emergency"
    }
    # A word the start begins is corrected only into a word of the same start: Turkish
    # "kulağından" (from her ear) is not "kucağından" (from the lap).
    family = Safeguarding(
        {
            "tr": {
                "child_emergency": ["kucagindan dustu"],
                "all_clear": [{"match": "hafif", "where": "after", "unless": "kulag*"}],
            }
        }
    )
    assert family.signals("bebek kucağından düştü") == {"child_emergency"}
    assert family.signals("bebek kucagından düstü") == {"child_emergency"}
    assert family.signals("kulağından düştü küpesi") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I can't, I want to die", {"self_harm"}),
        ("jeg kan ikke, jeg vil dø", {"self_harm"}),
        ("nie, chcę umrzeć", {"self_harm"}),
        ("لا، بدي موت", {"self_harm"}),
        ("bas ab aur nahi, chhat se kood jaungi", {"self_harm"}),
        ("he has never hit me", set()),  # a negation in the rule's own clause still counts
        ("i do not want to die", set()),
    ],
)
def test_a_negation_cancels_a_rule_only_in_its_own_clause(
    library: FaqLibrary, text: str, expected: set[str]
) -> None:
    """Normalising drops the comma, and "can't" then stood right before "I want to die":
    the rule was cancelled by a negation of another sentence."""
    assert library.safeguarding.signals(text) == expected


def test_clause_starts_count_the_words_as_normalised() -> None:
    text = "Nej... han slog mig!\nHjælp, nu"
    assert normalise(text).split() == ["nej", "han", "slog", "mig", "hjaelp", "nu"]
    assert clause_starts(text) == {1, 4, 5}


@pytest.mark.parametrize(
    "text",
    ["Nej... han slog mig!\nHjælp, nu", "ما يتنفس، ساعدوني", "  ", "Ağzı, ÇİZİK… ok", "ok"],
)
def test_one_folding_gives_the_words_and_the_clauses(text: str) -> None:
    """The rules read each message once (`read_message`): the words and the clause starts
    must be what `normalise` and `clause_starts` give on their own."""
    assert read_message(text) == (normalise(text), clause_starts(text))


def test_an_all_clear_with_an_unless_but_no_place_is_refused() -> None:
    """An all-clear without `where` has no `unless`; one written there was dropped without
    a word, and the exceptions it named lost their alarm."""
    rules = {
        "uk": {
            "child_emergency": ["проковтнув батарейку"],
            "all_clear": [{"match": "відкашлявся", "unless": "батарейк*"}],
        }
    }
    with pytest.raises(RulesFileError, match="needs a 'where'"):
        Safeguarding(rules)
    rules["uk"]["all_clear"][0]["where"] = "after"
    assert Safeguarding(rules).signals("проковтнув батарейку, відкашлявся") == {"child_emergency"}


def test_rules_and_messages_are_folded_alike() -> None:
    assert normalise("Hjælp! Min søn trækker IKKE vejret") == "hjaelp min son traekker ikke vejret"
    assert normalise("نمی‌کشد") == normalise("نمیکشد")
    assert normalise("أريد") == normalise("اريد")
    assert normalise("б'є") == normalise("бʼє") == "бє"


def test_an_overrides_root_adds_rules_and_words(tmp_path: Path) -> None:
    (tmp_path / "da").mkdir()
    (tmp_path / "da" / "safeguarding.yaml").write_text(
        "words:\n  partner: [svoger]\nviolence:\n  - bortfører|bortforer\n", encoding="utf-8"
    )
    phrases = load_phrases([CONTENT_DIR, tmp_path], ("da",))
    safeguarding = Safeguarding(phrases)
    assert safeguarding.signals("min svoger slår mig") == {"violence"}  # the project's rule
    assert safeguarding.signals("han bortfører børnene") == {"violence"}  # the local one


def test_a_message_costs_well_under_a_millisecond_per_language(library: FaqLibrary) -> None:
    """Compiled rules looked up by first letters, typo corrections cached (issue 17 found
    fuzzy matching per word, phrase and language the largest cost of a FAQ message). A
    loose bound: the machine may be busy; bench/bench_safeguarding.py measures properly."""
    texts = [c["text"] for c in CASES]
    for text in texts:
        library.safeguarding.signals(text)  # the corrections' cache, as after a day's use
    start = time.perf_counter()
    for text in texts:
        library.safeguarding.signals(text)
    per_message = (time.perf_counter() - start) / len(texts)
    assert per_message < 0.02, per_message


def test_operators_see_which_rule_fired(library: FaqLibrary) -> None:
    fired = library.safeguarding.explain("min mand slår mig")
    assert ("da", "violence: {partner} .. {hit}") in fired
    assert all(re.match(r"^[a-z]{2}$", code) for code, _ in fired)


def test_a_negation_after_the_word_cancels_it() -> None:
    """Turkish, Persian and Urdu put "not" after what they negate ("baygın değil", not
    unconscious)."""
    rules = {"tr": {"negation_after": ["değil"], "child_not_breathing": ["baygın"]}}
    assert Safeguarding(rules).signals("bebek baygın değil sadece uyuyor") == set()
    assert Safeguarding(rules).signals("bebek baygın") == {"child_not_breathing"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Urdu 'peete' is drinking or smoking as well as (with 'peet', beat) beating
        ("mera shohar baby ke paas cigarette peete hain kya ye nuksan deta hai", set()),
        ("shohar roz cigarette peeta hai bachay ke samne", set()),
        ("shohar ghar pe rahi", set()),  # 'peet rahi' is beating, 'rahi' alone is not
        ("mera shohar mujhe roz peette hain", {"violence"}),
        ("shohar ne mujhe peet diya", {"violence"}),
        # Bulgarian in Latin letters 'zahranvane' (feeding) begins like Urdu 'zahr' (poison)
        ("koga da zapochna zahranvane sas zelenchutsi", set()),
        ("bachay ne zahar kha liya", {"child_emergency"}),
        ("us ne zehreeli dawai kha li", {"child_emergency"}),
    ],
)
def test_a_word_start_does_not_reach_another_word(
    library: FaqLibrary, text: str, expected: set[str]
) -> None:
    assert library.safeguarding.signals(text) == expected


def test_a_rule_that_starts_with_a_negation_is_looked_up_by_its_next_word() -> None:
    """A negation is the commonest word there is, and a short one in one language is an
    everyday word in another (Arabizi "ma", "en": Danish "må", "en"). Rules keyed by it
    were tried on every Danish question; keyed by the word after it (past a gap), they
    are tried only where that word is, and fire exactly as before."""
    rules = {
        "ar": {
            "negation": ["ma", "mish"],
            "child_not_breathing": ["{neg} yetnafas*", "{neg} .. sahi*", "(ma|mish) radd*"],
        }
    }
    language = Safeguarding(rules)._languages[0]
    assert language._candidates("ma baby sove pa maven") == []
    assert [rule.source for rule in language._candidates("ma yetnafas")] == [
        "child_not_breathing: {neg} yetnafas*"
    ]
    assert len(language._candidates("mish radd wala sahi")) == 2
    guard = Safeguarding(rules)
    assert guard.signals("el walad ma yetnafasch") == {"child_not_breathing"}
    assert guard.signals("ma 3aref leh mish sahi lissa") == {"child_not_breathing"}
    assert guard.signals("bint mish raddet") == {"child_not_breathing"}
    assert guard.signals("ma baby sove pa maven") == set()


def test_the_end_of_the_message_may_stand_among_a_places_alternatives() -> None:
    """ "taking them all (now|tonight|$)": one of the words, or the end of the message right
    there. Read as a word, "$" stood after a space the end of a message never has, and the
    endings of some twenty shipped rules never matched ("taking them all" said last)."""
    guard = Safeguarding(
        {
            "en": {
                "self_harm": [
                    "taking them all (now|tonight|$)",
                    "(goodbye|bye) (my (babies|loves)|$)",
                ]
            }
        }
    )
    assert guard.signals("i have my pills here, taking them all") == {"self_harm"}
    assert guard.signals("taking them all!!") == {"self_harm"}
    assert guard.signals("taking them all tonight, sorry") == {"self_harm"}
    assert guard.signals("taking them all to the park later") == set()
    assert guard.signals("so this is it. bye") == {"self_harm"}
    assert guard.signals("bye my babies, mama loves you") == {"self_harm"}
    assert guard.signals("bye bye everyone, see you at baby group") == set()


def test_shipped_rules_that_end_on_the_end_of_the_message_match_there(
    library: FaqLibrary,
) -> None:
    """Two shipped rules whose place of alternatives ends in "$" (English "them all
    (now|right now|tonight|$)" after the pills, Danish "(nu|i nat|i aften|$)")."""
    english = library.safeguarding.signals("i have all my pills here. im taking them all")
    danish = library.safeguarding.signals("jeg har alle pillerne her. jeg tager dem alle")
    assert "self_harm" in english and "self_harm" in danish


def test_a_negation_two_words_back_cancels_a_rule_where_the_language_says_so() -> None:
    rules = {"child_not_breathing": ["trouble breathing"], "negation": ["not"]}
    text = "she is not having trouble breathing"
    assert Safeguarding({"en": rules}).signals(text) == {"child_not_breathing"}
    assert Safeguarding({"en": {**rules, "negation_reach": 2}}).signals(text) == set()


def test_a_negation_a_verb_holds_does_not_reach_on_to_the_next_sign() -> None:
    """Danish says "not" after the verb: in "svarer ikke blå læber" (does not answer, blue
    lips) the "ikke" is the verb's, not the colour's. Two words back it cancelled "blå", and
    a child under a duvet, not answering, with blue lips got no alarm."""
    rules = {
        "child_not_breathing": ["(bla|blaa) .. laeber*"],
        "negation": ["ikke"],
        "negation_reach": 2,
    }
    plain = Safeguarding({"da": rules})
    held = Safeguarding({"da": {**rules, "negation_held_by": ["svarer", "reagerer"]}})
    text = "lille under dynen svarer ikke blå læber"
    assert plain.signals(text) == set()
    assert held.signals(text) == {"child_not_breathing"}
    assert held.signals("hun reagerer ikke blå om læberne") == {"child_not_breathing"}
    # Said of the colour, the negation still cancels it, also two words back
    assert held.signals("hun er ikke blå om læberne") == set()
    assert held.signals("ikke helt blå om læberne") == set()


def test_the_shipped_danish_rules_read_a_negation_after_the_verb_as_the_verbs(
    library: FaqLibrary,
) -> None:
    signals = library.safeguarding.signals
    assert "child_not_breathing" in signals("lille under dynen svarer ikke blå læber")
    assert signals("han er ikke blå om læberne mere, bare kold") == set()


def test_an_all_clear_after_a_childs_danger_sign_lifts_it_and_nothing_else() -> None:
    rules = {
        "all_clear": [
            "but .. (fine|warmed)",
            {"match": "at cards", "signals": ["violence"]},
        ],
        "child_not_breathing": ["went blue"],
        "violence": ["husband .. beat"],
    }
    safeguarding = Safeguarding({"en": rules})
    assert safeguarding.signals("she went blue in the pool but warmed up") == set()
    assert safeguarding.signals("she went blue and is not moving") == {"child_not_breathing"}
    assert safeguarding.signals("my husband beat me at cards") == set()
    assert safeguarding.signals("my husband beat me but im fine") == {"violence"}


def test_unless_right_after_looks_only_at_the_words_just_before() -> None:
    rules = {
        "child_not_breathing": [
            {"match": "nefes almıyor", "unless_right_after": "zor"},
        ]
    }
    safeguarding = Safeguarding({"tr": rules})
    assert safeguarding.signals("artık zor nefes almıyor") == set()  # no longer struggles
    assert safeguarding.signals("çok zor bir gece bebeğim nefes almıyor") == {"child_not_breathing"}


def test_unless_next_excuses_only_the_match_it_stands_right_after() -> None:
    """An idiom ("drowning in laundry") excuses its own "drowning", not a child's drowning
    elsewhere in the message, and not a drowning with other words between ("drowning, I
    was in work": `unless_before` lets two stand between, `unless_with` the whole message)."""
    rules = {"child_emergency": [{"match": "drown*", "unless_next": "in (laundry|work)"}]}
    safeguarding = Safeguarding({"en": rules})
    assert safeguarding.signals("im drowning in laundry") == set()
    assert safeguarding.signals("im drowning in laundry and the baby is drowning in the bath")
    assert safeguarding.signals("he is drowning, i was in work") == {"child_emergency"}


def test_unless_inside_words_never_count_for_the_rule() -> None:
    """ "The kids will kill me" is an idiom: its words never count for the rule, even in a
    match that reaches past it ("kill me .. tonight"), while "he will kill me" said beside
    it still fires, however close."""
    idiom = "(kids|twins) (will|are) (kill|killing) me"
    rules = {
        "violence": [
            {"match": "kill* me", "unless_inside": idiom},
            {"match": "kill* me .. tonight", "unless_inside": idiom},
        ]
    }
    safeguarding = Safeguarding({"en": rules})
    assert safeguarding.signals("the kids will kill me today") == set()
    assert safeguarding.signals("the kids will kill me and he said he will kill me") == {"violence"}
    assert safeguarding.signals("he will kill me") == {"violence"}
    assert safeguarding.signals("the twins will kill me and then tonight") == set()
    assert safeguarding.signals("the kids will kill me, he will kill me tonight") == {"violence"}


def test_a_concept_word_alone_fires_and_a_paired_one_needs_its_partner() -> None:
    rules = {
        "negation": ["not"],
        "words": {"child": ["baby"]},
        "concepts": [
            {"signal": "child_not_breathing", "alone": ["unconscious"]},
            {
                "signal": "child_not_breathing",
                "paired": ["blue"],
                "needs": ["lips", "went"],
            },
            {"signal": "child_emergency", "paired": ["floppy", "limp"]},
        ],
    }
    safeguarding = Safeguarding({"en": rules})
    assert safeguarding.signals("help he is unconscious") == {"child_not_breathing"}
    assert safeguarding.signals("he is not unconscious just asleep") == set()
    assert safeguarding.signals("her lips look blue") == {"child_not_breathing"}
    assert safeguarding.signals("blue around the lips") == {"child_not_breathing"}
    assert safeguarding.signals("my baby has blue eyes") == set()
    assert safeguarding.signals("floppy ears on her hat") == set()
    assert safeguarding.signals("floppy and limp") == {"child_emergency"}


@pytest.mark.parametrize(
    "text",
    [
        # Wordings the phrase rules alone missed (written after the concepts, as a check).
        "she swallowed one of those little round batteries from the remote",
        "my toddler got into the dishwasher tablets and ate one",
        "he is jerking and his eyes are rolling back",
        "hun har trækninger og øjnene ruller",
        "hun har fået fat i mine sovepiller og spist dem",
        "البنت شربت كلوركس",
        "ابني عم يتشنج",
        "oğlum çamaşır suyu içmiş",
        "balkondan düştü",
        "بالکونی سے گر گیا",
        "main khudkushi karna chahti hoon",
        "mujhe khudkushi ke khayal aate hain",
        "از بالکن افتاد",
        "دلم میخواد بمیرم",
        "شوهرم بهم سیلی زد",
    ],
)
def test_danger_concepts_reach_wordings_no_rule_names(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text)


@pytest.mark.parametrize(
    "rule",
    [
        "{neg} toosayo|toosin|soo toosayo",  # meant "soo toosayo" as one alternative
        "يختنق|تختنق|عم يختنق",
        "zabic sie|zabije sie",
        "jump|throw myself in front of",  # read "jump" or "throw", then "myself in front of"
        "turned|went blue",  # what it means, written bare: brackets now say it
        "(stopped breathing|went blue",  # a bracket not closed
        "went| blue",  # an empty alternative
        "(went|) blue",
        "(blue|grey|blue) lips",  # the same word twice in one place
        "(يختنق|تختنق|عم) يختنق",  # a word in two places, one of them with alternatives
        "(jump|throw myself|jump) in front of",  # the same alternative twice
        "(jump|(throw|hurl) myself|(throw|) me) in front of",  # inside a phrase, the same checks
    ],
)
def test_a_rule_that_could_be_read_two_ways_is_refused_when_the_rules_load(rule: str) -> None:
    """In a rule of several words, alternatives stand in brackets ("(a|b) c", "(a b|c) d");
    bare, "a|b c" was read "a" or "b", then "c", while its authors meant "a" or "b c", and
    seven rules once said something else than they seemed to. Refused at load, with a
    message that says how to write it."""
    with pytest.raises(RuleSyntaxError, match="alternatives stand in brackets"):
        Safeguarding({"xx": {"child_not_breathing": [rule]}})
    with pytest.raises(RuleSyntaxError, match="alternatives stand in brackets"):
        Safeguarding({"xx": {"concepts": [{"signal": "self_harm", "alone": [rule]}]}})
    with pytest.raises(RuleSyntaxError, match="alternatives stand in brackets"):
        Safeguarding({"xx": {"words": {"w": [rule]}, "child_not_breathing": ["{w}"]}})


@pytest.mark.parametrize("rule", ["pas (godt )paa (ham|hende)", "look (after )?him"])
def test_a_phrase_in_a_bracket_inside_a_word_is_refused_not_looped_on(rule: str) -> None:
    """A bracket holding a phrase inside one word ("(godt )paa", an optional word written
    as a regular expression) sent the check into itself until Python's recursion limit:
    loading the rules crashed with a traceback instead of naming the rule."""
    with pytest.raises(RuleSyntaxError, match="a bracket inside the word"):
        Safeguarding(
            {"xx": {"concepts": [{"signal": "self_harm", "needs": [rule], "paired": ["a"]}]}}
        )


@pytest.mark.parametrize(
    ("rule", "character"),
    [
        ("(eshal|es-hal) .. (blod|dam)", "'-'"),
        ("(hospital|a&e) with him", "'&'"),
        ("(38|39) (grader|°)", "'°'"),
        ("((electric|el) heater|\\?)", "'\\\\?'"),
        ("he said: run", "':'"),
    ],
)
def test_a_rule_spelling_what_no_message_holds_is_refused(rule: str, character: str) -> None:
    """A message reaches the rules as words alone, its punctuation gone: "es-hal" is read
    "es hal", "A&E" "a e", "39°" "39". A rule spelling such a character looked right and
    never matched (an Arabic exception's "or a question" was "\\?", and a question kept
    its alarm), so the rule is refused at load, naming the character."""
    with pytest.raises(RuleSyntaxError, match=re.escape(character) + " is never in a message"):
        Safeguarding({"xx": {"child_emergency": [rule]}})
    with pytest.raises(RuleSyntaxError, match="is never in a message"):
        Safeguarding({"xx": {"child_emergency": [{"match": "fever", "unless_with": rule}]}})
    # Written as the message is read, the same rule loads and matches.
    rules = {"child_emergency": ["(eshal|es hal) .. (blod|dam)", "(hospital|a e) with him"]}
    safeguarding = Safeguarding({"xx": rules})
    assert safeguarding.signals("es-hal og blod") == {"child_emergency"}
    assert safeguarding.signals("at A&E with him now") == {"child_emergency"}


def test_a_word_marked_optional_may_be_left_out_with_its_space() -> None:
    """ "(is|has)?" is a word that may stand or not. Written as a regular expression would,
    the "?" left the word's space standing: "now he (is)? .. fitting" read "now he  fitting"
    without the word (two spaces) and never matched, and a rule that began with such a word
    needed a space before the message's first word."""
    rules = {
        "child_emergency": ["now (hes|he) (is|has)? .. fitting", "(i think)? (he|she) went limp"]
    }
    safeguarding = Safeguarding({"en": rules})
    alarmed = {
        "now he is fitting again": True,
        "now he fitting again": True,
        "now he really fitting": True,
        "i think she went limp": True,
        "she went limp": True,
        "now he is calm": False,
        "went limp": False,
    }
    assert {text: bool(safeguarding.signals(text)) for text in alarmed} == alarmed


def test_a_need_is_words_or_a_match_with_its_next_words_never_a_dict_spelt_out() -> None:
    """A concept's `needs` took each item's spelling: a group left unquoted in YAML
    ("[drunk, {family}]") is a dict there, and a need written as `match` with `unless_next`
    was read as its own braces and never matched. A need may be words or `match` with
    `unless_next`; anything else is refused."""
    concept = {"signal": "child_emergency", "paired": ["missing"]}
    rules = {"concepts": [{**concept, "needs": [{"match": "searching", "unless_next": "for"}]}]}
    safeguarding = Safeguarding({"en": rules})
    assert safeguarding.signals("my son is missing, everyone is searching") == {"child_emergency"}
    assert safeguarding.signals("the cat is missing, searching for a new one") == set()
    for wrong in ({"family": None}, {"match": "searching", "unless_with": "for"}, ["a"]):
        with pytest.raises(RulesFileError, match="a need must be words"):
            Safeguarding({"en": {"concepts": [{**concept, "needs": [wrong]}]}})
    with pytest.raises(RulesFileError, match="a rule's `match` must be words"):
        Safeguarding({"en": {"violence": [{"match": {"match": "hit me"}}]}})


def test_an_overrides_file_with_the_trap_is_refused_with_its_language(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "safeguarding.yaml").write_text(
        "violence:\n  - locked|shut me in|shut me out\n", encoding="utf-8"
    )
    with pytest.raises(RuleSyntaxError, match=r"^en: rule 'locked\|shut me in\|shut me out'"):
        Safeguarding(load_phrases([CONTENT_DIR, tmp_path], ("en",)))


def test_alternatives_in_brackets_are_single_words_or_whole_phrases() -> None:
    safeguarding = Safeguarding(
        {
            "en": {
                "child_not_breathing": ["(turned|went) (blue|grey)", "(end|ending) (my|own) life"],
                "self_harm": [
                    "(jump|throw myself) in front of .. (train|bus)",
                    "(kill myself|suicide)",
                ],
            }
        }
    )
    assert safeguarding.signals("he went grey") == {"child_not_breathing"}
    assert safeguarding.signals("I'm going to jump in front of a train") == {"self_harm"}
    assert safeguarding.signals("ill throw myself in front of the bus") == {"self_harm"}
    assert safeguarding.signals("suicide") == {"self_harm"}
    # Read as written, not one word per place: "throw" alone, "myself" alone do nothing.
    assert safeguarding.signals("the kids throw in front of the train") == set()
    assert safeguarding.signals("I myself in front of the bus") == set()
    assert safeguarding.signals("he went blue-ish") == {"child_not_breathing"}


def test_the_shipped_rules_load_under_the_check() -> None:
    """Every rule text is checked as it compiles (a rule, its `unless_*`, a concept's
    words, an all-clear, each word group member where a rule uses it), so the shipped
    rules loading at all shows that none holds bare alternatives in a rule of several
    words."""
    rules = load_phrases([CONTENT_DIR], supported_codes())
    assert set(rules) == set(supported_codes())
    assert Safeguarding(rules).signals("my baby is not breathing") == {"child_not_breathing"}


def test_an_all_clear_with_a_place_lifts_only_where_it_stands() -> None:
    """A report, a past event or an idiom lifts the alarm where it stands, and one marked
    `pooled` lifts every language's rules; `unless` ("now", "my son") keeps the alarm."""
    rules = {
        "words": {"now": ["now"], "mine": ["my son"]},
        "child_emergency": ["drowned", "swallowed .. battery", "seizure"],
        "violence": ["kills me"],
        "all_clear": [
            {"match": "news", "where": "before", "unless": "{now}|{mine}", "pooled": True},
            {"match": "last year", "where": "around", "unless": "{now}"},
            {"match": "haha", "where": "anywhere", "signals": ["child_emergency"]},
            {"match": "heat", "where": "before", "signals": ["violence"]},
        ],
    }
    safeguarding = Safeguarding({"en": rules, "ar": {"child_emergency": ["غرق"]}})
    assert safeguarding.signals("saw on the news a child drowned") == set()
    assert safeguarding.signals("the news said a child drowned and now my son swallowed a battery")
    assert safeguarding.signals("a seizure last year, can it come back") == set()
    assert safeguarding.signals("last year a seizure") == set()
    assert safeguarding.signals("a seizure last year and now another seizure")
    assert safeguarding.signals("he nearly drowned in the bath haha") == set()
    assert safeguarding.signals("this heat kills me") == set()
    assert safeguarding.signals("he kills me") == {"violence"}
    assert safeguarding.signals("news طفل غرق") == set()  # the English report, the Arabic rule
    assert safeguarding.signals("طفل غرق") == {"child_emergency"}


def test_an_all_clear_lifts_only_its_own_languages_rules_unless_pooled() -> None:
    """A word harmless in one language may stand beside a danger sign in another: the
    Danish all-clear "ben" (legs: "kicked me in the legs" is a tired mother) must not
    lift a Turkish rule, where "ben" is "I". A pooled all-clear lifts every language's."""
    danish = {
        "violence": ["sparker mig"],
        "all_clear": [
            {"match": "ben", "where": "before", "signals": ["violence"]},
            {"match": "haha", "where": "around", "signals": ["child_emergency"], "pooled": True},
        ],
    }
    turkish = {"violence": ["kemerle dovuyor"], "child_emergency": ["bogulu*"]}
    safeguarding = Safeguarding({"da": danish, "tr": turkish})
    assert safeguarding.signals("sevgilim ben isteyken oglumu kemerle dovuyor") == {"violence"}
    assert safeguarding.signals("hun sparker mig i ben haha") == {"violence"}  # after: not lifted
    assert safeguarding.signals("ondt i ben sparker mig") == set()  # Danish on Danish: lifted
    assert safeguarding.signals("haha bogulurken guldu") == set()  # pooled: lifts Turkish too
    assert safeguarding.signals("bogulurken") == {"child_emergency"}


@pytest.mark.parametrize(
    ("rules", "complaint"),
    [
        ({"violence": ["{nobody} hit me"]}, "no word group 'nobody'"),
        ({"words": {"loop": ["{loop}"]}, "violence": ["{loop} hit me"]}, "nest too deep"),
        ({"all_clear": [{"match": "news", "where": "nowhere"}]}, "'where' must be one of"),
        ({"all_clear": [{"match": "news", "pooled": True}]}, "'pooled' is true or false"),
        ({"all_clear": [{"match": "news", "where": "before", "pooled": "yes"}]}, "'pooled'"),
        ({"all_clear": [{"match": "news", "where": "before", "signals": ["x"]}]}, "unknown"),
    ],
)
def test_a_rules_file_the_matcher_cannot_read_is_refused_as_a_rules_file_error(
    rules: dict[str, Any], complaint: str
) -> None:
    """Every way a rules file can be wrong raises `RulesFileError`, so the command line
    gives an operator one line, not a traceback."""
    with pytest.raises(RulesFileError, match=complaint):
        Safeguarding({"en": rules})


def test_a_rules_file_with_a_key_twice_is_refused(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys: a second `negation:` list used to drop the
    first without a word. A rules file (shipped or a municipality's) with a key twice is
    refused, naming the file and the line."""
    (tmp_path / "da").mkdir()
    (tmp_path / "da" / "safeguarding.yaml").write_text(
        "negation: [not, never]\nviolence:\n  - slår mig\nnegation: [ikke, aldrig]\n",
        encoding="utf-8",
    )
    with pytest.raises(DuplicateKeyError, match=r"safeguarding.yaml: line 4: .*'negation'"):
        load_phrases([tmp_path], ("da",))
    (tmp_path / "da" / "safeguarding.yaml").write_text(
        "words:\n  partner: [mand]\n  partner: [kæreste]\n", encoding="utf-8"
    )
    with pytest.raises(DuplicateKeyError, match="'partner'"):
        load_phrases([tmp_path], ("da",))


@pytest.mark.parametrize("code", [code for code in supported_codes() if code != "en"])
def test_each_language_negates_with_its_own_words_and_english(code: str) -> None:
    """One `negation` list per file, the native words and the English ones (messages mix
    languages): "min mand har aldrig slået mig" and "he has never hit me" alike."""
    negation = load_rules_file(CONTENT_DIR / code / "safeguarding.yaml")["negation"]
    assert {"not", "never"} <= set(negation)
    assert set(negation) - {
        "not",
        "no",
        "never",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "wont",
        "cant",
        "cannot",
        "couldnt",
        "wasnt",
        "aint",
        "nt",
    }


@pytest.mark.parametrize(
    "message",
    [
        "my baby went blue but she is not ok",
        "my baby went blue but she isnt fine",
        "min baby er blevet helt blå men hun er ikke ok",
        "min baby er blevet blå men hun har det ikke godt",
        "ابني ازرق وما عم يتنفس بس مش منيح",
        "bebeğim morardı nefes almıyor ama iyi değil",
        "بچه‌ام کبود شده نفس نمیکشه ولی خوب نیست",
        "میرا بیٹا نیلا ہو گیا ہے سانس نہیں لے رہا لیکن ٹھیک نہیں",
        "dziecko zsiniało i nie oddycha ale nie jest dobrze",
        "бебето посиня и не диша но не е добре",
        "дитина посиніла і не дихає але не добре",
        "ilmahaygu wuu buluug noqday ma neefsanayo laakiin ma fiicna",
    ],
)
def test_an_all_clear_is_never_read_out_of_a_negation(library: FaqLibrary, message: str) -> None:
    """ "but she is fine" says it is over; "but she is not ok" says the opposite. An
    all-clear with a negation inside it, just before it or (where the language puts it
    there) just after it lifts nothing, in any language."""
    assert library.safeguarding.signals(message) & {"child_not_breathing", "child_emergency"}


def test_a_negated_all_clear_lifts_nothing_but_a_plain_one_still_does() -> None:
    rules = {
        "negation": ["not", "isnt"],
        "child_not_breathing": ["went blue"],
        "all_clear": ["but .. (fine|ok)", {"match": "crayon", "where": "around"}],
    }
    safeguarding = Safeguarding({"en": rules})
    assert safeguarding.signals("she went blue but she is fine") == set()
    assert safeguarding.signals("she went blue but she is not ok") == {"child_not_breathing"}
    assert safeguarding.signals("she went blue but isnt ok") == {"child_not_breathing"}
    assert safeguarding.signals("she went blue from the crayon") == set()
    assert safeguarding.signals("she went blue, not the crayon") == {"child_not_breathing"}


@pytest.mark.parametrize(
    "text",
    [
        # Wordings in none of the sets, written after the third set was released to check
        # that its rules reach the kind of message, not the sentence they came from.
        "my husband takes my phone and locks me in the flat",
        "he hides my passport and my bank card",
        "how many paracetamol would kill me",
        "i keep thinking about ending it all",
        "min kæreste tager min telefon og låser mig inde",
        "min datter ånder ikke!!",
        "han vågner ikke selvom jeg rusker i ham",
        "زوجي بياخد جوالي وبيقفل علي",
        "binti bal3et 7obob",
        "ibni mish 3am yetnaffas",
        "kocam telefonumu alıyor evden çıkmama izin vermiyor",
        "beta ne battery nigal li",
        "میرا دل کرتا ہے ہمیشہ کے لیے ختم ہو جاؤں",
        "lepiej by było jakbym zniknęła",
        "maj mi me bie vseki den",
        "искам всичко да приключи завинаги",
        "дитина ne dykhaie",
        "чоловік забирає мій телефон і замикає мене",
        "cholovik mene b'ie",
        "waxaan doonayaa inaan weligay lumo",
        "شوهرم گوشیمو میگیره و منو زندونی کرده",
        "میخوام برای همیشه ناپدید بشم",
        "синът ми падна от терасата и не се буди",
        "ще взема всички хапчета довечера",
        "iskam da umra",
        "jeg er bange for at jeg ryster babyen",
        "shohar mujhe maarta hai",
        "mujhe marne ka dil karta hai",
        "bütün hapları bir kerede içeceğim",
        "i want to vanish forever",
        "він не випускає мене з дому",
        "رح اشرب كل الحبوب الليلة",
        "mąż zamknął mnie w domu",
        "شوهرم منو تو اتاق قفل کرده",
        "хочу померти на місці",
        # A food colour explains blue lips, never a child who does not breathe.
        "dziecko zjadło jagody i się dusi nie oddycha",
        "min søn fik en blåbær i halsen og trækker ikke vejret",
        "he ate blueberries and now he is not breathing",
    ],
)
def test_the_third_sets_rules_reach_new_wordings(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text)


@pytest.mark.parametrize(
    "text",
    [
        "i could kill for a nap",
        "my mother in law threatens to visit every weekend",
        "min svigermor truer med at komme på besøg igen",
        "husk at tage alle dine vitaminer",
        "الولد عم يضرب الارض برجليه لانه زعلان",
        "ابني اكل توت وصار تمه ازرق",
        "dut yedi dudakları mor",
        "kızım mesajlarıma cevap vermiyor",
        "zjadła borówki, usta fioletowe",
        "lepiej by było gdybym żyła zdrowiej",
        "бебето яде боровинки, устата му е лилава",
        "малюк їв чорницю, губи сині",
        "син замкнув мене у ванній випадково",
        "توت خورد دهنش بنفش شده",
        "آب جوش گذاشتم برای چای",
        "جوش زده صورتش از کرم",
        "ilmahani wuu i daaliyay habeen dhan",
        "jeg er bange for at han ryster af kulde",
        "бебето не се буди нощем",
        "min søn gemmer mine nøgler hele tiden",
        "ще взема всички хапчета по схемата",
        # Locking the door is not locking her in; a child who takes the phone is not
        # control; a weekend away is not a wish to die.
        "mąż zamyka drzwi na noc",
        "kocam kapıyı kilitliyor geceleri",
        "شوهرم درو قفل میکنه شبا",
        "ابني اخد موبايلي وعم يلعب",
        "oğlum telefonumu aldı oynuyor",
        "chcę zniknąć na weekend do spa",
        "я хочу зникнути на вихідні",
        "ilmahaygu wuxuu cunay miro buluug ah, bushimahiisu waa buluug haha",
    ],
)
def test_near_misses_of_the_third_sets_rules_stay_quiet(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.explain(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The kind decides the help line after 112: self-harm is not violence.
        ("хочу покласти всьому край", "self_harm"),
        ("назбирала пігулок і вип'ю всі", "self_harm"),
        ("чоловік забирає мій телефон і замикає мене", "violence"),
        ("زوجي بياخد جوالي وبيقفل علي", "violence"),
        ("بدي اختفي للابد", "self_harm"),
        ("how many pills would it take", "self_harm"),
        ("han låser døren og tager mine nøgler", "violence"),
    ],
)
def test_the_new_rules_raise_the_right_kind(library: FaqLibrary, text: str, expected: str) -> None:
    assert library.safeguarding.signals(text) == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Pills the mother gathered are her plan, not a child who swallowed them: the help
        # line after 112 is the one for suicide, not the poison line.
        ("جمعت الحبوب وبدي اشربهم كلهم", {"self_harm"}),
        ("جمعت حبوب كتير عشان اخلص من حياتي", {"self_harm"}),
        ("neend ki goliyan jama kar rakhi hain, aaj sab nigal lungi", {"self_harm"}),
        ("میں نے دوائیاں جمع کی ہیں ایک ساتھ نگل لوں گی", {"self_harm"}),
        ("قرص‌هامو جمع کردم همه رو میخورم", {"self_harm"}),
        ("قرص جمع کردم امشب همه رو میخورم", {"self_harm"}),
        # "I just don't want to wake up again" is the mother's wish, not a child's sign.
        ("jeg vil bare ikke vågne op igen", {"self_harm"}),
        ("jeg vil bare sove og aldrig vågne op igen", {"self_harm"}),
        ("min søn vil ikke vågne", {"child_not_breathing"}),
        # "oyuncağa bayıldı": loved the toy (a dative before bayılmak), not fainted.
        ("kızım yeni oyuncağa bayıldı", set()),
        ("oğlum bu oyuncağa çok bayıldı", set()),
        ("kızım banyoda bayıldı", {"child_not_breathing"}),
        # A past event told calmly; "today" or "now" keeps the alarm.
        ("last year my son had a febrile seizure, can it happen again?", set()),
        ("sidste år fik min søn feberkramper, kan det ske igen?", set()),
        ("last year he had a febrile seizure, today he is seizing again", {"child_emergency"}),
        ("sidste år fik han feberkramper og i dag har han kramper igen", {"child_emergency"}),
    ],
)
def test_known_faults_of_the_fourth_round(
    library: FaqLibrary, text: str, expected: set[str]
) -> None:
    assert library.safeguarding.signals(text) == expected


def test_unless_with_anywhere_in_the_message_keeps_a_rule_quiet() -> None:
    """A word anywhere in the message can say what a rule's words mean: pills "gathered"
    are the parent's plan, not a child who swallowed them. On a concept it holds for
    each of its words; on a rule, for that rule."""
    rules = {
        "concepts": [
            {
                "signal": "child_emergency",
                "unless_with": "gathered|saved",
                "paired": ["pills"],
                "needs": ["swallowed", "ate"],
            },
            {"signal": "self_harm", "alone": ["(gathered|saved) .. pills"]},
        ],
        "child_not_breathing": [{"match": "fainted", "unless_with": "loved"}],
    }
    safeguarding = Safeguarding({"en": rules})
    assert safeguarding.signals("he swallowed my pills") == {"child_emergency"}
    assert safeguarding.signals("i gathered pills and swallowed them") == {"self_harm"}
    assert safeguarding.signals("she fainted") == {"child_not_breathing"}
    assert safeguarding.signals("she loved it so much she almost fainted") == set()


@pytest.mark.parametrize(
    "text",
    [
        # Wordings in none of the sets, written after the wide lexicon as a check that it
        # reaches the kind of message (a child + a sign, the parent + self-harm, a partner +
        # control), not the sentence it came from.
        "my son is grey and floppy and barely breathing",
        "she found my blood pressure pills and i dont know how many she ate",
        "he swallowed a magnet from the fridge",
        "there is no point anymore, i am so tired of everything",
        "i keep picturing dropping the baby down the stairs",
        "i shook her because she would not stop crying and now i am scared",
        "he says he will take the kids to his country and i will never see them again",
        "he checks my phone and i am not allowed to go out without him",
        "min søn slog hovedet og har kastet op tre gange og er meget sløv",
        "hun har ikke haft en våd ble i et døgn og græder uden tårer",
        "jeg orker ikke mere, der er ingen mening med noget",
        "han siger han tager børnene med til udlandet",
        "ابني بلع مغناطيس",
        "ما في فايدة من حياتي بدي انام وما اصحى",
        "جوزي بهددني ياخد الولاد ويسافر",
        "oglum miknatis yutmus",
        "artik dayanamiyorum, uyuyup hic uyanmamak istiyorum",
        "kocam cocuklari alip ulkesine goturecegini soyluyor",
        "beta ne magnet nigal liya",
        "ab aur bardasht nahi hota, koi faida nahi jeene ka",
        "shohar kehta hai bachay cheen lega",
        "پسرم آهنربا قورت داده",
        "دیگه نمیتونم، میخوام بخوابم و بیدار نشم",
        "شوهرم میگه بچه ها رو میبره افغانستان",
        "synek polknal magnes",
        "nie daje juz rady, chce zasnac i sie nie obudzic",
        "maz grozi ze zabierze dzieci do swojego kraju",
        "синът ми глътна магнит",
        "нямам сили вече, искам да заспя и да не се събудя",
        "мъжът ми заплашва че ще вземе децата",
        "wiilkaygu wuxuu liqay birlab",
        "ma sii wadi karo, waxaan rabaa inaan seexdo oo aanan toosin",
        "ninkaygu wuxuu leeyahay carruurta ayuu iga qaadi doonaa",
        "син проковтнув магніт",
        "я більше не можу, хочу заснути і не прокинутися",
        "чоловік погрожує забрати дітей",
    ],
)
def test_the_wide_lexicon_reaches_new_wordings(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text)


@pytest.mark.parametrize(
    "text",
    [
        # The same words where nothing is wrong.
        "my son is so sleepy after swimming lessons",
        "the magnet on the fridge fell off",
        "i could sleep forever after this week haha",
        "he takes the kids to the park on sundays",
        "she checks my phone for games all the time",
        "min søn kastede bolden over hegnet",
        "han tager børnene med til svømning",
        "ابني بيحب المغناطيس على البراد",
        "جوزي بياخد الولاد عالحديقة",
        "oglum miknatisli oyuncaklari cok seviyor",
        "kocam cocuklari parka goturuyor",
        "beta magnet se khel raha hai",
        "shohar bachon ko school le jata hai",
        "پسرم با آهنربا بازی میکنه",
        "شوهرم بچه ها رو میبره پارک",
        "synek bawi sie magnesami",
        "maz zabiera dzieci na basen",
        "синът ми си играе с магнити",
        "мъжът ми води децата в парка",
        "wiilkaygu wuxuu ku ciyaarayaa birlab",
        "син грається з магнітами",
        "чоловік водить дітей у парк",
        "last year she fell off the sofa and was fine",
        "my baby sleeps a lot after vaccines, is that normal",
        "how many wet nappies should a newborn have",
        "bebek gunde kac bez islatmali",
        "скільки мокрих підгузків має бути в немовляти",
        # A rash that fades when pressed, a negated sign, a question for one day, a game.
        "little red spots on her cheeks, they fade when i press them",
        "normal nefes aliyor, morarma yok",
        "saans normal hai, neela nahi hai",
        "диша нормално, не е посинял",
        "si caadi ah ayuu u neefsanayaa, buluug ma aha",
        "bir gun bogazina bir sey kacarsa ne yapmaliyim",
        "esim butun gece PUBG oynuyor, vur kir",
        "شوهرم کنار بچه سیگار میکشه",
        "мъжът ми пак ме би на табла",
        "itni thaki hui hoon ke mar jaun",
    ],
)
def test_near_misses_of_the_wide_lexicon_stay_quiet(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.explain(text) == []


def test_a_rule_is_looked_up_by_its_most_telling_word() -> None:
    """Every word of a rule must stand in the message, so the rule is looked up by the
    word that says most: "{neg} breath*" by "breath", not by "not" (in every language's
    negation list, so in half the messages); a message meets only the rules its words
    could complete, which keeps the wide lexicon as cheap as the phrase rules were."""
    compiler = _Compiler("en", {"neg": ["not", "no"], "child": ["baby", "son"]}, "")
    assert compiler.best_leads("{neg} breath*") == {"breath"}
    assert compiler.best_leads("{child} .. (turn*|went) blue") == {"blue"}
    assert compiler.best_leads("hit* {neg}") == {"hit"}
    safeguarding = Safeguarding(
        {"en": {"negation": ["not"], "child_not_breathing": ["{neg} breath*"]}}
    )
    (language,) = safeguarding._languages
    assert language._candidates("she is not hungry") == []
    assert [rule.source for rule in language._candidates("she is not breathing")] == [
        "child_not_breathing: {neg} breath*"
    ]


# Danger said quietly, English and Danish (2026-12-02): the kinds the sixteenth set's
# danger messages were missed by, once it was released, each rule written wider than the
# sentence and held against near-misses with the same words.
QUIET_DANGER = [
    ("my baby is 3 week old, she is hot 39 and not drinking, can we wait", "child_emergency"),
    ("my 2 week old has a temperature of 38.4 should we wait", "child_emergency"),
    ("min søn på 3 uger har 38,5 i feber, kan det vente til i morgen", "child_emergency"),
    ("Allah will forgive me for what I'm about to do", "self_harm"),
    ("please tell my daughter her mama loved her", "self_harm"),
    ("fortæl mine børn at jeg elskede dem", "self_harm"),
    ("I hit my head against the wall until it bled", "self_harm"),
    ("i bought a rope, tonight when the kids sleep", "self_harm"),
    ("jeg har købt et reb, i aften når børnene sover", "self_harm"),
    ("I'm going to hang myself", "self_harm"),
    ("I will throw myself in front of the train", "self_harm"),
    ("he forces himself on me when I say no", "violence"),
    ("he makes me sleep with his friends", "violence"),
    ("han tvinger mig til sex når jeg siger nej", "violence"),
    ("I woke up at a strange flat without clothes and don't remember anything", "violence"),
    ("someone has been following me home from the bus every day", "violence"),
    ("he sends me pictures of my window at night", "violence"),
    ("min eks følger efter mig hjem fra arbejde", "violence"),
    ("ekskæresten har sendt billeder af mit vindue om natten", "violence"),
    ("my stepdad is sexually abusing my little sister", "violence"),
    ("my mother in law smacks our 2yo with a wooden spoon till he's got welts", "violence"),
    ("far slår ham med bæltet når mor er på arbejde", "violence"),
    ("hun fortalte at onklen rører ved hendes tissekone", "violence"),
    # found by the review that narrowed them
    ("I'm going to jump in front of a train tonight", "self_harm"),
    ("I woke up at his friend's place with my clothes off and can't remember anything", "violence"),
    ("He took his belt to our son last night and left marks", "violence"),
    ("Jeg hopper ud fra broen i aften", "self_harm"),
]
QUIET_NEAR_MISSES = [
    "my 6 week old is hot in his onesie, should I take a layer off?",
    "my 4 months old had 38 after vaccines, plays fine",
    "my 3 week old has 37.2, is that normal",
    "I always tell my kids I love them",
    "tell my kids i loved the drawings they made",
    "he loved the new swing, we tied it with a rope",
    "I banged my head on the cupboard door",
    "the kids love watching the trains from the bridge",
    "my husband makes me laugh so much",
    "my ex picks up the kids every friday as agreed",
    "we took photos of our new window",
    "the baby woke up without clothes, he kicks everything off",
    "my son follows me everywhere, he is 2",
    "she touched the cake with her fingers",
    "my husband waits outside the vuggestue every morning with the pram",
    "min baby på 5 uger sover meget, er det normalt",
    "min datter på 2 måneder har 37,5",
    "vi købte et reb til gyngen",
    "jeg står ved busstoppet hver morgen kl 7",
    "jeg venter ved vuggestuen hver morgen på min veninde",
    "han følger efter mig overalt i huset, han er 2 år",
    "vi tog billeder af vores nye vinduer",
    "min mand slår græsset hver lørdag",
    "jeg sagde nej til sex i aften, han var sød og forstående",
    "hun rører ved alt i butikken",
    # a review's probes of the first version of these rules, each a false alarm then
    "My son makes me sleep with him every night",
    "My toddler makes me sleep with the light on",
    "Having a baby made me hate sex",
    "He follows me everywhere and cries when I leave the room",
    "My son scratches his eczema until he bleeds",
    "She picks her nose until she bleeds",
    "My daughter has welts all over after eating strawberries",
    "My son only eats the broccoli stalks",
    "The kids want to jump off the diving board",
    "going to jump from the 3 metre board",
    "I keep banging my head against the wall with the kommune, again",
    "She is 16 weeks old and had a fever after her vaccines",
    "My 6 weeks old has no fever",
    "Our puppy is 10 weeks old and the kids have fever",
    "5 days old, her temp is 37, all fine",
    "10 days old, bath water is 38 too hot?",
    "Here are some photos of our flat, we are moving",
    "Our son woke up naked again, does someone have a sleeping bag tip?",
    "We teach him that nobody may touch him in his private parts",
    "The news said a coach was convicted of sexually abusing children",
    "Is my daughter abusing the pacifier",
    "The epidural drugged me so much",
    "He loves watching me cook every night",
    "My husband whips cream with a spoon",
    "How do I tell my children that grandma loved them so much?",
    "We got a rope swing tonight",
    "Do we have a rope for the end of the hammock?",
    "Min søn på 2 dunker hovedet ind i væggen igen og igen",
    "16 uger gammel og feber efter vaccinen",
    "2 måneder gammel, ingen feber",
    "vores hvalp er 8 uger gammel og børnene har feber",
    "Min datter på 4 år, 3 dage med feber",
    "Min søn rører ved sin tissemand hele tiden, er det normalt?",
    "Min søn slår med træske på gryderne",
    "Her er billeder af vores lejlighed, vi flytter",
    "Sig til mine børn at farmor elskede dem højt",
    "Børnene elsker at hoppe fra broen ved sommerhuset",
    "Min mand fulgte efter mig ind i butikken",
    "Min eks venter ved vuggestuen hver morgen for at aflevere",
    "Uheldet forfølger mig",
    "Min søn vågnede og spurgte om nogen ville lege, han husker det ikke",
    "Jeg stalker vuggestuens Instagram haha",
]


@pytest.mark.parametrize(("text", "expected"), QUIET_DANGER)
def test_danger_said_quietly_raises_the_alarm(
    library: FaqLibrary, text: str, expected: str
) -> None:
    assert expected in library.safeguarding.signals(text), text


@pytest.mark.parametrize("text", QUIET_NEAR_MISSES)
def test_near_misses_of_danger_said_quietly_stay_quiet(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text) == set(), text
