"""Notices to staff that the outbox carries: a parent can't be reached; people erased."""

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


def _retention_report(session: Session, texts: Texts, slots: dict[str, Any]) -> Rendered:
    """How many people were erased for inactivity: a number, never a name."""
    text = texts.n_(
        "%(n)d person who had not used the bot or come to a meeting for %(months)d months "
        "was deleted today, as the privacy rules say. The group's numbers keep their "
        "attendance without a name.",
        "%(n)d people who had not used the bot or come to a meeting for %(months)d months "
        "were deleted today, as the privacy rules say. The group's numbers keep their "
        "attendance without a name.",
        slots["count"],
        months=slots["months"],
    )
    return str(text), None


RENDERERS["unreachable"] = _unreachable
RENDERERS["retention_report"] = _retention_report
