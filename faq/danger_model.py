"""A learned second opinion on danger: a calm 112 line where the rules stay silent.

The rules (`faq.safeguarding`) put 112 first when they fire, and they fire on what
they were written for: on five blind sets they missed a quarter to a third of new
danger messages ("the children are better off with my sister", said a new way).
A miss there is the worst thing the bot can do; a rule written for each new way
raises false alarms elsewhere. So a second, different kind of reader looks at every
message the rules leave alone: a linear model over the message's letter sequences
(2 to 5 letters within each word, so word forms, misspellings and scripts mixed in a
message all count), its words and its pairs of neighbouring words (so "not breathing"
is more than "not" and "breathing"), and the letter sequences across two neighbouring
words (so "not breathe" shares "ot bre" with it), trained on every released danger set
and the parents' everyday questions (`faq.danger_training`; each feature scaled by how far
it leans to danger there, `faq.danger_training.leaning`). Where it is worried, the
parent's normal answer comes with one calm line above it: if someone is in danger right
now, call 112. A line that was not needed costs a harmless question one sentence; a line
that was needed may be the one that counts. Where it is sure (`DangerModel.sure`, a much higher
threshold, chosen on the folds so that it falls on at most one harmless near-miss in a
hundred), the parent gets the alarm itself, 112 first, as when a rule fires, with the
FAQ's answer one tap below: the signal `SURE`, danger of a kind the model does not name.

Which help line fits, the rules know from the words they matched; the calm line has no
such words. So a second model of the same kind reads only what the first is worried
about and answers one question: is it violence against the parent? Where it is sure,
Lev Uden Vold (1888) comes under the 112 line, as after the rules' violence alarm (only a
line checked on the service's own page, `content/helplines.yaml`). It learns from every
message, harmless ones too, since many a message the first model is worried by is
harmless; the other kinds of danger have no checked line of their own beside 112.

The model is data, like the rules: `content/danger_model.json` holds the weights,
the threshold and a fingerprint of the sets it was trained on (a test fails when a
set changes and the model was not trained again). Reading it needs no library: the
score is a sum of weights, and the bot does not load scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from faq.safeguarding import normalise

SHORTEST, LONGEST = 2, 5  # letter sequences per word, its edges marked by a space
BRIDGES = (4, 5, 6)  # letter sequences across the space between two neighbouring words
REACH = 4  # a bridge sees at most this many letters of each word beside the space
WORD, PAIR = "w:", "p:"  # a whole word, two neighbouring words: features beside the sequences
MIN_WORDS = 3  # shorter messages are left to the rules (see `DangerModel.judged`)
SURE = "danger"  # the alarm's signal where the model, not a rule, raised it
_WORDS_REMEMBERED = 50_000  # a word's score is worked out once; parents use the same words


def grams(word: str) -> list[str]:
    """Every letter sequence of 2-5 letters in a word, its start and end marked (" hit",
    "me "), so that a word start counts as one: it is what carries the meaning in most of
    the ten languages. Within a word only, so "hit me" and "white meat" share nothing."""
    padded = f" {word} "
    return [
        padded[i : i + size]
        for size in range(SHORTEST, LONGEST + 1)
        for i in range(len(padded) - size + 1)
    ]


def bridges(first: str, second: str) -> list[str]:
    """The letter sequences of 4-6 that cross from one word into the next, the space
    inside them ("ot b", "not br" in "not breathing", "ot bre" in "not breathe"): a pair of
    words (`pair`) is one feature only when both are spelt as learnt, and a negation or a
    person beside a danger word is said in many word forms. On ten group folds (sets 1-37,
    the written examples, the everyday questions; 2026-12-05; `faq.danger_training --folds
    --groups 10`), at the same number of near-misses alarmed, of the 16,756 the rules leave
    alone, the model reaches more of the 3,264 danger messages the rules miss: at 131,
    1,477 where the model without them reaches 1,366; at 167, 1,610 against 1,486
    (`faq.danger_training` says which threshold the alarm's rule picks with them)."""
    joined = f"{first[-REACH:]} {second[:REACH]}"
    space = min(len(first), REACH)
    return [
        joined[i : i + size]
        for size in BRIDGES
        for i in range(max(0, space - size + 2), min(space, len(joined) - size + 1))
    ]


def features(text: str) -> list[str]:
    """What the model reads in the normalised text: every word's letter sequences, the word
    itself, each pair of neighbouring words and the letter sequences across them (a word
    used twice counts twice). On the leave-one-set-out folds the words and pairs left 4 %
    fewer danger messages unseen and put the line on 3 % fewer near-misses and 7 % fewer
    everyday questions than the letter sequences alone; `bridges` says what they add."""
    return word_features(normalise(text).split())


def word_features(words: list[str]) -> list[str]:
    found = [gram for word in words for gram in grams(word)]
    found += [WORD + word for word in words]
    for first, second in pairwise(words):
        found.append(pair(first, second))
        found += bridges(first, second)
    return found


def pair(first: str, second: str) -> str:
    return f"{PAIR}{first} {second}"


def scale(count: int) -> float:
    """Each sequence's value: one over the square root of how many the message has, so a
    long message is not more alarming for its length alone."""
    return 1.0 / math.sqrt(count) if count else 0.0


@dataclass(frozen=True)
class DangerModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # probability from which the calm line is shown
    trained_on: dict[str, str]  # set file name -> sha256 of its text
    # Violence against the parent, or another kind of danger: read only where the calm line
    # or the model's own alarm is shown, sure from its own threshold (`trained_on` empty).
    violence: DangerModel | None = None
    # Probability from which the model raises the alarm itself (`sure`); None: never.
    alarm: float | None = None
    _words: dict[str, tuple[float, int]] = field(default_factory=dict, compare=False, repr=False)

    def probability(self, text: str) -> float:
        return self._probability(normalise(text).split())

    def judged(self, text: str) -> float:
        """The probability the decisions use: 0 for a message of one or two words, which is
        left to the rules: letter sequences that few cannot be judged ("hej", "hey" score
        like the greeting that opens many a danger message the model learned from), and the
        rules catch every danger message of that length in the released sets and examples
        (25 of 17,354 messages; a test holds them to it)."""
        words = normalise(text).split()
        return self._probability(words) if len(words) >= MIN_WORDS else 0.0

    def worried(self, text: str) -> bool:
        """Whether the model is worried: the calm line where it is not also `sure` and no rule
        fired (`FaqLibrary.verdict` decides), the alarm where it is sure."""
        return self.is_worried(self.judged(text))

    def sure(self, text: str) -> bool:
        """Whether the model is sure: where the rules are silent, it raises the alarm itself
        (112 first, not a line above an answer), unless a rule says the hurt is her own or a
        small child's play (`FaqLibrary.verdict` lowers it to the calm line then)."""
        return self.is_sure(self.judged(text))

    def is_worried(self, judged: float) -> bool:
        return judged > 0 and judged >= self.threshold

    def is_sure(self, judged: float) -> bool:
        return self.alarm is not None and judged > 0 and judged >= self.alarm

    def help_signals(self, text: str) -> set[str]:
        """The signals whose help lines come under the calm line or the model's own alarm
        (`Helplines.for_signals`): "violence" where the violence model is sure, else none
        (112 alone)."""
        if self.violence is None:
            return set()
        return {"violence"} if self.violence.worried(text) else set()

    def _probability(self, words: list[str]) -> float:
        """The same sum `word_features` gives, worked out word by word (a word's sequences
        and the word itself are remembered) plus each pair of neighbours."""
        total, count = 0.0, 0
        for word in words:
            weight, size = self._word(word)
            total += weight
            count += size
        for first, second in pairwise(words):
            total += self.weights.get(pair(first, second), 0.0)
            crossing = bridges(first, second)
            total += sum(self.weights.get(gram, 0.0) for gram in crossing)
            count += 1 + len(crossing)
        if not count:
            return 0.0
        z = self.bias + total * scale(count)
        return 1.0 / (1.0 + math.exp(-z))

    def _word(self, word: str) -> tuple[float, int]:
        """A word's summed weights and number of features: the same for every message."""
        known = self._words.get(word)
        if known is None:
            found = grams(word)
            weight = sum(self.weights.get(gram, 0.0) for gram in found)
            known = (weight + self.weights.get(WORD + word, 0.0), len(found) + 1)
            if len(self._words) < _WORDS_REMEMBERED:
                self._words[word] = known
        return known


def load_model(path: Path) -> DangerModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return _model(data, data.get("trained_on", {}))


def _model(data: dict[str, Any], trained_on: dict[str, str]) -> DangerModel:
    violence = data.get("violence")
    return DangerModel(
        weights={str(k): float(v) for k, v in data["weights"].items()},
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        trained_on={str(k): str(v) for k, v in trained_on.items()},
        violence=_model(violence, {}) if violence else None,
        alarm=float(data["alarm"]) if data.get("alarm") is not None else None,
    )
