"""The project's FAQ content: the content check, every answer renderable, and the evaluation set.

The evaluation set (`tests/faq_eval.yaml`) is realistic parent questions,
typos and all, each with the entry a coordinator would pick (or none). The
search must put the right entry first for at least 85 % of them, and must
rarely be confidently wrong: a confident wrong answer is worse than "I am not sure".
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from faq import THEMES
from faq.check import content_problems, review_due
from faq.evaluation import Case, Score, by_language, load_cases
from faq.library import CALM_HELP, CALM_MODEL, FaqLibrary
from faq.safeguarding import SETTINGS, SIGNALS, load_rules_file
from handlers.faq import render_entry
from i18n import supported_codes, texts_for
from i18n.languages import CONTENT_DIR
from tests.fake_telegram import parse_html, utf16_len

EVAL = Path(__file__).parent / "faq_eval.yaml"
MIN_TOP1 = 0.85
MAX_CONFIDENTLY_WRONG = 0.02  # of all questions, answered with confidence and wrong
MIN_CONFIDENT_RIGHT = 0.55  # of answerable questions, answered at once (the rest choose of 3)
MIN_REFUSED = 0.85  # of questions the FAQ cannot answer, not answered with confidence


def test_the_content_check_passes(library: FaqLibrary) -> None:
    assert content_problems(library.content, supported_codes()) == []


def test_enough_entries_on_every_theme(library: FaqLibrary) -> None:
    ids = library.content.ids()
    assert len(ids) >= 45
    themes = Counter(entry.theme for entry in library.content.entries["da"].values())
    assert set(themes) == set(THEMES) and min(themes.values()) >= 2


@pytest.mark.parametrize("code", supported_codes())
def test_every_answer_renders_as_valid_telegram_html(library: FaqLibrary, code: str) -> None:
    texts = texts_for(code)
    for entry_id in sorted(library.content.ids()):
        for original in (False, True):
            text, markup = render_entry(library, texts, entry_id, original=original)
            plain, _ = parse_html(text, strict=True)
            assert 0 < utf16_len(plain) <= 4096
            for row in markup.inline_keyboard:
                for button in row:
                    assert len(button.callback_data.encode()) <= 64


def test_municipal_entries_say_whom_to_ask(library: FaqLibrary) -> None:
    texts = texts_for("en")
    municipal = [e for e in library.content.entries["en"].values() if e.municipal]
    assert len(municipal) >= 8  # the facts flag many rules as local
    for entry in municipal:
        text, _ = render_entry(library, texts, entry.id)
        assert "differs from municipality to municipality" in text


def test_help_lines_review_falls_due_after_a_year(library: FaqLibrary) -> None:
    """Dates relative to the content's own check dates: the result never depends on today."""
    reviewed = library.helplines.reviewed
    assert reviewed is not None
    codes = supported_codes()
    newest = max(e.reviewed for by_id in library.content.entries.values() for e in by_id.values())
    fresh = max(reviewed, newest) + timedelta(days=1)
    unchecked = [line for line in review_due(library.content, codes, library.helplines, fresh)]
    assert all("not shown until checked" in line for line in unchecked)
    assert len(unchecked) == len(library.helplines.unverified)
    late = reviewed + timedelta(days=367)
    assert f"help line emergency (112): last checked {reviewed}, more than a year ago" in (
        review_due(library.content, codes, library.helplines, late)
    )
    assert library.helplines.lines[0].number == "112"


def test_only_help_lines_with_a_source_and_a_check_date_are_shown(library: FaqLibrary) -> None:
    """A number nobody checked on the service's own page is worse than none: the project's
    fact sheet marks Livslinien and ForældreTelefonen as not verified, so they stay hidden
    until someone fills in `source` and `checked`."""
    shown = {
        line.number: line
        for signals in ({signal} for signal in SIGNALS)
        for line in library.helplines.for_signals(signals)
    }
    assert shown, "at least 112"
    for line in shown.values():
        assert line.source.startswith("https://") and line.checked is not None, line
    assert "70 201 201" not in shown and "35 55 55 57" not in shown
    for signal in SIGNALS:
        assert library.helplines.for_signals({signal})[0].number == "112"  # 112 first
        texts = texts_for("en")
        lines = library.helplines.for_signals({signal})
        text = texts.render(
            "safeguarding.html",
            lines=[line for line in lines if line.kind != "emergency"],
            reviewed=library.helplines.reviewed,
            can_tell_staff=False,
        )
        for line in library.helplines.unverified:
            assert line.number not in text


