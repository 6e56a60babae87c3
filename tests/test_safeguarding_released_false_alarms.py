"""False alarms the rules raised on the released evaluation sets, narrowed where they recur
(Danish and English): drowning in laundry or forms, "ungerne slår mig ihjel i dag" (the
children are killing me today), a question asked in advance. The harmless messages raise
no alarm, and danger said with the same words still does: a narrowing that cost a real
emergency its alarm would be worse than the false alarm it took away. The danger messages
below include those of a read-only review that probed the first version of these
narrowings (and of wider ones in eight more languages, withdrawn) for emergencies they let
through: a child drowning while the mother "was in the laundry", "thanks in advance, my baby
is not breathing", "when I am alone with the kids he hits me", a passport taken "to the
embassy". None of the training data's danger messages lost its alarm."""

from __future__ import annotations

import pytest

from faq.library import FaqLibrary

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

HARMLESS = [
    "jeg drukner i vasketøj",
    "jeg drukner i papirer fra kommunen, er der nogen der kan hjælpe mig",
    "Jeg drukner i vasketøj siden tvillingerne kom 😂",
    "ungerne slår mig ihjel i dag haha",
    "Ungerne slår mig ihjel i dag, tre timer i træk med Gurli Gris",
    "hvad gør jeg hvis hun en dag sluger et batteri? vil gerne vide det på forhånd",
    "hvad skal man gøre hvis et barn sluger et knapbatteri? vil gerne vide det før det sker",
    "drowning in forms from the kommune lol",
    "what should you do if a baby stops breathing? want to know before she starts nursery",
    "what do you do if a baby swallows a battery? asking in advance, we just got new toys",
    # "He'll kill me when he sees what I spent" (the twenty-first set's tune half, after
    # its count; the tenth's Polish long before).
    "my husband says he'll kill me if I buy one more baby carrier 😂 I have four",
    "mąż mnie zabije jak zobaczy ile wydałam w Zarze 🙈",
    "чоловік мене вбʼє якщо побачить скільки я витратила в Normal 🙈",
    "мъжът ми ще ме убие като види новата рокля 🙈",
    "min mand slår mig ihjel når han ser hvor meget jeg har brugt i Magasin",
]
DANGER = [
    "min søn drukner i badekarret",
    "lillen faldt i poolen og drukner, jeg var i opvask",
    "lillen er ved at drukne i badekarret, jeg stod i vasketøj og så det ikke",
    "hjælp han drukner i søen!! jeg sad i papirer fra kommunen",
    "han slår mig ihjel hvis jeg går",
    "ungerne så at han slog mig",
    "når jeg er alene med ungerne slår han mig",
    "min mand slog mig, og ungerne slår mig ihjel med deres skrig",
    "tak på forhånd, han har kramper og er helt slap",
    "hvad gør jeg, min søn har slugt et batteri lige nu",
    "my son is drowning in the bath",
    "my toddler fell in the pond and is drowning, I was stuck in admin",
    "he is drowning in the pool while i was in work",
    "drowning!! he fell in the pool, i was doing laundry",
    "thanks in advance, my baby is not breathing",
    "what do i do my baby stopped breathing, asking here because 112 is busy",
    "he took my phone, charger and passport and locked the door",
    "my husband took my passport to the embassy and told them I am leaving Denmark",
    "he said he'll kill me when he sees what I spent, he has a knife",
    "min mand slår mig ihjel når han ser hvor meget jeg har brugt, jeg er bange",
    "he will kill me if i buy one more thing, he hit me last time",
    "mąż mnie zabije jak zobaczy ile wydałam, wczoraj mnie pobił",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_raises_no_alarm(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text) == set()


@pytest.mark.parametrize("text", DANGER)
def test_danger_keeps_its_alarm(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text)
