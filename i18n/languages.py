"""Which languages the bot speaks, discovered from the content folders."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, negotiate_locale

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
FALLBACK = "da"  # the groups meet in Denmark: Danish is what every staff member reads


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str  # the language's name in its own script, e.g. "العربية"
    rtl: bool


@cache
def languages() -> tuple[Language, ...]:
    """The supported languages, Danish and English first, then by code."""
    found = sorted(p.parent.parent.name for p in CONTENT_DIR.glob("*/LC_MESSAGES/messages.po"))
    order = sorted(found, key=lambda c: (c != "da", c != "en", c))
    result = []
    for code in order:
        locale = Locale.parse(code)
        name = locale.get_display_name(code) or code
        result.append(Language(code, name[:1].upper() + name[1:], locale.text_direction == "rtl"))
    return tuple(result)


def supported_codes() -> tuple[str, ...]:
    return tuple(language.code for language in languages())


def language(code: str) -> Language:
    for candidate in languages():
        if candidate.code == code:
            return candidate
    raise KeyError(code)


def best_language(reported: str | None) -> str | None:
    """The supported language closest to what Telegram reports (e.g. 'en-US'), if any."""
    if not reported:
        return None
    normalized = reported.replace("-", "_")
    return negotiate_locale([normalized, normalized.split("_")[0]], list(supported_codes()))
