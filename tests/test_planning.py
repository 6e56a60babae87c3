"""Stored sessions from the weekly rule, and the tick that plans them: idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import bot
from db.engine import transaction
from db.models import Group, Meeting, MeetingStatus, Organisation
from onboarding import group_setup
from reminders import holidays
from reminders.planning import plan_group
from scheduling.tick import tick

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday 09:00 in Copenhagen


def make_group(db: sessionmaker[Session], weekday: int = 4) -> int:
    with transaction(db) as session:
        org = Organisation(name="Greve Nord")
        session.add(org)
        session.flush()
        spec = group_setup.GroupSpec("Mødregruppen", weekday, time(10), "Beboerhuset")
        return group_setup.create_group(session, org, spec).group.id


def sessions(db: sessionmaker[Session]) -> list[Meeting]:
    with transaction(db) as session:
        return list(session.scalars(select(Meeting).order_by(Meeting.starts_at)))


async def test_a_year_of_sessions_planned_once(db: sessionmaker[Session]) -> None:
    make_group(db)  # Fridays 10:00
    first = await tick(db, NOW)
    again = await tick(db, NOW)
    later = await tick(db, NOW + timedelta(hours=1))
    assert first.meetings_planned in (52, 53) and again.meetings_planned == 0
    assert later.meetings_planned == 0
    planned = sessions(db)
    assert len(planned) == first.meetings_planned
    assert planned[0].rule_date == date(2026, 12, 4)
    christmas = next(s for s in planned if s.rule_date == date(2026, 12, 25))
    assert christmas.status == MeetingStatus.CANCELLED
    assert christmas.cancel_reason == "public_holiday:Juledag"
    summer = next(s for s in planned if s.rule_date == date(2027, 6, 4))
    assert summer.starts_at.astimezone(UTC).hour == 8  # 10:00 CEST
    assert planned[0].starts_at.astimezone(UTC).hour == 9  # 10:00 CET


async def test_a_moved_session_is_not_planned_again(db: sessionmaker[Session]) -> None:
    make_group(db)
    await tick(db, NOW)
    with transaction(db) as session:
        first = session.scalars(select(Meeting).order_by(Meeting.starts_at)).first()
        first.starts_at += timedelta(days=1)
        first.ends_at += timedelta(days=1)
    await tick(db, NOW + timedelta(days=1))
    with transaction(db) as session:
        count = session.scalar(
            select(func.count()).select_from(Meeting).where(Meeting.rule_date == date(2026, 12, 4))
        )
        assert count == 1


async def test_the_horizon_moves_with_the_clock(db: sessionmaker[Session]) -> None:
    group_id = make_group(db)
    await tick(db, NOW)
    later = await tick(db, NOW + timedelta(weeks=2))
    assert later.meetings_planned == 2
    with transaction(db) as session:
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


AUTUMN_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//school//EN
BEGIN:VEVENT
UID:1
SUMMARY:Vinterferie
DTSTART;VALUE=DATE:20270215
DTEND;VALUE=DATE:20270220
END:VEVENT
BEGIN:VEVENT
UID:2
SUMMARY:Påskeferie
DTSTART;VALUE=DATE:20270322
DTEND;VALUE=DATE:20270330
END:VEVENT
END:VCALENDAR
""".encode()


def test_periods_from_ics() -> None:
    periods = holidays.periods_from_ics(AUTUMN_ICS)
    assert [(p.first_day, p.last_day) for p in periods] == [
        (date(2027, 2, 15), date(2027, 2, 19)),  # DTEND of an all-day event is exclusive
        (date(2027, 3, 22), date(2027, 3, 29)),
    ]
    assert periods[0].name == "Vinterferie"


