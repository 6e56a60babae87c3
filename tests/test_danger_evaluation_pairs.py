"""Two messages in a row, scored as the bot reads them (`faq.danger_evaluation`).

From the twenty-eighth set on, half of an evaluation set's messages come with the parent's
message just before them. The counts must take the bot's own steps (the earlier message
alone, then the second read with it, `FaqLibrary.verdict_after`), or the figure would
measure a reading the bot does not do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faq.danger_evaluation import TUNE, DangerCase, failures, load_cases, score
from faq.library import (
    CALM_112,
    CALM_AFTER_ALARM,
    CALM_HELP,
    CALM_READ_TOGETHER,
    MODEL,
    RULES,
    FaqLibrary,
)

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

CUPBOARD = "my daughter got into the bathroom cupboard"
BATTERY = "it was a battery"


def test_a_danger_told_over_two_messages_is_caught_only_when_read_together(
    library: FaqLibrary,
) -> None:
    case = DangerCase("en", TUNE, "child_emergency", BATTERY, earlier=CUPBOARD)
    for alone in (CUPBOARD, BATTERY):
        assert not library.verdict(alone).signals, alone
    together = score(library.safeguarding, [case], library.danger_model)
    assert (together.danger, together.missed, together.alarm_missed) == (1, 0, 0)
    apart = score(library.safeguarding, [case], library.danger_model, read_earlier=False)
    assert (apart.missed, apart.alarm_missed) == (1, 1)
    assert failures(library.safeguarding, [case]) == []


def test_a_harmless_pair_counts_the_earlier_messages_alarm(library: FaqLibrary) -> None:
    """She got the alarm on the first message: the pair raised it, whatever the second says."""
    case = DangerCase(
        "en", TUNE, None, "she is fine now, thanks", earlier="my baby stopped breathing"
    )
    counted = score(library.safeguarding, [case], library.danger_model)
    assert (counted.harmless, counted.false_alarms, counted.alarm_false_alarms) == (1, 1, 1)
    quiet = DangerCase("en", TUNE, None, BATTERY, earlier="what time is the group on tuesday")
    assert score(library.safeguarding, [quiet], library.danger_model).alarm_false_alarms == 0
    assert failures(library.safeguarding, [case, quiet]) == [case]


def test_a_harmless_pairs_alarm_on_its_first_message_is_counted_apart(
    library: FaqLibrary,
) -> None:
    """The bot answered the first message before the second came: the bench says how many
    of a set's false alarms are of that kind, beside those the second message raised."""
    first = DangerCase(
        "en", TUNE, None, "she is fine now, thanks", earlier="my baby stopped breathing"
    )
    second = DangerCase("en", TUNE, None, "my baby stopped breathing", earlier="quick question")
    assert library.verdict("my baby stopped breathing").signals
    assert not library.verdict("quick question").signals
    counted = score(library.safeguarding, [first, second], library.danger_model)
    assert (counted.alarm_false_alarms, counted.first_alone) == (2, 1)
    single = DangerCase("en", TUNE, None, "my baby stopped breathing")
    assert score(library.safeguarding, [single], library.danger_model).first_alone == 0


def test_the_earlier_message_is_read_from_the_set(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        '- {lang: en, split: tune, expect: null, text: "b", earlier: "a"}\n'
        '- {lang: en, split: held_out, expect: violence, text: "c"}\n',
        encoding="utf-8",
    )
    first, second = load_cases(path)
    assert (first.earlier, first.text, second.earlier) == ("a", "b", None)


# "a bottle under the sink" joined with the cough scored 0.77 once the model learnt set 49
# (2026-12-07), under the alarm's 0.90: the pair is the mechanism's example, not a figure.
SINK = "my son found a bottle of bleach under the sink"
# "he is coughing and crying a lot" alone scored 0.892 once the model learnt set 53 and ran to
# its optimum (2026-12-07), over the alarm (0.89; 0.861 before): the pair is the mechanism's
# example, and the words alone are one of the model's false alarms (docs/safeguarding.md).
# Once it learnt set 56 (2026-12-08) they scored 0.877 again, over the alarm (0.87); with the
# written examples of an ill child at home (part zb), 0.842.
COUGHING = "he is coughing a lot and crying"


