"""One process at a time runs the tick and the sender: the leader.

Any number of bot processes may answer updates, but Telegram's 30 messages a
second are per bot, and the tick's planning is cheapest done once. So the tick
and the sender run only in the process that holds the leadership:

- PostgreSQL: a session-level advisory lock, held on a connection of its own.
  If the process dies, its connection closes and the lock frees at once;
  a standby takes over at its next try (the bot tries every ten seconds,
  `handlers.jobs.LEADERSHIP_SECONDS`), and says so once in its log.
- SQLite: an exclusive `flock` on a file beside the database, which holds the
  holder's process id. SQLite is for one process: `bot.py run` refuses to
  start while another process holds the lock, and names it (`holder`).

No home-made election: both are the database's (or the kernel's) own locks.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

LOCK_KEY = 0x5061_7265  # "Pare": the tick's advisory lock id, one per database (< 2^32)
HOLDER = text(
    "SELECT l.pid, host(a.client_addr) AS client FROM pg_locks l"
    " LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory'"
    " AND l.classid = 0 AND l.objid = :k AND l.objsubid = 1 AND l.granted"
)
HOLDS_LOCK = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 0"
    " AND objid = :k AND objsubid = 1 AND pid = pg_backend_pid() AND granted)"
)


class Leadership:
    def __init__(self, engine: Engine, key: int = LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._connection: Connection | None = None
        self._file: IO[bytes] | None = None
        self.held = False

    @property
    def _sqlite_path(self) -> Path | None:
        if self.engine.dialect.name != "sqlite":
            return None
        database = self.engine.url.database
        if not database or database == ":memory:":
            return None
        return Path(database).with_name(Path(database).name + ".leader.lock")

    def try_acquire(self) -> bool:
        """Become the leader if nobody is; True when this process leads (now or already)."""
        if self.held:
            return self.check()
        try:
            if self.engine.dialect.name == "postgresql":
                self.held = self._try_postgres()
            else:
                self.held = self._try_file()
        except (OSError, SQLAlchemyError):
            log.warning("could not try for the tick's leadership", exc_info=True)
            self.held = False
        if self.held:
            log.info("this process now runs the tick and the sender (pid %s)", os.getpid())
        return self.held

    def holder(self) -> str:
        """Who holds the lock, as far as the database tells: for an operator's log line."""
        path = self._sqlite_path
        if path is not None:
            with contextlib.suppress(OSError):
                pid = path.read_text(encoding="ascii").strip()
                if pid:
                    return f"pid {pid}, lock file {path}"
            return f"lock file {path}"
        if self.engine.dialect.name == "postgresql":
            with contextlib.suppress(SQLAlchemyError), self.engine.connect() as connection:
                row = connection.execute(HOLDER, {"k": self.key}).first()
                if row is not None:
                    return f"database session {row.pid} from {row.client or 'a local socket'}"
        return "unknown"

    def acquire(self, timeout: float, poll: float = 0.2) -> bool:
        """Wait up to `timeout` seconds to lead (the command-line tick)."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)
        return True

    def check(self) -> bool:
        """Still the leader? A lost database connection means the lock is gone."""
        if not self.held or self._connection is None:
            return self.held
        try:  # a reconnected connection answers, but without our lock: ask for the lock
            still = self._connection.execute(HOLDS_LOCK, {"k": self.key}).scalar()
            self._connection.commit()
        except SQLAlchemyError:
            still = False
        if not still:
            log.warning("lost the database connection that held the tick's leadership")
            self._drop_connection()
            self.held = False
        return self.held

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
                self._connection.commit()
            except SQLAlchemyError:
                pass
            self._drop_connection()
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.truncate(0)  # no stale process id for the next reader
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        self.held = False

    def _try_postgres(self) -> bool:
        if self._connection is None:
            self._connection = self.engine.connect()
        got = bool(
            self._connection.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}
            ).scalar()
        )
        self._connection.commit()  # the lock is the session's, not the transaction's
        if not got:
            self._drop_connection()
        return got

    def _try_file(self) -> bool:
        path = self._sqlite_path
        if path is None:  # an in-memory database: only this process can see it
            return True
        handle = path.open("a+b")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.truncate(0)  # append mode: the id is written at the (new) end
        handle.write(f"{os.getpid()}\n".encode("ascii"))
        handle.flush()
        self._file = handle
        return True

    def _drop_connection(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
            self._connection = None
