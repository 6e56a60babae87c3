"""Training the danger model (`faq.danger_model`): a tool for editors, never loaded by the bot.

    .venv/bin/python -m faq.danger_training            # train, write content/danger_model.json
    .venv/bin/python -m faq.danger_training --folds    # also: how it does on sets it did not see
    .venv/bin/python -m faq.danger_training --folds --groups 10  # the same, in ten groups

What it learns from, and why:
- every *released* danger set (`DANGER_SETS`): danger messages, and harmless near-misses
  with the same words. A set becomes released when a newer blind set takes over as the
  held-out measure; the held-out set is never read here.
- the written training examples (`content/danger_examples/*.yaml`, same shape as a set
  without halves): more ways of saying danger, near-misses and everyday group-bot messages
  in every language, written for the model and never used to measure it.
- the parents' everyday FAQ questions (`EVERYDAY_SETS`) and the FAQ entries' own ways to
  ask, as harmless: these are what the bot is asked all day; each two questions in a row
  also joined, as the bot reads a message with the one before (since sets 1-30). A
  question the FAQ set itself sends to the emergency entry ("my baby is not breathing,
  what do I do") is left out rather than called harmless. The fourth parents' set is
  left out altogether: it is the everyday questions this model never saw, the check that
  its calm line stays rare.

Logistic regression (scikit-learn) over the letter sequences of `features`, each scaled by
`scale`, with the classes weighted equally: danger messages are a minority of what the
sets hold. Training is deterministic, so the file changes only when the data does.

The threshold (`THRESHOLD`) was chosen on the leave-one-set-out figures (`--folds`: each
set predicted by a model trained without it), never on the held-out set: the lowest that
keeps the calm line on at most about one everyday question in fifty. It gave 0.5 from
the sixth set on, and 0.4 once sets 1-12 and examples a-p were in (114 of 5,900 everyday
questions with the line, the bound 118); with sets 1-13 and examples a-q, 117; with part r
too, 119, and the rule went back to 0.5 (72); with set 14 and part s, 0.4 gives 124 and
0.5 stays (78); with set 15 and part t, 123 and 79; with set 16 and part u, 126 and 80;
with set 17 and part v, 122 and 81; with set 18 and part w, 129 and 81; with set 19 and
part x, 126 and 81; with set 20 and part y, 123 and 80; with set 21 and part za, 121 and
75; with set 22, 127 and 77; with set 23, 124 and 79; with set 24, 125 and 82; with set 25,
125 and 80; with set 26, 123 and 79; with sets 27-29 (the folds not run between), 123
and 82; with set 30 and the everyday pairs, 119 and 75; with set 31, 118, within the
bound, and 73: the rule moves the line to 0.4; with set 32, 115 and 68: it stays; with
set 33, 106 and 67: it stays; with set 34, 109 and 69: it stays; with set 35, 98 and 67:
it stays; with set 36, 107 and 65: it stays. With set 37 and the letter sequences across
two words (`faq.danger_model.bridges`), on ten group folds instead (`--folds --groups 10`:
each group of sources judged by a model trained on the other nine; the leave-one-set-out
run takes about a hundred minutes with the larger model and was not run that day), 90 of
5,900 everyday questions: it stays; with set 38, on the same ten group folds, 96, and with
each feature scaled by how far it leans to danger (`leaning`), 78: it stays.

Where the model is sure (`ALARM_THRESHOLD`), it raises the alarm itself, 112 first. The
rule for that threshold was set on 2026-12-01 before the fourteenth set was read, and is
applied to the folds like the other: the lowest listed threshold at which the model's
alarm (the rules silent) falls on at most one harmless near-miss in a hundred and at most
one everyday question in a thousand. The issue's bar allows one false alarm in fifty; the
rules alone already raise more than that on every blind set, so the model may add only a
small part of it. With sets 1-13 and examples a-r it picked 0.9: the alarm on 81 of 9,269
near-misses and 1 of 5,900 everyday questions, and 1,590 of 7,205 danger messages without
it, where the rules alone miss 2,745 (with a-q: 84, 1, 1,581 and 2,728). With sets 1-14
and examples a-s, 0.9 again: 82 of 9,709 near-misses, 3 of 5,900 everyday questions, and
1,723 of 7,645 danger messages without the alarm, the rules alone missing 2,958. With
sets 1-15 and examples a-t, 0.9: 88 of 10,189, 4 of 5,900, and 1,810 of 8,045 without
the alarm, the rules alone missing 3,117. With sets 1-16 and examples a-u, 0.9: 89 of
10,609, 2 of 5,900, and 1,938 of 8,505 without the alarm, the rules alone missing 3,366.
With sets 1-17 and examples a-v, 0.9: 92 of 11,029, 4 of 5,900, and 1,919 of 8,965
without the alarm, the rules alone missing 3,415. With sets 1-18 and examples a-w, 0.9: 96
of 11,449, 4 of 5,900, and 1,993 of 9,425 without the alarm, the rules alone missing 3,608.
With sets 1-19 and examples a-x, 0.9: 97 of 11,869, 4 of 5,900, and 2,033 of 9,885 without
the alarm, the rules alone missing 3,801.
With sets 1-20 and examples a-y, 0.9: 95 of 12,289, 4 of 5,900, and 1,987 of 10,345
without the alarm, the rules alone (early in that round's rule work) missing 3,775.
With sets 1-21 and examples a-za, 0.9: 97 of 12,709, 3 of 5,900, and 2,018 of 10,805
without the alarm, the rules alone (part way through that round's rule work) missing 3,723.
With sets 1-22 and examples a-za, 0.9: 100 of 13,029, 2 of 5,900, and 2,075 of 11,125
without the alarm, the rules alone (before that round's rule work) missing 3,818.
With sets 1-23 and examples a-za, 0.9: 109 of 13,349, 4 of 5,900, and 2,036 of 11,445
without the alarm, the rules alone (part way through that round's rule work) missing 3,651.
With sets 1-24 and examples a-za, 0.9: 108 of 13,669, 4 of 5,900, and 2,044 of 11,765
without the alarm, the rules alone (early in that round's rule work) missing 3,650.
With sets 1-25 and examples a-za, 0.9: 112 of 13,989, 3 of 5,900, and 1,965 of 12,085
without the alarm, the rules alone (at the end of that round's rule work) missing 3,482.
With sets 1-26 and examples a-za, 0.9: 115 of 14,309, 3 of 5,900, and 1,951 of 12,405
without the alarm, the rules alone (at the end of that round's rule work) missing 3,461.
With sets 1-29 and examples a-za (the folds not run after sets 27 and 28), 0.9: 113 of
15,269, 3 of 5,900, and 2,010 of 13,365 without the alarm, the rules alone (early in that
round's rule work) missing 3,541; 0.85 would fall on 202 near-misses, over the bound 152.
With sets 1-30, examples a-za and the everyday pairs, 0.9: 123 of 15,589, 4 of 5,900, and
1,875 of 13,685 without the alarm, the rules alone (at the end of that round's rule work)
missing 3,349; 0.85 would fall on 220 near-misses, over the bound 155.
With sets 1-31, 0.9: 121 of 15,909, 3 of 5,900, and 1,873 of 14,005 without the alarm, the
rules alone (at the end of that round's rule work) missing 3,334; 0.85 would fall on 232
near-misses, over the bound 159. With sets 1-32, 0.9: 119 of 16,229, 4 of 5,900, and 1,891
of 14,325 without the alarm, the rules alone (before that round's rule work) missing 3,384;
0.85 would fall on 240 near-misses, over the bound 162. With sets 1-33, 0.9: 123 of 16,549,
3 of 5,900, and 1,876 of 14,645 without the alarm, the rules alone (before that round's rule
work) missing 3,356; 0.85 would fall on 240 near-misses, over the bound 165.
With sets 1-34, 0.9: 128 of 16,869, 3 of 5,900, and 1,877 of 14,965 without the alarm, the
rules alone (before that round's rule work) missing 3,337; 0.85 would fall on 247
near-misses, over the bound 168.
With sets 1-35, 0.9: 132 of 17,189, 3 of 5,900, and 1,850 of 15,285 without the alarm, the
rules alone (no round on that set; the leftovers mended) missing 3,251; 0.85 would fall on
236 near-misses, over the bound 171.
With sets 1-36, 0.9: 136 of 17,509, 4 of 5,900, and 1,825 of 15,605 without the alarm, the
rules alone (after that set's round) missing 3,204; 0.85 would fall on 236 near-misses, over
the bound 175.
With set 37 the model reads the letter sequences across two words, and the rule reads a
finer list (0.86 to 0.89 added between 0.85 and 0.9: the rule asks for the lowest threshold
within the bounds, and steps of 0.05 left much of the room unused; the list was made finer
in the same change, once the folds showed that the new model at 0.9 would reach fewer danger
messages than the old one). On the ten group folds (`--folds --groups 10`) the rule picks
**0.85**: the alarm on 175 of 17,829 near-misses (the bound 178) and 5 of 5,900 everyday
questions (the bound 5.9), 1,637 of 15,925 danger messages without it, the rules alone
missing 3,264. The threshold was set to **0.86** (154 near-misses, 3 everyday questions,
1,696 without the alarm) before the thirty-eighth set was counted, from a bound worked out
by hand on the near-misses the rules leave alone (16,756, so 167) rather than on all of
them as the rule counts; the set was counted with 0.86, and it stayed until the next set was
released and the folds decided again (0.86 was the more careful of the two: fewer alarms on
near-misses). The thirty-eighth set's tune half was looked at with 0.86, 0.88 and 0.9 before
the count. With set 38 released, on the ten group folds, the rule picks 0.86 for
the model as it was: the alarm on 168 of 18,149 near-misses (the bound 181) and 4 of 5,900
everyday questions, 1,717 of 16,245 danger messages without it, the rules alone missing
3,315. With each feature scaled by how far it leans to danger (`leaning`; the list made
finer, 0.8 to 0.9 in hundredths), it picks **0.82**: 143 near-misses, 5 everyday questions
(the bound 5.9), 1,623 danger messages without the alarm; 0.81 would fall on 6 everyday
questions. With set 39 released, the same model on ten group folds (regrouped with set 39
in, so not the same groups): the rule picks
**0.85**, 98 of 18,469 near-misses (the bound 184) and 5 of 5,900 everyday questions, 1,835
of 16,565 danger messages without the alarm, the rules alone missing 3,355; 0.82 would fall
on 148 near-misses and 7 everyday questions, 0.84 on 121 and 6 (the everyday bound holds
it, not the near-misses). So the everyday questions now weigh more when the model learns
(`everyday_weight`, `balanced`; the violence model learns every message alike). On those
folds, at the rule's own pick, the model reaches this many of the 3,355 danger messages the
rules miss: everyday weight 1, 1,520 (0.85: 98 near-misses alarmed, 5 everyday questions); 2,
1,673 (0.85: 148, 5); **3, 1,725 (0.86: 170, 4)**; 5, 1,686 (0.89: 180, 2). The weight of 3
reaches most and was chosen by that, as the scaling was; the price is near-misses alarmed
(170 of 18,469, within the bound 184, against 98), and at an equal number of near-misses it
reaches a little less than weight 1 (at 90: 1,410 against 1,452), so the gain is the room
the near-miss bound leaves, which the everyday questions had kept unused. At the calm line
(0.4) it reaches 3,111 (3,047) and puts the line on 2,443 near-misses (1,969) and 72
everyday questions (74).
With set 40 released, the same model on ten group folds (regrouped with set 40 in): the rule
picks **0.87**, 159 of 18,789 near-misses (the bound 187) and 4 of 5,900 everyday questions,
1,726 of 16,885 danger messages without the alarm, the rules alone missing 3,416, so the
alarm reaches 1,690 of them; 0.86 would fall on 177 near-misses and 6 everyday questions
(the everyday bound holds it again, by one question; the step costs 76 danger messages
without the alarm to spare 18 near-misses and 2 everyday questions). The calm line at 0.4
falls on 75 everyday questions (the bound 118) and reaches all but 250 danger messages.
With set 41 released, on ten group folds regrouped with it: the rule picks **0.86** again,
167 of 19,109 near-misses (the bound 191) and 5 of 5,900 everyday questions; 1,672 of 17,205
danger messages without the alarm, the rules alone missing 3,477, so the alarm reaches 1,805
of them; 0.85 would fall on 184 near-misses and 6 everyday questions (over the everyday bound
5.9, by one question again). The calm line at 0.4 falls on 70 everyday questions (the bound
118) and reaches all but 250 danger messages.
With set 42 released and the `r38` round of rules: the rule picks **0.86** again, 167 of
19,429 near-misses (the bound 194) and 4 of 5,900 everyday questions; the rules alone miss
3,417 of 17,525 danger messages, the alarm reaches 1,786 of them; 0.85 gives 185 and 7. The
calm line at 0.4: 71 everyday questions, all but 240 danger messages.
With set 43 released and the `r39` round of rules (after its review's mending): the rule
picks **0.85**, one step down, 196 of 19,749 near-misses (the bound 197) and 5 of 5,900
everyday questions (the bound 5.9); the rules alone miss 3,419 of 17,845 danger messages,
the alarm reaches 1,838 of them; 0.84 would fall on 208 near-misses and 6 everyday
questions. With set 43 released and the rules before the round, the same step (196 and 5).
The calm line at 0.4: 76 everyday questions (the bound 118), all but 248 danger messages.

A second model (`train_violence`) learns from the same messages whether one is violence
against the parent. The bot asks it only where the calm line or the model's own alarm
shows, to put Lev Uden Vold's checked line under it; its threshold (`VIOLENCE_THRESHOLD`)
was chosen on the folds the same way, on how often a message the model reached that is
not about violence (danger of another kind, or harmless) would get that line.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import csr_matrix, diags
from sklearn.linear_model import LogisticRegression

from faq.danger_model import MIN_WORDS, DangerModel, features, scale
from faq.safeguarding import normalise

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
MODEL_FILE = ROOT / "content" / "danger_model.json"
DANGER_SETS = tuple(
    TESTS / name
    for name in (
        "safeguarding_eval.yaml",
        "safeguarding_eval_2.yaml",
        "safeguarding_eval_3.yaml",
        "safeguarding_eval_4.yaml",
        "safeguarding_eval_5.yaml",
        "safeguarding_eval_6.yaml",
        "safeguarding_eval_7.yaml",
        "safeguarding_eval_8.yaml",
        "safeguarding_eval_9.yaml",
        "safeguarding_eval_10.yaml",
        "safeguarding_eval_11.yaml",
        "safeguarding_eval_12.yaml",
        "safeguarding_eval_13.yaml",
        "safeguarding_eval_14.yaml",
        "safeguarding_eval_15.yaml",
        "safeguarding_eval_16.yaml",
        "safeguarding_eval_17.yaml",
        "safeguarding_eval_18.yaml",
        "safeguarding_eval_19.yaml",
        "safeguarding_eval_20.yaml",
        "safeguarding_eval_21.yaml",
        "safeguarding_eval_22.yaml",
        "safeguarding_eval_23.yaml",
        "safeguarding_eval_24.yaml",
        "safeguarding_eval_25.yaml",
        "safeguarding_eval_26.yaml",
        "safeguarding_eval_27.yaml",
        "safeguarding_eval_28.yaml",
        "safeguarding_eval_29.yaml",
        "safeguarding_eval_30.yaml",
        "safeguarding_eval_31.yaml",
        "safeguarding_eval_32.yaml",
        "safeguarding_eval_33.yaml",
        "safeguarding_eval_34.yaml",
        "safeguarding_eval_35.yaml",
        "safeguarding_eval_36.yaml",
        "safeguarding_eval_37.yaml",
        "safeguarding_eval_38.yaml",
        "safeguarding_eval_39.yaml",
        "safeguarding_eval_40.yaml",
        "safeguarding_eval_41.yaml",
        "safeguarding_eval_42.yaml",
        "safeguarding_eval_43.yaml",
        "safeguarding_eval_44.yaml",
        "safeguarding_eval_45.yaml",
        "safeguarding_eval_46.yaml",
        "safeguarding_eval_47.yaml",
        "safeguarding_eval_48.yaml",
        "safeguarding_eval_49.yaml",
        "safeguarding_eval_50.yaml",
        "safeguarding_eval_51.yaml",
        "safeguarding_eval_52.yaml",
        "safeguarding_eval_53.yaml",
        "safeguarding_eval_54.yaml",
        "safeguarding_eval_55.yaml",
        "safeguarding_eval_56.yaml",
    )
)
EVERYDAY_SETS = tuple(
    TESTS / name
    for name in (
        "faq_eval.yaml",
        "faq_eval_parents.yaml",
        "faq_eval_parents_new.yaml",
        "faq_eval_parents_3.yaml",
    )
)
EXAMPLES_DIR = ROOT / "content" / "danger_examples"
ENTRIES_SOURCE = "faq entries"
EMERGENCY_ENTRY = "sick-emergency"
_EVERYDAY_SOURCES = frozenset({path.name for path in EVERYDAY_SETS} | {ENTRIES_SOURCE})
SMOOTHING = 1.0  # added to each feature's count on either side (`leaning`)
# How much more an everyday question counts than a near-miss when the danger model learns
# (`everyday_weight`): 3 (2, 3 and 5 tried on ten group folds, 2026-12-05 late
# night, before the fortieth set was counted; the module's docstring has the figures).
EVERYDAY_WEIGHT = 3.0
# scikit-learn's C: weaker regularisation fitted the folds best (3, 10, 30 tried); tried again
# with `leaning` on ten group folds (2026-12-05): the alarm's rule picks 0.8 with 3 and
# reaches 1,347 of 3,315 danger messages the rules miss, 0.9 with 30 and reaches 1,572
# (its everyday questions hold it there), 0.82 with 10 and reaches 1,692.
STRENGTH = 10.0
THRESHOLD = 0.4
# The thresholds the alarm's rule reads between 0.8 and 0.9, one hundredth apart (since set 38:
# the rule asks for the lowest listed threshold within its bounds, and a coarser list leaves
# room unused).
ALARM_STEPS = tuple(round(0.8 + step / 100, 2) for step in range(10))
# The folds' rule (the module's docstring): 0.82 with set 38; 0.86 with set 39 and the everyday
# questions weighted; 0.87 with set 40; 0.86 with sets 41 and 42; 0.85 with set 43; 0.86 with
# set 44 and the round written after it (0.85 with the rules before that round); 0.86 with set 45
# and the round written after it (`r41`; 159 of 20,389 near-misses, 5 of 5,900 everyday); 0.87
# with set 46 and the round written after it (`r42`; 0.86 gave 6 of 5,900 everyday, over the
# bound; 0.87 gives 155 of 20,709 near-misses, 4 of 5,900 everyday); 0.86 with set 47 and the
# round written after it (`r43`; 176 of 21,029 near-misses, 5 of 5,900 everyday); 0.89 with set
# 48 and the round written after it (`r44`; 0.86 to 0.88 gave 8, 6 and 6 of 5,900 everyday, over
# the bound; 0.89 gives 116 of 21,349 near-misses, 5 of 5,900 everyday); 0.90 with set 49 and
# the round written after it (`r45`, its writers' rules; 0.88 and 0.89 gave 6 of 5,900
# everyday, over the bound; 0.90 gives 100 of 21,669 near-misses, 3 of 5,900 everyday); 0.90
# with set 50 and the round written after it (`r46`, its writers' rules; 0.87 to 0.89 gave 8 of
# 5,900 everyday, over the bound; 0.90 gives 92 of 21,989 near-misses, 5 of 5,900 everyday);
# 0.89 with set 51 and the round written after it (`r47`, its writers' rules; 0.87 and 0.88
# gave 6 of 5,900 everyday, over the bound; 0.89 gives 118 of 22,309 near-misses, 5 of 5,900
# everyday); 0.89 with set 52 and the round written after it (`r48`, its writers' rules); kept
# with set 53 and the solver run to its optimum (`TOLERANCE`): the folds, three times slower
# with it, finished only after the fifty-fourth set was counted, and pick 0.87 (the round's
# writers' rules; 0.85 and 0.86 give 8 of 5,900 everyday, over the bound; 0.87 gives 139 of
# 22,949 near-misses, 5 of 5,900 everyday; 0.89 103 and 4). Changed after a count, the count
# would no longer be of the bot as shipped, so 0.87 waited for the next release: set with
# the fifty-fourth set's, before the fifty-fifth was counted; kept, without folds, with sets
# 55 and 56 and part zb of the written examples.
ALARM_THRESHOLD = 0.87
VIOLENCE = "violence"
# The violence model's threshold, chosen on `--folds` like the other: the lowest at which at
# most one in fifty of the other messages with the calm line (danger of another kind, and
# harmless) gets the violence line (2026-12-01: 0.8, 16 + 17 of 2,399; 0.7 gave 33 + 31;
# with set 13 and part q, 0.8 gave 23 + 27 of 2,580, the bound 51; with part r and the
# calm line at 0.5, 0.8 gave 28 + 22 of 2,274, over the bound 45, and 0.9 gives 7 + 11;
# with set 14 and part s, 0.8 gave 31 + 29 of 2,457, over the bound 49, and 0.9 9 + 14;
# with set 15 and part t, 0.8 gave 38 + 28 of 2,594, over the bound 51, and 0.9 16 + 11;
# with set 16 and part u, 0.8 gave 42 + 27 of 2,540, over the bound 50, and 0.9 16 + 10;
# with set 17 and part v, 0.8 gave 41 + 25 of 2,792, over the bound 55, and 0.9 16 + 10;
# with set 19 and part x, 0.8 gave 46 + 24 of 2,914, over the bound 58, and 0.9 20 + 9;
# with set 20 and part y, 0.8 gave 47 + 29 of 2,950, over the bound 59, and 0.9 18 + 11;
# with sets 21-22 and part za, 0.8 gave 42 + 26 of 2,959, over the bound 59, and 0.9 14 + 9;
# with set 23, 0.8 gave 46 + 27 of 2,927, over the bound 58, and 0.9 12 + 10;
# with set 24, 0.8 gave 43 + 32 of 2,901, over the bound 58, and 0.9 12 + 12;
# with set 25, 0.8 gave 45 + 36 of 2,904, over the bound 58, and 0.9 11 + 12;
# with set 26, 0.8 gave 51 + 32 of 2,863, over the bound 57, and 0.9 11 + 14;
# with sets 27-29, 0.8 gave 40 + 38 of 2,838, over the bound 56, and 0.9 10 + 16;
# with set 30 and the everyday pairs, 0.8 gave 42 + 38 of 2,873, over the bound 57, and
# 0.9 9 + 16; with set 31 and the calm line at 0.5, 0.8 gave 38 + 39 of 2,788, over the
# bound 55, and 0.9 6 + 15; with set 32 and the calm line at 0.4, 0.8 gave 40 + 52 of 3,300,
# over the bound 66, and 0.9 9 + 20; with set 33, 0.8 gave 35 + 52 of 3,316, over the bound
# 66, and 0.9 8 + 21; with set 34, 0.8 gave 36 + 51 of 3,349, over the bound 66, and 0.9
# 7 + 21; with set 35, 0.8 gave 37 + 48 of 3,318, over the bound 66, and 0.9 12 + 20;
# with set 36, 0.8 gave 32 + 56 of 3,307, over the bound 66, and 0.9 7 + 23; with set 37
# and the letter sequences across two words, on ten group folds (see the module's
# docstring), 0.8 gives 16 + 33 of 3,000, within the bound 60, and the line to 424 of 913
# violence messages, where 0.9 gives 5 + 16 and 314; 0.7 gave 43 + 49; with set 38, on the
# same folds, 0.8 gives 22 + 38 of 3,056, within the bound 61, and the line to 416 of 913,
# where 0.7 gives 39 + 50; with each feature scaled by how far it leans (`leaning`), 0.8
# gives 8 + 25 of 3,051 and the line to 411 of 904, where 0.7 gives 19 + 47, over the
# bound 61; with set 39, 0.8 gives 11 + 31 of 2,999, within the bound 59, and the line to
# 419 of 913, where 0.7 gives 18 + 46; with the everyday questions weighted three times in
# the danger model, which puts the calm line on more messages, 0.8 gives 11 + 43 of 3,436,
# within the bound 68, and the line to 419 of 916, where 0.7 gives 18 + 66; with set 40,
# 0.8 gives 7 + 38 of 3,557, within the bound 71, and the line to 415 of 921, where 0.7
# gives 25 + 63; with set 41, 0.8 gives 9 + 37 of 3,618, within the bound 72, and the line
# to 410 of 924, where 0.7 gives 23 + 59; with set 42 and the r38 rules, 0.8 gives 10 + 42
# of 3,458, within the bound 69, and the line to 418 of 930, where 0.7 gives 24 + 68).
VIOLENCE_THRESHOLD = 0.8
DIGITS = 3  # weights are stored rounded: the file stays readable, the scores do not move
MIN_SEEN = 2  # a letter sequence seen in one message only is not learned from
# Weights smaller than this are left out of the file: a third fewer to hold in memory, and
# on the training messages 5 of 9,812 decisions changed (2026-12-01).
SMALLEST = 0.1
# How far the solver goes: to the one optimum the data has (the loss with its penalty has
# exactly one). With scikit-learn's default (1e-4) it stopped after about a hundred steps,
# wherever the arithmetic of the machine had led it: the same data trained with one BLAS
# thread or two gave 311,155 and 284,509 weights, the file of another machine 299,076, and
# against the file 528 and 604 of 51,173 alarm decisions differed (2026-12-07). At 1e-8 one
# thread and two agree to the last stored digit but for roundings (one step of `DIGITS`, and
# 5 weights on the `SMALLEST` edge kept by one and not the other), at about three times the
# training time (112 s against 43 s, one thread, 356 steps against 106).
TOLERANCE = 1e-8


@dataclass(frozen=True)
class Example:
    text: str
    danger: bool
    source: str  # the file it comes from: a fold leaves one source out
    kind: str | None = None  # the danger's kind (`expect`), None for a harmless message


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def danger_examples(path: Path) -> list[Example]:
    """A set's rows as examples. A two-message row (`earlier`, then `text`) is labelled for
    the two together: its second message alone may read harmless ("she's so sleepy") where
    the first says what happened ("I found the pill jar open"), so it is learnt as the two
    joined, never the second alone, which would teach that "sleepy" is danger."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Example(_joined(row), bool(row["expect"]), path.name, row["expect"] or None) for row in rows
    ]


