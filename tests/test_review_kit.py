"""The native-speaker review kit: export a workbook, fill it in as a reviewer would, import it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from faq.library import load_library
from handlers.faq import render_entry
from i18n import supported_codes, texts_for
from i18n.languages import CONTENT_DIR
from i18n.review_kit import ReviewKitError, export_workbook, import_workbook
from i18n.status import content_status
from tests.fake_telegram import parse_html

ROOT = Path(__file__).resolve().parent.parent
REVIEW_DAY = date(2026, 12, 3)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the project's content: imports write here, never into the project."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy, ignore=shutil.ignore_patterns("templates"))
    return copy


def fill(path: Path, sheet: str, key: str, correction: str | None, role: str = "") -> None:
    book = load_workbook(path)
    for row in book[sheet].iter_rows(min_row=2):
        if row[0].value == key:
            row[4].value = correction
            row[5].value = "OK" if role else None
            row[6].value = role or None
            book.save(path)
            return
    raise AssertionError(f"{key} not in {sheet}")


def test_a_corrected_and_approved_answer_is_what_the_bot_sends(
    content: Path, tmp_path: Path
) -> None:
    workbook = tmp_path / "review-ar.xlsx"
    rows = export_workbook(content, "ar", workbook)
    sheet = load_workbook(workbook)["faq"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "key",
        "English",
        "Danish",
        "translation",
        "correction",
        "OK",
        "reviewer role",
    ]
    assert rows > 400
    corrected = "نظّفي أسنان طفلك <b>مرتين في اليوم</b> من أول سن. الكبار يفرّشون الأسنان."
    fill(workbook, "faq", "dental-brushing:answer", corrected, "interpreter")
    fill(workbook, "faq", "dental-brushing:title", None, "interpreter")
    fill(workbook, "texts", "Yes", "نعم", "interpreter")

    before = content_status(load_library(supported_codes(), content))
    report = import_workbook(content, workbook, REVIEW_DAY)
    assert (report.corrected, report.approved) == (2, 2)

    library = load_library(supported_codes(), content)
    entry = library.content.entry("ar", "dental-brushing")
    assert entry.answer == corrected
    assert (entry.review_status, entry.reviewer, entry.review_date) == (
        "reviewed",
        "interpreter",
        REVIEW_DAY,
    )
    text, _ = render_entry(library, texts_for("ar"), "dental-brushing")
    plain, _ = parse_html(text, strict=True)
    assert "مرتين في اليوم" in plain
    assert "هذه الترجمة لم تُراجَع بعد" not in plain  # no longer an unchecked translation
    reviewed = {row.code: row.faq_reviewed for row in content_status(library)}
    assert reviewed["ar"] == {r.code: r.faq_reviewed for r in before}["ar"] + 1
    with (content / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        yes = read_po(handle, locale="ar").get("Yes")
    assert yes.string == "نعم"
    assert "reviewed by interpreter, 2026-12-03" in yes.user_comments


def test_a_broken_placeholder_or_tag_refuses_the_whole_file(content: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "review-tr.xlsx"
    export_workbook(content, "tr", workbook)
    fill(workbook, "texts", "%(group)s: no meeting on %(date)s", "Bu hafta buluşma yok", "tercüman")
    fill(workbook, "faq", "dental-free:answer", "Çocuklar için <b>ücretsiz", "tercüman")
    fill(workbook, "texts", "Yes", "Evet!", "tercüman")  # fine on its own, but not applied
    po = content / "tr" / "LC_MESSAGES" / "messages.po"
    before = po.read_bytes()
    with pytest.raises(ReviewKitError) as refused:
        import_workbook(content, workbook, REVIEW_DAY)
    lines = "\n".join(refused.value.problems)
    assert "texts row" in lines and "breaks a placeholder (missing: date, group" in lines
    assert "dental-free:answer" in lines and "<b> is never closed" in lines
    assert po.read_bytes() == before  # nothing written


def test_the_command_line_refuses_with_a_clear_line(tmp_path: Path) -> None:
    workbook = tmp_path / "review-pl.xlsx"
    run = [sys.executable, str(ROOT / "bot.py"), "content"]
    done = subprocess.run(
        [*run, "export", "--lang", "pl", "--out", str(workbook)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0 and "texts to review in pl" in done.stdout
    fill(workbook, "texts", "%(group)s: no meeting on %(date)s", "Brak spotkania", "tłumacz")
    done = subprocess.run([*run, "import", str(workbook)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert "breaks a placeholder" in done.stderr
    assert "refused, nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr
