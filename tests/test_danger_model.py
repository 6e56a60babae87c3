"""The learned second opinion on danger (faq/danger_model.py) and the file it reads.

The model is data trained from the released danger sets and the parents' everyday
questions; these tests keep the file honest (trained on the sets as they are now, and
exactly what the training makes of them) and its behaviour within what was measured.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from faq import danger_training
from faq.danger_model import (
    MIN_WORDS,
    PAIR,
    SURE,
    WORD,
    DangerModel,
    bridges,
    features,
    grams,
    load_model,
    scale,
)
from faq.library import DANGER_MODEL_FILE, MODEL, NO_DANGER, RULES, FaqLibrary, load_library
from faq.safeguarding import (
    OWN_HURT_OR_PLAY,
    Safeguarding,
    load_phrases,
    names_emergency_number,
    normalise,
    oldest_check,
)
from i18n import supported_codes
from i18n.languages import CONTENT_DIR

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

TESTS = Path(__file__).resolve().parent
UNSEEN_EVERYDAY = TESTS / "faq_eval_parents_4.yaml"  # never part of the training
HELD_OUT_SET = TESTS / "safeguarding_eval_57.yaml"  # the held-out measure: never trained on


@pytest.fixture(scope="module")
def model() -> DangerModel:
    return load_model(DANGER_MODEL_FILE)


def test_letter_sequences_stay_inside_words() -> None:
    assert grams("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]
    found = features("Hit me")
    crossing = bridges("hit", "me")
    sequences = [f for f in found if not f.startswith((WORD, PAIR)) and f not in crossing]
    assert " hi" in sequences and "t m" not in "".join(sequences)
    # Beside the sequences: each word whole, each pair of neighbours, in order, and the
    # sequences across the two.
    assert WORD + "hit" in found and WORD + "me" in found
    assert PAIR + "hit me" in found and PAIR + "me hit" not in found
    assert crossing == ["it m", "t me", "hit m", "it me", "hit me"]
    assert len(found) == len(grams("hit")) + len(grams("me")) + 2 + 1 + len(crossing)
    assert features("HJÆLP!") == features("hjaelp")  # folded as the rules fold a message
    assert scale(0) == 0.0 and scale(4) == 0.5


def test_sequences_across_two_words_share_what_two_word_forms_share() -> None:
    """ "not breathing" and "not breathe" are two different pairs of words; across the space
    they share "ot bre". A bridge always has the space inside, so it is never a word's own
    sequence (those have spaces only at their edges), and it sees only the first word's
    end and the next one's start."""
    breathing, breathe = bridges("not", "breathing"), bridges("not", "breathe")
    assert "ot bre" in set(breathing) & set(breathe)
    for gram in breathing + bridges("hjælper", "ikke") + bridges("a", "baby"):
        assert " " in gram.strip() and len(gram) in (4, 5, 6), gram
    assert bridges("a", "b") == []
    assert bridges("breathing", "x") == ["ng x", "ing x", "hing x"]


def test_a_feature_with_equal_shares_on_both_sides_leans_nowhere() -> None:
    """`leaning` compares a feature's share of all the features found on each side (a
    message counts once however often it holds the feature): with equal totals, one found in
    every message of both kinds leans nowhere, one found only in danger messages leans to
    danger, one only in harmless ones away from it, by the rooted log of the ratio."""
    rows = [[3, 1, 0], [1, 2, 0], [2, 0, 1], [1, 0, 4]]  # two danger messages, two harmless
    leaning = danger_training.leaning(
        danger_training.csr_matrix(rows, dtype=float), np.array([1, 1, 0, 0])
    )
    both, danger_only, harmless_only = leaning
    assert both == 0 and danger_only > 0 > harmless_only
    assert danger_only == pytest.approx(math.sqrt(math.log(3 / 1)))  # (2 + 1) / (0 + 1)
    assert harmless_only == -danger_only


TINY = [
    ("baby blue not breathing", True),
    ("my baby is blue and not breathing help", True),
    ("he hit me and took my phone", True),
    ("the baby is not breathing she is limp", True),
    ("baby sleeps well at night", False),
    ("my baby is breathing fast when she sleeps is that normal", False),
    ("my son hit another child at daycare", False),
    ("the baby sleeps well at day and at night", False),
]


