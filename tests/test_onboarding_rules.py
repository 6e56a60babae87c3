"""Invite codes and what coordinators type: pure rules, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from access import Action, can
from db.models import InviteCode, Role
from onboarding import group_setup
from onboarding.invites import (
    InviteProblem,
    deep_link,
    invite_problem,
    looks_like_code,
    new_code,
    qr_png,
)

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def invite(**fields: object) -> InviteCode:
    defaults: dict[str, object] = {
        "uses": 0,
        "max_uses": None,
        "revoked_at": None,
        "expires_at": None,
    }
    return InviteCode(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (None, InviteProblem.UNKNOWN),
        (invite(), None),
        (invite(revoked_at=NOW - timedelta(days=1)), InviteProblem.REVOKED),
        (invite(expires_at=NOW), InviteProblem.EXPIRED),
        (invite(expires_at=NOW + timedelta(seconds=1)), None),
        (invite(max_uses=1, uses=1), InviteProblem.USED),
        (invite(max_uses=1, uses=0), None),
        (invite(max_uses=None, uses=500), None),
    ],
)
def test_invite_problem(row: InviteCode | None, problem: InviteProblem | None) -> None:
    assert invite_problem(row, NOW) == problem


def test_codes_are_random_and_fit_a_deep_link() -> None:
    codes = {new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(looks_like_code(c) and len(c) >= 16 for c in codes)
    assert deep_link("ParentBot", "abc") == "https://t.me/ParentBot?start=abc"


@pytest.mark.parametrize(
    "payload", ["", "short", "x" * 65, "abc def ghij", "æøåæøåæøå", "a;drop;table"]
)
def test_malformed_payloads_are_not_codes(payload: str) -> None:
    assert not looks_like_code(payload)


def test_qr_code_is_a_png_large_enough_to_print() -> None:
    png = qr_png("https://t.me/ParentBot?start=" + new_code())
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width >= 300


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("10:00", time(10)),
        ("9.30", time(9, 30)),
        ("9", time(9)),
        (" 14 : 05 ", time(14, 5)),
        ("24:00", None),
        ("10:60", None),
        ("ti", None),
        ("", None),
    ],
)
def test_parse_time(typed: str, parsed: time | None) -> None:
    assert group_setup.parse_time(typed) == parsed


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("12.01.2027", date(2027, 1, 12)),
        ("1-2-27", date(2027, 2, 1)),
        ("2027-01-12", date(2027, 1, 12)),
        ("31.02.2027", None),
        ("tomorrow", None),
    ],
)
def test_parse_date(typed: str, parsed: date | None) -> None:
    assert group_setup.parse_date(typed) == parsed


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [("tue", 1), ("Tuesday", 1), ("SUN", 6), ("1", 0), ("7", 6), ("8", None), ("tirsdag", None)],
)
def test_parse_weekday(typed: str, parsed: int | None) -> None:
    assert group_setup.parse_weekday(typed) == parsed


def test_clean_text() -> None:
    assert group_setup.clean_text("  Baby\n group  ", 50) == "Baby group"
    assert group_setup.clean_text("   ", 50) is None
    assert group_setup.clean_text("x" * 51, 50) is None


def test_course_end_is_the_last_meeting() -> None:
    spec = group_setup.GroupSpec(
        "Family group", 3, time(17), "Hall", course_start=date(2027, 1, 14), course_weeks=34
    )
    assert spec.course_end == date(2027, 1, 14) + timedelta(weeks=33)


@pytest.mark.parametrize(
    ("roles", "action", "allowed"),
    [
        ({Role.PARENT}, Action.REPLY_ATTENDANCE, True),
        ({Role.PARENT}, Action.SEE_ATTENDANCE, False),
        ({Role.PARENT}, Action.MANAGE_GROUP, False),
        ({Role.STAFF}, Action.CHECK_IN, True),
        ({Role.STAFF}, Action.MANAGE_GROUP, False),
        ({Role.STAFF}, Action.ANNOUNCE, False),
        ({Role.COORDINATOR}, Action.MANAGE_GROUP, True),
        ({Role.COORDINATOR}, Action.CREATE_GROUP, True),
        ({Role.PARENT, Role.STAFF}, Action.CHECK_IN, True),
        (set(), Action.READ_GROUP, False),
    ],
)
def test_permissions(roles: set[Role], action: Action, allowed: bool) -> None:
    assert can(roles, action) is allowed
