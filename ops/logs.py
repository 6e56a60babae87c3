"""Logging for a service: one line per event, JSON when asked (`BOT_LOG_FORMAT=json`).

Log lines carry ids (update, chat, user, outbox key), never what a parent
wrote or their name: a log is copied to places the database is not
(journald, a log shipper, a support ticket). So the level stays at INFO for
the libraries that print whole updates at DEBUG (PTB: "Processing update
..."), httpx stays at WARNING (its INFO line holds the URL with the bot's
token), APScheduler too (two lines for every run of every job), and the
database engines hide statement parameters in errors (`db.engine.make_engine`).
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any, TextIO

from pythonjsonlogger.json import JsonFormatter

# PostgreSQL's errors quote the row or key that failed ("DETAIL:  Failing row contains
# (1, 5, Amina, ...)"): the statement's parameters are hidden by the engine, this is not.
SERVER_DETAIL = re.compile(r"^[ \t]*DETAIL:.*$", re.MULTILINE)


def without_row_values(text: str) -> str:
    """A formatted traceback without the database server's DETAIL lines."""
    return SERVER_DETAIL.sub("DETAIL: (left out: it may quote a row)", text)


class OneLineFormatter(logging.Formatter):
    """The plain format, with a traceback folded onto the same line (` | ` between lines)."""

    def formatException(self, ei: Any) -> str:
        return without_row_values(super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r\n", "\n").replace("\n", " | ")


class OneLineJsonFormatter(JsonFormatter):
    def formatException(self, ei: Any) -> str:
        return without_row_values(super().formatException(ei))


def json_formatter() -> logging.Formatter:
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, extras."""
    return OneLineJsonFormatter(
        "{levelname}{name}{message}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp=True,
    )


OURS = "_parent_groups_bot"  # marks the handler this module installed
QUIET = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "bm25s": logging.WARNING,
    "apscheduler": logging.WARNING,  # two lines per job run: every 10 s for the leadership job
}


def configure_logging(log_format: str = "text", *, stream: TextIO | None = None) -> None:
    """Write `log_format` lines to stderr (or `stream`), at INFO.

    Like `logging.basicConfig`, it leaves a root logger that something else set up (a
    test runner, an embedding program) alone; calling it again swaps its own handler.
    """
    root = logging.getLogger()
    for name, level in QUIET.items():
        logging.getLogger(name).setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):  # through the root handler, in our format
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    if any(not getattr(handler, OURS, False) for handler in root.handlers):
        return
    for old in list(root.handlers):
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, OURS, True)
    handler.setFormatter(
        json_formatter()
        if log_format == "json"
        else OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(logging.INFO)