@pytest.mark.parametrize("code", supported_codes())
def test_danger_words_exist_in_every_language(code: str) -> None:
    data = load_rules_file(CONTENT_DIR / code / "safeguarding.yaml")  # no key twice
    assert set(SIGNALS) <= set(data) and all(data[signal] for signal in SIGNALS)
    assert set(data) - set(SIGNALS) <= set(SETTINGS)


def evaluate(library: FaqLibrary) -> dict[str, float]:
    cases = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
    top1 = top3 = answerable = confident_wrong = confident_right = unanswerable_refused = 0
    misses = []
    for case in cases:
        answer = library.ask(case["q"], case["lang"])
        ranked = [hit.entry_id for hit in answer.hits]
        expected = case["expect"]
        if expected is None:
            unanswerable_refused += not answer.confident
            confident_wrong += answer.confident
            continue
        answerable += 1
        top1 += ranked[:1] == [expected]
        top3 += expected in ranked[:3]
        if answer.confident and ranked[:1] != [expected]:
            confident_wrong += 1
        confident_right += answer.confident and ranked[:1] == [expected]
        if ranked[:1] != [expected]:
            misses.append(f"{case['lang']} {case['q']!r}: {ranked[:3]} (want {expected})")
    return {
        "questions": len(cases),
        "answerable": answerable,
        "top1": top1 / answerable,
        "top3": top3 / answerable,
        "confidently_wrong": confident_wrong / len(cases),
        "confidently_right": confident_right / answerable,
        "unanswerable_refused": unanswerable_refused / max(len(cases) - answerable, 1),
        "misses": misses,
    }


def test_evaluation_set(library: FaqLibrary) -> None:
    result = evaluate(library)
    report = (
        f"{result['questions']} questions ({result['answerable']} answerable): "
        f"top-1 {result['top1']:.1%}, top-3 {result['top3']:.1%}, "
        f"answered at once {result['confidently_right']:.1%}, "
        f"confidently wrong {result['confidently_wrong']:.1%}, "
        f"unanswerable not answered {result['unanswerable_refused']:.1%}"
    )
    print(report)
    assert result["answerable"] >= 120
    assert result["top1"] >= MIN_TOP1, report + "\n" + "\n".join(result["misses"])
    assert result["confidently_wrong"] <= MAX_CONFIDENTLY_WRONG, report
    assert result["confidently_right"] >= MIN_CONFIDENT_RIGHT, report
    assert result["unanswerable_refused"] >= MIN_REFUSED, report


PARENTS_EVAL = Path(__file__).parent / "faq_eval_parents.yaml"


@pytest.mark.parametrize("held_out", [False, True], ids=["tuned half", "released half"])
def test_parents_questions_in_every_language(library: FaqLibrary, held_out: bool) -> None:
    """The first parents' set, each half as written (released for tuning on 2026-11-30;
    bench/faq_quality.py prints it per language). Over all ten languages: the right theme
    first, and hardly ever a confident wrong answer."""
    cases = load_cases(PARENTS_EVAL)
    assert {c.lang for c in cases} == set(supported_codes())
    total = Score()
    for score in by_language(library, cases, held_out=held_out).values():
        total.add(score)
    report = (
        f"theme {total.theme_share:.1%}, direct {total.direct_share:.1%}, "
        f"confidently wrong {total.wrong_share:.1%}\n" + "\n".join(total.misses)
    )
    assert total.questions >= 130
    assert total.theme_share >= 0.9, report
    assert total.wrong_share <= 0.02, report
    assert total.direct_share >= 0.5, report


