"""The Danish words parents meet (afbud, vuggestue, MitID ...), explained in each language.

The Danish word is the key in every language: it is what parents see on
letters and hear at the daycare, so the bot teaches the word rather than
replacing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Word:
    word: str
    meaning: str


def load_glossary(roots: list[Path], languages: tuple[str, ...]) -> dict[str, list[Word]]:
    """Each language's words; a later root (local overrides) replaces a word's meaning."""
    glossary: dict[str, list[Word]] = {}
    for language in languages:
        words: dict[str, Word] = {}
        for root in roots:
            path = root / language / "glossary.yaml"
            if path.is_file():
                for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                    words[str(item["word"])] = Word(str(item["word"]), str(item["meaning"]))
        glossary[language] = list(words.values())
    return glossary


@cache
def _starting_a_word(word: str) -> re.Pattern[str]:
    """The word where a word starts, compiled once: every FAQ answer shown asks this of
    every glossary word."""
    return re.compile(rf"(?<!\w){re.escape(word.casefold())}")


def words_in(text: str, words: list[Word]) -> list[Word]:
    """The glossary words a text uses (whole words, any case), in glossary order."""
    lowered = text.casefold()
    return [w for w in words if _starting_a_word(w.word).search(lowered) is not None]
