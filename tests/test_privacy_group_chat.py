"""Personal data stays in private chats: in a group chat every command gets one line.

The commands are read from the running Application, so a command added later
is checked too without anyone remembering to list it here.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from sqlalchemy import func, select
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from db.engine import transaction
from db.models import AuditEntry, Group, InviteCode, Person, StaffQuestion
from handlers import callback_data as cd
from tests.chat import Chat, ChatUser
from tests.fake_telegram import feed
from tests.test_reminders_chat import MONDAY_18, group_with_three_parents
from tests.test_summary_chat import one_week

GROUP_CHAT = -1001234567890
INVITE = re.compile(r"start=[A-Za-z0-9_-]+")
ONLY_IN_GROUPS = {"linkchat"}  # the one command that belongs in a group chat


def registered_commands(chat: Chat) -> tuple[set[str], set[str]]:
    """(commands that start something, commands that only work inside a conversation)."""
    starting: set[str] = set()
    inside: set[str] = set()

    def walk(handlers: list[BaseHandler], within: bool) -> None:
        for handler in handlers:
            if isinstance(handler, ConversationHandler):
                walk(handler.entry_points, within)
                walk(handler.fallbacks, True)
                for state in handler.states.values():
                    walk(state, True)
            elif isinstance(handler, CommandHandler):
                (inside if within else starting).update(handler.commands)

    for handlers in chat.app.handlers.values():
        walk(handlers, False)
    return starting - ONLY_IN_GROUPS, inside - starting - ONLY_IN_GROUPS


async def people_with_data(chat: Chat) -> tuple[ChatUser, list[ChatUser], ChatUser]:
    """A group with a week behind it, a parent's question and a contact note."""
    coordinator, parents, staff = await group_with_three_parents(chat)
    await one_week(chat, parents, staff)
    await parents[0].command("/ask")
    await parents[0].text("Min søn Yusuf hoster om natten, hvad gør jeg?")
    await parents[0].press("🙂 Med mit navn")
    with transaction(chat.db) as session:
        assert session.scalar(select(func.count()).select_from(StaffQuestion)) == 1
    return coordinator, parents, staff


def _personal(text: str) -> list[str]:
    found = [name for name in ("Fatma", "Amina", "Sara", "Yusuf", "Sofie") if name in text]
    return found + INVITE.findall(text)


async def test_every_command_in_a_group_chat_posts_one_line_and_nothing_personal(
    chat: Chat,
) -> None:
    coordinator, parents, staff = await people_with_data(chat)
    admin = chat.user(1, "Admin")
    commands, inside = registered_commands(chat)
    assert {"summary", "export", "report", "checkin", "questions", "calllist", "links"} <= commands
    with transaction(chat.db) as session:
        rows_before = session.scalar(select(func.count()).select_from(AuditEntry))
        invites_before = session.scalar(select(func.count()).select_from(InviteCode))
    chat.app.bot_data["services"].clock.now = MONDAY_18 + timedelta(days=1, hours=16)
    # Some 140 answers to one group chat: Telegram allows 20 a minute there, and the bot
    # keeps to it. On virtual time (the bot's limits and the fake's meter, which would
    # answer 429 to a 21st) the test waits those minutes in no time.
    elapsed = VirtualTime()
    limits = chat.app.bot_data["services"].limits
    limits.monotonic, limits.sleep, chat.fake.monotonic = elapsed.now, elapsed.sleep, elapsed.now
    for person in (coordinator, staff, parents[0], admin):
        for command in sorted(commands | inside):
            before = len(chat.fake.sent_to(GROUP_CHAT))
            private_before = len(chat.fake.sent)
            await _type_in_group(person, f"/{command}")
            posted = chat.fake.sent_to(GROUP_CHAT)[before:]
            if command in inside and not posted:
                continue  # /cancel with no conversation going: nothing to say
            assert len(posted) == 1, (person.user.first_name, command, posted)
            message = posted[0]
            assert message.photo is None and message.document is None, command
            assert not _personal(message.text or ""), (command, message.text)
            assert "privat" in message.plain_text, (command, message.plain_text)
            [[(_label, url)]] = message.buttons
            assert url == "https://t.me/ParentGroupTestBot", (command, message.buttons)
            assert len(chat.fake.sent) == private_before + 1, command  # nothing elsewhere either
    assert chat.fake.flood_answers == 0 and elapsed.seconds > 5 * 60  # the limit held
    with transaction(chat.db) as session:  # nothing recorded, no link made or revoked
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == rows_before
        assert session.scalar(select(func.count()).select_from(InviteCode)) == invites_before
        assert session.scalars(select(InviteCode.revoked_at)).all() == [None] * invites_before


class VirtualTime:
    """Elapsed time that moves only when someone sleeps."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def now(self) -> float:
        return self.seconds

    async def sleep(self, seconds: float) -> None:
        self.seconds += max(seconds, 0.0)
        await asyncio.sleep(0)


async def _type_in_group(person: ChatUser, text: str) -> None:
    """Typed in the group chat; feed() re-raises any handler error."""
    await feed(person.app, person.user.command(text, chat_id=GROUP_CHAT))


async def test_links_in_a_group_chat_posts_no_link(chat: Chat) -> None:
    coordinator, _, _ = await group_with_three_parents(chat)
    await _type_in_group(coordinator, "/links")
    await _type_in_group(coordinator, "/links@ParentGroupTestBot")
    for message in chat.fake.sent_to(GROUP_CHAT):
        assert "start=" not in (message.text or "") and message.photo is None
        assert all("start=" not in (url or "") for row in message.buttons for _, url in row)
    await coordinator.command("/links")  # in the private chat the links still come
    assert INVITE.search(coordinator.last().text)


async def test_a_staff_button_pressed_in_a_group_chat_shows_nothing_there(chat: Chat) -> None:
    coordinator, _, _ = await group_with_three_parents(chat)
    with transaction(chat.db) as session:
        group_id = session.scalars(select(Group.id)).one()
        invites = session.scalar(select(func.count()).select_from(InviteCode))
    for data in (
        cd.pack(cd.NEW_LINK, group_id, "s"),
        cd.pack(cd.EXPORT, group_id, "x"),
        cd.pack(cd.DELETE_CONFIRM, "yes"),
    ):
        before = len(chat.fake.sent)
        await feed(chat.app, coordinator.user.press_data(data, chat_id=GROUP_CHAT))
        assert len(chat.fake.sent) == before, data  # no new message anywhere
        answer = chat.fake.calls_to("answerCallbackQuery")[-1]
        assert answer.params.get("show_alert") in (True, "true"), data
    with transaction(chat.db) as session:
        assert session.scalar(select(func.count()).select_from(InviteCode)) == invites
        assert session.scalar(select(func.count()).select_from(Person)) == 5  # nobody deleted
