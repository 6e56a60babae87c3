"""Nothing before consent: a stranger is answered but leaves no row; gap-log words expire."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import transaction
from db.models import Base, FaqFeedback, Person
from i18n.languages import CONTENT_DIR
from onboarding.join import CONSENT_VERSION
from scheduling.tick import tick
from tests.chat import NOW, Chat
from tests.test_reminders_chat import group_with_three_parents

STRANGER_TEXT = (
    "Hej, jeg hedder Nadia Hassan og bor på Hyldagerparken 14, 2. th. "
    "Min datter Layla har astma og hoster meget om natten, hvad gør jeg?"
)


def row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


async def test_a_strangers_text_is_answered_and_leaves_no_row(chat: Chat) -> None:
    with transaction(chat.db) as session:
        before = row_counts(session)
    stranger = chat.user(555_000_111, "Nadia")
    await stranger.text(STRANGER_TEXT)
    assert stranger.last().text  # she got an answer or the closest answers
    await stranger.text("må min søster komme med til gruppen?")  # unanswered, too
    if any("👎" in label for label in stranger.last().button_texts):
        await stranger.press("👎 Nej")
    with transaction(chat.db) as session:
        assert row_counts(session) == before


async def test_a_members_gap_is_logged_and_its_words_forgotten_after_90_days(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await fatma.text("må jeg tage min søster med til gruppen på tirsdag?")
    with transaction(chat.db) as session:
        assert session.scalars(select(FaqFeedback.text)).all() == [
            "må jeg tage min søster med til gruppen på tirsdag?"
        ]
    await tick(chat.db, NOW + timedelta(days=89))
    with transaction(chat.db) as session:
        assert session.scalars(select(FaqFeedback.text)).one() is not None
    report = await tick(chat.db, NOW + timedelta(days=90, minutes=30))
    assert report.retention.gap_texts_cleared == 0  # retention runs at the top of the hour
    report = await tick(chat.db, NOW + timedelta(days=90, hours=1))
    assert report.retention.gap_texts_cleared == 1
    with transaction(chat.db) as session:
        assert session.scalars(select(FaqFeedback.kind)).all() == ["unanswered"]  # still counted
        assert session.scalars(select(FaqFeedback.text)).all() == [None]


CONSENT_TEXT_SHA256 = "c11bbec5f821ceb2784147949aeaa99bb2381ad5ce273596ded15ba3c6a7b797"


def test_the_privacy_text_is_pinned_to_its_version() -> None:
    """Changing the privacy text means a new CONSENT_VERSION: everyone is asked again."""
    text = (CONTENT_DIR / "templates" / "consent.html").read_bytes()
    assert (CONSENT_VERSION, hashlib.sha256(text).hexdigest()) == (
        "2026-11-30",
        CONSENT_TEXT_SHA256,
    ), "the privacy text changed: bump onboarding.join.CONSENT_VERSION, then this pin"


async def test_a_changed_privacy_text_is_asked_again_at_the_next_message(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    with transaction(chat.db) as session:
        person = session.scalars(select(Person).where(Person.first_name == "Fatma")).one()
        assert person.consent_version == CONSENT_VERSION
        person.consent_version = "2025-01-01"  # she agreed to an older text
    chat.app.bot_data["services"].clock.now = NOW + timedelta(days=3)
    await fatma.command("/next")
    question, answer = fatma.messages()[-2], fatma.messages()[-1]
    assert "Babygruppen" in answer.plain_text  # her question is answered too
    assert question.plain_text.startswith("Det, jeg gemmer om dig")
    assert "12 måneder" in question.plain_text and "/mydata" in question.plain_text
    await fatma.press("Ja, det er i orden")
    assert "Tak" in fatma.last().plain_text
    with transaction(chat.db) as session:
        person = session.scalars(select(Person).where(Person.first_name == "Fatma")).one()
        assert person.consent_version == CONSENT_VERSION
        assert person.consent_at == NOW + timedelta(days=3)
    sent = len(fatma.messages())
    await fatma.command("/next")
    assert len(fatma.messages()) == sent + 1  # asked once, not again
