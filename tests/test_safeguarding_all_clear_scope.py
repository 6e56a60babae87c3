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

import pytest

from faq.library import FaqLibrary

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
