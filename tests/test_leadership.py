"""One process at a time ticks and sends; a standby takes over when the leader goes."""

from __future__ import annotations

from sqlalchemy import Engine

from db.engine import make_engine
from db.leadership import Leadership


def test_one_leader_at_a_time_and_a_standby_takes_over(engine: Engine) -> None:
    other_process = make_engine(engine.url.render_as_string(hide_password=False))
    leader, standby = Leadership(engine), Leadership(other_process)
    try:
        assert leader.try_acquire()
        assert leader.try_acquire()  # asking again keeps it
        assert not standby.try_acquire()
        assert not standby.acquire(timeout=0.3, poll=0.1)  # a command-line tick gives up
        assert leader.check()
        leader.release()
        assert standby.try_acquire()  # the leader is gone: the standby leads
        assert not leader.try_acquire()
    finally:
        leader.release()
        standby.release()
        other_process.dispose()


def test_a_leader_whose_connection_died_is_no_longer_leader(engine: Engine) -> None:
    leader = Leadership(engine)
    assert leader.try_acquire()
    if leader._connection is not None:  # PostgreSQL: the lock lives on this connection
        leader._connection.invalidate()
        assert not leader.check()
        other = Leadership(engine)
        assert other.try_acquire()  # the database freed the lock with the connection
        other.release()
    leader.release()