# The parents' sets are released: the first two on 2026-11-30 (their held-out halves had been
# measured twice; the last held-out figures are on record in docs/benchmarks.md), the blind third
# set once its held-out half had been counted (docs/benchmarks.md, 2026-11-30). Since then the
# content and the matcher are tuned against every question of all three, so these are figures of
# fit, pinned per language on each whole set: (theme right, themed, confidently wrong, direct,
# answerable). The bar of issue 18 holds on each, except where listed in UNDER_THE_BAR: theme
# >= 90 %, confidently wrong <= 1 % (none), per language. A change that makes any language worse
# must show up here; direct answers may drop by two questions (a raised confidence bar is allowed
# to cost some).
RELEASED = {
    "faq_eval_parents.yaml": {
        # lang: (theme right, themed, confidently wrong, direct, answerable)
        "da": (38, 38, 0, 24, 38),
        "en": (38, 38, 0, 21, 38),
        "ar": (21, 23, 0, 15, 22),
        "tr": (21, 23, 0, 13, 23),
        "ur": (21, 23, 0, 13, 23),
        "fa": (23, 23, 0, 14, 23),
        "pl": (23, 23, 0, 19, 23),
        "bg": (23, 23, 0, 19, 23),
        "so": (22, 23, 0, 15, 23),
        "uk": (23, 23, 0, 16, 23),
    },
    "faq_eval_parents_new.yaml": {
        "da": (62, 62, 0, 38, 62),
        "en": (62, 62, 0, 41, 62),
        "ar": (60, 62, 0, 36, 62),
        "tr": (61, 62, 0, 44, 62),
        "ur": (60, 62, 0, 34, 62),
        "fa": (62, 62, 0, 38, 62),
        "pl": (61, 62, 0, 41, 62),
        "bg": (62, 62, 0, 47, 62),
        "so": (62, 62, 0, 37, 62),
        "uk": (62, 62, 0, 40, 62),
    },
    "faq_eval_parents_3.yaml": {
        "da": (73, 79, 0, 31, 77),
        "en": (66, 72, 0, 30, 71),
        "ar": (66, 71, 0, 33, 69),
        "tr": (63, 69, 0, 40, 67),
        "ur": (62, 68, 0, 30, 66),
        "fa": (65, 67, 0, 33, 65),
        "pl": (66, 68, 0, 46, 66),
        "bg": (64, 68, 0, 41, 66),
        "so": (65, 68, 0, 43, 66),
        "uk": (62, 66, 0, 46, 64),
    },
}
DIRECT_SLACK = 2
# (set, language) whose top-1 theme is still under issue 18's 90 %: their figures are pinned
# above, and the strict expected failure below comes off the day the bar is met.
UNDER_THE_BAR: frozenset[tuple[str, str]] = frozenset()


def _released_scores(library: FaqLibrary, name: str) -> dict[str, Score]:
    cases = [
        Case(c.lang, c.question, c.theme, c.expect, held_out=False)
        for c in load_cases(Path(__file__).parent / name)
    ]
    return by_language(library, cases, held_out=False)


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_sets_meet_the_bar_per_language(library: FaqLibrary, name: str) -> None:
    """Issue 18's bar per language on each released set, whole (a figure of fit: the sets were
    tuned against once released; a newer blind set is the held-out measure)."""
    scores = _released_scores(library, name)
    assert set(scores) == set(supported_codes()) == set(RELEASED[name])
    worse = []
    for lang, (theme, themed, wrong, direct, answerable) in RELEASED[name].items():
        s = scores[lang]
        assert (s.themed, s.answerable) == (themed, answerable), lang  # the set itself changed
        under_the_bar = (name, lang) in UNDER_THE_BAR
        if s.theme_right < theme or (s.theme_share < 0.9 and not under_the_bar):
            worse.append(f"{lang}: theme {s.theme_right}/{themed}, was {theme}")
        if s.confidently_wrong > wrong or s.wrong_share > 0.01:
            worse.append(f"{lang}: {s.confidently_wrong} confidently wrong, was {wrong}")
        if s.direct < direct - DIRECT_SLACK:
            worse.append(f"{lang}: {s.direct}/{answerable} direct, was {direct}")
    assert not worse, "\n".join(worse + [m for s in scores.values() for m in s.misses])


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param(
            *pair, marks=pytest.mark.xfail(strict=True, reason="issue 18's top-1 bar not met yet")
        )
        for pair in sorted(UNDER_THE_BAR)
    ],
)
def test_released_sets_under_the_bar_reach_it(library: FaqLibrary, name: str, code: str) -> None:
    s = _released_scores(library, name)[code]
    assert s.theme_share >= 0.9, f"{s.theme_right}/{s.themed}"


