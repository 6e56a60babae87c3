"""Stored sessions from the weekly rule, and the tick that plans them: idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import bot
from db.engine import transaction
from db.models import GroupSession, Organisation, SessionStatus
from onboarding import group_setup
from reminders.planning import plan_group
from reminders.tick import tick

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday 09:00 in Copenhagen


def make_group(db: sessionmaker[Session], weekday: int = 4) -> int:
    with transaction(db) as session:
        org = Organisation(name="Greve Nord")
        session.add(org)
        session.flush()
        spec = group_setup.GroupSpec("Mødregruppen", weekday, time(10), "Beboerhuset")
        return group_setup.create_group(session, org, spec).group.id


def sessions(db: sessionmaker[Session]) -> list[GroupSession]:
    with transaction(db) as session:
        return list(session.scalars(select(GroupSession).order_by(GroupSession.starts_at)))


async def test_a_year_of_sessions_planned_once(db: sessionmaker[Session]) -> None:
    make_group(db)  # Fridays 10:00
    first = await tick(db, NOW)
    again = await tick(db, NOW)
    later = await tick(db, NOW + timedelta(hours=1))
    assert first.sessions_planned in (52, 53) and again.sessions_planned == 0
    assert later.sessions_planned == 0
    planned = sessions(db)
    assert len(planned) == first.sessions_planned
    assert planned[0].rule_date == date(2026, 12, 4)
    christmas = next(s for s in planned if s.rule_date == date(2026, 12, 25))
    assert christmas.status == SessionStatus.CANCELLED
    assert christmas.cancel_reason == "public_holiday:Juledag"
    summer = next(s for s in planned if s.rule_date == date(2027, 6, 4))
    assert summer.starts_at.astimezone(UTC).hour == 8  # 10:00 CEST
    assert planned[0].starts_at.astimezone(UTC).hour == 9  # 10:00 CET


async def test_a_moved_session_is_not_planned_again(db: sessionmaker[Session]) -> None:
    make_group(db)
    await tick(db, NOW)
    with transaction(db) as session:
        first = session.scalars(select(GroupSession).order_by(GroupSession.starts_at)).first()
        first.starts_at += timedelta(days=1)
        first.ends_at += timedelta(days=1)
    await tick(db, NOW + timedelta(days=1))
    with transaction(db) as session:
        count = session.scalar(
            select(func.count())
            .select_from(GroupSession)
            .where(GroupSession.rule_date == date(2026, 12, 4))
        )
        assert count == 1


async def test_the_horizon_moves_with_the_clock(db: sessionmaker[Session]) -> None:
    group_id = make_group(db)
    await tick(db, NOW)
    later = await tick(db, NOW + timedelta(weeks=2))
    assert later.sessions_planned == 2
    with transaction(db) as session:
        from db.models import Group

        assert plan_group(session, session.get(Group, group_id), NOW + timedelta(weeks=2)) == 0


def test_tick_command_is_idempotent(
    db_url: str,
    db: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_group(db)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert bot.main(["tick", "--now", "2026-12-01T09:00+01:00"]) == 0
    out = capsys.readouterr().out
    assert "sessions planned" in out and "nothing was sent" in out
    count = len(sessions(db))
    assert bot.main(["tick", "--now", "2026-12-01T09:00+01:00"]) == 0
    assert "0 sessions planned" in capsys.readouterr().out
    assert len(sessions(db)) == count


def test_tick_with_a_bad_instant_is_one_line(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert bot.main(["tick", "--now", "next tuesday"]) == 1
    assert "--now" in capsys.readouterr().err
