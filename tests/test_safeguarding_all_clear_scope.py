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

import pytest

from faq.danger_training import all_examples
from faq.library import FaqLibrary
from faq.safeguarding import normalise

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
            for emergency in EMERGENCIES_NOW[signal]:
                for message in (f"{said.group(0)}. {emergency}", f"{emergency}. {said.group(0)}"):
                    tried += 1
                    if not safeguarding.signals(message):
                        gaps.add((language.code, signal, said.group(0)))
    assert tried >= 250
    assert gaps == POOLED_GAPS