def test_the_bot_scores_what_the_scaled_training_learnt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The classifier learns on the features scaled by their leaning, and the stored weight
    is its weight times that scale: the bot's plain sum (`DangerModel.probability`) then
    gives what the classifier gives, within the rounding of the stored weights. Stored
    unscaled, or learnt unscaled, the two would part; and the scale changes what is learnt."""
    fitted: list[tuple[Any, Any]] = []

    class Recorded(danger_training.LogisticRegression):  # type: ignore[misc]
        def fit(self, x: Any, y: Any, sample_weight: Any = None) -> Any:
            fitted.append((self, x))
            return super().fit(x, y, sample_weight)

    monkeypatch.setattr(danger_training, "LogisticRegression", Recorded)
    examples = [danger_training.Example(text, danger, "s") for text, danger in TINY]
    model = danger_training.train(examples)
    classifier, scaled = fitted[-1]
    learnt = classifier.predict_proba(scaled)[:, 1]
    for example, expected in zip(examples, learnt, strict=True):
        assert model.probability(example.text) == pytest.approx(expected, abs=0.03)
    monkeypatch.setattr(danger_training, "leaning", lambda matrix, labels: np.ones(matrix.shape[1]))
    assert danger_training.train(examples).weights != model.weights


def test_an_everyday_question_counts_more_when_the_danger_model_learns() -> None:
    """The parents' everyday questions weigh `EVERYDAY_WEIGHT` times a near-miss in the
    danger model's learning, so a question that shares words with an emergency ("is my baby
    breathing fast when she sleeps") is pulled further from the alarm, and a near-miss that
    is not an everyday question ("my son hit another child") less far; the violence model
    learns every message alike."""
    everyday = danger_training.EVERYDAY_SETS[0].name
    near_miss = "my son hit another child at daycare"
    examples = [
        danger_training.Example(
            text,
            danger,
            "s" if danger or text == near_miss else everyday,
            "violence" if "hit me" in text else None,
        )
        for text, danger in TINY
    ]
    question = "my baby is breathing fast when she sleeps is that normal"
    weighted = danger_training.train(examples)
    alike = danger_training.train(examples, weight=lambda example: 1.0)
    assert danger_training.EVERYDAY_WEIGHT > 1
    assert weighted.probability(question) < alike.probability(question)
    assert weighted.probability(near_miss) > alike.probability(near_miss)
    as_other = [danger_training.Example(e.text, e.danger, "s", e.kind) for e in examples]
    assert danger_training.train(as_other).weights == alike.weights
    violence = danger_training.train_violence(examples)
    assert violence.weights == danger_training.train_violence(as_other).weights


def test_the_everyday_weight_falls_on_the_everyday_questions_and_nothing_else() -> None:
    """By the sources the examples really carry: every everyday question and pair and every
    FAQ entry's own question, and no danger set's message."""
    everyday = [
        example
        for path in danger_training.EVERYDAY_SETS
        for example in danger_training.everyday_examples(path)
    ] + danger_training.entry_examples()
    assert everyday
    assert {danger_training.everyday_weight(e) for e in everyday} == {
        danger_training.EVERYDAY_WEIGHT
    }
    released = danger_training.danger_examples(danger_training.DANGER_SETS[-1])
    assert {danger_training.everyday_weight(e) for e in released} == {1.0}


def test_each_side_weighs_the_same_in_all_and_keeps_its_own_proportions() -> None:
    labels = np.array([1, 0, 0, 0, 0])
    counts = danger_training.balanced(labels, np.array([1.0, 1.0, 3.0, 1.0, 3.0]))
    assert counts[labels == 1].sum() == pytest.approx(counts[labels == 0].sum())
    assert counts.sum() == pytest.approx(9.0)
    assert counts[2] == pytest.approx(3 * counts[1])


def test_the_model_was_trained_on_the_sets_as_they_are(model: DangerModel) -> None:
    """A set edited or added without training again fails here: run
    `python -m faq.danger_training` and commit the new file."""
    assert model.trained_on == danger_training.trained_on()
    assert not [name for name in model.trained_on if name.endswith(HELD_OUT_SET.name)]
    assert not [name for name in model.trained_on if name.endswith(UNSEEN_EVERYDAY.name)]
    assert "content/danger_examples/a.yaml" in model.trained_on


def _same_weights(trained: dict[str, float], stored: dict[str, float]) -> None:
    """Equal to the stored digit, but for a rounding: the solver reaches the data's one
    optimum on any machine (`TOLERANCE`), and a weight that lies on a rounding edge there
    may round either way (so may one on the `SMALLEST` edge be kept or left out)."""
    step = 10**-danger_training.DIGITS * 1.5
    edge = danger_training.SMALLEST + step
    assert all(abs(trained[f] - stored[f]) <= step for f in trained.keys() & stored.keys())
    either = trained.keys() ^ stored.keys()
    assert all(abs(trained.get(f, stored.get(f, 0.0))) <= edge for f in either)


def test_training_makes_the_file(model: DangerModel) -> None:
    """The file is what the code makes of the data, nothing tuned by hand: trained again,
    here, the same weights come out. (Compared exactly, this failed on a machine with other
    arithmetic: the solver used to stop where that arithmetic led it.)"""
    trained = danger_training.train(danger_training.all_examples())
    assert abs(trained.bias - model.bias) <= 10**-danger_training.DIGITS * 1.5
    assert trained.threshold == model.threshold == danger_training.THRESHOLD
    _same_weights(trained.weights, model.weights)
    violence = danger_training.train_violence(danger_training.all_examples())
    assert model.violence is not None
    assert abs(violence.bias - model.violence.bias) <= 10**-danger_training.DIGITS * 1.5
    _same_weights(violence.weights, model.violence.weights)
    assert model.violence.threshold == danger_training.VIOLENCE_THRESHOLD
    assert model.alarm == danger_training.ALARM_THRESHOLD > model.threshold


def test_a_two_message_row_is_learnt_as_the_two_together(tmp_path: Path) -> None:
    """Its label is the pair's: the second message alone ("she is so sleepy") would teach
    the model that sleepy is danger."""
    rows = tmp_path / "set.yaml"
    rows.write_text(
        '- {lang: en, split: tune, expect: child_emergency, earlier: "I found the pill jar open",'
        ' text: "she is so sleepy"}\n'
        '- {lang: en, split: tune, expect: null, text: "she is so sleepy after daycare"}\n',
        encoding="utf-8",
    )
    pair, single = danger_training.danger_examples(rows)
    assert (pair.text, pair.danger) == ("I found the pill jar open\nshe is so sleepy", True)
    assert (single.text, single.danger) == ("she is so sleepy after daycare", False)


THREAT = "he says if i tell anyone he will send me back and keep the kids"  # sure: the alarm
# Worried, not sure: the calm line (with 1888 under it).
CALM_THREAT = "he said he'd throw acid in my face if i talk to the kommune again"
NOT_VIOLENCE = "i am not sure i can keep her safe, it is all too much"  # worried, not sure


def test_the_violence_line_comes_where_it_fits_under_the_alarm_or_the_calm_line(
    library: FaqLibrary,
) -> None:
    """The rules are silent on all three. The model is sure of the threat: the alarm itself,
    with Lev Uden Vold under 112, the line the rules' violence alarm shows too. It is
    worried, not sure, by the other two: the calm line, with 1888 under it only where the
    violence model is sure the message is about violence against the parent."""
    model = library.danger_model
    assert model is not None
    for message in (THREAT, CALM_THREAT, NOT_VIOLENCE):
        assert library.safeguarding.signals(message) == set()
    assert library.signals(THREAT) == {SURE, "violence"}
    shown = library.helplines.for_signals(library.signals(THREAT))
    assert [line.number for line in shown] == ["112", "1888"]
    assert not library.calm_line(THREAT, set())  # the alarm, never the line as well
    assert library.calm_helplines(THREAT, set()) == []
    for message in (CALM_THREAT, NOT_VIOLENCE):
        assert library.signals(message) == set() and library.calm_line(message, set())
    assert model.help_signals(CALM_THREAT) == {"violence"}
    assert model.help_signals(NOT_VIOLENCE) == set()
    assert [line.number for line in library.calm_helplines(CALM_THREAT, set())] == ["112", "1888"]
    assert library.calm_helplines(NOT_VIOLENCE, set()) == []
    # Where the rules fired there is no calm line, so no calm-line help lines either.
    assert library.calm_helplines(CALM_THREAT, {"violence"}) == []
    assert model.help_signals("hej") == set()  # two words: left to the rules, as the line is
    assert not model.worried("hej hej hej") and library.calm_helplines("hej hej hej", set()) == []
    assert library.signals("hej hej hej") == set()


def test_one_verdict_says_who_raised_the_alarm_and_which_lines_come(library: FaqLibrary) -> None:
    """The bot's reply, `faq ask --json` and the benchmarks read one verdict per message:
    the alarm with its lines, or the calm line with its own, or nothing, never two."""
    rules = library.verdict("my baby is not breathing")
    assert rules.by == RULES and rules.signals and not rules.calm
    assert [line.number for line in rules.helplines][:1] == ["112"]
    model = library.verdict(THREAT)
    assert model.by == MODEL and model.signals == {SURE, "violence"} and not model.calm
    assert [line.number for line in model.helplines] == ["112", "1888"]
    calm = library.verdict(CALM_THREAT)
    assert (calm.by, calm.signals, calm.calm) == (None, frozenset(), True)
    assert [line.number for line in calm.helplines] == ["112", "1888"]
    assert library.verdict(NOT_VIOLENCE).helplines == ()  # the line names 112 itself
    everyday = library.verdict("hvor meget skal min baby sove")
    assert everyday == replace(NO_DANGER, worry=everyday.worry) and everyday.worry is not None
    # The probability it read is the model's own, read once; none where a rule fired first.
    assert library.danger_model is not None
    for message in (THREAT, CALM_THREAT, NOT_VIOLENCE):
        assert library.verdict(message).worry == library.danger_model.judged(message)
    assert rules.worry is None


def test_the_models_alarm_always_lists_112_with_its_check_date(library: FaqLibrary) -> None:
    """An operator's help-line file written before the model's signal existed names it for
    no line: 112 comes all the same, so the reply's check date covers it."""
    older = tuple(
        replace(line, signals=tuple(signal for signal in line.signals if signal != SURE))
        for line in library.helplines.lines
    )
    helplines = replace(library.helplines, lines=older)
    shown = helplines.for_signals({SURE})
    assert [line.number for line in shown] == ["112"]
    assert oldest_check(shown) is not None
    assert helplines.for_signals(set()) == []