# The held-out measure: a blind set's held-out half, counted once after a round of tuning on the
# released sets and never read. The fourth set (`tests/faq_eval_parents_4.yaml`, written blind)
# was counted once on 2026-12-01 after the round on sets 1-3 (docs/benchmarks.md): every
# language at 90 % or more. A language that falls under the bar goes into
# HELD_OUT_THEME_UNDER_BAR as a strict expected failure, never to make the suite green.
HELD_OUT_SET: Path | None = Path(__file__).parent / "faq_eval_parents_4.yaml"
HELD_OUT_THEME_UNDER_BAR: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def held_out_half(library: FaqLibrary) -> dict[str, Score]:
    if HELD_OUT_SET is None:
        pytest.skip("no blind set is wired in as the held-out measure yet")
    scores = by_language(library, load_cases(HELD_OUT_SET), held_out=True)
    assert set(scores) == set(supported_codes())
    return scores


def test_the_held_out_half_gets_no_confident_wrong_answer(
    held_out_half: dict[str, Score],
) -> None:
    """Issue 18: confidently wrong at most 1 % per language on the held-out half. Counts only:
    the questions are not shown."""
    wrong = {lang: s.confidently_wrong for lang, s in held_out_half.items() if s.wrong_share > 0.01}
    assert wrong == {}


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(
            code,
            marks=pytest.mark.xfail(strict=True, reason="issue 18's top-1 bar not met here yet"),
        )
        if code in HELD_OUT_THEME_UNDER_BAR
        else code
        for code in supported_codes()
    ],
)
def test_the_held_out_half_finds_the_theme_9_times_in_10(
    held_out_half: dict[str, Score], code: str
) -> None:
    s = held_out_half[code]
    assert s.theme_share >= 0.9, f"{s.theme_right}/{s.themed}"


@pytest.mark.parametrize(
    ("code", "question", "expected"),
    [
        ("da", "hvornår kan min datter begynde i vuggestue", "daycare-start-age"),
        ("da", "hvornår kan min datter begynde at spise grød", "food-solids-start"),
        ("en", "when can my daughter start at the childminder", "daycare-start-age"),
        ("en", "when can my daughter start eating porridge", "food-solids-start"),
        ("uk", "коли донька може почати ходити в dagpleje", "daycare-start-age"),
        ("ar", "متى تبدأ ابنتي في الحضانة", "daycare-start-age"),
        ("tr", "kızım ne zaman kreşe başlayabilir", "daycare-start-age"),
        ("pl", "kiedy córka może zacząć chodzić do żłobka", "daycare-start-age"),
    ],
)
def test_when_can_my_child_start_x_finds_x(
    library: FaqLibrary, code: str, question: str, expected: str
) -> None:
    """Issue 18: "when can my son start nursery" was answered, with confidence, about solid food."""
    answer = library.ask(question, code)
    assert answer.best is not None and answer.best.entry_id == expected, answer.hits


@pytest.mark.parametrize("code", supported_codes())
def test_every_language_explains_the_same_danish_words(library: FaqLibrary, code: str) -> None:
    english = [w.word for w in library.glossary["en"]]
    assert len(english) >= 20
    assert [w.word for w in library.glossary[code]] == english
    assert all(w.meaning.strip() for w in library.glossary[code])


