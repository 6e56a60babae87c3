"""The root command, its error handling, and what every command shares."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

import clock
from db.engine import make_engine, session_factory, upgrade
from db.models import Group
from db.queries import find_group
from faq.safeguarding import RulesFileError
from settings import Settings, SettingsError, load_settings

NOW_HELP = "act as of this instant, ISO 8601 like 2026-12-01T09:00+01:00 (default: now)"


class CliError(click.ClickException):
    """A problem to report as one line, with exit status 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {' '.join(self.format_message().split())}", err=True)


class Root(click.Group):
    """The root group: settings, rules-file and database problems become one line, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            raise CliError(str(exc)) from exc
        except RulesFileError as exc:
            raise CliError(f"danger rules not loaded: {exc}") from exc
        except SQLAlchemyError as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CliError(f"database problem: {first_line}") from exc

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Usage mistakes as one line and exit 1 too (click's own: usage text, exit 2)."""
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
            code = result if isinstance(result, int) else 0
        except click.exceptions.NoArgsIsHelpError as exc:
            path = exc.ctx.command_path if exc.ctx else "bot.py"
            click.echo(f"error: which command? See '{path} --help'.", err=True)
            code = 1
        except click.UsageError as exc:
            path = exc.ctx.command_path if exc.ctx else "bot.py"
            message = " ".join(exc.format_message().split())  # click lists choices on lines
            click.echo(f"error: {message} (see '{path} --help')", err=True)
            code = 1
        except click.ClickException as exc:
            CliError(exc.format_message()).show()
            code = 1
        except click.Abort:
            code = 130
        if standalone_mode:
            sys.exit(code)
        return code


@click.group(
    cls=Root,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Telegram bot for Danish parent groups. Settings come from environment variables: "
    "TELEGRAM_BOT_TOKEN, DATABASE_URL, TELEGRAM_API_URL, BOT_TIMEZONE, BOT_ADMIN_IDS "
    "(see the README).",
)
def root() -> None:
    """One log line per event; JSON with BOT_LOG_FORMAT=json (see `ops/logs.py`)."""
    from ops.logs import configure_logging

    configure_logging(os.environ.get("BOT_LOG_FORMAT", "text"))


def main(argv: Sequence[str] | None = None) -> int:
    """`python bot.py ARGS`: the exit status (0, or 1 after one line on standard error)."""
    return root.main(list(argv) if argv is not None else None, "bot.py", standalone_mode=False)


# -- shared by the commands ------------------------------------------------------------


def settings() -> Settings:
    return load_settings()


def database(settings: Settings) -> sessionmaker[Session]:
    """The database, migrated to the newest schema."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return session_factory(engine)


def group_named(session: Session, ref: str) -> Group:
    group = find_group(session, ref)
    if group is None:
        raise CliError(f"No group {ref!r}.")
    return group


def parse_now(text: str | None, settings: Settings) -> datetime:
    """The instant a command runs at: `--now` in a simulation, else the machine's clock."""
    if not text:
        return clock.system_clock()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"--now {text!r}: use ISO 8601, like 2026-12-01T09:00+01:00.") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.tz)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{text!r} is not a date like 2026-12-01.") from exc


def today(settings: Settings) -> date:
    """Today where the groups meet: the command line's one reading of the machine's clock."""
    return clock.system_clock().astimezone(settings.tz).date()
