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
from functools import cache, lru_cache
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
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from i18n.languages import CONTENT_DIR, FALLBACK, language, supported_codes

TEMPLATES_DIR = CONTENT_DIR / "templates"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate / pop directional isolate
# "29 грудня 2026 р." + "." : a value ending in an abbreviation's period (a year, a month,
# a time) before the sentence's own period. One period serves both, as in print; an
# ellipsis ("...") is left alone. A bidi isolate may stand between the two.
_DOUBLE_PERIOD = re.compile(r"(?<=[^.\s])\.([\u2068\u2069]?)\.(?=\s|$|<|[\u2068\u2069])")


def one_period(text: str) -> str:
    """Collapse "р.." into "р." (see `_DOUBLE_PERIOD`)."""
    return _DOUBLE_PERIOD.sub(r"\1.", text)


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
            auto_reload=False,  # the templates do not change while the bot runs: no stat per use
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
            number=self.number,
        )
        # A date or a time reads the same every time it is shown: a reminder's date is
        # formatted once per language, not at every button press (CLDR patterns are slow).
        self._full_date = lru_cache(maxsize=1024)(self._format_full_date)
        self._short_time = lru_cache(maxsize=1024)(self._format_short_time)
        # A catalog text without slots is the same every time (a button's label)...
        self._plain = lru_cache(maxsize=1024)(self._strip)
        # ... and so is a template filled with the same plain values: the reminder a parent
        # edits with a button press reads the same for every parent of the group.
        self._rendered = lru_cache(maxsize=1024)(self._render)

    # -- catalog strings -------------------------------------------------
    def _(self, message: str, /, **slots: Any) -> Markup:
        """Translate `message` (trusted HTML) and fill `%(name)s` slots, escaped."""
        translated = Markup(self.translations.gettext(message))
        if not slots:
            return translated
        return Markup(one_period(translated % {k: self._slot(v) for k, v in slots.items()}))

    def n_(self, singular: str, plural: str, n: int, /, **slots: Any) -> Markup:
        translated = Markup(self.translations.ngettext(singular, plural, n))
        filled = translated % {"n": n, **{k: self._slot(v) for k, v in slots.items()}}
        return Markup(one_period(filled))

    def plain(self, message: str, /, **slots: Any) -> str:
        """The same text without markup, for buttons and other plain-text places."""
        if not slots:
            return self._plain(message)
        return self._(message, **slots).striptags()

    def _strip(self, message: str) -> str:
        return self._(message).striptags()

    def _slot(self, value: Any) -> Any:
        if isinstance(value, Markup | int | float):
            return value
        return self.isolate(value)

    # -- templates -------------------------------------------------------
    def render(self, template: str, /, **context: Any) -> str:
        key = _context_key(context) if template in REMEMBERED_TEMPLATES else None
        if key is None:  # a value that may change or is not hashable: rendered every time
            return self._fill(template, context)
        return self._rendered(template, key)

    def _render(self, template: str, key: tuple[tuple[Any, ...], ...]) -> str:
        return self._fill(template, {item[0]: item[-1] for item in key})

    def _fill(self, template: str, context: dict[str, Any]) -> str:
        return one_period(self.env.get_template(template).render(**context).strip())

    # -- locale data (CLDR through Babel) --------------------------------
    def date(self, value: date | datetime) -> str:
        # Babel formats a datetime by its own (local) date: the date alone is the key
        return self._full_date(value.date() if isinstance(value, datetime) else value)

    def _format_full_date(self, value: date) -> str:
        return format_date(value, format="full", locale=self.locale)

    def short_date(self, value: date | datetime) -> str:
        """Day and month only, e.g. "24. nov." or "Nov 24", for lists."""
        return format_skeleton("MMMd", value, locale=self.locale)

    def medium_date(self, value: date | datetime) -> str:
        """Day, month and year, e.g. "15. nov. 2026", for review dates."""
        return format_date(value, format="medium", locale=self.locale)

    def time(self, value: time | datetime) -> str:
        if isinstance(value, datetime):  # the wall time, its offset and zone say it all
            return self._short_time(value.replace(tzinfo=None), value.utcoffset(), value.tzinfo)
        return format_time(value, format="short", locale=self.locale)

    def _format_short_time(self, wall: datetime, _offset: Any, tzinfo: Any) -> str:
        return format_time(wall.replace(tzinfo=tzinfo), format="short", locale=self.locale)

    def datetime(self, value: datetime) -> str:
        return format_datetime(value, format="full", locale=self.locale, tzinfo=value.tzinfo)

    def number(self, value: float) -> str:
        """A figure as the reader writes it, at most one decimal: "2", "2,5" (da), "2.5" (en).

        The workbook stores the same figure rounded the same way, so text and sheet agree
        (a median of 2.0 reads "2" in both).
        """
        return format_decimal(round(value, 1), format="#,##0.#", locale=self.locale)

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


# The templates whose renderings are remembered: shown again and again with the same values,
# and holding nothing personal (a group's meeting, a FAQ answer, the FAQ's "closest entries"
# line), so that no parent's name or question stays in memory after it was sent, let alone
# after she was erased.
REMEMBERED_TEMPLATES = frozenset({"reminder.html", "faq_answer.html", "faq_suggestions.html"})
# Values a template may be rendered from once and shown again: immutable, and compared
# with their type and time zone, so 1, 1.0 and True, a text and the same text as trusted
# HTML, or the same instant in two time zones, never share a rendering.
_PLAIN_TYPES = (str, int, float, date, time, type(None))


def _context_key(context: dict[str, Any]) -> tuple[Any, ...] | None:
    key = []
    for name, value in context.items():
        if not isinstance(value, _PLAIN_TYPES):
            return None
        if isinstance(value, datetime | time):
            key.append((name, type(value), value.tzinfo, value.utcoffset(), value))
        else:
            key.append((name, type(value), value))
    return tuple(key)


def N_(message: str) -> str:
    """Mark a text for extraction where it is defined; translate it later with `Texts`."""
    return message


@cache
def texts_for(code: str | None) -> Texts:
    """The texts for `code`, or the fallback language when it is not supported."""
    if code not in supported_codes():
        code = FALLBACK
    return Texts(code)