@pytest.mark.parametrize(
    ("code", "text", "signal"),
    [
        ("da", "hjælp min baby trækker ikke vejret", "child_not_breathing"),
        ("da", "min mand slår mig når han er vred", "violence"),
        ("en", "sometimes i want to die", "self_harm"),
        ("ar", "طفلي لا يتنفس", "child_not_breathing"),
        ("ar", "زوجي يضربني كل يوم", "violence"),
        ("ar", "أريد أن أموت", "self_harm"),
        ("pl", "moje dziecko nie oddycha", "child_not_breathing"),
        ("pl", "mąż mnie bije", "violence"),
        ("pl", "czasem chce umrzec", "self_harm"),
        ("so", "ilmahaygu ma neefsanayo", "child_not_breathing"),
        ("so", "ninkaygu wuu i garaacaa", "violence"),
        ("uk", "дитина не дихає", "child_not_breathing"),
        ("uk", "чоловік б'є мене", "violence"),
        ("uk", "я більше не хочу жити", "self_harm"),
        ("bg", "бебето не диша", "child_not_breathing"),
        ("bg", "мъжът ми ме бие", "violence"),
        ("tr", "bebeğim nefes almıyor", "child_not_breathing"),
        ("tr", "kocam beni dövüyor", "violence"),
        ("fa", "بچه‌ام نفس نمی‌کشد", "child_not_breathing"),
        ("fa", "شوهرم منو میزنه", "violence"),
        ("ur", "میرا بچہ سانس نہیں لے رہا", "child_not_breathing"),
        ("ur", "میرا شوہر مجھے مارتا ہے", "violence"),
        ("ur", "وہ مجھے مارتا ہے", "violence"),
        ("tr", "çocuğumun vücudu kasılıyor", "child_emergency"),
        ("bg", "бебето припадна", "child_not_breathing"),
    ],
)
def test_danger_words_are_found(library: FaqLibrary, code: str, text: str, signal: str) -> None:
    if code not in supported_codes():
        pytest.skip(f"{code} is not a supported language")
    assert signal in library.safeguarding.signals(text)


def test_everyday_questions_raise_no_alarm(library: FaqLibrary) -> None:
    """The alarm as the parent sees it: the rules', or the learned model's where it is sure."""
    cases = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
    alarms = [c["q"] for c in cases if library.signals(c["q"])]
    assert alarms == []


# A few questions in the parents' FAQ sets describe a sign of danger now: "my baby is not
# breathing, what do I do", "blue lips and breathes badly" (the sets expect the entry that
# says to call 112), and a rash that does not fade when pressed (a sign of meningitis, danger
# in every danger-word set). For these the alarm, 112 first, is the right reply.
DANGER_NOW_ENTRY = "sick-emergency"
RASH_THAT_DOES_NOT_FADE = frozenset(
    {
        "udslæt der ikke forsvinder når jeg trykker på det",
        "wysypka nie znika po nacisnieciu",
        "висип не зникає при натисканні",
    }
)


@pytest.mark.parametrize(
    "name", ["faq_eval_parents.yaml", "faq_eval_parents_new.yaml", "faq_eval_parents_3.yaml"]
)
def test_the_parents_everyday_questions_raise_no_alarm(library: FaqLibrary, name: str) -> None:
    """The danger words run on every question a parent asks: an everyday question (sleep,
    food, daycare, the husband who smokes next to the baby) must not put 112 first, by a
    rule or by the learned model (which has learnt these questions as harmless; the fourth
    set, which it has not, is held in tests/test_danger_model.py)."""
    cases = yaml.safe_load((Path(__file__).parent / name).read_text(encoding="utf-8"))
    everyday = [
        c["q"]
        for c in cases
        if DANGER_NOW_ENTRY not in (c.get("expect") or []) and c["q"] not in RASH_THAT_DOES_NOT_FADE
    ]
    assert len(everyday) > 200
    alarms = [q for q in everyday if library.signals(q)]
    assert alarms == []


@pytest.mark.parametrize("code", supported_codes())
def test_a_bare_cry_for_help_gets_112_in_every_language(library: FaqLibrary, code: str) -> None:
    """Each language's cries for help (`cry_for_help` in its rules file), alone or said
    twice, get 112: the calm line, by the cry itself or, where the model is worried by a
    longer one, by the model, or the model's alarm where it is sure; never silence. A
    question that asks for help with something is not a cry."""
    rules = yaml.safe_load((CONTENT_DIR / code / "safeguarding.yaml").read_text(encoding="utf-8"))
    cries = [str(cry) for cry in rules.get("cry_for_help") or []]
    assert len(cries) >= 5, code
    for cry in cries:
        for said in (cry, f"{cry}!!", f"{cry} {cry}"):
            verdict = library.verdict(said)
            if verdict.signals:  # the model sure of a longer cry: the alarm, 112 first
                continue
            assert verdict.calm and verdict.calm_by in {CALM_HELP, CALM_MODEL}, (said, verdict)
    for said in ("heeelp", "hjælp!!!", "🆘", "sos sos", "ratunku pomocy"):  # in a hurry
        assert library.verdict(said).calm_by == CALM_HELP, said
    # A question that asks for help with something, and the bot's own short replies: "Hjalp
    # det?" (did it help?) is asked under every answer, and "hjalp" is her answer to it.
    for message in ("hjælp til at søge friplads", "help me with the form", "hjalp", "ok", "tak"):
        assert library.verdict(message).calm_by is None, message


