"""The backup and restore commands of docs/deploy.md, run once against the suite's PostgreSQL.

pg_dump in the custom format while the bot's tables are in use, pg_restore into a new,
empty database: every row comes back, the restored database is ready for the bot
(migrations current), and new rows get ids after the restored ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.engine import make_engine, session_factory, transaction
from db.models import Organisation
from db.readiness import readiness
from onboarding.group_setup import GroupSpec, create_group
from reminders.planning import plan_all
from tests import pg_server
from tests.chat import NOW
from tests.conftest import require
from tests.test_db_copy import _rows


def _libpq(url: str) -> str:
    """SQLAlchemy's URL as the PostgreSQL tools take it (no `+psycopg`)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def databases(postgres_template, postgres_url: str) -> Iterator[tuple[str, str]]:
    admin, base = postgres_template
    names = (f"bot_backup_{os.getpid()}", f"bot_restored_{os.getpid()}")
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {names[0]} TEMPLATE bot_template"))
        connection.execute(text(f"CREATE DATABASE {names[1]}"))
    yield tuple(base.rsplit("/", 1)[0] + "/" + name for name in names)
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def _tool(name: str) -> str:
    bindir = pg_server.find_bindir()
    found = shutil.which(name) or (str(bindir / name) if bindir else None)
    require(None if found and Path(found).exists() else f"{name} is not installed")
    return found


def test_pg_dump_and_pg_restore_bring_back_every_row(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    live_url, restored_url = databases
    live = make_engine(live_url)
    db = session_factory(live)
    with transaction(db) as session:
        organisation = Organisation(name="Albertslund Kommune")
        session.add(organisation)
        session.flush()
        spec = GroupSpec(name="Babygruppen", weekday=1, start=time(10), place="Solsikken")
        create_group(session, organisation, spec)
        plan_all(session, NOW)
    before = _rows(live)
    assert before["sessions"] and before["invite_codes"]

    dump = tmp_path / "bot.dump"
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", f"--file={dump}", _libpq(live_url)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(
        [_tool("pg_restore"), "--no-owner", f"--dbname={_libpq(restored_url)}", str(dump)],
        check=True,
        capture_output=True,
        timeout=120,
    )

    restored = make_engine(restored_url)
    assert _rows(restored) == before
    assert readiness(session_factory(restored)).ready
    with transaction(session_factory(restored)) as session:
        again = Organisation(name="Greve Kommune")
        session.add(again)
        session.flush()
        assert again.id > max(row["id"] for row in before["organisations"])
    live.dispose()
    restored.dispose()
