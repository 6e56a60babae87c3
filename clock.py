"""The one clock: every "now" in the product comes from here.

Time is an input. The tick runs at an instant it is given (`tick --now` in a
simulation, the JobQueue's reading of `Services.clock` in the bot); an update
is handled at the instant `Services.clock` reads when its unit of work
starts. Code that needs "now" takes it as an argument; what cannot (a
column's default, a renderer called by the sender) asks `now()`, which is the
instant of the unit of work it runs in (`at`). Only outside any unit of work
(a command-line tool, start-up) does `now()` fall back to the machine's
clock, and this module is the only place that reads it.

`time.monotonic` for measuring durations (the rate limiter, benchmarks) is
not "now" and is fine anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

Clock = Callable[[], datetime]

_instant: ContextVar[datetime | None] = ContextVar("instant", default=None)


def system_clock() -> datetime:
    """The machine's clock, in UTC: the default `Services.clock` of a running bot."""
    return datetime.now(UTC)


def now() -> datetime:
    """The instant of the unit of work this code runs in (the machine's clock outside one)."""
    instant = _instant.get()
    return instant if instant is not None else system_clock()


@contextmanager
def at(instant: datetime) -> Iterator[datetime]:
    """Run the block at `instant`: rows' timestamps and renderers inside it use that instant."""
    if instant.tzinfo is None:
        raise ValueError("the clock needs an aware datetime")
    token = _instant.set(instant)
    try:
        yield instant
    finally:
        _instant.reset(token)