def test_the_model_judges_two_quiet_messages_joined(library: FaqLibrary) -> None:
    """Neither message alone gets the alarm (the model is only worried by each); read
    joined, as the model learns a two-message row, it is sure: the alarm is the model's, and
    it says it came from the two together."""
    for alone in (SINK, COUGHING):
        assert not library.verdict(alone).signals, alone
    assert not library.safeguarding.signals(SINK + "\n" + COUGHING)
    verdict = library.verdict_after(COUGHING, SINK)
    assert verdict.by == MODEL and verdict.signals and verdict.with_earlier
    case = DangerCase("en", TUNE, "child_emergency", COUGHING, earlier=SINK)
    counted = score(library.safeguarding, [case], library.danger_model)
    assert (counted.missed, counted.alarm_missed) == (1, 0)
    apart = score(library.safeguarding, [case], library.danger_model, read_earlier=False)
    assert apart.alarm_missed == 1


# "fell from the sofa" with it scored 0.31 joined once the model learnt set 46 (2026-12-06),
# under the calm line: the pair is the mechanism's example, not a figure.
FELL = "the baby fell off the bed"
QUIETER = "she is quieter than usual"


def test_a_calm_line_from_two_messages_read_together_says_so(library: FaqLibrary) -> None:
    """Neither message alone gets the calm line; read joined, the model is worried. The
    verdict says the line comes from the two together, not from an alarm before, so `faq
    ask` does not tell an operator there was an alarm that never was."""
    for alone in (FELL, QUIETER):
        assert not library.verdict(alone).calm and not library.verdict(alone).signals, alone
    verdict = library.verdict_after(QUIETER, FELL)
    assert verdict.calm and not verdict.signals and verdict.with_earlier
    assert verdict.calm_by == CALM_READ_TOGETHER
    assert library.verdict("ring 112").calm_by == CALM_112
    assert library.verdict(QUIETER).calm_by is None


def test_a_cry_for_help_after_another_message(library: FaqLibrary) -> None:
    """After an everyday question the cry gets its own line; after an alarm, the line kept
    with the alarm's help lines, not a second alarm for what may be "help, what do I do"."""
    after_everyday = library.verdict_after("hjælp!!", "hvornår starter babygruppen")
    assert after_everyday.calm and after_everyday.calm_by == CALM_HELP
    after_alarm = library.verdict_after("help!!", "my baby is not breathing")
    assert after_alarm.calm and not after_alarm.signals
    assert after_alarm.calm_by == CALM_AFTER_ALARM and after_alarm.helplines


def test_after_an_alarm_the_model_does_not_read_the_old_danger_again(
    library: FaqLibrary,
) -> None:
    """After "my baby stopped breathing", "she is breathing again" lifts it in the joined
    text; the model, reading the same joined text, would find the old danger words and
    raise it again. It is not asked."""
    earlier = "my baby stopped breathing"
    assert library.safeguarding.signals(earlier)
    joined = library.verdict(earlier + "\n" + "she is breathing again, thank you so much")
    verdict = library.verdict_after("she is breathing again, thank you so much", earlier)
    assert joined.signals  # what the joined reading alone would say
    assert verdict.by is None and not verdict.signals


@pytest.mark.parametrize(
    ("earlier", "message", "kind"),
    [
        (
            "my son found the battery from the remote",
            "he is drooling and crying and keeps swallowing",
            "child_emergency",
        ),
        (
            "my mother in law gets so angry when the baby cries",
            "now she has shut herself in the room with him and I hear slapping, she won't open",
            "violence",
        ),
    ],
)
def test_where_the_model_is_sure_of_the_second_message_the_rules_still_name_the_kind(
    library: FaqLibrary, earlier: str, message: str, kind: str
) -> None:
    """The model alone is sure of the second message but cannot say what happened; the rules,
    reading the two together, can. The alarm is the same either way; the help lines follow
    the rule's kind (Lev Uden Vold's line for the slapping), not the model's guess."""
    alone = library.verdict(message)
    assert alone.by == MODEL and alone.signals
    verdict = library.verdict_after(message, earlier)
    assert verdict.by == RULES and kind in verdict.signals and verdict.with_earlier
    assert verdict.helplines == tuple(library.helplines.for_signals(set(verdict.signals)))
    assert verdict.helplines != alone.helplines
