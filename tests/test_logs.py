"""Logs: one line per event, JSON when asked, ids and never a parent's words or name."""

from __future__ import annotations

import io
import json
import logging
from types import SimpleNamespace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from telegram import Update

from db.engine import transaction
from db.models import Person
from handlers import errors
from ops.logs import OneLineFormatter, json_formatter
from tests.fake_telegram import FakeTelegram, FakeUser


def _log_with(formatter: logging.Formatter) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger(f"test-logs-{id(stream)}")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def _fail() -> None:
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        raise RuntimeError("while handling") from None


@pytest.mark.parametrize("make", [json_formatter, lambda: OneLineFormatter("%(message)s")])
def test_an_event_with_a_traceback_is_one_line(make) -> None:
    logger, stream = _log_with(make())
    try:
        _fail()
    except RuntimeError:
        logger.exception("something failed", extra={"update_id": 7})
    logger.info("next event")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert "RuntimeError" in lines[0] and "next event" in lines[1]


def test_json_lines_carry_level_logger_time_and_ids() -> None:
    logger, stream = _log_with(json_formatter())
    logger.warning("sent %s", 3, extra={"chat_id": 1001})
    event = json.loads(stream.getvalue())
    assert event["level"] == "WARNING" and event["message"] == "sent 3"
    assert event["chat_id"] == 1001 and event["logger"] == logger.name
    assert event["timestamp"].endswith("+00:00")


def test_a_database_error_in_the_log_holds_no_parameters(db) -> None:
    """A failed statement's parameters, and the row PostgreSQL quotes back, stay out of the log."""
    with pytest.raises(IntegrityError) as failure, transaction(db) as session:
        session.execute(
            text(
                "INSERT INTO persons (id, telegram_id, first_name, language) "
                "VALUES (1, 5, :n, 'da')"
            ),
            {"n": "Amina"},
        )
        session.add(Person(id=1, telegram_id=6, first_name="Amina Secretname", language="da"))
        session.flush()
    exc_info = (type(failure.value), failure.value, failure.value.__traceback__)
    record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", None, exc_info)
    for formatter in (json_formatter(), OneLineFormatter("%(message)s")):
        line = formatter.format(record)
        assert "IntegrityError" in line
        assert "Secretname" not in line and "Amina" not in line


async def test_the_error_handler_logs_ids_not_names(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeTelegram()
    update = Update.de_json(dict(FakeUser(fake, 1001, "Amina").text("my son has a fever")), None)
    context = SimpleNamespace(error=RuntimeError("boom"), application=None)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        await errors.on_error(update, context)  # no chat: answering fails, logged too
    record = next(r for r in caplog.records if r.levelno == logging.ERROR)
    line = OneLineFormatter("%(message)s").format(record)
    assert str(update.update_id) in line and "1001" in line
    assert record.user_id == 1001 and record.chat_id == 1001
    assert "Amina" not in line and "fever" not in line
