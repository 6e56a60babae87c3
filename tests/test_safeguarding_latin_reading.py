"""A language typed without its own keyboard is read back into its own letters.

Arabic and Persian typed in Latin letters (Arabizi, Finglish) are read the same way, guided
by the rules' words because their scripts leave out the short vowels (`VowellessReading`).

Bulgarian and Ukrainian parents write "bie me" as often as "бие ме", and the rules, written
in Cyrillic, missed a far larger share of Latin messages than of Cyrillic ones (of the
released danger messages on 2026-12-07: Bulgarian 19% against 6%, Ukrainian 14% against
7%). A rules file's `latin_letters` says what each Latin letter may stand for; a word is
read back where a reading begins with a word of the rules (`LatinReading`), and the rules
run on the message both as written and as read."""

from __future__ import annotations

import pytest

from faq.library import FaqLibrary
from faq.safeguarding import LatinReading, RulesFileError, Safeguarding, VowellessReading

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


# Arabic as typed in Latin letters (Arabizi): the script leaves out the short vowels the Latin
# spelling writes, so a letter may read as nothing ("-"), and the reading is guided by the
# rules' words (`VowellessReading`).
ARABIZI = {
    "a": ["-", "ا"],
    "aa": "ا",
    "e": ["-", "ي"],
    "i": ["-", "ي"],
    "o": ["-", "و"],
    "u": ["-", "و"],
    "b": "ب",
    "d": ["د", "ض"],
    "f": "ف",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "r": "ر",
    "s": ["س", "ص"],
    "t": ["ت", "ط"],
    "w": "و",
    "y": "ي",
    "z": "ز",
    "j": "ج",
    "3": "ع",
    "7": "ح",
}
ARABIZI_RULES = {
    "negation": ["ما", "ma"],
    "prefix": "[وف]?(?:بال|لل|ال|[بلك])?",
    "child_not_breathing": [
        {"match": "{neg} عم (يتنفس|تتنفس)", "unless_next": "(منيح|مليح)"},
    ],
    "violence": ["زوج* .. (بيضربني|ضربني)"],
    "latin_letters": ARABIZI,
    "latin_word_start": {"a": "ا", "i": ["ا", "اي"]},
    "latin_word_end": {"i": "ي", "a": ["ا", "ه"]},
    "latin_clitics": {"w": "و", "wel": "وال"},
}


def test_arabizi_is_read_back_with_its_short_vowels_left_out() -> None:
    reading = VowellessReading(
        "ar",
        ARABIZI,
        ["يتنفس", "تتنفس", "عم", "بس", "باص", "زوجي", "بنتي", "ولد"],
        ["ضرب", "زوج"],
        {"a": "ا", "i": ["ا", "اي"]},
        {"i": "ي"},
        {"w": "و", "wel": "وال"},
    )
    # short vowels read as nothing, a doubled letter once ("ff")
    assert reading.word("tetnaffas") == "تتنفس"
    assert reading.read("ma 3am yetnaffas") == "ma عم يتنفس"
    # a word's last "i" is a letter ("binti" my daughter, "zawji" my husband)
    assert reading.word("binti") == "بنتي"
    assert reading.word("zawji") == "زوجي"
    # each letter read otherwise than usual costs one: "bas" is بس (but), not باص (a bus)
    assert reading.word("bas") == "بس"
    # a clitic in front, as the rules' prefix allows it in Arabic letters
    assert reading.word("welwalad") == "والولد"
    assert reading.word("w3am") == "وعم"
    # a word no reading of which the rules know stays as written
    assert reading.read("haha hello 112") == "haha hello 112"
    assert reading.read("ما عم يتنفس") == "ما عم يتنفس"


def test_the_arabic_rules_fire_on_arabizi_and_keep_their_exceptions() -> None:
    with_letters = Safeguarding({"ar": ARABIZI_RULES})
    without = Safeguarding(
        {"ar": {k: v for k, v in ARABIZI_RULES.items() if not k.startswith("latin")}}
    )
    assert with_letters.signals("ibni ma 3am yetnaffas") == {"child_not_breathing"}
    assert without.signals("ibni ma 3am yetnaffas") == set()
    assert with_letters.signals("zawji bidrobni") == {"violence"}
    # the exception's word is read back too: "breathing fine"
    assert with_letters.signals("ma 3am yetnaffas mni7") == set()
    assert ("ar (read from Latin letters)", "violence: زوج* .. (بيضربني|ضربني)") in (
        with_letters.explain("zawji bidrobni")
    )


def test_a_vowelless_table_without_a_reading_is_refused() -> None:
    with pytest.raises(RulesFileError, match="latin_word_end"):
        Safeguarding({"ar": {**ARABIZI_RULES, "latin_word_end": {"i": []}}})


def test_another_languages_common_words_do_not_count_toward_the_half() -> None:
    """A Danish message whose small words read as Arabic ones ("min", "kan") is not read
    back: only the Danish common words would have made the half. A word the language names
    as its own too ("ma", not) still counts, and a digit spelling a letter (Arabizi's own
    mark) makes every word read count."""
    rules = {
        **ARABIZI_RULES,
        "violence": ["زوج* .. (بيضربني|ضربني)", "من .. ضرب"],
        "latin_common_elsewhere": ["da"],
        "latin_shared_words": ["ma"],
    }
    guarded = Safeguarding({"ar": rules})
    unguarded = Safeguarding(
        {"ar": {k: v for k, v in rules.items() if not k.startswith("latin_common")}}
    )
    danish = "min søster kan ikke finde den"
    assert unguarded.signals("min ven darab") == {"violence"}
    assert guarded.signals("min ven darab") == set()  # "min" is Danish, "ven" unread
    assert guarded.signals(danish) == unguarded.signals(danish) == set()
    # Arabizi's own words still count, and so does a shared word the language names
    assert guarded.signals("ibni ma 3am yetnaffas") == {"child_not_breathing"}
    assert guarded.signals("ma 3am yetnaffas") == {"child_not_breathing"}


def test_a_danish_question_about_a_battery_box_is_not_read_as_persian(
    library: FaqLibrary,
) -> None:
    """Found in the shipped rules (2026-12-08): "man" and "batteri" read as Persian words
    made a child rule fire on a Danish question about childproofing fairy lights."""
    for message in (
        "hvordan låser man batteriboksen på lyskæden?",
        "hvordan låser man batterirummet på lyskæden så den lille ikke kan åbne det?",
    ):
        assert library.safeguarding.signals(message) == set(), message
    # Finglish and Arabizi danger messages are still read back
    assert library.safeguarding.signals("bache nafas nemikeshe") == {"child_not_breathing"}
    assert library.safeguarding.signals("ibni ma 3am yetnaffas") == {"child_not_breathing"}


def test_an_unknown_language_of_common_words_is_refused() -> None:
    with pytest.raises(RulesFileError, match="latin_common_elsewhere 'dk'"):
        Safeguarding({"ar": {**ARABIZI_RULES, "latin_common_elsewhere": ["dk"]}})
