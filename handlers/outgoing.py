"""Rendering outbox rows at send time, in the recipient's current language.

Each scheduled message kind registers a renderer under its template id; a row
whose template no renderer knows fails permanently with that reason, visible
in the outbox, instead of sending something wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from telegram import InlineKeyboardMarkup

from db.models import OutboxMessage, Person
from i18n import Texts, texts_for

Rendered = tuple[str, InlineKeyboardMarkup | None]
Renderer = Callable[[Session, Texts, dict[str, Any]], Rendered]

RENDERERS: dict[str, Renderer] = {}


class UnknownTemplate(LookupError):
    pass


class NothingToSend(Exception):
    """Raised by a renderer whose message has nothing left to say at send time.

    A digest is queued when there is something on it, but it is rendered when it is
    sent: if the list has emptied in between (a question answered, a family back), the
    row is skipped rather than sending "nobody to call".
    """


def renderer_for(db: sessionmaker[Session]) -> Callable[[OutboxMessage], Rendered]:
    def render(row: OutboxMessage) -> Rendered:
        template = RENDERERS.get(row.template)
        if template is None:
            raise UnknownTemplate(row.template)
        with db() as session:
            person = session.get(Person, row.person_id) if row.person_id else None
            return template(session, texts_for(person.language if person else None), row.slots)

    return render