def test_no_everyday_question_is_a_bare_cry_for_help(library: FaqLibrary) -> None:
    """The line costs an everyday question a sentence: none of the parents' questions or the
    entries' own ways to ask is read as a cry."""
    questions = [
        str(case["q"])
        for name in (*PARENTS_SETS, EVAL.name)
        for case in yaml.safe_load((Path(__file__).parent / name).read_text(encoding="utf-8"))
    ]
    questions += [
        question
        for entries in library.content.entries.values()
        for entry in entries.values()
        for question in (entry.title, *entry.questions)
    ]
    assert len(questions) > 5000
    assert [q for q in questions if library.safeguarding.only_cry_for_help(q)] == []


PARENTS_SETS = (
    "faq_eval_parents.yaml",
    "faq_eval_parents_new.yaml",
    "faq_eval_parents_3.yaml",
    "faq_eval_parents_4.yaml",
)


def test_two_everyday_questions_read_together_raise_no_alarm(library: FaqLibrary) -> None:
    """The bot reads a message with her message of the last ten minutes (a second message
    such as "it was a battery" carries its danger in the one before). Two everyday questions
    in a row must not make an alarm between them: every consecutive pair of each language's
    parents' questions, where neither alarms alone."""
    pairs = 0
    alarms = []
    for name in PARENTS_SETS:
        cases = yaml.safe_load((Path(__file__).parent / name).read_text(encoding="utf-8"))
        for first, second in itertools.pairwise(cases):
            if first["lang"] != second["lang"]:
                continue
            if library.verdict(first["q"]).signals or library.verdict(second["q"]).signals:
                continue
            pairs += 1
            if library.verdict_after(second["q"], first["q"]).signals:
                alarms.append((first["q"], second["q"]))
    assert pairs > 2000
    assert alarms == []


def test_no_faq_question_raises_an_alarm(library: FaqLibrary) -> None:
    """Danger words are checked in every language at once and forgive typos, so one language's
    phrase can look like another's everyday word (Bulgarian "припадна" and Ukrainian
    "припадає"); the entries' own ways to ask, in all ten languages, must stay quiet."""
    alarms = [
        (language, entry.id, question)
        for language, entries in library.content.entries.items()
        for entry in entries.values()
        for question in (entry.title, *entry.questions)
        if library.signals(question)
    ]
    assert alarms == []


# Causes fixed after the parents' sets were released (2026-11-30). Each question below is written
# for the test, not taken from an evaluation set.


@pytest.mark.parametrize(
    ("code", "question"),
    [
        ("da", "hvordan får man mitid"),
        ("en", "how do i get my mitid"),
    ],
)
def test_a_word_an_entry_only_mentions_is_no_sure_answer(
    library: FaqLibrary, code: str, question: str
) -> None:
    """No entry is about MitID; the sign-up answer only says you log in with it."""
    assert not library.ask(question, code).confident


@pytest.mark.parametrize("code", supported_codes())
def test_a_danish_institution_word_is_known_in_every_form(library: FaqLibrary, code: str) -> None:
    """ "friplads" and "fripladstilskud", "dagplejen" and "dagpleje" are one search word in
    every language (content/danish_words.yaml), whatever the language's own list names."""
    groups = library.content.synonyms[code]
    for one, other in (("friplads", "fripladstilskud"), ("dagplejen", "dagpleje")):
        assert any(one in group and other in group for group in groups), (one, other)


def test_friplads_in_urdu_finds_the_free_place_entry_surely(library: FaqLibrary) -> None:
    answer = library.ask("friplads کیسے ملے گی", "ur")
    assert answer.confident and answer.best is not None
    assert answer.best.entry_id == "money-free-place"


