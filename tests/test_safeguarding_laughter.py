"""A laughing emoji is read as the word "haha", by the messages and by the rules.

Words alone reach the rules, so an emoji used to vanish: "he'll kill me 😂" and "kill me
now, 45 min queue 🤣" reached them as a threat with the joke gone, and the rules written
with `unless_with: "(haha|😂)"` could never see the emoji they named. Read as "haha", the
laughter reaches every rule that already knew a typed laugh. Measured over every released
message and written example with a laughing emoji (1,802 of them, 2026-12-06): 49 harmless
messages lost a false alarm (children playing doctor, "couldn't breathe from laughing 😂",
a husband's threat over a pair of shoes 😂😂), no danger message lost its alarm. A nervous
or sweating smile (😅) is not laughter and stays out: it also closes messages that are not
jokes."""

from __future__ import annotations

import pytest

from faq.library import FaqLibrary
from faq.safeguarding import _LETTERS, _MESSAGE_LETTERS, LAUGHTER, normalise, normalise_rule

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

LAUGHING = ("😂", "🤣", "😆", "😹")


@pytest.mark.parametrize("face", LAUGHING)
def test_a_laughing_face_is_the_word_haha_in_a_message_and_in_a_rule(face: str) -> None:
    assert normalise(f"he will kill me{face}{face}") == f"he will kill me {LAUGHTER} {LAUGHTER}"
    assert normalise_rule(f"(lol|{face})") == f"(lol|{LAUGHTER})"


def test_other_faces_are_still_dropped() -> None:
    assert normalise("he will kill me 😅🙈🚑") == "he will kill me"


def test_a_message_is_folded_in_one_pass_as_letters_then_laughter_were() -> None:
    """A message's letters and laughter share one table (one pass over it, not two): it
    must read every letter the letters' table knows, and every laughing face, as the two
    tables did one after the other."""
    laughs = {ord(face): f" {LAUGHTER} " for face in LAUGHING}
    assert not set(laughs) & set(_LETTERS)
    text = "".join(chr(code) for code in _LETTERS) + "".join(LAUGHING) + "Æblegrød ۳۸ 😅"
    assert text.translate(_MESSAGE_LETTERS) == text.translate(_LETTERS).translate(laughs)


@pytest.mark.parametrize(
    "text",
    [
        "my mum will kill me if she finds out 😂",
        "he will kill me 🤣 I bought another pram",
        "my baby literally couldn't breathe from laughing when his big sister tickled him 😂",
        "شوہر کہتے ہیں ایک اور جوتا خریدا تو جان سے مار دوں گا 😂😂 سیل لگی ہوئی ہے",
    ],
)
def test_a_joke_with_a_laughing_face_gets_no_alarm(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text) == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "he will kill me",  # the same threat without the laugh
        "he will kill me 😅",  # a nervous smile is not a joke
        "he hit me again 😂",  # a blow is not lifted by a laugh: no rule excuses it
        "han slår mig 😂 hjælp",
    ],
)
def test_a_threat_or_a_blow_keeps_its_alarm(library: FaqLibrary, text: str) -> None:
    assert "violence" in library.safeguarding.signals(text)
