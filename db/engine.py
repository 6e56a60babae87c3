"""Engines, sessions and migrations, for SQLite and PostgreSQL alike."""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


# A pooled PostgreSQL connection idle for longer than this is checked before use; under
# load connections come back within milliseconds and go out again without a round trip.
PING_AFTER_IDLE = 30.0  # seconds
RECYCLE_AFTER = 1800  # seconds: replace connections before servers and proxies drop them


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with settings chosen for a bot: many short units of work.

    SQLite: foreign keys on; WAL so readers never wait for the writer;
    `synchronous=NORMAL`, which in WAL mode syncs at checkpoints instead of at
    every commit (a power cut may lose the last commits, never corrupt the
    file; the outbox makes a lost tick harmless: the next tick does it again);
    `busy_timeout` so the CLI tick and the running bot wait for each other
    instead of failing.

    PostgreSQL: no ping on every checkout (a round trip per update and per
    tick step); a connection is pinged only after it sat idle in the pool
    (`PING_AFTER_IDLE`), when a restart or a proxy timeout may have closed it,
    and replaced after `RECYCLE_AFTER`. A dead connection found by the ping is
    replaced before use; one that dies mid-transaction fails that unit of work
    only (the pool then drops every older connection), and the next update or
    tick runs on a fresh one.

    Statement parameters are left out of error messages: they hold names and what
    parents wrote, and an error message ends up in the log.
    """
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        return engine
    engine = create_engine(url, **{"pool_recycle": RECYCLE_AFTER, **kwargs})
    _ping_after_idle(engine)
    return engine


_stand_alone: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def stand_alone(engine: Engine) -> Engine:
    """The engine's twin whose connections commit every statement by itself (autocommit).

    For units of work whose statements each stand alone (a reply stored, a gap logged).
    A twin with its own pool, made autocommit once per connection when it opens, instead
    of switching a pooled connection of `engine` there and back for every update: that
    switch costs a statement each way on SQLite (`PRAGMA read_uncommitted`) and a
    round trip on PostgreSQL, about as much as the update's own query (measured
    140 vs 190 us on SQLite, 240 vs 520 us on PostgreSQL, per unit of work). Made once
    per engine, with the same settings; disposed with it. An in-memory SQLite database
    exists only in its own connection, so there the pooled connection is switched.
    """
    twin = _stand_alone.get(engine)
    if twin is not None:
        return twin
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        twin = engine.execution_options(isolation_level="AUTOCOMMIT")
    else:
        twin = make_engine(url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
        event.listen(engine, "engine_disposed", lambda _engine: twin.dispose())
    _stand_alone[engine] = twin
    return twin


def _ping_after_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling, but only for connections that sat idle."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except Exception as exc:  # the pool replaces the connection and tries again
            raise DisconnectionError(f"connection lost while idle: {exc}") from exc
        finally:
            record.info["idle_since"] = None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe to call on every start."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
