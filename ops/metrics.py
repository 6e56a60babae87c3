"""What an operator watches on `/metrics`, in Prometheus' text format.

The counters live in one registry of this module, so any layer can count
without knowing how they are served: the update processor counts handled
updates, the sender counts each delivery's outcome (`sent`, `rate_limited`
for 429, `blocked` for 403, `failed`), the tick times itself, and the
replica that holds the leader lock says so. Outbox rows by status and the
age of the oldest due row are read from the database at scrape time, so
every replica reports the same shared queue.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

# Seconds: a button press should be answered well under a quarter of a second.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SEND_RESULTS = ("sent", "rate_limited", "blocked", "failed")

UPDATES = Counter(
    "bot_updates_handled", "Telegram updates the handlers have processed", registry=REGISTRY
)
UPDATE_SECONDS = Histogram(
    "bot_update_seconds",
    "From receiving an update (or starting it, when polling) to its handlers' end",
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
WEBHOOK_REQUESTS = Counter(
    "bot_webhook_requests",
    "Requests to the webhook path, by result (accepted, forbidden, bad_request, stopping)",
    ["result"],
    registry=REGISTRY,
)
SENDS = Counter(
    "bot_outbox_sends",
    "Outbox messages handed to Telegram, by result: sent, rate_limited (429), "
    "blocked (403), failed (anything else)",
    ["result"],
    registry=REGISTRY,
)
TICK_SECONDS = Histogram(
    "bot_tick_seconds",
    "How long one tick took (planning, reminders, closing, sending)",
    buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0),
    registry=REGISTRY,
)
LEADER = Gauge(
    "bot_leader", "1 while this replica runs the tick and the sender, else 0", registry=REGISTRY
)
for _result in SEND_RESULTS:
    SENDS.labels(_result)  # every series exists from the start, at 0

_received: dict[int, float] = {}  # update_id -> when the webhook took it (monotonic)
_MAX_WAITING = 10_000  # never grows without bound if an update is dropped before handling


def update_received(update_id: int) -> None:
    """The webhook took an update: its latency starts now, not when a handler picks it up."""
    if len(_received) >= _MAX_WAITING:
        _received.clear()
    _received[update_id] = time.monotonic()


def update_handled(update_id: int | None, started: float) -> None:
    """An update's handlers finished; `started` is when handling began (monotonic)."""
    received = _received.pop(update_id, None) if update_id is not None else None
    UPDATES.inc()
    UPDATE_SECONDS.observe(time.monotonic() - (received if received is not None else started))


def webhook_request(result: str) -> None:
    WEBHOOK_REQUESTS.labels(result).inc()


def send_result(result: str) -> None:
    """Count one delivery attempt; `result` is one of SEND_RESULTS."""
    if result not in SEND_RESULTS:
        raise ValueError(f"unknown send result {result!r}")
    SENDS.labels(result).inc()


def set_leader(leading: bool) -> None:
    LEADER.set(1 if leading else 0)


@contextmanager
def tick_timer() -> Iterator[None]:
    """Time one tick, whether it ends normally or not."""
    started = time.monotonic()
    try:
        yield
    finally:
        TICK_SECONDS.observe(time.monotonic() - started)


class OutboxCollector(Collector):
    """Outbox rows by status, and how late the oldest due row is, read at scrape time."""

    def __init__(self) -> None:
        self.db: sessionmaker[Session] | None = None
        self.clock: Callable[[], datetime] | None = None

    def collect(self) -> Iterable[Any]:
        from db.models import OutboxMessage, OutboxStatus

        if self.db is None or self.clock is None:
            return []
        try:
            with self.db() as session:
                counts = dict(
                    session.execute(
                        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
                    ).all()
                )
                now = self.clock()
                oldest = session.scalar(
                    select(func.min(OutboxMessage.not_before)).where(
                        OutboxMessage.status == OutboxStatus.PENDING,
                        OutboxMessage.not_before <= now,
                    )
                )
        except SQLAlchemyError:
            log.warning("could not read the outbox for /metrics", exc_info=True)
            return []
        rows = GaugeMetricFamily("bot_outbox_messages", "Outbox rows by status", labels=["status"])
        for status in OutboxStatus:
            rows.add_metric([status.value], counts.get(status.value, 0))
        lag = GaugeMetricFamily(
            "bot_outbox_lag_seconds",
            "How long the oldest due pending outbox row has been waiting (0: none)",
        )
        lag.add_metric([], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        return [rows, lag]


OUTBOX = OutboxCollector()
REGISTRY.register(OUTBOX)


def watch_outbox(db: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
    """Report this database's outbox on /metrics (one database per process)."""
    OUTBOX.db, OUTBOX.clock = db, clock


def exposition() -> bytes:
    """Everything above in Prometheus' text format (queries the database: call off the loop)."""
    return generate_latest(REGISTRY)
