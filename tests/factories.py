"""Rows that many tests build the same way, so each test says only what it is about."""

from __future__ import annotations

from datetime import datetime
from datetime import time as clock_time

from db.models import Group


def weekly_group(org_id: int, created_at: datetime, name: str, **other: object) -> Group:
    """An open group meeting on Tuesdays 10-12 at the residents' house in Copenhagen time:
    the plain weekly group the tests of counts, permissions and follow-ups start from."""
    fields: dict[str, object] = {
        "kind": "open",
        "weekday": 1,
        "start_time": clock_time(10),
        "duration_minutes": 120,
        "timezone": "Europe/Copenhagen",
        "place": "Beboerhuset",
    }
    return Group(org_id=org_id, name=name, created_at=created_at, **(fields | other))
