"""Loads the texts under `content/`: languages, gettext catalogs, templates.

The language list is data: every folder `content/<code>/` holding
`LC_MESSAGES/messages.po` is a supported language. Adding one is adding a
folder; nothing in Python names a language except the fallback.
"""

from i18n.languages import FALLBACK, Language, best_language, languages, supported_codes
from i18n.texts import N_, Texts, texts_for

__all__ = [
    "FALLBACK",
    "N_",
    "Language",
    "Texts",
    "best_language",
    "languages",
    "supported_codes",
    "texts_for",
]
