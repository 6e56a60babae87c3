"""Erasing a person (/delete): everything about them goes, the family's nameless numbers stay."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from db.models import ConversationDraft, ConversationState, Person
from onboarding.join import forget_person


def erase_person(session: Session, person: Person, now: datetime) -> None:
    """The person, their roles, and any half-written draft of a guided chat."""
    telegram_id = person.telegram_id
    forget_person(session, person, now)
    session.execute(delete(ConversationDraft).where(ConversationDraft.user_id == telegram_id))
    session.execute(delete(ConversationState).where(ConversationState.user_id == telegram_id))
