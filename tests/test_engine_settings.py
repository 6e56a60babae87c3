"""The engine settings chosen for a bot: SQLite pragmas, and PostgreSQL connections that
survive a server-side disconnect without a ping on every checkout."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from db import engine as engine_module
from db.engine import make_engine


def test_sqlite_runs_wal_with_normal_sync_and_waits_when_busy(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/bot.sqlite3")
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        }
    engine.dispose()
    # synchronous 1 = NORMAL: in WAL mode a commit does not wait for the disk
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 1,
        "busy_timeout": 5000,
        "foreign_keys": 1,
    }


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(db_url: str, pid: int) -> None:
    admin = make_engine(db_url)
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def test_postgresql_replaces_a_connection_that_died_while_idle(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url = postgres_url
    engine = make_engine(db_url)
    assert not engine.pool._pre_ping  # no round trip per checkout
    assert engine.pool._recycle == engine_module.RECYCLE_AFTER

    # busy: a connection that comes back at once is handed out again without a check,
    # so a connection killed in between fails the next unit of work (and only that one)
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE", 3600.0)
    _terminate(db_url, _backend_pid(engine))
    with pytest.raises(OperationalError), engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    with engine.connect() as connection:  # the pool dropped it: the next one works
        assert connection.execute(text("SELECT 1")).scalar_one() == 1

    # idle: the connection is checked before use and replaced without anyone noticing
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE", 0.0)
    dead = _backend_pid(engine)
    _terminate(db_url, dead)
    assert _backend_pid(engine) != dead
    engine.dispose()
