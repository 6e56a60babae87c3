"""How complete and how reviewed each language is: `python bot.py content status`.

Translations start as drafts; a native speaker who works with families
reviews them. The status lives next to the texts: per catalog in
`content/<lang>/review.yaml`, per FAQ entry in its front matter, so a
reviewer changes one line where they worked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import yaml
from babel.messages.pofile import read_po

from faq.library import FaqLibrary
from i18n.languages import CONTENT_DIR, languages

STATUSES = ("original", "draft", "reviewed")


@dataclass(frozen=True)
class Review:
    status: str  # original (written in this language) / draft / reviewed
    by: str = ""  # the reviewer's role, e.g. "native speaker, health visitor"
    on: date | None = None


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    name: str
    catalog_done: int
    catalog_total: int
    catalog_review: Review
    faq_done: int
    faq_total: int
    faq_reviewed: int
    words: int
    safeguarding: bool


def catalog_review(code: str) -> Review:
    path = CONTENT_DIR / code / "review.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    catalog = (data or {}).get("catalog") or {}
    return Review(
        status=str(catalog.get("status", "draft")),
        by=str(catalog.get("by", "")),
        on=catalog.get("date"),
    )


def _catalog_counts(code: str) -> tuple[int, int]:
    with (CONTENT_DIR / "messages.pot").open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    path = CONTENT_DIR / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    done = 0
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0] if message.id else ""
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if key in wanted and not message.fuzzy and all(strings):
            done += 1
    return done, len(wanted)


def content_status(library: FaqLibrary) -> list[LanguageStatus]:
    ids = library.content.ids()
    rows = []
    for language in languages():
        entries = library.content.entries.get(language.code, {})
        done, total = _catalog_counts(language.code)
        rows.append(
            LanguageStatus(
                code=language.code,
                name=language.native_name,
                catalog_done=done,
                catalog_total=total,
                catalog_review=catalog_review(language.code),
                faq_done=len(ids & set(entries)),
                faq_total=len(ids),
                faq_reviewed=sum(
                    e.review_status in ("original", "reviewed") for e in entries.values()
                ),
                words=len(library.glossary.get(language.code, [])),
                safeguarding=(CONTENT_DIR / language.code / "safeguarding.yaml").is_file(),
            )
        )
    return rows


def format_status(rows: list[LanguageStatus]) -> str:
    """A plain table for a terminal and for the README."""
    lines = [
        "language        catalog     review                           FAQ      reviewed  words",
    ]
    for row in rows:
        review = row.catalog_review.status
        if row.catalog_review.by:
            review += f" ({row.catalog_review.by}"
            review += f", {row.catalog_review.on})" if row.catalog_review.on else ")"
        warning = "" if row.safeguarding else "  (no danger words!)"
        lines.append(
            f"{row.code:<3} {row.name:<11} {row.catalog_done:>4}/{row.catalog_total:<5} "
            f"{review:<32} {row.faq_done:>3}/{row.faq_total:<4} "
            f"{row.faq_reviewed:>3}/{row.faq_done:<5} {row.words:>3}{warning}"
        )
    return "\n".join(lines)
