"""Invite codes and links: pure rules, no database, no Telegram."""

from __future__ import annotations

import enum
import io
import secrets
from datetime import datetime

import segno

from db.models import InviteCode

CODE_BYTES = 12  # 96 random bits: 16 URL-safe characters, far below Telegram's 64-char limit


class InviteProblem(enum.StrEnum):
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    USED = "used"


def new_code() -> str:
    """An unguessable code that fits a Telegram deep link (`A-Za-z0-9_-`)."""
    return secrets.token_urlsafe(CODE_BYTES)


def invite_problem(invite: InviteCode | None, now: datetime) -> InviteProblem | None:
    """Why an invite can't be used now, or None when it can."""
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite.revoked_at is not None:
        return InviteProblem.REVOKED
    if invite.expires_at is not None and invite.expires_at <= now:
        return InviteProblem.EXPIRED
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return InviteProblem.USED
    return None


def looks_like_code(text: str) -> bool:
    """Cheap shape check before touching the database with a deep-link payload."""
    return 8 <= len(text) <= 64 and all(c.isalnum() or c in "-_" for c in text) and text.isascii()


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def qr_png(url: str) -> bytes:
    """A QR code of `url` as PNG, large enough to print on a flyer."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()
