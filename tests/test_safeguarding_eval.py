"""The danger words measured on their evaluation set (`tests/safeguarding_eval.yaml`).

The set was written before the rules were tuned; the rules were tuned on the
`tune` half only. The bar (issue 14) holds on the `held_out` half, per language:
no danger sentence missed, at most one false alarm in 50 harmless sentences
(here: at most 1 in the 12-13 held out, which is stricter). `docs/safeguarding.md`
has the figures for both halves; `test_the_docs_report_the_current_figures` keeps
them current.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from faq.library import FaqLibrary, load_library
from faq.safeguarding import Safeguarding, load_phrases, normalise
from i18n import supported_codes
from i18n.languages import CONTENT_DIR

EVAL = Path(__file__).parent / "safeguarding_eval.yaml"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "safeguarding.md"
CASES = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
MAX_FALSE_ALARMS = 1


@pytest.fixture(scope="module")
def library() -> FaqLibrary:
    return load_library(supported_codes())


def figures(library: FaqLibrary) -> dict[tuple[str, str], Counter[str]]:
    """Per (language, split): danger, missed, harmless, false alarms, wrong kind."""
    out: dict[tuple[str, str], Counter[str]] = {}
    for case in CASES:
        found = library.safeguarding.signals(case["text"])
        count = out.setdefault((case["lang"], case["split"]), Counter())
        if case["expect"]:
            count["danger"] += 1
            count["missed"] += not found
            count["wrong kind"] += bool(found) and case["expect"] not in found
        else:
            count["harmless"] += 1
            count["false alarms"] += bool(found)
    return out


def table(library: FaqLibrary) -> str:
    """The Markdown table of `docs/safeguarding.md` (and the README)."""
    rows = [
        "| language | tune: missed | tune: false alarms | held out: missed | "
        "held out: false alarms |",
        "| --- | --- | --- | --- | --- |",
    ]
    data = figures(library)
    for code in supported_codes():
        tune, held = data[(code, "tune")], data[(code, "held_out")]
        rows.append(
            f"| {code} | {tune['missed']} of {tune['danger']} | "
            f"{tune['false alarms']} of {tune['harmless']} | "
            f"{held['missed']} of {held['danger']} | "
            f"{held['false alarms']} of {held['harmless']} |"
        )
    return "\n".join(rows)


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


@pytest.mark.parametrize("code", supported_codes())
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
    assert table(library) in DOCS.read_text(encoding="utf-8")


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
