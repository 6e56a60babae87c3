"""`content status | export | import`: how complete and how reviewed each language is, and
the native-speaker review kit (see `i18n/review_kit.py`)."""

from __future__ import annotations

from pathlib import Path

import click

from cli.faq import library
from cli.root import CliError, parse_day, settings, today


@click.group(help="The texts per language.")
def content() -> None:
    pass


@content.command(
    help="Per language: catalog strings translated, review status, FAQ entries present and "
    "reviewed, glossary words."
)
def status() -> None:
    from i18n.status import content_status, format_status

    click.echo(format_status(content_status(library(settings()))))


@content.command(
    "export",
    help="Write a workbook with the English and Danish source, the current translation and "
    "columns for a correction, OK and the reviewer's role.",
)
@click.option("--lang", required=True, help="language code, e.g. ar")
@click.option("--out", help="file to write (default: review-<lang>.xlsx)")
def export(lang: str, out: str | None) -> None:
    from i18n import supported_codes
    from i18n.languages import CONTENT_DIR
    from i18n.review_kit import export_workbook

    if lang not in supported_codes():
        raise CliError(f"--lang {lang!r}: use one of {', '.join(supported_codes())}.")
    path = Path(out or f"review-{lang}.xlsx")
    rows = export_workbook(CONTENT_DIR, lang, path)
    click.echo(f"Wrote {path}: {rows} texts to review in {lang}.")


@content.command(
    "import",
    help="Apply corrections, mark approved texts as reviewed (role and date), check the "
    "content; a file that breaks a placeholder or HTML changes nothing.",
)
@click.argument("file")
@click.option("--today", "day", help="the review date (default: today)")
def import_(file: str, day: str | None) -> None:
    from faq.check import content_problems
    from i18n import supported_codes
    from i18n.languages import CONTENT_DIR
    from i18n.review_kit import ReviewKitError, import_workbook

    path = Path(file)
    if not path.is_file():
        raise CliError(f"{path}: no such file.")
    config = settings()
    when = parse_day(day) if day else today(config)
    try:
        report = import_workbook(CONTENT_DIR, path, when)
    except ReviewKitError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        raise CliError(
            f"{path}: refused, nothing was changed ({len(exc.problems)} problem(s))."
        ) from None
    except (OSError, KeyError, ValueError) as exc:
        raise CliError(f"{path}: not a review workbook ({exc}).") from exc
    problems = content_problems(library(config).content, supported_codes())
    click.echo(
        f"{report.language}: {report.corrected} correction(s), {report.approved} approved as "
        f"reviewed on {when}"
        + ("; the whole catalog is reviewed." if report.catalog_reviewed else ".")
    )
    if problems:
        click.echo("\n".join(problems), err=True)
        raise CliError(f"{len(problems)} problem(s) in the FAQ content after the import.")


COMMANDS = (content,)