@pytest.mark.parametrize(
    ("code", "question"),
    [
        ("en", "how much is the childminder per month"),
        ("tr", "gündüz bakıcısına ayda ne kadar ödenir"),
        ("pl", "ile kosztuje opiekunka na miesiąc"),
    ],
)
def test_per_month_asks_for_a_price_not_an_age(
    library: FaqLibrary, code: str, question: str
) -> None:
    answer = library.ask(question, code)
    assert answer.best is not None and answer.best.entry_id == "money-daycare-price", answer.hits
    assert code == "tr" or answer.confident


@pytest.mark.parametrize(
    ("code", "question"),
    [
        ("en", "when do i go to a doctor with my son"),
        ("tr", "oğlumu ne zaman doktora götürmem lazım"),
        ("so", "goorma ayaan wiilkayga dhakhtarka u geeyaa"),
    ],
)
def test_when_to_see_the_doctor_finds_the_doctor_entry(
    library: FaqLibrary, code: str, question: str
) -> None:
    """Issue 18: a plain 'when do I take my child to the doctor' is the sick-child entry, not
    the check-ups."""
    answer = library.ask(question, code)
    assert answer.best is not None and answer.best.entry_id == "sick-see-doctor", answer.hits


@pytest.mark.parametrize(
    ("code", "question"),
    [
        ("en", "my son is not breathing"),
        ("fa", "پسرم نفس نمی‌کشد"),
        ("bg", "синът ми не диша"),
    ],
)
def test_a_child_not_breathing_finds_the_emergency_entry(
    library: FaqLibrary, code: str, question: str
) -> None:
    answer = library.ask(question, code)
    assert answer.best is not None and answer.best.entry_id == "sick-emergency", answer.hits


@pytest.mark.parametrize(
    ("code", "question"),
    [
        ("en", "how do i say no to my toddler"),
        ("so", "sidee xad ugu dhigaa wiilkayga"),
    ],
)
def test_saying_no_finds_setting_limits(library: FaqLibrary, code: str, question: str) -> None:
    answer = library.ask(question, code)
    assert answer.best is not None and answer.best.entry_id == "everyday-setting-limits", (
        answer.hits
    )


def test_somali_word_forms_of_the_phone_find_screens_at_bedtime(library: FaqLibrary) -> None:
    answer = library.ask("ma fiican tahay telefoonka ka hor hurdada", "so")
    assert answer.confident and answer.best is not None
    assert answer.best.entry_id == "everyday-screens-bedtime"


@pytest.mark.parametrize(
    ("code", "question", "expected"),
    [
        ("uk", "чи треба щеплювати доньку", "vaccination-free-voluntary"),
        ("uk", "садок закритий на канікули", "daycare-closing-days"),
        ("ar", "هل الحضانة مسكرة في الصيف", "daycare-closing-days"),
        ("tr", "ne zaman mama yemeye başlamalıyız", "food-solids-start"),
        ("tr", "burnu akan çocuk kreşe gidebilir mi", "sick-stay-home"),
        ("ur", "کھانسی ہو تو کیا نرسری جا سکتی ہے", "sick-stay-home"),
        ("so", "ilmahaygu duray buu qabaa ma aadi karaa xannaanada", "sick-stay-home"),
    ],
)
def test_word_forms_a_stemmer_misses_find_their_entry(
    library: FaqLibrary, code: str, question: str, expected: str
) -> None:
    """Verb and spoken forms the Snowball stemmers do not bring together (Ukrainian
    "щеплювати" and "щеплення", Turkish "başlamalıyız" read as "aramalı" by typo correction,
    Levantine "مسكرة" for closed), and words for a cold and a cough."""
    answer = library.ask(question, code)
    assert answer.best is not None and answer.best.entry_id == expected, answer.hits


@pytest.mark.parametrize(
    ("code", "question"),
    [
        ("da", "hvor gammel skal min søn være for at starte i vuggestue"),
        ("tr", "kızım 5 aylık kreşe gidebilir mi"),
    ],
)
def test_a_child_of_some_months_starting_daycare_finds_the_start_age(
    library: FaqLibrary, code: str, question: str
) -> None:
    """Issue 18: "when can my child start X" finds the entry about X, also when the parent
    gives the child's age or asks how old."""
    answer = library.ask(question, code)
    assert answer.best is not None and answer.best.entry_id == "daycare-start-age", answer.hits
