"""Shared fixtures: a fresh, migrated database per test, on SQLite and on PostgreSQL.

Every test that takes `db` runs twice, once per backend. Migrations run once
per backend into a template; each test gets a copy (a file copy for SQLite,
`CREATE DATABASE ... TEMPLATE` for PostgreSQL), so tests are isolated and fast.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

import cli
from db.engine import make_engine, session_factory, upgrade
from faq.library import FaqLibrary, load_library
from i18n import supported_codes
from tests import pg_server
from tests.chat import chat  # noqa: F401  (a fixture for every test module)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(reason: str | None) -> None:
    """Skip with one clear line when something is missing here; in CI, fail instead."""
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def library() -> FaqLibrary:
    """The content as shipped, every language, loaded once: the rules and the danger model
    take seconds to load, and no test changes them (one that needs other content builds
    its own library, or sets an attribute with `monkeypatch`)."""
    return load_library(supported_codes())


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database (started here when needed)."""
    given = os.environ.get("TEST_POSTGRES_URL")
    if given:
        yield given
        return
    require(pg_server.unavailable_reason())
    server = pg_server.PostgresServer()
    try:
        url = server.start()
    except Exception as exc:  # a broken install is a reason, not a crash of the whole run
        server.stop()
        require(f"PostgreSQL did not start: {exc}")
        raise
    yield url
    server.stop()


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> Iterator[tuple[Engine, str]]:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS bot_template"))
        connection.execute(text("CREATE DATABASE bot_template"))
    template_engine = make_engine(_with_database(postgres_url, "bot_template"))
    upgrade(template_engine)
    template_engine.dispose()
    yield admin, postgres_url
    admin.dispose()


_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "bot.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    admin, base_url = request.getfixturevalue("postgres_template")
    name = f"bot_test_{os.getpid()}_{next(_counter)}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE bot_template"))
    yield _with_database(base_url, name)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run `bot.py ARGS` in this process (click's CliRunner) with only the given settings."""
    for name in os.environ:
        if name.startswith(("TELEGRAM_", "BOT_", "DATABASE_URL", "FAQ_")):
            monkeypatch.delenv(name)

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return CliRunner().invoke(cli.root, list(args), env=env, input=input, prog_name="bot.py")

    return run
