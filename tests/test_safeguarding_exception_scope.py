"""A rule's exceptions, said in a sentence of their own beside an emergency, keep its alarm.

A rule may name words that say its danger words mean something else: anywhere in the message
(`unless_with`: "a snowball", "the CO detector", a film), right after its words (`unless_next`,
`unless_before`) or right before them (`unless_after`, `unless_right_after`). The review of
round r42 found whole-message exceptions silencing emergencies in four of five language pairs
("he hit me with a snowball lol. no really he punched me, my nose is broken", "fell through the
ice on the lake, not just a puddle, he hasn't come up"), as the all-clears had silenced them
three rounds before (tests/test_safeguarding_all_clear_scope.py). This guard does for
exceptions what that one does for all-clears: each rule's exception, in the words the first
harmless message of its language that the exception excuses says, before and after the
released emergencies happening now that this rule alone catches for its signal (a single
danger message of four words or more with the language's "now", the three shortest): the
message must keep the rule's signal.

Its known gaps are listed in `safeguarding_exception_gaps.yaml` (measured when the guard was
written, 2026-12-06, and after each round); a new exception, or an old one that comes to catch
a new emergency, may add none."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from faq.library import FaqLibrary
from faq.safeguarding import SIGNALS, Safeguarding, _Rule, read_message
from tests.safeguarding_guard import first_said, now_words, released_rows, silenced

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

EXCEPTION_GAPS = Path(__file__).parent / "safeguarding_exception_gaps.yaml"
EMERGENCIES_PER_RULE = 3
KINDS = ("with", "next", "before")  # anywhere; right after its words; right before them


class Gap(NamedTuple):
    lang: str
    signal: str
    kind: str
    said: str
    emergency: str


def _exception_words(rule: _Rule, kind: str, text: str) -> str | None:
    """The exception's words in a harmless text where they excuse the rule: its danger words
    are there, and the exception where it counts (`with` anywhere in the message, `next` right
    after the danger words, `before` right before them). A text without the rule's own words
    is not looked at: the guard tries words a parent did say beside this rule."""
    for match in rule.pattern.finditer(text):
        head, tail = text[: match.start()], text[match.end() :]
        if kind == "with" and rule.unless_with and (found := rule.unless_with.search(text)):
            return found.group(0)
        if kind == "next" and rule.unless_before and (found := rule.unless_before.match(tail)):
            return found.group(0).strip()
        if kind == "before" and rule.unless_after and (found := rule.unless_after.search(head)):
            return found.group(0).strip()
    return None


def caught_alone(safeguarding: Safeguarding) -> dict[int, tuple[str, _Rule, list[str]]]:
    """Per rule with an exception, the released emergencies now that it alone catches for its
    signal (its language's; the shortest first, at most three)."""
    now = now_words()
    singles = sorted(
        {
            (len(row["text"].split()), row["text"], row["lang"], row["expect"])
            for row in released_rows()
            if row.get("expect") in SIGNALS and not row.get("earlier")
        }
    )
    found: dict[int, tuple[str, _Rule, list[str]]] = {}
    for length, text, code, signal in singles:
        normal, clauses = read_message(text)
        if length < 4 or not now[code].search(normal):
            continue
        if safeguarding.signals(text) != {signal}:
            continue
        fired = [
            (language.code, rule)
            for language in safeguarding._languages
            for rule in language.fired(
                normal, all_rules=True, placed=safeguarding._placed[language.code], clauses=clauses
            )
            if rule.signal == signal
        ]
        if len(fired) != 1 or fired[0][0] != code:
            continue
        rule = fired[0][1]
        if rule.unless_with or rule.unless_before or rule.unless_after:
            texts = found.setdefault(id(rule), (code, rule, []))[2]
            if len(texts) < EMERGENCIES_PER_RULE:
                texts.append(text)
    return found


def exception_gaps(safeguarding: Safeguarding) -> tuple[set[Gap], int]:
    """Each emergency that loses its rule's signal beside one of the rule's exceptions, and
    how many messages were tried."""
    gaps: set[Gap] = set()
    tried = 0
    for code, rule, emergencies in caught_alone(safeguarding).values():
        for kind in KINDS:
            said = first_said(
                lambda text, rule=rule, kind=kind: _exception_words(rule, kind, text), code
            )
            if said is None:
                continue
            tried += 2 * len(emergencies)
            for emergency in silenced(safeguarding, said, emergencies, rule.signal):
                gaps.add(Gap(code, rule.signal, kind, said, emergency))
    return gaps, tried


def known_exception_gaps() -> set[Gap]:
    rows = yaml.safe_load(EXCEPTION_GAPS.read_text(encoding="utf-8"))["gaps"]
    return {Gap(**row) for row in rows}


def test_an_emergency_now_beside_its_rules_exception_keeps_its_alarm(
    library: FaqLibrary,
) -> None:
    """The known gaps may only shrink: a new exception, or an old one said in new words or
    beside a newly caught emergency, must leave every emergency its alarm."""
    gaps, tried = exception_gaps(library.safeguarding)
    assert tried >= 400, "the guard tried too little: the emergencies or exceptions are gone"
    new = sorted(gaps - known_exception_gaps())
    assert not new, "\n".join(" | ".join(gap) for gap in new[:20])
