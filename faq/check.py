"""The content check: what makes a FAQ entry fit to show a parent.

Run by the test suite over the project's content and by `python bot.py faq
check` over a deployment's own overrides, so a municipality's local file is
held to the same rules before a parent sees it.

Two kinds of finding. `content_problems` is what is wrong with the content
itself (structure, HTML, a missing translation): it does not depend on the
day, so the suite's result never does either. `review_due` is what has aged
(an entry or the help lines not reviewed for too long) as of a day the caller
gives: operators see it in `faq check`, and tests give it fixed dates.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

from faq.entries import MAX_ANSWER_CHARS, OWNERS, REVIEW_STATUSES, THEMES, Entry, FaqContent
from faq.safeguarding import Helplines
from faq.text import latin_key

MAX_REVIEW_AGE_DAYS = 548  # 18 months
MAX_HELPLINE_AGE_DAYS = 366  # a phone number that changed is worse than none: once a year
MAX_TITLE_CHARS = 100  # a title is also a button label
MIN_QUESTIONS = 3
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}
SHARED_FIELDS = ("theme", "owner", "municipal", "source_url", "reviewed")


class _TagChecker(HTMLParser):
    """Telegram's HTML: a few tags, properly nested, and entities it knows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.errors.append(f"tag <{tag}> is not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close the open tag")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.errors.append("a bare < or > must be written &lt; or &gt;")

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self.errors.append(f"entity &{name}; is not allowed")


def html_problems(text: str) -> list[str]:
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        checker.errors.append(f"<{checker.stack[-1]}> is never closed")
    return checker.errors


def is_deep_link(url: str) -> bool:
    """A link to one page, not to a site's front page: a parent (or a reviewer) can only check
    an answer against the page that says it; "https://www.sst.dk/" supports nothing."""
    parts = urlsplit(url)
    return bool(parts.netloc) and bool(parts.path.strip("/") or parts.query)


def entry_problems(entry: Entry) -> list[str]:
    where = f"{entry.language}/{entry.id}"
    problems = []
    if entry.theme not in THEMES:
        problems.append(f"{where}: unknown theme {entry.theme!r}")
    if entry.owner not in OWNERS:
        problems.append(f"{where}: owner must be one of {', '.join(OWNERS)}")
    if entry.review_status not in REVIEW_STATUSES:
        problems.append(f"{where}: review status must be one of {', '.join(REVIEW_STATUSES)}")
    if not entry.title or len(entry.title) > MAX_TITLE_CHARS:
        problems.append(f"{where}: title must be 1-{MAX_TITLE_CHARS} characters")
    if len([q for q in entry.questions if q]) < MIN_QUESTIONS:
        problems.append(f"{where}: needs at least {MIN_QUESTIONS} ways to ask")
    if not entry.answer:
        problems.append(f"{where}: the answer is empty")
    if len(entry.visible_answer) > MAX_ANSWER_CHARS:
        problems.append(
            f"{where}: the answer has {len(entry.visible_answer)} characters "
            f"(at most {MAX_ANSWER_CHARS})"
        )
    problems.extend(f"{where}: {problem}" for problem in html_problems(entry.answer))
    if not entry.source_title or not entry.source_url.startswith("https://"):
        problems.append(f"{where}: the source needs a title and an https:// link")
    elif not is_deep_link(entry.source_url):
        problems.append(
            f"{where}: the source links a homepage ({entry.source_url}): "
            "link the page that says what the answer says"
        )
    if entry.path is not None and entry.path.stem != entry.id:
        problems.append(f"{where}: the file name must be the id ({entry.path.name})")
    return problems


def content_problems(content: FaqContent, languages: tuple[str, ...]) -> list[str]:
    """Everything wrong with the content, one line each; empty when all is well."""
    problems = list(content.problems)
    ids = content.ids()
    for language in languages:
        have = content.entries.get(language, {})
        # A language whose FAQ is not written yet reads the English answers, marked as such
        # (`content status` shows it); once it has entries, it must have them all.
        for missing in sorted(ids - set(have)) if have else ():
            problems.append(f"{language}/{missing}: missing (other languages have it)")
        for entry in have.values():
            problems.extend(entry_problems(entry))
    for entry_id in sorted(ids):
        versions = [content.entry(lang, entry_id) for lang in languages]
        versions = [v for v in versions if v is not None]
        for name in SHARED_FIELDS:
            values = {getattr(v, name) for v in versions}
            if len(values) > 1:
                problems.append(f"{entry_id}: {name} differs between languages")
    for language in languages:
        problems.extend(spelling_problems(language, content.latin_spellings.get(language, {})))
    return problems


def spelling_problems(language: str, spellings: dict[str, list[str]]) -> list[str]:
    """Two words listed with spellings of one key: the search would silently read every such
    spelling as the first word ("ke" is Persian "that", "key" is "when")."""
    problems = []
    owner: dict[str, str] = {}
    for written, listed in spellings.items():
        for spelling in listed:
            key = latin_key(spelling)
            if owner.setdefault(key, written) != written:
                problems.append(
                    f"{language}/latin_spellings: {spelling!r} reads like a spelling of "
                    f"{owner[key]!r} too, not only of {written!r}"
                )
    return problems


def review_due(
    content: FaqContent, languages: tuple[str, ...], helplines: Helplines, today: date
) -> list[str]:
    """What needs a new review as of `today`, one line each: old entries, help lines
    checked more than a year ago, and help lines not shown because nobody checked them.

    A date after `today` is reported too (a typo, or a clock that is wrong).
    """
    due = []
    for language in languages:
        for entry in content.entries.get(language, {}).values():
            where = f"{entry.language}/{entry.id}"
            if entry.reviewed > today:
                due.append(f"{where}: reviewed {entry.reviewed}, which is after {today}")
            elif (today - entry.reviewed).days > MAX_REVIEW_AGE_DAYS:
                due.append(f"{where}: last reviewed {entry.reviewed}, more than 18 months ago")
    for line in helplines.lines:
        where = f"help line {line.name or line.kind} ({line.number})"
        checked = line.checked
        if not line.verified or checked is None:
            due.append(f"{where}: not shown until checked on the service's own page")
            continue
        age = (today - checked).days
        if age < 0:
            due.append(f"{where}: checked {checked}, which is after {today}")
        elif age > MAX_HELPLINE_AGE_DAYS:
            due.append(f"{where}: last checked {checked}, more than a year ago")
    return due
