"""The FAQ: entries as data per language, ranked search, safeguarding. No Telegram here."""

from faq.entries import THEMES, Entry, FaqContent, load_content
from faq.library import FaqLibrary, load_library
from faq.matching import Answer, Hit

__all__ = [
    "THEMES",
    "Answer",
    "Entry",
    "FaqContent",
    "FaqLibrary",
    "Hit",
    "load_content",
    "load_library",
]
