"""Notices to staff that the outbox carries: a parent can't be reached by the bot."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from handlers.outgoing import RENDERERS, Rendered
from i18n import Texts


def _unreachable(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    text = texts._(
        "%(name)s from %(group)s has blocked the bot, so my messages no longer reach her or him. "
        "Maybe give them a call.",
        name=slots["name"],
        group=slots["group"],
    )
    return str(text), None


RENDERERS["unreachable"] = _unreachable
