"""`bot.py db copy`: a populated SQLite database moves to PostgreSQL whole, and the bot runs on it.

The source is filled by the real bot (a coordinator creates a group, parents join,
reminders go out, parents answer, staff check in), so every kind of row and every
column type the bot writes is in it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

import bot
from db.engine import make_engine, session_factory, transaction
from db.models import Base, OutboxMessage, OutboxStatus, Person
from handlers.application import build_application as build_bot_application
from handlers.common import Services
from settings import Settings
from tests.chat import Chat, create_group_in_chat, join
from tests.fake_telegram import FakeTelegram, build_application
from tests.test_reminders_chat import MONDAY_18, TUESDAY_08, MovableClock, run_tick


async def _chat_on(db: sessionmaker[Session], clock: MovableClock) -> Chat:
    fake = FakeTelegram()
    settings = Settings(token="123456:TEST", admin_ids=frozenset({1}))
    services = Services(settings=settings, db=db, clock=clock)
    app = build_bot_application(settings, services, build_application(fake))
    await app.initialize()
    await app.post_init(app)  # learns the bot's username for the links, as the bot does
    return Chat(app, fake, db)


def _rows(engine: Engine) -> dict[str, list[dict]]:
    """Every row of every table, typed by the models, in primary-key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                dict(row)
                for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def empty_postgres(postgres_url: str) -> Iterator[str]:
    """A new PostgreSQL database with no tables at all: `db copy` migrates it itself."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"bot_copy_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield postgres_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


async def test_a_populated_sqlite_database_moves_to_postgresql_and_the_bot_runs_on_it(
    sqlite_template: Path,
    tmp_path: Path,
    empty_postgres: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source_path = tmp_path / "bot.sqlite3"
    shutil.copyfile(sqlite_template, source_path)
    source_url = f"sqlite:///{source_path}"
    source = make_engine(source_url)
    clock = MovableClock(MONDAY_18 - timedelta(days=1))
    chat = await _chat_on(session_factory(source), clock)
    coordinator = chat.user(10, "Mette")
    parent_code, staff_code = await create_group_in_chat(chat, coordinator)
    fatma, amina = chat.user(21, "Fatma"), chat.user(22, "Amina", "en")
    await join(fatma, parent_code)
    await join(amina, parent_code, "English")
    staff = chat.user(30, "Sofie")
    await join(staff, staff_code)
    await run_tick(chat, MONDAY_18)
    await fatma.press("Jeg kommer")
    await amina.press("I can't come")
    await amina.press("My child is sick")
    await run_tick(chat, TUESDAY_08)
    await chat.app.shutdown()
    before = _rows(source)
    source.dispose()
    filled = {name for name, rows in before.items() if rows}
    assert {"organisations", "groups", "sessions", "families", "persons", "memberships"} <= filled
    assert {"enrolments", "attendance", "outbox", "invite_codes", "audit_log"} <= filled

    assert bot.main(["db", "copy", "--from", source_url, "--to", empty_postgres]) == 0
    out = capsys.readouterr().out
    assert f"Copied {sum(len(rows) for rows in before.values())} rows" in out

    target = make_engine(empty_postgres)
    assert _rows(target) == before  # every row of every table, every value

    # The bot runs on the copy: a new parent joins (new ids after the copied ones) and
    # next week's reminders reach the old parents and the new one.
    clock.now = MONDAY_18 + timedelta(days=2)
    chat = await _chat_on(session_factory(target), clock)
    sara = chat.user(23, "Sara")
    await join(sara, parent_code)
    with transaction(chat.db) as session:
        assert session.scalar(select(Person.id).where(Person.telegram_id == 23)) > max(
            row["id"] for row in before["persons"]
        )
    await run_tick(chat, MONDAY_18 + timedelta(days=7))
    assert "Kommer du?" in sara.last().text and "1. december" in sara.last().text
    assert "Kommer du?" in chat.fake.last_to(21).text  # Fatma, a copied parent
    assert "Are you coming?" in chat.fake.last_to(22).text  # Amina, in English
    with transaction(chat.db) as session:
        sent = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENT)
        )
        assert sent == sum(1 for row in before["outbox"] if row["status"] == "sent") + 3
    await chat.app.shutdown()
    target.dispose()

    # A second copy into the now used database is refused with one line, and changes nothing.
    assert bot.main(["db", "copy", "--from", source_url, "--to", empty_postgres]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not empty" in err[0]


def test_copying_a_database_onto_itself_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    assert bot.main(["db", "copy", "--from", url, "--to", url]) == 1
    assert "same database" in capsys.readouterr().err
