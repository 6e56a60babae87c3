"""All-clears lift only their own language's rules, unless marked `pooled`.

Pooled over the languages, a word harmless in one language lifted a danger sign in
another: the Danish all-clear "ben" (legs) lifted Turkish messages where "ben" is "I"
("sevgilim ben isteyken oglumu kemerle dovuyor", my boyfriend beats my son with a belt
while I am at work), the Urdu "normal" lifted a Turkish baby whose face went blue "now".
Scoped to their language, such messages keep their alarm. The all-clears a neighbour's rule
needs are marked `pooled`: a report or "last year" in a script only one language writes
("پارسال"), "haha", a film: the harmless messages they lift stay quiet. Measured over the
training data: 8 danger messages gained the alarm, none lost it, 3 harmless ones gained it
(two films where "the man" or "her husband" threatens, a Turkish mother ready to slap a
choking child's back).

Three all-clears that lifted danger on their own language were narrowed on the way:
English "ever" ("fitting, first time ever"), Somali "barto" ("so he learns", said by a
relative who burnt the child) and Urdu "can we ... ?" ("can we wait until morning?" after rat
poison, "now")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from faq.danger_training import all_examples
from faq.library import FaqLibrary
from faq.safeguarding import SIGNALS, Safeguarding, normalise
from i18n import supported_codes
from tests.safeguarding_guard import first_said, now_words, released_rows, silenced

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

DANGER = [
    "sevgilim ben isteyken oglumu kemerle dovuyor, sirtinda izler var",
    "kayınpederim ben Danca kursundayken oğlumu terlikle dövüyor, bacaklarında kırmızı izler var",
    "kizim dedi ki uvey babasi ben isteyken ozel yerlerine dokunuyormus",
    "2 aylik bebegin nefesi uzun sure durur mu normal mi? yuzu morardi biraz simdi",
    "Fitting again for 6 minutes wont stop, first time ever",
    'habaryartay ayaa gacanta ilmaha ku gubtay malqaacad kulul "si uu wax u barto", tani waa '
    "markii labaad",
    "بیٹی نے سٹور میں پڑی چوہے مار دوا کھا لی ہے، ابھی ٹھیک لگ رہی ہے۔ کیا صبح ڈاکٹر تک انتظار کر "
    "سکتے ہیں؟",
]
# Lifted by an all-clear of the message's language that a neighbour's rule matched: the
# reason these all-clears are pooled.
HARMLESS = [
    "پارسال تشنج تب داشت دوباره ممکنه بشه؟",
    "جاتها تشنجات حرارة السنة الماضية والدكتور قال بتروح، كيف استعد اذا صارت مرة تانية؟",
    "شفت بالاخبار انه طفل غرق، كيف بحمي ولادي عالبحر",
    "Въпрос предварително: какъв е номерът за отравяния в Дания? Искам да го запиша",
    "filmen i går om vold i hjemmet var hård at se",
    "bushimahiisu buluug maaha, blåbær ayuu cunay 😂 marka hore waan baqay",
]


@pytest.mark.parametrize("text", DANGER)
def test_danger_beside_another_languages_all_clear_keeps_its_alarm(
    library: FaqLibrary, text: str
) -> None:
    assert library.safeguarding.signals(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_a_pooled_all_clear_still_lifts_a_neighbours_rule(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text) == set()


# An emergency now, in Danish and in English, per signal an all-clear can lift.
EMERGENCIES_NOW = {
    "child_not_breathing": [
        "min søn trækker ikke vejret lige nu",
        "my son is not breathing right now",
    ],
    "child_emergency": [
        "min datter har kramper lige nu og reagerer ikke",
        "my daughter is having a seizure right now and is not responding",
    ],
    "violence": [
        "min mand slår mig lige nu, han har en kniv",
        "my husband is hitting me right now, he has a knife",
    ],
    "self_harm": [
        "jeg vil ikke leve mere, jeg har taget alle pillerne nu",
        "i dont want to live anymore, i took all the pills now",
    ],
}
# Measured 2026-12-03: the pooled all-clears whose words, said before or after one of the
# emergencies above, leave the message without any alarm (language, signal, the words as
# a harmless training message says them). Their `unless` names danger words of their own
# language only. Kept by every language's "now" instead, all of them hold, but the
# training data's harmless messages gained 25 false alarms (8 with the other languages'
# "now" only: "today", "still" and the "now" that Arabic, Persian and Urdu share are in
# those lists) and no danger message gained the alarm, so it is not done. A new pooled
# all-clear may not add to this list.
POOLED_GAPS = {
    ("ar", "child_emergency", "شفت بالاخبار"),
    ("ar", "child_emergency", "عايزه اعرف قبل"),
    ("ar", "child_not_breathing", "شفت بالاخبار"),
    ("ar", "child_not_breathing", "عايزه اعرف قبل"),
    ("da", "child_not_breathing", "haha"),
    ("fa", "child_emergency", "خواب ديدم"),
    ("fa", "child_emergency", "دوستم گفت"),
    ("fa", "child_not_breathing", "خواب ديدم"),
    ("fa", "child_not_breathing", "دوستم گفت"),
    ("fa", "violence", "ساله كه خوبم"),
    ("ur", "child_emergency", "saal pehle"),
    ("ur", "child_not_breathing", "saal pehle"),
    ("ur", "violence", "دو سال پهلي"),
}


def test_an_emergency_now_beside_a_pooled_all_clear_keeps_its_alarm(library: FaqLibrary) -> None:
    """A pooled all-clear lifts every language's rules. Each one's words, as the first
    harmless training message that says them, before or after an emergency now in Danish
    and English: the message must keep an alarm. The known gaps are listed above, so the
    list can only shrink."""
    safeguarding = library.safeguarding
    # Its own list of harmless examples, not `first_said`: the pinned gaps above are keyed by
    # the words found this way, so changing the search would rename them, not close them.
    harmless = [normalise(example.text) for example in all_examples() if not example.danger]
    gaps: set[tuple[str, str, str]] = set()
    tried = 0
    for language in safeguarding._languages:
        for _place, signal, phrase, _written, _unless, pooled in language.placed:
            if not pooled:
                continue
            pattern = re.compile(r"(?<!\w)" + phrase + r"(?!\w)")
            said = next((found for text in harmless if (found := pattern.search(text))), None)
            assert said is not None, (language.code, phrase)  # each was written for a message
            tried += 2 * len(EMERGENCIES_NOW[signal])
            if any(silenced(safeguarding, said.group(0), EMERGENCIES_NOW[signal])):
                gaps.add((language.code, signal, said.group(0)))
    assert tried >= 250
    assert gaps == POOLED_GAPS


# Every language's own all-clears that lift a signal wherever they stand in the message
# (`anywhere`) or on either side of it (`around`), guarded like the pooled ones above but in
# their own language: three rounds running (r39-r41), writers' all-clears silenced emergencies
# ("now home and ok, but the toddler drank bleach", "asking just in case ... he fell down the
# stairs and isn't crying") that a review then found in minutes. Each all-clear's words, as the
# first harmless message (a released set, a written example or a probe file) that says them,
# before and after the language's shortest emergencies happening now: a released danger
# message, said alone, with the language's "now" word, that the rules alarm on with that signal
# alone (three per language and signal).
ALL_CLEAR_GAPS = Path(__file__).parent / "safeguarding_all_clear_gaps.yaml"
GUARDED_PLACES = ("anywhere", "around")
EMERGENCIES_PER_SIGNAL = 3


def emergencies_now(safeguarding: Safeguarding) -> dict[tuple[str, str], list[str]]:
    """Per (language, signal), the shortest released single danger messages of four words or
    more with the language's "now" word that the rules alarm on with that signal alone: how
    the guard's emergencies were picked (they are kept in the gaps file, so a new rule that
    changes what a message fires does not change what the guard tries)."""
    now = now_words()
    chosen: dict[tuple[str, str], list[str]] = {}
    singles = sorted(
        {
            (len(row["text"].split()), row["text"], row["lang"], row["expect"])
            for row in released_rows()
            if row.get("expect") and not row.get("earlier") and row["expect"] in SIGNALS
        }
    )
    for length, text, code, signal in singles:
        found = chosen.setdefault((code, signal), [])
        if (
            len(found) < EMERGENCIES_PER_SIGNAL
            and length >= 4
            and now[code].search(normalise(text))
            and safeguarding.signals(text) == {signal}
        ):
            found.append(text)
    return chosen


def all_clear_gaps(
    safeguarding: Safeguarding, emergencies: dict[tuple[str, str], list[str]]
) -> tuple[set[tuple[str, str, str, str]], int]:
    """(language, signal, the all-clear's words as a harmless message says them, the emergency)
    for each emergency now that loses every alarm beside one of its language's own `anywhere`
    or `around` all-clears; and how many such all-clears no harmless message says."""
    gaps: set[tuple[str, str, str, str]] = set()
    unsaid = 0
    for language in safeguarding._languages:
        for place, signal, phrase, _written, _unless, pooled in language.placed:
            if pooled or place not in GUARDED_PLACES:
                continue
            pattern = re.compile(r"(?<!\w)" + phrase + r"(?!\w)")
            said = first_said(pattern)
            if said is None:
                unsaid += 1
                continue
            for emergency in silenced(
                safeguarding, said, emergencies.get((language.code, signal), ())
            ):
                gaps.add((language.code, signal, said, emergency))
    return gaps, unsaid


def known_all_clear_gaps() -> tuple[dict[tuple[str, str], list[str]], set[tuple[str, ...]]]:
    data = yaml.safe_load(ALL_CLEAR_GAPS.read_text(encoding="utf-8"))
    emergencies = {
        (code, signal): texts
        for code, by_signal in data["emergencies"].items()
        for signal, texts in by_signal.items()
    }
    gaps = {(row["lang"], row["signal"], row["said"], row["emergency"]) for row in data["gaps"]}
    return emergencies, gaps


UNSAID_ALL_CLEARS = 2  # measured 2026-12-06: written for a message no file keeps


def test_an_emergency_now_beside_an_all_clear_of_its_language_keeps_its_alarm(
    library: FaqLibrary,
) -> None:
    """The known gaps are listed in `safeguarding_all_clear_gaps.yaml` (measured when the guard
    was written, 2026-12-06, and after each round): the list may only shrink. A new all-clear,
    or an old one said in new words, must leave every emergency now its alarm; and each
    emergency the guard tries still alarms alone, with its signal."""
    safeguarding = library.safeguarding
    emergencies, known = known_all_clear_gaps()
    assert len(emergencies) == len(supported_codes()) * len(SIGNALS)
    for (code, signal), texts in emergencies.items():
        assert len(texts) == EMERGENCIES_PER_SIGNAL, (code, signal)
        for text in texts:
            assert signal in safeguarding.signals(text), (code, text)
    gaps, unsaid = all_clear_gaps(safeguarding, emergencies)
    assert gaps, "the guard found nothing to try: the emergencies or all-clears are gone"
    new = sorted(gaps - known)
    assert not new, "\n".join(" | ".join(gap) for gap in new[:20])
    assert unsaid <= UNSAID_ALL_CLEARS
