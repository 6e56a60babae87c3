"""Summaries, chart, export and report in chat, for staff of the group only, all audited."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

import bot
from db.engine import transaction
from db.models import AuditEntry, Contact, Group, Person
from tests.chat import Chat, ChatUser
from tests.test_reminders_chat import MONDAY_18, group_with_three_parents, run_tick


async def one_week(chat: Chat, parents: list[ChatUser], staff: ChatUser) -> None:
    """Fatma comes, Amina sends word (child sick), Sara says nothing."""
    fatma, amina, _ = parents
    await run_tick(chat, MONDAY_18)
    await fatma.press("Jeg kommer")
    await amina.press("I can't come")
    await amina.press("My child is sick")
    chat.app.bot_data["services"].clock.now = MONDAY_18 + timedelta(hours=16.1)
    await staff.command("/checkin")
    await staff.press("▫️ Fatma")
    await staff.press("Afslut mødet")


async def test_summary_chart_and_workbook(chat: Chat) -> None:
    _, parents, staff = await group_with_three_parents(chat)
    await one_week(chat, parents, staff)
    with transaction(chat.db) as session:  # Sara was met at the door (the call-list tap)
        sara = session.scalars(select(Person).where(Person.first_name == "Sara")).one()
        group = session.scalars(select(Group)).one()
        session.add(Contact(family_id=sara.family_id, group_id=group.id, kind="met",
                            at=MONDAY_18 + timedelta(days=1)))  # fmt: skip
    await staff.command("/summary")
    text = next(m for m in staff.messages() if (m.text or "").startswith("<b>Overblik")).plain_text
    assert "Overblik over Babygruppen tirsdag" in text
    assert "24. nov.: kom 1 · meldte afbud 1 · kom ikke 1" in text
    assert "Fatma: 100 % (1 af 1)" in text and "Sara: 0 % (0 af 1)" in text
    assert "barnet sygt: 1" in text
    assert "Kontakter de sidste 4 uger: mødt: 1" in text  # the contact log feeds the summary
    chart = staff.last()
    assert chart.photo.startswith(b"\x89PNG")
    await staff.press("📊 Regneark (Excel)")
    document = staff.last()
    assert document.document_name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(document.document))
    matrix = [[c.value for c in row] for row in book["Fremmøde"].iter_rows()]
    assert matrix[0][1] == "2026-11-24"
    assert sorted(row[:2] for row in matrix[1:]) == [
        ["Amina", "meldte afbud"],
        ["Fatma", "kom"],
        ["Sara", "kom ikke"],
    ]
    await staff.press("🗒️ Som CSV-filer")
    assert staff.last().document_name.endswith("-csv.zip")
    with transaction(chat.db) as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.in_(
                ["summary.viewed", "export.downloaded"]))
        ).all()  # fmt: skip
    assert actions == ["summary.viewed", "export.downloaded", "export.downloaded"]


async def test_report_for_a_period(chat: Chat) -> None:
    _, parents, staff = await group_with_three_parents(chat)
    await one_week(chat, parents, staff)
    await staff.command("/report 2026-11-01 2026-11-30")
    text = next(m for m in staff.messages() if "Rapport for" in (m.text or "")).plain_text
    assert "Afholdte gange: 1" in text and "Forskellige familier, der kom: 1" in text
    assert "Fra søndag den 1. november 2026 til mandag den 30. november 2026" in text
    assert staff.last().document_name == "report-1-2026-11-01-2026-11-30.xlsx"
    await staff.command("/report 30-11-2026")
    assert "Skriv perioden sådan her" in staff.last().text


async def test_parents_see_no_summary(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    for command in ("/summary", "/export", "/report"):
        await fatma.command(command)
        assert "kun for personalet" in fatma.last().text


async def test_weekly_digest_to_staff(chat: Chat) -> None:
    coordinator, parents, staff = await group_with_three_parents(chat)
    await one_week(chat, parents, staff)
    with transaction(chat.db) as session:
        group = session.scalars(select(Group)).one()
        group.weekly_digest_weekday = 0  # Mondays at 08:00
    monday_8 = MONDAY_18 + timedelta(weeks=1) - timedelta(hours=10)
    await run_tick(chat, monday_8)
    await run_tick(chat, monday_8 + timedelta(minutes=1))  # once a week, not once a tick
    for member in (staff, coordinator):
        digests = [m for m in member.messages() if "Overblik over" in (m.text or "")]
        assert len(digests) == 1
    assert all("Overblik" not in (m.text or "") for m in parents[0].messages())


async def test_the_cli_report_of_a_past_period_matches_the_chat_export(
    chat: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same period gives the same workbook from chat and from the command line,
    whatever the machine's date: the period ended, so `now` no longer matters."""
    _, parents, staff = await group_with_three_parents(chat)
    await one_week(chat, parents, staff)
    chat.app.bot_data["services"].clock.now = MONDAY_18 + timedelta(days=3)
    await staff.command("/export")
    export = next(m for m in reversed(staff.messages()) if m.document_name)
    assert export.document_name.endswith(".xlsx")
    from_chat = load_workbook(io.BytesIO(export.document))
    await run_tick(chat, MONDAY_18 + timedelta(weeks=1))  # a week later nobody comes:
    await run_tick(chat, MONDAY_18 + timedelta(weeks=1, hours=21))  # closed, all missed
    with transaction(chat.db) as session:
        group = session.scalars(select(Group)).one()
        group_id, first = group.id, "2026-11-24"
    last = (MONDAY_18 + timedelta(days=3)).date().isoformat()
    url = chat.db.kw["bind"].url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    path = tmp_path / "report.xlsx"
    for now in ("2027-06-01T12:00+00:00", "2029-01-01T00:00+00:00"):
        argv = ["report", "--group", str(group_id), "--from", first, "--to", last]
        assert bot.main([*argv, "--xlsx", str(path), "--now", now]) == 0
        from_cli = load_workbook(path)
        assert from_cli.sheetnames == from_chat.sheetnames
        for name in from_chat.sheetnames:
            cells = [[c.value for c in row] for row in from_chat[name].iter_rows()]
            assert [[c.value for c in row] for row in from_cli[name].iter_rows()] == cells, name
    per_family = [[c.value for c in row] for row in from_chat[from_chat.sheetnames[2]].iter_rows()]
    assert any(1 in row or "Fatma" in row for row in per_family)  # not all zero or blank