def test_an_unchecked_line_is_never_under_the_alarm_or_the_calm_line(library: FaqLibrary) -> None:
    """A line without its source and check date is not shown, however sure the model is."""
    unchecked = tuple(
        replace(line, checked=None) if line.kind == "violence" else line
        for line in library.helplines.lines
    )
    without = replace(library, helplines=replace(library.helplines, lines=unchecked))
    assert without.danger_model is not None and without.danger_model.help_signals(CALM_THREAT)
    assert [line.number for line in without.calm_helplines(CALM_THREAT, set())] == ["112"]
    shown = without.helplines.for_signals(without.signals(THREAT))
    assert [line.number for line in shown] == ["112"]


def test_the_written_examples_are_well_formed() -> None:
    """Every language has danger, near-misses and everyday messages; no message twice."""
    rows = [
        row
        for path in danger_training.example_files()
        for row in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    kinds = {"child_not_breathing", "child_emergency", "self_harm", "harm_to_child", "violence"}
    for row in rows:
        assert set(row) == {"lang", "expect", "text"}, row
        assert row["expect"] is None or row["expect"] in kinds, row
    for code in supported_codes():
        mine = [row for row in rows if row["lang"] == code]
        assert sum(row["expect"] is not None for row in mine) >= 50, code
        assert sum(row["expect"] is None for row in mine) >= 70, code
    texts = [(row["lang"], row["text"]) for row in rows]
    assert len(set(texts)) == len(texts)


HELD_OUT_DANGER_ALSO_TRAINED = 0  # the fifty-seventh set's, counted before it was run
HELD_OUT_HARMLESS_ALSO_TRAINED = 1  # the same count


def test_no_other_held_out_danger_message_is_in_the_training() -> None:
    """Writers working apart still write the same short phrases: harmless ones (the eighth
    set had two, the ninth four, the tenth three, the eleventh and twelfth two, idioms such
    as "I could kill for a coffee"; the fifteenth and sixteenth two) and, once, a danger
    message of the fifteenth set's held-out half ("I don't want to live any more. I have
    pills put aside.", from the eighth set; docs/safeguarding.md says so). The sixteenth's
    held-out danger messages were counted against the training data, not read, before it
    was run: none stood there word for word. The seventeenth's, counted the same way: two
    short self-harm messages stand in released sets (a Polish one of 7 words in the eighth
    and fifteenth, an English one of 6 in the fifteenth), so the model has seen them; they
    are counted like any other, the docs say so. The eighteenth's, counted the same way
    (nothing printed): one danger message and five harmless ones of its held-out half stood
    in the training data. The nineteenth's, counted the same way with the eighteenth
    released: one danger message of its held-out half (and one of its tune half) stood
    there, no harmless one. The twentieth's, counted the same way with the nineteenth
    released: no danger message of its held-out half stood there (one of its tune half
    did), one harmless one. The twenty-first's, counted the same way with the twentieth
    released: nine danger messages of its held-out half stand there, all of three to seven
    words ("my baby is not breathing, help" is written alike by writers working apart; in
    sets 1, 2, 4, 6, 7, 9, 10, 13 and 18 and part a), none of its tune half, and one
    harmless one. The twenty-second's, counted the same way with the twenty-first released
    and part za written: none of its held-out half, danger or harmless; the twenty-third's,
    counted the same way with the twenty-second released: none either; the twenty-fourth's,
    counted the same way with the twenty-third released: none either; the twenty-fifth's,
    counted the same way with the twenty-fourth released: none either. The twenty-sixth's,
    counted the same way with the twenty-fifth released (nothing printed but the language,
    the length and the source): one Turkish danger message of three words, standing in the
    sixth set, and one Somali harmless one of four words, in the written examples (its
    twist asked for a quarter of very short messages). The twenty-seventh's, counted the same
    way with the twenty-sixth released: none of its held-out half, danger or harmless. The
    twenty-eighth's, counted the same way with the twenty-seventh released, both messages of
    its two-message rows: none of its held-out half either (one earlier message and one
    harmless message of its tune half stand there). The twenty-ninth's, counted the same way
    with the twenty-eighth released (its pairs train joined): none of its held-out half, one
    harmless message of its tune half. The thirtieth's, counted the same way with the
    twenty-ninth released: none of its held-out half, one harmless message of its tune half.
    The thirty-first's, counted the same way with the thirtieth released (nothing printed but
    the language, the length and which message): no danger message of either half; one
    harmless message of its held-out half and one of its tune half stand there, each the
    short first of two messages. The thirty-second's, counted the same way with the
    thirty-first released: no danger message of either half; one harmless message of its
    held-out half (the first of two, five words) and two of its tune half (each the first
    of two, three and four words) stand there. The thirty-third's, counted the same way
    with the thirty-second released: no message of its held-out half, danger or harmless;
    one harmless message of its tune half (the first of two, six words). The thirty-fourth's,
    counted the same way with the thirty-third released: one danger row of its held-out half
    (an Arabic one whose first message, seven words, stands in the training), no harmless
    one; of its tune half, the first message of one danger row (three words) and of two
    harmless rows (two words each). The thirty-fifth's, counted the same way with the
    thirty-fourth released: no message of either half, danger or harmless. The thirty-sixth's,
    counted the same way with the thirty-fifth released: no message of its held-out half,
    danger or harmless; of its tune half, the first message of one harmless row (three
    words). The thirty-seventh's, counted the same way with the thirty-sixth released: no
    danger message of either half; one harmless row of its held-out half (the first of two,
    four words) and one of its tune half (the first of two, five words). The thirty-eighth's,
    counted the same way with the thirty-seventh released: one danger message of its held-out
    half (thirteen words) stands word for word in the twenty-eighth set, so the model has
    learnt it since that set was released; one harmless row of its held-out half (the first
    of two, four words) and two of its tune half (the first of two, three and four words).
    The thirty-ninth's, counted the same way with the thirty-eighth released (nothing printed
    but the language, the half, which message and its length): no danger message of its
    held-out half; the first message of four harmless rows of its held-out half (Arabic,
    Persian, Bulgarian, Ukrainian; two or three words each); of its tune half, the first
    message of four danger rows (two to five words) and of two harmless rows (three and four
    words). The fortieth's, counted the same way with the thirty-ninth released: no message
    of its held-out half, danger or harmless; of its tune half, the first message of five
    harmless rows (three to five words). The forty-first's, counted the same way with the
    fortieth released: no message of either half, danger or harmless. The forty-second's,
    counted the same way with the forty-first released: no danger message of its held-out
    half (one of its tune half, four words); of its held-out half, three harmless rows (a
    Persian message of three words, a Bulgarian first message of three, a Somali message of
    two: the set's twist asked for short messages), and of its tune half five harmless rows
    (one to four words). The forty-third's, counted the same way with the forty-second
    released: no danger message of either half; of its held-out half, the first message of
    one English harmless row (four words). The forty-fourth's, counted the same way with
    the forty-third released: no message of its held-out half, danger or harmless (of its
    tune half two danger messages, of four and thirteen words, and two harmless ones). The
    forty-fifth's, counted the same way with the forty-fourth released: one Turkish danger
    message of its held-out half (four words) stands word for word in the training; of its
    held-out half, four harmless rows (an English, a Persian and an Urdu message of five or
    six words, and the first of two of a Turkish row, three words); of its tune half, one
    danger message (five words) and the first message of four harmless rows (three and four
    words). The forty-sixth's, counted the same way with the forty-fifth released: no danger
    message of its held-out half; the first message of one Danish harmless row of its
    held-out half (four words); of its tune half, two danger messages (six and eight words)
    and the first message of two harmless rows (two and three words). The forty-seventh's,
    counted the same way with the forty-sixth released: no danger message of either half; of
    its held-out half, four harmless rows (the first message of an Arabic and a Persian row,
    two words each; a Polish and an Urdu message of six words); of its tune half, three
    harmless rows (a Danish message of six words, an English one of four, the first message
    of a Somali row, four words). The forty-eighth's, counted the same way with the
    forty-seventh released: no danger message of its held-out half; the first message of one
    English harmless row of its held-out half (four words); of its tune half, the first
    message of one Ukrainian danger row (six words). The forty-ninth's, counted the same way
    with the forty-eighth released: no danger message of its held-out half; one Somali
    harmless message of its held-out half (five words); of its tune half, one Somali danger
    message (four words) and the first message of one English harmless row (four words). The
    fiftieth's, counted the same way with the forty-ninth released: nothing of its held-out
    half; of its tune half, one English harmless message (six words). The fifty-first's,
    counted the same way with the fiftieth released: one Somali danger message of its held-out
    half (six words, written the same in the fiftieth); of its tune half, one Bulgarian danger
    message (five words, written the same in the sixth). The fifty-second's, counted the same
    way with the fifty-first released: no danger message of either half; of its held-out
    half, the first message of three harmless rows (a Turkish and a Persian one of two words,
    a Somali one of five); nothing of its tune half. The fifty-third's, counted the same way
    with the fifty-second released: nothing of either half. The fifty-fourth's, counted the
    same way with the fifty-third released: nothing of its held-out half; of its tune half, the
    first message of one English harmless row. The fifty-fifth's, counted the same way with
    the fifty-fourth released: one English danger message of its held-out half (five words,
    written the same among the training's other examples, not in an evaluation set); of its
    tune half, one English danger message (three words). The fifty-sixth's, counted the same
    way with the fifty-fifth released: one Polish danger message of its held-out half (six
    words, written the same in the fifty-fifth); of its tune half, the first message of one
    Bulgarian harmless row (three words). The fifty-seventh's, counted the same way with the
    fifty-sixth released: no danger message of its held-out half; one English harmless
    message of its held-out half (six words, written the same in five earlier sets); of its
    tune half, one Turkish danger message (five words, written the same in the fifty-third).
    No more may join."""
    trained = {normalise(example.text) for example in danger_training.all_examples()}
    held_out = [
        row
        for row in yaml.safe_load(HELD_OUT_SET.read_text(encoding="utf-8"))
        if row["split"] == "held_out"
        and {normalise(row[key]) for key in ("text", "earlier") if row.get(key)} & trained
    ]
    assert sum(1 for row in held_out if row["expect"]) == HELD_OUT_DANGER_ALSO_TRAINED
    assert sum(1 for row in held_out if not row["expect"]) <= HELD_OUT_HARMLESS_ALSO_TRAINED


def test_a_word_is_scored_once_and_the_score_does_not_change(model: DangerModel) -> None:
    text = "min mand bestemmer alt, jeg må ikke gå ud alene"
    first = model.probability(text)
    assert "bestemmer" in model._words
    assert model.probability(text) == first
    fresh = DangerModel(model.weights, model.bias, model.threshold, model.trained_on)
    assert fresh.probability(text) == first


@pytest.mark.parametrize(
    "text",
    ["min mand bestemmer alt, jeg må ikke gå ud alene", "hun hun trækker ikke vejret", "ok"],
)
def test_the_bot_scores_what_the_training_reads(model: DangerModel, text: str) -> None:
    """The bot adds up word by word (cached) and pair by pair; training reads `features`.
    Both must give the same sum, or the bot would not be running the model it was taught."""
    found = features(text)
    z = model.bias + sum(model.weights.get(f, 0.0) for f in found) * scale(len(found))
    assert model.probability(text) == pytest.approx(1.0 / (1.0 + math.exp(-z)), abs=1e-12)
    assert any(f.startswith(PAIR) and f in model.weights for f in features(text)) or text == "ok"


@pytest.mark.parametrize(
    "reply",
    ["not not not", "nie nie nie", "не не не", "ikke ikke ikke", "nahi nahi nahi", "نه نه نه"],
)
def test_a_message_of_negations_alone_is_left_to_the_rules(library: FaqLibrary, reply: str) -> None:
    """ "Nie nie nie" is a reply, not a report: the model, which learnt "not" beside
    "breathing", was sure of danger in five of these (0.92-0.98, the model of 2026-12-05
    evening; the models before it too) and raised the alarm, and worried by the sixth (0.48).
    Such a message is now left to the rules, as one of one or two words is."""
    assert library.safeguarding.only_negations(reply)
    verdict = library.verdict(reply)
    assert (verdict.signals, verdict.calm, verdict.worry) == (frozenset(), False, 0.0)


def test_a_negation_beside_other_words_is_still_read(library: FaqLibrary) -> None:
    assert not library.safeguarding.only_negations("he is not not not")
    judged = library.verdict("he is not not not")
    assert judged.worry is not None and judged.worry > 0
    assert library.verdict("my baby is not breathing").signals
    assert library.verdict("nie, nie! ona nie oddycha").signals


@pytest.mark.parametrize(
    "message", ["112 112 112", "ring 112", "112!!", "112 çağırın", "اتصلوا ب ١١٢", "zadzwoń 112"]
)
def test_a_message_naming_112_gets_112_back(library: FaqLibrary, message: str) -> None:
    """A parent who writes 112 may be in an emergency, and the bot cannot call for her: she
    gets 112 back, at least as the calm line. "112 112 112" lost the model's alarm when its
    features were scaled (0.88 to 0.39), and "ring 112" is two words, left to the rules,
    which name no danger in it."""
    verdict = library.verdict(message)
    assert verdict.signals or verdict.calm, verdict


@pytest.mark.parametrize("message", ["ring på 11234567", "kl. 11.20", "1120 kr", "112a"])
def test_a_longer_number_is_not_112(message: str) -> None:
    assert not names_emergency_number(message)


@pytest.mark.parametrize("greeting", ["hej", "Hej!", "hey", "hej hej", "salam 🙂"])
def test_a_greeting_is_left_to_the_rules(model: DangerModel, greeting: str) -> None:
    """One or two words are too few letter sequences to judge: "hej" scored 0.55 and "hej
    hej" 0.82 (2026-12-01; many danger examples open with a greeting), and every parent who
    said hello got the calm 112 line. The rules still read them."""
    assert not model.worried(greeting)
    assert model.worried("min mand bestemmer alt, jeg må ikke gå ud alene")


def test_no_words_no_worry(model: DangerModel) -> None:
    assert model.probability("") == 0.0 and model.probability("🙂 !!") == 0.0
    assert not model.worried("")


def test_the_calm_line_stays_rare_on_everyday_questions_it_never_saw(library: FaqLibrary) -> None:
    """The fourth parents' FAQ set is not in the training: on its everyday questions the
    calm line shows on 23 of 785 (2.9 %, 2026-12-04, trained on sets 1-31, at 0.4 by the
    folds' rule); it showed on 21 (2026-12-03, trained on sets 1-26 and examples
    a-za, with words and word pairs, at 0.5 by the folds' rule; 20 with sets 1-25 and a-za,
    18 with sets 1-24 and a-za,
    19 with sets 1-23 and a-za,
    18 with sets 1-22 and a-za,
    21 with sets 1-21 and a-za,
    20 with sets 1-20 and a-y,
    19 with sets 1-19 and a-x,
    20 with sets 1-18 and a-w,
    20 with sets 1-17 and a-v,
    18 with sets 1-16 and a-u,
    19 with sets 1-15 and a-t,
    22 with sets 1-14 and a-s, 29 with sets 1-13 and a-r, 27 and 31 with the models at 0.4,
    between 21 and 29 with earlier ones at 0.5), some of them low mood after birth.
    At most 1 in 25."""
    rows = yaml.safe_load(UNSEEN_EVERYDAY.read_text(encoding="utf-8"))
    everyday = [
        row["q"] for row in rows if danger_training.EMERGENCY_ENTRY not in (row.get("expect") or [])
    ]
    calm = [q for q in everyday if library.calm_line(q, library.safeguarding.signals(q))]
    assert len(everyday) > 700
    assert len(calm) * 25 <= len(everyday), len(calm)


def test_the_calm_line_is_never_shown_with_the_alarm(library: FaqLibrary) -> None:
    alarm = "my baby is blue and not responding"
    signals = library.safeguarding.signals(alarm)
    assert signals and library.danger_model is not None
    assert library.danger_model.worried(alarm)
    assert not library.calm_line(alarm, signals)


def test_the_models_alarm_stays_rarer_still_on_everyday_questions_it_never_saw(
    library: FaqLibrary,
) -> None:
    """Where the model is sure it raises the alarm itself: on the everyday questions it
    never saw, at most 1 in 100 (the bound set before it was first measured)."""
    rows = yaml.safe_load(UNSEEN_EVERYDAY.read_text(encoding="utf-8"))
    everyday = [
        row["q"] for row in rows if danger_training.EMERGENCY_ENTRY not in (row.get("expect") or [])
    ]
    alarms = [q for q in everyday if library.signals(q) - library.safeguarding.signals(q)]
    assert len(alarms) * 100 <= len(everyday), len(alarms)


def test_a_model_without_an_alarm_threshold_never_raises_the_alarm(library: FaqLibrary) -> None:
    """The alarm comes from the rules alone when the file names no alarm threshold (as
    before 2026-12-01's fourteenth round); the calm line stays."""
    assert library.danger_model is not None
    without = replace(library, danger_model=replace(library.danger_model, alarm=None))
    assert without.signals(THREAT) == set() and library.signals(THREAT)
    assert without.calm_line(THREAT, set())
    assert without.signals("my baby is not breathing") == {"child_not_breathing"}


def test_every_short_danger_message_in_the_training_gets_the_alarm_from_the_rules(
    library: FaqLibrary,
) -> None:
    """The model never judges a message of one or two words, so the rules must: every such
    danger message in the released sets and written examples raises the alarm ("he broke
    my tooth" in Persian, Turkish and Arabic in Latin letters, and "he is shaking the baby"
    in Turkish got neither reply until 2026-12-01's rules for a broken tooth or bone)."""
    examples = danger_training.all_examples()
    short = [e for e in examples if e.danger and len(normalise(e.text).split()) < MIN_WORDS]
    assert len(short) >= 25
    assert [e.text for e in short if not library.signals(e.text)] == []


def test_a_library_without_a_model_shows_no_calm_line(library: FaqLibrary) -> None:
    without = FaqLibrary(library.content, library.safeguarding, library.helplines)
    assert not without.calm_line("min mand bestemmer alt, jeg må ikke gå ud alene", set())


def test_the_second_opinion_costs_little(model: DangerModel) -> None:
    """A sum of cached word scores: well under a millisecond (a loose bound for a busy
    machine; bench/bench_safeguarding.py measures)."""
    rows = yaml.safe_load(UNSEEN_EVERYDAY.read_text(encoding="utf-8"))
    texts = [row["q"] for row in rows]
    for text in texts:
        model.probability(text)
    start = time.perf_counter()
    for text in texts:
        model.probability(text)
    assert (time.perf_counter() - start) / len(texts) < 0.002


# The review's false alarms (2026-12-01): the parent's own hurt or a child at play, asked as
# a question, that the model was sure of (0.91-0.99) before and after part t.
REVIEWS_OWN_HURT_OR_PLAY = (
    "jeg brændte mig i går, hvad gør jeg",
    "jeg slog mig på trappen i går, hvad gør jeg",
    "min søn hiver mig i håret, hvad gør jeg",
    "my son pushed me and I fell, he is 4",
    "jeg har knækket min fortand",
    "min søn holdt mig nede og kildede mig",
    "my baby grabbed my hair and won't let go, what do I do",
)
# Beside them, someone else did it: the same words with a partner, a father or "he".
SOMEONE_ELSE = (
    "my son saw his dad push me and I fell",
    "told the nurse I burned myself cooking but it was his cigarette",
    "my husband pushed me and I fell",
    "min kæreste holdt mig nede og jeg slog mig",
    "jeg faldt fordi han skubbede mig",
    # a review's (2026-12-02): asleep, a cover story, a child hurt in her fall, again, a
    # woman who did it, a teenager
    "I fell asleep with the baby on my chest and woke up with her face down under me",
    "I bruised my face and I keep telling people I fell",
    "jeg løj og sagde at jeg faldt",
    "I slipped while carrying my daughter and she hit her head, she is not herself",
    "jeg faldt igen, jeg har blå mærker over det hele",
    "my wife attacked me with a knife and I cut my hand trying to stop her",
    "my son slapped me across the face, he is 17",
    "min søn hev mig i håret og slæbte mig hen ad gulvet, han er 16",
)


def test_her_own_hurt_or_a_child_at_play_lowers_the_models_alarm_to_the_calm_line(
    library: FaqLibrary, model: DangerModel
) -> None:
    """The model reads letters, not who did what: where a rule says the hurt is her own
    accident or a small child's play, a model sure of danger gives the calm 112 line, 112
    alone, not the alarm with Lev Uden Vold's line. A model sure of every message shows
    it: the same words done by someone else still get its alarm."""
    sure_of_all = FaqLibrary(
        library.content,
        library.safeguarding,
        library.helplines,
        danger_model=replace(model, weights={}, bias=20.0, _words={}),
    )
    for message in REVIEWS_OWN_HURT_OR_PLAY:
        assert library.safeguarding.own_hurt_or_play(message), message
        assert library.safeguarding.signals(message) == set(), message
        verdict = sure_of_all.verdict(message)
        assert (verdict.signals, verdict.calm, verdict.helplines) == (frozenset(), True, ())
        assert library.verdict(message).signals == frozenset(), message  # as the bot runs
    for message in SOMEONE_ELSE:
        assert not library.safeguarding.own_hurt_or_play(message), message
        assert sure_of_all.verdict(message).signals, message  # the rules' or the model's


def test_no_danger_message_the_rules_miss_is_said_to_be_her_own_hurt_or_play() -> None:
    """Lowering the model's alarm costs a danger message only where the rules miss it and
    yet say it is her own hurt or a child's play: in every danger message of the released
    sets and the written examples (8,045), none is (the child who grabbed a bare wire was,
    until the rule for a child's play asked for "me" or "my" after the act)."""
    safeguarding = load_library(supported_codes()).safeguarding
    lowered = [
        example.text
        for example in danger_training.all_examples()
        if example.danger
        and safeguarding.own_hurt_or_play(example.text)
        and not safeguarding.signals(example.text)
    ]
    assert lowered == []


# Her own hurt or a small child at play, in the other languages (`own_hurt_or_play` in each
# rules file): per language a child doing it to "me" or "my ...", then her own accident.
@pytest.mark.parametrize(
    "message",
    [
        # ar (also Arabizi)
        "بنتي الصغيرة بتعضني وانا برضعها، طلعولها سنان. شو بعمل؟",
        "ابني عمره سنتين بيشد شعري كل ما اشيله 😩",
        "ibni 3omro 3 snin byirfesni kil ma ghayyarlo el 7fad, shu a3mel?",
        "خبطت راسي بباب الخزانة وطلعلي ورم كبير، شو اعمل؟",
        "كسرت سني وانا عم اكل مكسرات، لازم روح عند دكتور الاسنان؟",
        "لويت كاحلي وانا نازلة عالدرج، صار منفخ",
        "انا تزحلقت عالدرج وكاحلي وارم كتير",
        "7ara2t idi bel mekwe, shu b7ot 3layha?",
        # tr
        "oğlum 2 yaşında, kucağıma alınca saçımı çekiyor, nasıl vazgeçiririm?",
        "kızım emzirirken beni ısırıyor, dişleri çıkıyor galiba",
        "bebek yüzümü tırmalıyor, tırnaklarını ne zaman keserim",
        "firinda elimi yaktim ne surmeliyim",
        "merdivende ayağımı burktum, şişti, doktora gideyim mi?",
        "buzda kaydım düştüm, dizim mosmor",
        # ur (also Roman Urdu)
        "میرا بیٹا ایک سال کا ہے، گود میں لوں تو میرے بال کھینچتا ہے",
        "beti doodh peete hue mujhe kaat leti hai, kya karun",
        "bacha mere upar chadh ke mere baal pakad leta hai 😅",
        "seerhi utarte hue mera takhna mur gaya, sooj gaya hai",
        "سبزی کاٹتے ہوئے میری انگلی کٹ گئی، کیا کروں",
        "main seerhiyon pe phisal gayi, takhna sooj gaya hai",
        # fa (also Finglish)
        "پسرم ۸ ماهشه موقع شیر خوردن گازم میگیره، چیکار کنم؟",
        "دخترم موهامو میکشه و ول نمیکنه 😅",
        "pesaram 2 salashe ba sar zad too damagham",
        "یه تیکه از دندونم شکست موقع آجیل خوردن، عجله ایه؟",
        "انگشتمو با چاقو بریدم موقع پوست کندن سیب",
        "رو یخ لیز خوردم و مچ پام پیچ خورد",
        # pl (with and without Polish letters)
        "synek (rok) ciągnie mnie za włosy jak go noszę, jak go oduczyć?",
        "mała gryzie mnie przy karmieniu, ma już zęby",
        "corka kopie mnie jak zmieniam pieluche, normalne?",
        "uderzyłam się w głowę o szafkę, mam guza",
        "skrecilam kostke na schodach, spuchla",
        "poślizgnęłam się na lodzie i stłukłam kolano",
        # so
        "wiilkayga 1 jir ah timaha ayuu iga jiidaa markaan qaado",
        "gabadhayda 8 bilood ah way i qaniintaa markaan nuujinayo",
        "wiilkayga 2 jir ah wejiga ayuu iga xagtaa markuu daallan yahay",
        "jilibka ayaan ku dhuftay miiska, wuu bararay",
        "farta ayaan ka gooyay anigoo basal jaraya",
        "barafka ayaan ku siibtay, jilibka ayaa bararay",
        # uk (also Russian)
        "донька вчепилась мені у волосся і не відпускає 😅",
        "малий кусає мене за плече коли втомлений",
        "сын кусает меня когда кормлю, что делать",
        "порізала палець ножем коли різала хліб, що робити",
        "я підвернула ногу на сходах, набрякла",
        "вдарилася головою об шафку, шишка",
        # bg
        "бебето ме хапе докато суче, какво да правя",
        "синът ми на 2 ме дърпа за косата",
        "малката ме рита като я преобличам",
        "навехнах си глезена на стълбите, подут е",
        "паднах на леда пред блока, коляното ме боли",
        "порязах си пръста с ножа докато режех хляб",
    ],
)
def test_own_hurt_or_play_in_every_language(library: FaqLibrary, message: str) -> None:
    assert library.safeguarding.own_hurt_or_play(message), message
    assert library.safeguarding.signals(message) == set(), message


# The same words where someone else did it (a husband, "he", in front of the child), a child
# who grabbed something dangerous without "me" or "my", or a child she hurt herself.
@pytest.mark.parametrize(
    "message",
    [
        # ar
        "جوزي شدني من شعري قدام ابني",
        "قدام ابني ضربني وصار يصرخ",
        "ابني مسك شريط الكهربا وهو عم يلعب",
        "zoji 7ara2 idi bel sigara mbare7",
        # tr
        "kocam oğlumun önünde saçımı çekti",
        "eşim ütüyle elimi yaktı",
        "cok kizdi ve beni itti, dustum",
        "oğlum kabloyu tuttu, elektrik çarpmış olabilir mi",
        # ur
        "shohar ne bachon ke samne mere baal kheeche",
        "وہ میرا ہاتھ جلا گیا",
        "beta bijli ki taar pakad raha tha",
        "bacha mere haath mein mar gaya",
        # fa
        "شوهرم جلوی پسرم موهامو کشید",
        "مچ دستمو بریدم",
        "پسرم سیم برق رو گرفت",
        # pl
        "mąż ciągnął mnie za włosy przy synku",
        "powiedziałam w szpitalu że spadłam ze schodów",
        "syn złapał kabel od żelazka",
        # so
        "ninkayga ayaa timaha iga jiiday ilmaha hortiisa",
        "wiilkayga ayaa qabtay silig koronto",
        "ilmaha gacanta ayaan ku gubay shaah",
        # uk
        "чоловік тягнув мене за волосся при сині",
        "син схопив ніж зі столу",
        "донька впала з дивану і плаче",
        # bg
        "мъжът ми ме дърпа за косата пред детето",
        "пак паднах по стълбите, вече и детето знае",
        "детето хвана кабела на ютията",
        "синът ми хвана ножа",
    ],
)
def test_someone_else_is_not_own_hurt_or_play(library: FaqLibrary, message: str) -> None:
    assert not library.safeguarding.own_hurt_or_play(message), message


def _alarm_pass(language: Any) -> dict[str, Any]:
    """What a language's alarm pass reads: every field but the rules of her own hurt or play,
    the caches filled as messages come (the corrected words, the rules a word may start)
    and the list of every pattern still to compile (the own rules' too): the compiled
    languages are kept per process, and other tests have read with them."""
    return {
        item.name: getattr(language, item.name)
        for item in dataclasses.fields(language)
        if item.name not in ("own", "corrections", "leads", "lazy")
    }


def test_the_rules_of_her_own_hurt_or_play_change_no_alarm() -> None:
    """They may only lower the model's alarm: with them and without them the alarm pass is
    built alike, rule for rule, word for word, so no message can raise other alarm signals
    (their words once joined the words a typo is corrected towards, and Polish "szarpnął",
    Russian "толкнула" lost their violence alarm; they are compiled apart since). Every
    twentieth message of the training data shows it too, read both ways."""
    phrases = load_phrases([CONTENT_DIR], supported_codes())
    without = {
        code: {key: value for key, value in data.items() if key != OWN_HURT_OR_PLAY}
        for code, data in phrases.items()
    }
    assert any(OWN_HURT_OR_PLAY in data for data in phrases.values())
    full, bare = Safeguarding(phrases), Safeguarding(without)
    full.signals("min mand slog mig og babyen trækker ikke vejret")  # the caches, as in use
    assert all(language.own is not None for language in full._languages)
    assert [_alarm_pass(language) for language in full._languages] == [
        _alarm_pass(language) for language in bare._languages
    ]
    assert full._placed == bare._placed
    changed = [
        example.text
        for example in danger_training.all_examples()[::20]
        if full.signals(example.text) != bare.signals(example.text)
    ]
    assert changed == []


def test_the_alarm_pass_never_tries_the_rules_of_her_own_hurt_or_play() -> None:
    """They are a list of their own: the alarm's pass over every message meets none of
    them, and `own_hurt_or_play` tries only them (not the alarm's rules a second time)."""
    safeguarding = Safeguarding(load_phrases([CONTENT_DIR], supported_codes()))
    languages = safeguarding._languages
    assert all(rule.signal != OWN_HURT_OR_PLAY for lang in languages for rule in lang.rules)
    own = [lang.own for lang in languages if lang.own is not None]
    assert len(own) == len(supported_codes())
    assert all(rule.signal == OWN_HURT_OR_PLAY for lang in own for rule in lang.rules)
    assert safeguarding.own_hurt_or_play("min søn hiver mig i håret")
    assert not safeguarding.own_hurt_or_play("my baby is not breathing")
    shown = safeguarding.explain("min søn hiver mig i håret")
    assert shown and all(source.startswith(OWN_HURT_OR_PLAY) for _, source in shown)
