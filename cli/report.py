"""`report`: the funder report for one group and period, printed and optionally as a workbook."""

from __future__ import annotations

import click

from cli.root import NOW_HELP, CliError, database, group_named, parse_now, settings
from db import queries
from db.engine import transaction
from i18n import FALLBACK, supported_codes, texts_for
from summaries.labels import LABELS
from usecases.reports import build_workbook


@click.command(
    short_help="The funder report for a group.",
    help="Sessions held and cancelled, unique families, average and median attendance, "
    "retention, new families per month; optionally as an XLSX workbook.",
)
@click.option("--group", required=True, help="group id or name")
@click.option("--from", "first", required=True, help="first day, YYYY-MM-DD")
@click.option("--to", "last", required=True, help="last day, YYYY-MM-DD")
@click.option("--xlsx", "path", help="also write the workbook to this file")
@click.option("--lang", default=FALLBACK, help="language of the texts (default da)")
@click.option("--now", help=NOW_HELP)
def report(group: str, first: str, last: str, path: str | None, lang: str, now: str | None) -> None:
    from datetime import date

    try:
        first_day, last_day = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError as exc:
        raise CliError("--from and --to are dates like 2026-01-31.") from exc
    if first_day > last_day:
        raise CliError("--from must be before --to.")
    if lang not in supported_codes():
        raise CliError(f"--lang {lang!r}: use one of {', '.join(supported_codes())}.")
    config = settings()
    texts = texts_for(lang)
    with transaction(database(config)) as session:
        found = group_named(session, group)
        book = build_workbook(
            session,
            found,
            first_day,
            last_day,
            parse_now(now, config),
            lambda key: texts.plain(LABELS[key]),
        )
        queries.audit(
            session,
            "report.exported",
            org_id=found.org_id,
            group_id=found.id,
            first=str(first_day),
            last=str(last_day),
            via="cli",
        )
        click.echo(
            texts.render("report.html", group=found.name, report=book.report)
            .replace("<b>", "")
            .replace("</b>", "")
        )
    if path:
        try:
            with open(path, "wb") as handle:
                handle.write(book.xlsx)
        except OSError as exc:
            raise CliError(f"Cannot write {path}: {exc.strerror}") from exc
        click.echo(f"Workbook written to {path}")


COMMANDS = (report,)
