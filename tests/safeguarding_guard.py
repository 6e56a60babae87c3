"""What the safeguarding guards share: a rule's excusing words (an all-clear, an exception),
said in a sentence of their own before or after an emergency happening now, must leave the
emergency its alarm.

Rounds of rules kept silencing emergencies through such words ("it ended well. my baby has a
seizure now", "he hit me with a snowball lol. no really he punched me, my nose is broken"), and
a review found each in minutes. The guards say every such word beside emergencies, as the first
harmless message that says it writes it (the words a rule was written for), and list what goes
silent (tests/test_safeguarding_all_clear_scope.py, tests/test_safeguarding_exception_scope.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

import yaml

from faq.danger_training import DANGER_SETS, example_files
from faq.library import CONTENT_DIR
from faq.safeguarding import Safeguarding, normalise
from i18n import supported_codes

TESTS = Path(__file__).resolve().parent


@cache
def released_rows() -> tuple[dict[str, str], ...]:
    """Every row of the released sets and the written examples (never a held-out set)."""
    return tuple(
        row
        for path in (*DANGER_SETS, *example_files())
        for row in yaml.safe_load(path.read_text(encoding="utf-8"))
    )


@cache
def probe_rows() -> tuple[dict[str, str], ...]:
    """Every harmless probe of the rounds of rules (kind B, or no `expect`)."""
    rows = []
    for path in sorted(TESTS.glob("safeguarding_probes*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if row.get("kind", "B" if not row.get("expect") else "A") == "B":
                rows.append(row)
    return tuple(rows)


@cache
def harmless_texts() -> tuple[tuple[str, str], ...]:
    """(language, normalised text) of every harmless message a rule may have been written for:
    the released sets' harmless messages, the first message of their danger pairs, and the
    probes' harmless messages, in that order (the first that says a rule's words is used)."""
    rows = released_rows()
    found = [
        (row["lang"], normalise(text))
        for row in rows
        for text in (row["text"], row.get("earlier"))
        if text and not row.get("expect")
    ]
    found += [
        (row["lang"], normalise(row["earlier"]))
        for row in rows
        if row.get("expect") and row.get("earlier")
    ]
    found += [
        (row["lang"], normalise(text))
        for row in probe_rows()
        for text in (row["text"], row.get("earlier"))
        if text
    ]
    return tuple(found)


@cache
def now_words() -> dict[str, re.Pattern[str]]:
    """Each language's "now" words (`words: now` in its rules file)."""
    now = {}
    for code in supported_codes():
        content = yaml.safe_load(
            (CONTENT_DIR / code / "safeguarding.yaml").read_text(encoding="utf-8")
        )
        words = "|".join(re.escape(normalise(word)) for word in content["words"]["now"])
        now[code] = re.compile(rf"(?<!\w)(?:{words})(?!\w)")
    return now


def first_said(
    find: re.Pattern[str] | Callable[[str], str | None], language: str | None = None
) -> str | None:
    """The words as the first harmless message (of `language`, or any) that says them writes
    them: a pattern's match, or what `find` returns for a normalised text (None: not there)."""
    if isinstance(find, re.Pattern):
        pattern = find
        find = lambda text: (found := pattern.search(text)) and found.group(0)  # noqa: E731
    for code, text in harmless_texts():
        if language is None or code == language:
            said = find(text)
            if said:
                return said
    return None


def beside(said: str, emergency: str) -> Iterator[str]:
    """The words in a sentence of their own, before and after the emergency."""
    yield f"{said}. {emergency}"
    yield f"{emergency}. {said}"


def silenced(
    safeguarding: Safeguarding, said: str, emergencies: Iterable[str], signal: str | None = None
) -> Iterator[str]:
    """Each emergency that, with the words said beside it, loses its alarm (any alarm, or
    `signal`'s)."""
    for emergency in emergencies:
        for message in beside(said, emergency):
            found = safeguarding.signals(message)
            if not found if signal is None else signal not in found:
                yield emergency
                break
