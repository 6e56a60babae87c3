"""A language typed without its own keyboard is read back into its own letters.

Bulgarian and Ukrainian parents write "bie me" as often as "бие ме", and the rules, written
in Cyrillic, missed a far larger share of Latin messages than of Cyrillic ones (of the
released danger messages on 2026-12-07: Bulgarian 19% against 6%, Ukrainian 14% against
7%). A rules file's `latin_letters` says what each Latin letter may stand for; a word is
read back where a reading begins with a word of the rules (`LatinReading`), and the rules
run on the message both as written and as read."""

from __future__ import annotations

import pytest

from faq.library import FaqLibrary
from faq.safeguarding import LatinReading, RulesFileError, Safeguarding

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

LETTERS = {
    "a": ["а", "ъ"],
    "b": "б",
    "e": "е",
    "i": "и",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": ["у", "ъ"],
    "zh": "ж",
    "6": "ш",
}
RULES = {
    "negation": ["не"],
    "violence": ["мъж* .. (бие|блъсна)"],
    "child_not_breathing": [{"match": "{neg} отговаря", "unless_next": "на телефона"}],
    "latin_letters": LETTERS,
}


def test_a_word_is_read_back_where_the_rules_know_a_reading_of_it() -> None:
    reading = LatinReading("bg", LETTERS, ["бие", "ме"], ["блъсна", "мъж"])
    # "u" is usually у, but only "блъсна" is a word the rules know: the reading that
    # begins with the longest known word or start wins, the usual one on a tie
    assert reading.word("blusna") == "блъсна"
    assert reading.read("muzh mi me bie") == "мъж mi ме бие"
    # A word no reading of which the rules know stays as written: not this language's
    assert reading.read("haha elgiganten 112") == "haha elgiganten 112"
    assert reading.read("бие ме") == "бие ме"


def test_the_rules_fire_on_the_reading_as_on_the_cyrillic() -> None:
    with_letters = Safeguarding({"bg": RULES})
    without = Safeguarding({"bg": {k: v for k, v in RULES.items() if k != "latin_letters"}})
    assert with_letters.signals("мъжът ме бие") == {"violence"}
    assert with_letters.signals("muzhat me bie") == {"violence"}
    assert with_letters.signals("muzhut blusna sina") == {"violence"}
    assert without.signals("muzhat me bie") == set()
    assert ("bg (read from Latin letters)", "violence: мъж* .. (бие|блъсна)") in (
        with_letters.explain("muzhat me bie")
    )


def test_an_exception_holds_for_the_reading_as_for_the_cyrillic() -> None:
    """The exception's own words are read back too ("telefona"), and a negation typed in
    Latin letters ("ne") is the language's negation once read."""
    safeguarding = Safeguarding({"bg": RULES})
    assert safeguarding.signals("детето не отговаря") == {"child_not_breathing"}
    letters = {**LETTERS, "g": "г", "v": "в", "ya": "я", "d": "д", "f": "ф"}
    rules = {**RULES, "latin_letters": letters}
    safeguarding = Safeguarding({"bg": rules})
    assert safeguarding.signals("ne otgovarya") == {"child_not_breathing"}
    assert safeguarding.signals("mazh mi ne otgovarya na telefona") == set()
    assert safeguarding.signals("мъж ми не отговаря на телефона") == set()


def test_an_all_clear_written_in_latin_letters_still_lifts_the_reading() -> None:
    """A pooled "haha" lifts every language's rules; once "haha" is read back ("хаха" is
    a word of these rules), the laugh as written still counts."""
    rules = {
        **RULES,
        "latin_letters": {**LETTERS, "h": "х"},
        "all_clear": [
            {"match": "haha", "where": "anywhere", "pooled": True, "signals": ["violence"]}
        ],
        "own_hurt_or_play": ["хаха .. бие"],
    }
    safeguarding = Safeguarding({"bg": rules})
    assert safeguarding.signals("muzh me bie") == {"violence"}
    assert safeguarding.signals("muzh me bie haha") == set()


def test_a_table_without_a_reading_is_refused() -> None:
    with pytest.raises(RulesFileError, match="latin_letters"):
        Safeguarding({"bg": {**RULES, "latin_letters": {"a": []}}})


def test_the_shipped_rules_read_bulgarian_and_ukrainian_typed_in_latin_letters(
    library: FaqLibrary,
) -> None:
    signals = library.safeguarding.signals
    # released messages (sets 10 and 54) the rules missed before the reading
    assert signals("iznasili me sno6ti, myjyt mi, kazva 4e ima pravo") == {"violence"}
    assert signals("bratovched mi blusna sina mi po stulbite i sega go rita")
    # and the same words everyday
    assert signals("izgorih tortata, nishto strashno") == set()
