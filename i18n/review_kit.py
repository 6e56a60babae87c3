"""The native-speaker review kit: one workbook per language out, corrections and approvals in.

A municipality hands the workbook to an interpreter or a bilingual health visitor. Each row
is one text: the English and the Danish source, the current translation, and three columns
to fill: a correction (empty: the translation stays), "OK" (approved as it stands, or as
corrected) and the reviewer's role ("interpreter", "health visitor, native speaker").

Importing applies the corrections, marks what was approved as reviewed (by role and date:
FAQ entries in their front matter, catalog texts with a comment in the catalog and, once
every text is approved, the catalog's `review.yaml`), and refuses the whole file, writing
nothing, if a correction would break a placeholder or Telegram HTML. The command line only
calls `export_workbook` and `import_workbook`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import frontmatter
import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook as OpenpyxlWorkbook

from faq.check import html_problems
from faq.entries import load_content

CATALOG_SHEET = "texts"
FAQ_SHEET = "faq"
ABOUT_SHEET = "about"
HEADER = ("key", "English", "Danish", "translation", "correction", "OK", "reviewer role")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
_OK = {"ok", "x", "yes", "ja", "1", "✓", "✔"}
REVIEW_COMMENT = "reviewed by"


class ReviewKitError(ValueError):
    """A workbook that cannot be imported; `problems` has one line per fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    language: str
    corrected: int = 0
    approved: int = 0
    catalog_reviewed: bool = False
    lines: list[str] = field(default_factory=list)


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def _catalog(root: Path, code: str) -> Catalog:
    with (root / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def _msg_key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _msg_text(message: Message) -> str:
    return message.string if isinstance(message.string, str) else " || ".join(message.string)


def export_workbook(root: Path, code: str, path: Path) -> int:
    """Write the review workbook for language `code`; returns the number of rows."""
    english = {_msg_key(m): _msg_text(m) for m in _catalog(root, "en") if m.id}
    danish = {_msg_key(m): _msg_text(m) for m in _catalog(root, "da") if m.id}
    book = Workbook()
    about = book.active
    about.title = ABOUT_SHEET
    about.append(["language", code])
    about.append(
        [
            "how",
            "Write a better translation under 'correction', or leave it empty. Write OK when "
            "the text (as corrected) is right. Write your role, e.g. 'interpreter'. Keep every "
            "%(name)s and <b>…</b> exactly as in the translation.",
        ]
    )
    rows = 0
    texts = book.create_sheet(CATALOG_SHEET)
    texts.append(HEADER)
    for message in _catalog(root, code):
        if not message.id:
            continue
        key = _msg_key(message)
        texts.append([key, english.get(key, key), danish.get(key, ""), _msg_text(message)])
        rows += 1
    faq = book.create_sheet(FAQ_SHEET)
    faq.append(HEADER)
    content = load_content([root], ("en", "da", code))
    for entry_id in sorted(content.entries.get(code, {})):
        entry = content.entry(code, entry_id)
        en, da = content.entry("en", entry_id), content.entry("da", entry_id)
        for part in ("title", "answer"):
            faq.append(
                [
                    f"{entry_id}:{part}",
                    getattr(en, part, "") if en else "",
                    getattr(da, part, "") if da else "",
                    getattr(entry, part),
                ]
            )
            rows += 1
    for sheet in (texts, faq):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, width in zip("ABCDEFG", (28, 50, 50, 50, 50, 6, 20), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
    return rows


@dataclass(frozen=True)
class _Row:
    sheet: str
    number: int
    key: str
    current: str
    correction: str
    ok: bool
    role: str

    @property
    def where(self) -> str:
        return f"{self.sheet} row {self.number} ({self.key})"

    @property
    def final(self) -> str:
        return self.correction or self.current


def _rows(book: OpenpyxlWorkbook, sheet_name: str) -> list[_Row]:
    if sheet_name not in book.sheetnames:
        raise ReviewKitError([f"the workbook has no sheet '{sheet_name}'"])
    rows = []
    for number, values in enumerate(book[sheet_name].iter_rows(min_row=2, values_only=True), 2):
        values = [("" if v is None else str(v)) for v in (*values, *[None] * 7)[:7]]
        key, _, _, current, correction, ok, role = values
        if not key:
            continue
        rows.append(
            _Row(
                sheet_name,
                number,
                key,
                current,
                correction.strip(),
                ok.strip().casefold() in _OK,
                role.strip(),
            )
        )
    return rows


def _check(rows: list[_Row], sources: dict[str, str]) -> list[str]:
    problems = []
    for row in rows:
        if (row.ok or row.correction) and row.ok and not row.role:
            problems.append(f"{row.where}: marked OK but no reviewer role")
        if not row.correction:
            continue
        source = sources.get(row.key)
        if source is None:
            problems.append(f"{row.where}: unknown text, not in this language's content")
            continue
        wanted, got = placeholders(source), placeholders(row.correction)
        if wanted != got:
            missing = ", ".join(sorted(wanted - got)) or "-"
            extra = ", ".join(sorted(got - wanted)) or "-"
            problems.append(
                f"{row.where}: the correction breaks a placeholder "
                f"(missing: {missing}; unknown: {extra}); keep every %(name)s as it is"
            )
        problems.extend(f"{row.where}: {p} (Telegram HTML)" for p in html_problems(row.correction))
    return problems


def import_workbook(root: Path, path: Path, today: date) -> ImportReport:
    """Apply a filled-in workbook to the content under `root`; all or nothing."""
    book = load_workbook(path, read_only=True)
    about = {str(r[0]): str(r[1]) for r in book[ABOUT_SHEET].iter_rows(values_only=True) if r[0]}
    code = about.get("language", "")
    if not (root / code / "LC_MESSAGES" / "messages.po").is_file():
        raise ReviewKitError([f"the workbook names no language of this project ({code!r})"])
    catalog = _catalog(root, code)
    messages = {_msg_key(m): m for m in catalog if m.id}
    catalog_rows = _rows(book, CATALOG_SHEET)
    faq_rows = _rows(book, FAQ_SHEET)
    content = load_content([root], (code,))
    entries = content.entries.get(code, {})
    faq_sources = {}
    for entry_id, entry in entries.items():
        faq_sources[f"{entry_id}:title"] = entry.title
        faq_sources[f"{entry_id}:answer"] = entry.answer
    problems = _check(catalog_rows, {k: k for k in messages})
    problems += _check(faq_rows, faq_sources)
    if problems:
        raise ReviewKitError(problems)

    report = ImportReport(code)
    for row in catalog_rows:
        message = messages.get(row.key)
        if message is None:
            continue
        if row.correction and isinstance(message.string, str):
            message.string = row.correction
            message.flags.discard("fuzzy")
            report.corrected += 1
        if row.ok:
            message.user_comments = [
                c for c in message.user_comments if not c.startswith(REVIEW_COMMENT)
            ] + [f"{REVIEW_COMMENT} {row.role}, {today.isoformat()}"]
            report.approved += 1
    with (root / code / "LC_MESSAGES" / "messages.po").open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)

    by_entry: dict[str, list[_Row]] = {}
    for row in faq_rows:
        by_entry.setdefault(row.key.rsplit(":", 1)[0], []).append(row)
    for entry_id, rows in by_entry.items():
        entry = entries.get(entry_id)
        if entry is None or entry.path is None:
            continue
        post = frontmatter.load(entry.path)
        changed = False
        for row in rows:
            if row.correction:
                changed = True
                report.corrected += 1
                if row.key.endswith(":title"):
                    post.metadata["title"] = row.correction
                else:
                    post.content = row.correction
        if rows and all(row.ok for row in rows):
            roles = sorted({row.role for row in rows})
            post.metadata["review"] = {
                "status": "reviewed",
                "by": ", ".join(roles),
                "date": today,
            }
            post.metadata["reviewed"] = today
            report.approved += 1
            changed = True
        if changed:
            entry.path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")

    if catalog_rows and all(row.ok for row in catalog_rows):
        roles = sorted({row.role for row in catalog_rows})
        review_file = root / code / "review.yaml"
        data = (
            yaml.safe_load(review_file.read_text(encoding="utf-8")) if review_file.is_file() else {}
        )
        data = data or {}
        data["catalog"] = {"status": "reviewed", "by": ", ".join(roles), "date": today}
        review_file.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        report.catalog_reviewed = True
    return report
