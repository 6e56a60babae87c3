"""Talking to the real Application over the fake transport: users, a chat fixture, joining."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker
from telegram.ext import Application

from clock import Clock
from db.engine import transaction
from db.models import InviteKind, Organisation
from handlers.application import build_application as build_bot_application
from handlers.common import Services
from handlers.delivery import telegram_deliver
from handlers.outgoing import renderer_for
from onboarding.join import create_invite
from outbox.sender import Sender
from scheduling.sending import make_sender
from scheduling.tick import report_announcements
from settings import Settings
from tests.fake_telegram import FakeTelegram, FakeUser, SentMessage, build_application, feed

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)  # a Sunday; the group meets on Tuesdays
LINK = re.compile(r"https://t\.me/ParentGroupTestBot\?start=([A-Za-z0-9_-]+)")


class ChatUser:
    """A person in a private chat with the bot: each action is fed through the Application."""

    def __init__(self, app: Application, user: FakeUser) -> None:
        self.app, self.user = app, user

    async def command(self, text: str) -> None:
        await feed(self.app, self.user.command(text))

    async def text(self, text: str) -> None:
        await feed(self.app, self.user.text(text))

    async def press(self, label: str) -> None:
        """Tap a button; a language button may carry the suggestion tick."""
        try:
            update = self.user.press(label)
        except AssertionError:
            update = self.user.press(f"✓ {label}")
        await feed(self.app, update)

    def messages(self) -> list[SentMessage]:
        return self.user.messages

    def last(self) -> SentMessage:
        return self.user.last_message


@dataclass
class Chat:
    app: Application
    fake: FakeTelegram
    db: sessionmaker[Session]

    def sender(self, due: Clock | None = None) -> Sender:
        """The bot's sender over this chat's transport (due at the services' clock)."""
        services: Services = self.app.bot_data["services"]
        deliver = telegram_deliver(self.app.bot, renderer_for(self.db), services.limits)
        return make_sender(self.db, deliver, services.limits, due or (lambda: services.clock()))

    async def send_outbox(self) -> None:
        """What the background sender does in the running bot, once: send what is due now,
        then the delivery report of an announcement whose copies are all done."""
        sender = self.sender()
        await sender.drain()
        if report_announcements(self.db, sender.clock()):
            await sender.drain()

    def user(self, user_id: int, first_name: str, language_code: str | None = "da") -> ChatUser:
        return ChatUser(
            self.app, FakeUser(self.fake, user_id, first_name, language_code=language_code)
        )


@pytest.fixture
async def chat(db: sessionmaker[Session]) -> AsyncIterator[Chat]:
    fake = FakeTelegram()
    settings = Settings(token="123456:TEST", admin_ids=frozenset({1}))
    services = Services(settings=settings, db=db, clock=lambda: NOW)
    app = build_bot_application(settings, services, build_application(fake))
    await app.initialize()
    await app.post_init(app)
    yield Chat(app, fake, db)
    await app.shutdown()


async def join(user: ChatUser, code: str, language: str = "Dansk") -> None:
    """Open an invite link, pick a language, agree."""
    await user.command(f"/start {code}")
    await user.press(language)
    await user.press("Yes, that is OK" if language == "English" else "Ja, det er i orden")


def coordinator_code(db: sessionmaker[Session]) -> str:
    with transaction(db) as session:
        org = Organisation(name="Albertslund Boligsocial")
        session.add(org)
        session.flush()
        return create_invite(session, InviteKind.ORG_COORDINATOR, org, one_time=True).code


async def create_group_in_chat(chat: Chat, coordinator: ChatUser) -> tuple[str, str]:
    """Coordinator link -> confirm -> /newgroup conversation; returns (parent, staff) codes."""
    await coordinator.command(f"/start {coordinator_code(chat.db)}")
    await coordinator.press("Dansk")
    await coordinator.press("Ja, det er i orden")
    assert "/newgroup" in coordinator.last().text
    await coordinator.command("/newgroup")
    await coordinator.text("Babygruppen tirsdag")
    await coordinator.press("tirsdag")
    await coordinator.text("kl 10")  # not a time: asked again, nothing lost
    assert "10:00" in coordinator.last().text
    await coordinator.text("10:00")
    await coordinator.text("Vuggestuen Solsikken, Hyldagerparken 1")
    await coordinator.press("Åben gruppe (kom når som helst)")
    summary = coordinator.last().text
    assert "Babygruppen tirsdag" in summary and "10.00" in summary and "Solsikken" in summary
    await coordinator.press("Opret gruppen")
    messages = coordinator.messages()
    qr = next(m for m in messages if m.photo is not None)
    assert qr.photo.startswith(b"\x89PNG")
    parent_code, staff_code = LINK.findall(messages[-1].text)
    return parent_code, staff_code
