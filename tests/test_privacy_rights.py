"""A parent's own copy (/mydata) and retention: a year of silence, then the tick forgets her."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlalchemy import func, select

from db.engine import transaction
from db.models import Attendance, Base, OutboxMessage, Person, personal_columns
from scheduling.tick import tick
from tests.chat import NOW, Chat
from tests.conftest import RunCli
from tests.test_privacy_erasure import YASMIN_ID, traces, yasmin_leaves_traces_everywhere
from tests.test_reminders_chat import MONDAY_18, group_with_three_parents, run_tick


async def test_mydata_sends_everything_readable_and_as_json(chat: Chat) -> None:
    yasmin, _, _ = await yasmin_leaves_traces_everywhere(chat)
    await yasmin.command("/mydata")
    text, document = yasmin.messages()[-2], yasmin.messages()[-1]
    assert text.plain_text.startswith("Alt, hvad jeg har gemt om dig")
    assert "Navn: Yasmin. Sprog: Dansk." in text.plain_text
    assert "Leyla" in text.plain_text  # her own question, and the note about the call
    assert "lille Omar har feber" in text.plain_text
    assert document.document_name == "my-data.json"
    data = json.loads(document.document)
    assert data["person"]["telegram_id"] == YASMIN_ID
    assert data["person"]["first_name"] == "Yasmin"
    assert [q["reply"] for q in data["questions_to_staff"]] == [
        "Hej Yasmin, Leyla er meget velkommen!"
    ]
    assert any("Leyla" in (f["text"] or "") for f in data["faq_questions"])
    assert [a["reason"] for a in data["attendance"]] == ["child_sick"]
    assert {m["kind"] for m in data["notices_about_you"]} >= {"declined", "unreachable"}
    # Round trip: every marked column that holds her is in her copy.
    with transaction(chat.db) as session:
        person = session.scalars(select(Person).where(Person.telegram_id == YASMIN_ID)).one()
        marked_values = []
        for table_name, column_name in personal_columns(Base.metadata):
            column = Base.metadata.tables[table_name].c[column_name]
            for value in session.scalars(select(column)):
                if isinstance(value, str) and ("Yasmin" in value or "Leyla" in value):
                    marked_values.append(value)
        assert person.first_name in marked_values
    copy = json.dumps(data, ensure_ascii=False)
    assert all(value in copy for value in marked_values), marked_values


async def test_a_stranger_asking_for_her_data_hears_there_is_none(chat: Chat) -> None:
    stranger = chat.user(555_000_222, "Nadia")
    await stranger.command("/mydata")
    assert stranger.last().text == "Jeg har ikke noget gemt om dig."
    assert stranger.last().document is None


async def test_a_year_without_the_bot_erases_her_and_coordinators_hear_how_many(
    chat: Chat,
) -> None:
    coordinator, (fatma, _, _), staff = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_18)  # the first reminders go out
    # Eleven months on, Fatma and the team still use the bot; Amina and Sara do not.
    chat.app.bot_data["services"].clock.now = NOW + timedelta(days=335)
    for user in (fatma, coordinator, staff):
        await user.command("/next")
    report = await tick(chat.db, NOW + timedelta(days=364))
    assert report.retention.people_erased.total() == 0  # not yet a year
    with transaction(chat.db) as session:
        families = set(
            session.scalars(
                select(Person.family_id).where(Person.first_name.in_(["Amina", "Sara"]))
            )
        )
        attendance = session.scalar(select(func.count()).where(Attendance.family_id.in_(families)))
    assert attendance > 0  # meetings they did not come to
    year_later = NOW + timedelta(days=366)
    chat.app.bot_data["services"].clock.now = year_later
    sent_before = len(chat.fake.sent)
    await run_tick(chat, year_later)
    with transaction(chat.db) as session:
        names = set(session.scalars(select(Person.first_name)))
        assert names == {"Mette", "Fatma", "Sofie"}
        assert traces(session, ["Amina", "Sara"]) == []
        kept = session.scalar(select(func.count()).where(Attendance.family_id.in_(families)))
        assert kept >= attendance  # nothing lost: nameless counts for the group's figures
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent")).all()
        month_ago = year_later - timedelta(days=30)
        assert [m for m in sent if m.sent_at < month_ago]
        assert all(m.chat_id == 0 and m.slots == {} for m in sent if m.sent_at < month_ago)
    notices = [m for m in chat.fake.sent[sent_before:] if m.chat_id == 10]
    assert [m.plain_text for m in notices] == [
        "2 personer, som ikke havde brugt botten eller været til et møde i 12 måneder, blev "
        "slettet i dag, sådan som reglerne for persondata siger. Gruppens tal beholder "
        "fremmødet uden navn."
    ]
    await run_tick(chat, year_later + timedelta(minutes=1))  # idempotent: nothing more
    assert [m for m in chat.fake.sent[sent_before:] if m.chat_id == 10] == notices


async def test_tick_now_a_year_later_applies_retention_whatever_the_minute(
    chat: Chat, run_cli: RunCli
) -> None:
    """The bot's own tick applies retention at the top of each hour; a one-off
    `bot.py tick --now` applies it whenever it is run."""
    await group_with_three_parents(chat)
    url = chat.db.kw["bind"].url.render_as_string(hide_password=False)
    year_later = NOW + timedelta(days=366, minutes=7)
    result = await asyncio.to_thread(  # the CLI runs its own event loop
        run_cli, "tick", "--now", year_later.isoformat(), env={"DATABASE_URL": url}
    )
    assert result.exit_code == 0, result.stderr
    assert "5 inactive people deleted" in result.stdout  # nobody used the bot all year
    with transaction(chat.db) as session:
        assert session.scalars(select(Person.first_name)).all() == []
