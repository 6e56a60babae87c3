"""Texts in one language: gettext, plurals, dates and HTML templates.

Messages go to Telegram with HTML parse mode, so every catalog string is
trusted HTML (the catalog check validates it) and every value put into it is
escaped. `markupsafe.Markup` does exactly that, and Jinja2's autoescape uses
the same rule, so a parent's name or a place like "Café <Nord>" can never
break a message.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    format_skeleton,
    format_time,
    get_day_names,
)
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from i18n.languages import CONTENT_DIR, FALLBACK, language, supported_codes

TEMPLATES_DIR = CONTENT_DIR / "templates"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate / pop directional isolate


def load_translations(code: str) -> Translations:
    """Compile `content/<code>/LC_MESSAGES/messages.po` in memory.

    Compiling on load means no generated .mo files in the repository and no
    build step that can be forgotten.
    """
    path = CONTENT_DIR / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


class Texts:
    """Everything a handler needs to speak one language."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.locale = Locale.parse(code)
        self.rtl = language(code).rtl
        self.translations = load_translations(code)
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            autoescape=select_autoescape(default=True, default_for_string=True),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        self.env.filters.update(
            date=self.date,
            time=self.time,
            datetime=self.datetime,
            weekday=self.weekday,
            shortdate=self.short_date,
            mediumdate=self.medium_date,
            isolate=self.isolate,
        )

    # -- catalog strings -------------------------------------------------
    def _(self, message: str, /, **slots: Any) -> Markup:
        """Translate `message` (trusted HTML) and fill `%(name)s` slots, escaped."""
        translated = Markup(self.translations.gettext(message))
        if not slots:
            return translated
        return one_full_stop(translated % {k: self._slot(v) for k, v in slots.items()})

    def n_(self, singular: str, plural: str, n: int, /, **slots: Any) -> Markup:
        translated = Markup(self.translations.ngettext(singular, plural, n))
        filled = translated % {"n": n, **{k: self._slot(v) for k, v in slots.items()}}
        return one_full_stop(filled)

    def plain(self, message: str, /, **slots: Any) -> str:
        """The same text without markup, for buttons and other plain-text places."""
        return self._(message, **slots).striptags()

    def _slot(self, value: Any) -> Any:
        if isinstance(value, Markup | int | float):
            return value
        return self.isolate(value)

    # -- templates -------------------------------------------------------
    def render(self, template: str, /, **context: Any) -> str:
        return one_full_stop(self.env.get_template(template).render(**context).strip())

    # -- locale data (CLDR through Babel) --------------------------------
    def date(self, value: date | datetime) -> str:
        return format_date(value, format="full", locale=self.locale)

    def short_date(self, value: date | datetime) -> str:
        """Day and month only, e.g. "24. nov." or "Nov 24", for lists."""
        return format_skeleton("MMMd", value, locale=self.locale)

    def medium_date(self, value: date | datetime) -> str:
        """Day, month and year, e.g. "15. nov. 2026", for review dates."""
        return format_date(value, format="medium", locale=self.locale)

    def time(self, value: time | datetime) -> str:
        return format_time(value, format="short", locale=self.locale)

    def datetime(self, value: datetime) -> str:
        return format_datetime(value, format="full", locale=self.locale, tzinfo=value.tzinfo)

    def weekday(self, index: int) -> str:
        """Monday is 0, as in Python's `date.weekday()`."""
        return get_day_names("wide", locale=self.locale)[index]

    def isolate(self, value: Any) -> Markup:
        """Escape a value; in right-to-left languages wrap it in a bidi isolate.

        Danish place names, times and links inside an Arabic sentence must keep
        their own direction, or the sentence reads scrambled.
        """
        text = escape(value)
        return Markup(f"{FSI}{text}{PDI}") if self.rtl else text


# A date that ends in an abbreviation's full stop ("1 грудня 2026 р.", "1.12.2026 г.") at the
# end of a sentence: one full stop, not two. An ellipsis ("...") is left alone.
_DOUBLE_STOP = re.compile(r"(?<=[^\W_]\.)([\u2068\u2069]?)\.(?!\.)")


def one_full_stop(text: str) -> Any:
    """The text with "р.." made "р.", keeping Markup as Markup (only a full stop is removed)."""
    cleaned = _DOUBLE_STOP.sub(r"\1", str(text))
    return Markup(cleaned) if isinstance(text, Markup) else cleaned


def N_(message: str) -> str:
    """Mark a text for extraction where it is defined; translate it later with `Texts`."""
    return message


@cache
def texts_for(code: str | None) -> Texts:
    """The texts for `code`, or the fallback language when it is not supported."""
    if code not in supported_codes():
        code = FALLBACK
    return Texts(code)