def _joined(row: dict[str, object]) -> str:
    earlier = row.get("earlier")
    return f"{earlier}\n{row['text']}" if earlier else str(row["text"])


def everyday_examples(path: Path) -> list[Example]:
    """Each everyday question as harmless, and each two in a row of one language joined
    (the earlier, a line break, the next), as the bot reads a message with the one before:
    the model trained on sets 1-30 was sure of danger (0.90) in two unseen everyday
    Bulgarian questions joined, a toddler's tantrum and a hard time after a birth, though
    it had learnt joined messages only from the danger sets' two-message rows."""
    rows = [
        row
        for row in yaml.safe_load(path.read_text(encoding="utf-8"))
        if EMERGENCY_ENTRY not in _listed(row.get("expect"))
    ]
    singles = [Example(str(row["q"]), False, path.name) for row in rows]
    pairs = [
        Example(f"{first['q']}\n{second['q']}", False, path.name)
        for first, second in itertools.pairwise(rows)
        if first.get("lang") == second.get("lang")
    ]
    return singles + pairs


def _listed(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def languages() -> tuple[str, ...]:
    """The languages the content is written in (each has a `faq` folder)."""
    from faq.library import CONTENT_DIR

    return tuple(sorted(path.name for path in CONTENT_DIR.iterdir() if (path / "faq").is_dir()))


def entry_examples() -> list[Example]:
    """The FAQ entries' titles and questions, in every language, as harmless."""
    from faq.entries import load_content  # the content, not the whole library
    from faq.library import CONTENT_DIR

    content = load_content([CONTENT_DIR], languages())
    return [
        Example(question, False, ENTRIES_SOURCE)
        for entries in content.entries.values()
        for entry in entries.values()
        for question in (entry.title, *entry.questions)
        if entry.id != EMERGENCY_ENTRY
    ]


def example_files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.yaml")) if EXAMPLES_DIR.is_dir() else []


def all_examples() -> list[Example]:
    sources = (*DANGER_SETS, *example_files())
    examples = [example for path in sources for example in danger_examples(path)]
    examples += [example for path in EVERYDAY_SETS for example in everyday_examples(path)]
    return examples + entry_examples()


def _matrix(found: list[list[str]], vocabulary: dict[str, int]) -> csr_matrix:
    """One row per message: each sequence's count times `scale` (repeated cells add up)."""
    rows, columns, values = [], [], []
    for row, features_of in enumerate(found):
        value = scale(len(features_of))
        for feature in features_of:
            column = vocabulary.get(feature)
            if column is not None:
                rows.append(row)
                columns.append(column)
                values.append(value)
    return csr_matrix((values, (rows, columns)), shape=(len(found), len(vocabulary)))


def leaning(matrix: csr_matrix, labels: np.ndarray) -> np.ndarray:
    """How far each feature leans to one side: the log of how much larger its share is of
    all the features found in the positive messages than of all those found in the others
    (a feature counted once per message, `SMOOTHING` added to its count on both sides), its
    square root kept with its sign. A feature leans nowhere where its two shares are equal.
    The classifier learns on the features scaled by it, and a feature's stored weight is the
    learnt one times it, so the bot still adds up one weight per feature (Wang and Manning's
    NB-weighted logistic regression, with the root as a milder version of their ratio).

    Why: a letter sequence found as often in harmless near-misses as in danger messages says
    little, and the classifier alone gave such sequences weight where they helped fit the
    training sets. On ten group folds over sets 1-38, the examples and the everyday
    questions (2026-12-05, before the thirty-ninth set was counted), the alarm's rule picks
    0.82 with it, where the alarm falls on 143 near-misses (168 at 0.86 without it) and
    reaches 1,692 of the 3,315 danger messages the rules miss (1,598), more in nine of the
    ten groups; at the calm line (0.4) 3,021 reached, 1,952 near-misses and 78 everyday
    questions with the line, against 2,951, 2,146 and 96. At 180 near-misses alarmed, the
    ratio unrooted reached 1,907 (rooted 1,796, none 1,622) but alarmed on 16 everyday
    questions there (the bound is 5.9), so the rule would have picked 0.89 for it and
    reached 1,208; with more smoothing (5), rooted, 1,569."""
    present = (matrix > 0).astype(float)
    danger = SMOOTHING + np.asarray(present[labels == 1].sum(axis=0)).ravel()
    other = SMOOTHING + np.asarray(present[labels == 0].sum(axis=0)).ravel()
    ratio = np.log((danger / danger.sum()) / (other / other.sum()))
    return np.sign(ratio) * np.sqrt(np.abs(ratio))


def everyday_weight(example: Example) -> float:
    """How much a message counts when the danger model learns, before the two sides are
    balanced (`balanced`): an everyday question (the parents' FAQ questions, each two of
    them joined, and the entries' own) `EVERYDAY_WEIGHT` times as much as a near-miss or a
    written harmless example. Why: they are what the bot hears most, and on the group folds
    the alarm's threshold was held by their bound (one in a thousand), not by the
    near-misses', so the model reached fewer emergencies than the near-misses allowed."""
    return EVERYDAY_WEIGHT if example.source in _EVERYDAY_SOURCES else 1.0


def _same_weight(example: Example) -> float:
    return 1.0


def balanced(labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """What each message counts for in the learning: its own weight, scaled so that the
    danger side and the other side weigh the same in all (there are fewer danger messages),
    each side's share half of the weights' sum. Written out rather than left to
    scikit-learn's `class_weight="balanced"`, which in the installed version (1.9) does the
    same from the weighted sums but has not always read the weights: the model must not
    change with the version. An everyday question weighted 3 so counts three times a
    near-miss of the same side, and, the sum being larger, every message counts for more
    against the regularisation."""
    sides = np.bincount(labels, weights=weights, minlength=2)
    return weights * (sides.sum() / (2 * sides))[labels]


def train(
    examples: Iterable[Example],
    *,
    threshold: float = THRESHOLD,
    label: Callable[[Example], bool] = lambda example: example.danger,
    weight: Callable[[Example], float] = everyday_weight,
) -> DangerModel:
    examples = list(examples)
    found = [features(example.text) for example in examples]
    seen: dict[str, int] = {}
    for features_of in found:
        for feature in set(features_of):
            seen[feature] = seen.get(feature, 0) + 1
    vocabulary = {
        feature: column
        for column, feature in enumerate(sorted(f for f, n in seen.items() if n >= MIN_SEEN))
    }
    labels = np.array([label(example) for example in examples], dtype=int)
    matrix = _matrix(found, vocabulary)
    ratio = leaning(matrix, labels)
    classifier = LogisticRegression(C=STRENGTH, max_iter=5000, tol=TOLERANCE)
    weighed = balanced(labels, np.array([weight(example) for example in examples], dtype=float))
    classifier.fit(matrix @ diags(ratio), labels, sample_weight=weighed)
    weights = {
        feature: round(float(learnt), DIGITS)
        for feature, learnt in zip(vocabulary, classifier.coef_[0] * ratio, strict=True)
        if abs(learnt) >= SMALLEST
    }
    return DangerModel(
        weights=weights,
        bias=round(float(classifier.intercept_[0]), DIGITS),
        threshold=threshold,
        trained_on={},
    )


def is_violence(example: Example) -> bool:
    return example.kind == VIOLENCE


def train_violence(examples: Iterable[Example]) -> DangerModel:
    """Violence against the parent, or anything else: learned from every message, harmless
    ones too. It is asked only about messages the danger model is worried by, but many of
    those are harmless; learned from danger messages alone, it put 1888 under "my phone
    died" and "please send me the meeting address" (a review found it on the folds)."""
    return train(examples, threshold=VIOLENCE_THRESHOLD, label=is_violence, weight=_same_weight)


def trained_on() -> dict[str, str]:
    files = (*DANGER_SETS, *EVERYDAY_SETS, *example_files())
    return {str(path.relative_to(ROOT)): fingerprint(path) for path in files}


def write(model: DangerModel, path: Path = MODEL_FILE) -> None:
    data = {
        "about": "Written by `python -m faq.danger_training`; see faq/danger_model.py.",
        "threshold": model.threshold,
        "alarm": model.alarm,
        "bias": model.bias,
        "trained_on": model.trained_on,
        "weights": dict(sorted(model.weights.items())),
    }
    if model.violence is not None:
        data["violence"] = {
            "threshold": model.violence.threshold,
            "bias": model.violence.bias,
            "weights": dict(sorted(model.violence.weights.items())),
        }
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")


def fold_of(sources: Iterable[str], groups: int | None = None) -> dict[str, str]:
    """Which fold each source is left out in: its own (leave one set out), or with
    `groups`, one of that many groups of sources, shuffled with a fixed seed so a run can
    be repeated (`--groups 10`: ten trainings instead of one per source, about a seventh of
    the time; each fold learns from less, so its figures are the more pessimistic)."""
    ordered = sorted(set(sources))
    if groups is None:
        return {source: source for source in ordered}
    random.Random(7).shuffle(ordered)
    return {source: f"group {i % groups}" for i, source in enumerate(ordered)}


def folds(examples: list[Example], groups: int | None = None) -> None:
    """Each source predicted by a model trained on the others: what a new set might see
    (with `groups`, each group of sources by a model trained on the other groups).

    Counted as the bot shows it: a danger message is *unseen* when the rules are silent
    and the model gives no line; a harmless one *gets the line* when the rules are silent
    and the model is worried (a message of one or two words never is). Read at a higher
    threshold, a row is the model's alarm (`ALARM_THRESHOLD`): "unseen" is what the alarm
    misses where the rules do, the lines are its false alarms; the last line names the
    threshold the alarm's rule picks."""
    from faq.library import load_library

    rules = load_library(languages()).safeguarding
    silent = {example.text: not rules.signals(example.text) for example in examples}
    fold = fold_of((example.source for example in examples), groups)
    scores: list[tuple[Example, float]] = []
    for key in sorted(set(fold.values())):
        model = train(e for e in examples if fold[e.source] != key)
        for example in examples:
            if fold[example.source] == key:
                long_enough = len(normalise(example.text).split()) >= MIN_WORDS
                scores.append((example, model.probability(example.text) if long_enough else 0))
    danger = [(e, p) for e, p in scores if e.danger]
    near = [(e, p) for e, p in scores if not e.danger and e.source not in _EVERYDAY_SOURCES]
    # The questions one by one, as the bound was set (their pairs, joined, learnt since
    # sets 1-30, left out with them but not counted).
    everyday = [
        (e, p)
        for e, p in scores
        if not e.danger and e.source in _EVERYDAY_SOURCES and "\n" not in e.text
    ]
    print(
        f"the rules alone: danger missed {sum(silent[e.text] for e, _ in danger)} of"
        f" {len(danger)}, alarms on near-misses {sum(not silent[e.text] for e, _ in near)}"
        f" of {len(near)}, on everyday questions"
        f" {sum(not silent[e.text] for e, _ in everyday)} of {len(everyday)}"
    )
    alarm = None
    for threshold in (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, *ALARM_STEPS, 0.9, 0.95, 0.98):
        unseen = sum(silent[e.text] and p < threshold for e, p in danger)
        near_lines = sum(silent[e.text] and p >= threshold for e, p in near)
        everyday_lines = sum(silent[e.text] and p >= threshold for e, p in everyday)
        print(
            f"threshold {threshold:.2f}: danger unseen {unseen} of {len(danger)},"
            f" line on near-misses {near_lines} of {len(near)},"
            f" on everyday questions {everyday_lines} of {len(everyday)}"
        )
        if (
            alarm is None
            and near_lines * 100 <= len(near)
            and everyday_lines * 1000 <= len(everyday)
        ):
            alarm = threshold
    print(f"the alarm's rule picks {alarm} (ALARM_THRESHOLD is {ALARM_THRESHOLD})")


def violence_folds(examples: list[Example], groups: int | None = None) -> None:
    """The violence model on each source it did not learn from, counted on every message
    the bot shows the calm line or the model's own alarm for (the rules silent, the danger
    model worried or sure; the
    danger model is the one in `MODEL_FILE`, so `main` writes it first): how many violence
    messages get 1888, and how many others get it too, danger of another kind or harmless."""
    from faq.library import load_library

    library = load_library(languages())
    rules, model = library.safeguarding, library.danger_model
    assert model is not None
    shown = [e for e in examples if not rules.signals(e.text) and model.worried(e.text)]
    fold = fold_of((example.source for example in examples), groups)
    scores: list[tuple[Example, float]] = []
    for key in sorted({fold[example.source] for example in shown}):
        violence = train_violence(e for e in examples if fold[e.source] != key)
        scores += [(e, violence.probability(e.text)) for e in shown if fold[e.source] == key]
    violent = [p for e, p in scores if is_violence(e)]
    other = [p for e, p in scores if e.danger and not is_violence(e)]
    harmless = [p for e, p in scores if not e.danger]
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        print(
            f"violence threshold {threshold:.2f}: 1888 for {sum(p >= threshold for p in violent)}"
            f" of {len(violent)} violence messages with the calm line,"
            f" for {sum(p >= threshold for p in other)} of {len(other)} other danger messages"
            f" and {sum(p >= threshold for p in harmless)} of {len(harmless)} harmless ones"
        )


def main() -> None:
    examples = all_examples()
    model = train(examples)
    violence = train_violence(examples)
    model = DangerModel(
        model.weights, model.bias, model.threshold, trained_on(), violence, ALARM_THRESHOLD
    )
    write(model)
    print(
        f"{MODEL_FILE.name}: {len(model.weights)} weights from {len(examples)} messages;"
        f" violence: {len(violence.weights)} weights"
    )
    args = sys.argv[1:]
    if "--folds" in args:
        groups = int(args[args.index("--groups") + 1]) if "--groups" in args else None
        folds(examples, groups)
        violence_folds(examples, groups)


if __name__ == "__main__":
    main()