@pytest.mark.parametrize("data", [b"", b"hello", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"])
def test_bad_ics_is_refused(data: bytes) -> None:
    with pytest.raises(holidays.BadPeriod):
        holidays.periods_from_ics(data)


def test_period_checks() -> None:
    with pytest.raises(holidays.BadPeriod):
        holidays.check_period(date(2027, 2, 19), date(2027, 2, 15), "x")
    with pytest.raises(holidays.BadPeriod):
        holidays.check_period(date(2027, 1, 1), date(2027, 12, 31), "a typo")


async def test_holiday_weeks_cancel_planned_and_future_sessions(db: sessionmaker[Session]) -> None:
    group_id = make_group(db, weekday=1)  # Tuesdays
    await tick(db, NOW)  # plans a year, before the holidays are known
    with transaction(db) as session:
        group = session.get(Group, group_id)
        holidays.add_periods(
            session,
            group,
            [holidays.check_period(date(2027, 2, 15), date(2027, 2, 19), "Vinterferie")],
            NOW,
        )
    await tick(db, NOW + timedelta(minutes=1))
    by_date = {s.rule_date: s for s in sessions(db)}
    assert by_date[date(2027, 2, 16)].status == MeetingStatus.CANCELLED
    assert by_date[date(2027, 2, 16)].cancel_reason == "holiday:Vinterferie"
    assert by_date[date(2027, 2, 9)].status == MeetingStatus.PLANNED
    assert by_date[date(2027, 2, 23)].status == MeetingStatus.PLANNED


def test_holiday_command_imports_an_ics_file(
    db_url: str,
    db: sessionmaker[Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_group(db, weekday=1)
    monkeypatch.setenv("DATABASE_URL", db_url)
    file = tmp_path / "school.ics"
    file.write_bytes(AUTUMN_ICS)
    simulated = ["--now", NOW.isoformat()]
    assert (
        bot.main(["admin", "holiday", "--group", "Mødregruppen", "--ics", str(file), *simulated])
        == 0
    )
    assert "Vinterferie" in capsys.readouterr().out
    assert (
        bot.main(
            [
                "admin",
                "holiday",
                "--group",
                "Mødregruppen",
                "--from",
                "2027-10-11",
                "--to",
                "2027-10-15",
                "--name",
                "Efterårsferie",
                *simulated,
            ]
        )
        == 0
    )
    cancelled = {
        s.rule_date: s.cancel_reason for s in sessions(db) if s.status == MeetingStatus.CANCELLED
    }
    assert cancelled[date(2027, 2, 16)] == "holiday:Vinterferie"
    assert cancelled[date(2027, 3, 23)] == "holiday:Påskeferie"
    assert cancelled[date(2027, 10, 12)] == "holiday:Efterårsferie"
    assert (
        bot.main(
            ["admin", "holiday", "--group", "Mødregruppen", "--ics", str(tmp_path / "missing.ics")]
        )
        == 1
    )
    assert "Cannot read" in capsys.readouterr().err


def test_reminder_settings_command(
    db_url: str,
    db: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    group_id = make_group(db)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert bot.main(["admin", "reminders", "--group", "Mødregruppen"]) == 0
    assert "18:00, second 120 minutes before, quiet hours 20:00-08:00" in capsys.readouterr().out
    assert (
        bot.main(
            [
                "admin",
                "reminders",
                "--group",
                "Mødregruppen",
                "--first",
                "17:30",
                "--second-minutes",
                "90",
                "--quiet",
                "21:00-07:30",
            ]
        )
        == 0
    )
    with transaction(db) as session:
        group = session.get(Group, group_id)
        assert (group.first_reminder_at, group.second_reminder_minutes) == (time(17, 30), 90)
        assert (group.quiet_from, group.quiet_until) == (time(21), time(7, 30))
    assert bot.main(["admin", "reminders", "--group", "Mødregruppen", "--quiet", "late"]) == 1


def test_followup_settings_command(
    db_url: str,
    db: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    group_id = make_group(db)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert (
        bot.main(
            [
                "admin",
                "followup",
                "--group",
                "Mødregruppen",
                "--at",
                "10:30",
                "--thank-you",
                "on",
                "--call-after",
                "3",
                "--ladder",
                "1:1,3:2",
            ]
        )
        == 0
    )
    assert "thank-you on, call list after 3" in capsys.readouterr().out
    with transaction(db) as session:
        from reminders.groups import follow_up_settings

        settings = follow_up_settings(session.get(Group, group_id))
        assert (settings.morning_at, settings.thank_you, settings.call_list_after) == (
            time(10, 30),
            True,
            3,
        )
        assert settings.ladder == ((1, 1), (3, 2))
    assert bot.main(["admin", "followup", "--group", "Mødregruppen", "--ladder", "0:1"]) == 1
