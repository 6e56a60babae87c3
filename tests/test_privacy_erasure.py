"""Erasure that erases: after /delete no column marked personal holds her name, id or words.

The columns come from the marks in `db/models.py` (`info=PERSONAL`), and every
text, JSON and big-integer column must be either marked or listed below as not
personal, so a column added later without thought makes this file fail.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import JSON, BigInteger, String, Text, func, select
from sqlalchemy.orm import Session

from db.engine import transaction
from db.models import (
    Attendance,
    Base,
    Contact,
    Enrolment,
    FaqFeedback,
    Group,
    OutboxMessage,
    Person,
    StaffQuestion,
    personal_columns,
)
from handlers import callback_data as cd
from reminders import reminding
from tests.chat import Chat, ChatUser, create_group_in_chat, join
from tests.fake_telegram import feed
from tests.test_reminders_chat import MONDAY_18, TUESDAY_08, MovableClock, run_tick

NOT_PERSONAL = {  # table.column: why it can never hold a person's name, id or words
    "organisations.name": "the organisation's name",
    "groups.name": "the group's name, chosen by its coordinator",
    "groups.kind": "a code",
    "groups.timezone": "a time zone name",
    "groups.place": "the group's meeting place",
    "groups.followup_ladder": "numbers",
    "groups.chat_id": "a Telegram group chat, not a person",
    "sessions.place": "a meeting place",
    "sessions.theme": "a meeting's theme",
    "sessions.guest": "a professional guest (health visitor, library), announced to all",
    "sessions.status": "a code",
    "sessions.cancel_reason": "the coordinator's reason for cancelling a meeting",
    "families.language": "a language code of a nameless household, for the group's numbers",
    "persons.consent_version": "the version of the privacy text she agreed to",
    "memberships.role": "a code",
    "enrolments.status": "a code",
    "attendance.reply": "a code",
    "attendance.reason": "a reason code, never free text",
    "attendance.outcome": "a code",
    "outbox.key": "a message kind and database ids",
    "outbox.template": "a template name",
    "outbox.status": "a code",
    "outbox.last_error": "Telegram's error text",
    "outbox.telegram_message_id": "a message number",
    "outbox.claimed_by": "which sender process holds the row",
    "invite_codes.code": "a random code",
    "invite_codes.kind": "a code",
    "audit_log.action": "an action name",
    "audit_log.detail": "ids and codes only (see queries.audit)",
    "holiday_periods.name": "a school holiday's name",
    "contacts.kind": "a code",
    "questions.language": "a language code",
    "questions.status": "a code",
    "faq_feedback.kind": "a code",
    "faq_feedback.language": "a language code",
    "faq_feedback.entry_id": "an FAQ entry id",
    "announcements.group_ids": "group ids",
    "announcements.kind": "a template kind",
    "announcements.default_language": "a language code",
    "conversation_states.name": "a guided chat's name (announce, new_group)",
    "conversation_drafts.name": "a guided chat's name (announce, new_group)",
}

YASMIN_ID = 987_654_321
QUESTION = "må jeg tage min søster Leyla med til gruppen på tirsdag?"
STAFF_REPLY = "Hej Yasmin, Leyla er meget velkommen!"
NOTE = "Yasmin ringede tilbage: lille Omar har feber"


def test_every_column_is_marked_personal_or_listed_as_not_personal() -> None:
    unclassified = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text | JSON | BigInteger)
        and not column.info.get("personal")
        and f"{table.name}.{column.name}" not in NOT_PERSONAL
    ]
    assert unclassified == [], "mark these info=PERSONAL or list them in NOT_PERSONAL"
    marked = {f"{t}.{c}" for t, c in personal_columns(Base.metadata)}
    assert not marked & NOT_PERSONAL.keys()
    assert {"persons.first_name", "contacts.note", "faq_feedback.text", "outbox.slots"} <= marked


def traces(session: Session, needles: list[str]) -> list[str]:
    """Every marked column that still holds one of `needles`."""
    found = []
    for table_name, column_name in personal_columns(Base.metadata):
        column = Base.metadata.tables[table_name].c[column_name]
        for value in session.scalars(select(column)):
            text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            found += [f"{table_name}.{column_name}: {n}" for n in needles if n in str(text)]
    return found


async def yasmin_leaves_traces_everywhere(chat: Chat) -> tuple[ChatUser, ChatUser, ChatUser]:
    """She joins, sends word, asks the FAQ and the staff, says no thanks and blocks the bot."""
    chat.app.bot_data["services"].clock = MovableClock(MONDAY_18 - timedelta(days=1))
    coordinator = chat.user(10, "Mette")
    parent_code, staff_code = await create_group_in_chat(chat, coordinator)
    yasmin, fatma = chat.user(YASMIN_ID, "Yasmin"), chat.user(21, "Fatma")
    staff = chat.user(30, "Sofie")
    for user, code in ((yasmin, parent_code), (fatma, parent_code), (staff, staff_code)):
        await join(user, code)

    await run_tick(chat, MONDAY_18)
    await yasmin.press("Jeg kan ikke komme")
    await yasmin.press("Mit barn er sygt")
    await yasmin.text(QUESTION)  # the FAQ can't answer: logged, and offered to the staff
    await yasmin.press("✉️ Spørg personalet")
    await yasmin.press("🙂 Med mit navn")
    await staff.command("/questions")
    await staff.press("✉️ 1. Svar")
    await staff.text(STAFF_REPLY)
    with transaction(chat.db) as session:
        person = session.scalars(select(Person).where(Person.telegram_id == YASMIN_ID)).one()
        group = session.scalars(select(Group)).one()
        session.add(Contact(family_id=person.family_id, group_id=group.id, kind="called",
                            note=NOTE, at=MONDAY_18))  # fmt: skip
        group_id = group.id
    no_thanks = cd.pack(cd.STOP, group_id, "y")  # "I don't want to come any more"
    await feed(chat.app, yasmin.user.press_data(no_thanks))
    chat.fake.blocked.add(YASMIN_ID)  # she blocks the bot: the coordinators hear it
    with transaction(chat.db) as session:
        person = session.scalars(select(Person).where(Person.telegram_id == YASMIN_ID)).one()
        person.blocked_at = MONDAY_18
        assert reminding.tell_coordinators_unreachable(session, person, TUESDAY_08) == 1
    chat.fake.blocked.discard(YASMIN_ID)  # and comes back, to be forgotten
    with transaction(chat.db) as session:
        assert traces(session, ["Yasmin", str(YASMIN_ID), "Leyla", "Omar"])  # all there now
        pending = session.scalars(
            select(OutboxMessage.template).where(OutboxMessage.status == "pending")
        ).all()
        assert {"declined", "unreachable"} <= set(pending)
    return yasmin, fatma, coordinator


async def test_after_delete_no_marked_column_holds_her_and_nothing_about_her_is_sent(
    chat: Chat,
) -> None:
    yasmin, _, _ = await yasmin_leaves_traces_everywhere(chat)
    with transaction(chat.db) as session:
        attendance_before = session.scalar(select(func.count()).select_from(Attendance))
    await yasmin.command("/delete")
    await yasmin.press("Ja, slet")
    assert "slettet" in yasmin.last().text
    sent_before = len(chat.fake.sent)

    with transaction(chat.db) as session:
        assert traces(session, ["Yasmin", str(YASMIN_ID), "Leyla", "Omar", "feber"]) == []
        assert session.scalar(select(func.count()).select_from(StaffQuestion)) == 0
        assert session.scalars(select(FaqFeedback.text)).all() in ([], [None])
        assert session.scalar(select(func.count()).select_from(Contact)) == 1  # the call counts
        # attendance stays as a nameless count for the group's figures
        assert session.scalar(select(func.count()).select_from(Attendance)) == attendance_before
        assert session.scalars(select(Attendance.replied_by)).all() == [None] * attendance_before
        assert {e.status for e in session.scalars(select(Enrolment))} == {"active", "left"}

    await run_tick(chat, TUESDAY_08 + timedelta(hours=2))
    await run_tick(chat, TUESDAY_08 + timedelta(days=1, hours=2))
    later = chat.fake.sent[sent_before:]
    assert later, "the tick went on for the others"
    for message in later:
        assert "Yasmin" not in (message.text or "") and message.chat_id != YASMIN_ID
