"""Smoke tests of the end-to-end setup itself: the patched emulator (emulator.js) with real
python-telegram-bot 22 over HTTP, driven through harness.py.

They use a tiny bot defined here, not the project's bot, so that a failure here means the
emulator or the harness is broken, not the bot. Without node or `npm ci --prefix tests/e2e`
they skip with one line; with CI=true they fail instead.
"""

from __future__ import annotations

import asyncio
import base64
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from harness import (
    BOT_USERNAME,
    AsyncEmulatedUser,
    BotProcess,
    EmulatedUser,
    Emulator,
    bot_id_from_token,
    new_token,
    ptb_application_builder,
    require_emulator,
    run_polling_in_background,
)
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

require_emulator(module_level=True)  # one "skipped" line without node; a failure in CI

pytestmark = pytest.mark.e2e

# A 1x1 PNG.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    require_emulator()
    with Emulator() as running:
        yield running


@pytest.fixture
def token() -> str:
    return new_token()


def build_tiny_bot(emulator: Emulator, token: str) -> Application:
    """/start -> greeting with Yes/No buttons; a press -> answer + edit; /photo, /doc, /html.
    Everything PTB parsed (received updates, returned Messages) lands in bot_data."""
    app = ptb_application_builder(emulator, token).build()
    seen: dict[str, list] = app.bot_data.setdefault("seen", {"updates": [], "sent": []})

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen["updates"].append(update)
        user = update.effective_user
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Yes", callback_data="answer:yes"),
                    InlineKeyboardButton("No", callback_data="answer:no"),
                ]
            ]
        )
        sent = await update.effective_message.reply_text(
            f"Hello {user.first_name}! language={user.language_code} args={' '.join(context.args)}",
            reply_markup=keyboard,
        )
        seen["sent"].append(sent)

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen["updates"].append(update)
        query = update.callback_query
        choice = query.data.split(":", 1)[1]
        await query.answer(f"Noted: {choice}")
        seen["sent"].append(await query.edit_message_text(f"You chose {choice}"))

    async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen["sent"].append(
            await context.bot.send_photo(update.effective_chat.id, PNG_1X1, caption="A pixel")
        )

    async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen["sent"].append(
            await context.bot.send_document(
                update.effective_chat.id, b"hello, parents", filename="notes.txt", caption="Notes"
            )
        )

    async def html(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen["sent"].append(
            await update.effective_message.reply_text(
                "<b>Bold</b> &amp; <i>italic</i>", parse_mode=ParseMode.HTML
            )
        )

    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(answer, pattern=r"^answer:"))
    app.add_handler(CommandHandler("photo", photo))
    app.add_handler(CommandHandler("doc", document))
    app.add_handler(CommandHandler("html", html))
    return app


def assert_recent(moment: datetime) -> None:
    """A date PTB parsed is now-ish: a date in ms would be thousands of years off (or crash)."""
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=5), moment


def assert_seconds(value: int) -> None:
    assert abs(value - time.time()) < 300, value


@pytest.mark.asyncio
async def test_get_me_reports_a_bot(emulator: Emulator, token: str) -> None:
    raw = httpx.post(f"{emulator.api_url}{token}/getMe", trust_env=False).json()
    assert raw["ok"] is True
    assert raw["result"]["is_bot"] is True
    assert raw["result"]["id"] == bot_id_from_token(token)
    assert raw["result"]["username"] == BOT_USERNAME
    assert raw["result"]["first_name"]

    app = build_tiny_bot(emulator, token)
    async with run_polling_in_background(app):
        me = await app.bot.get_me()
    assert me.is_bot and me.username == BOT_USERNAME and me.id == bot_id_from_token(token)


@pytest.mark.asyncio
async def test_start_press_and_edit(emulator: Emulator, token: str) -> None:
    app = build_tiny_bot(emulator, token)
    seen = app.bot_data["seen"]
    async with (
        run_polling_in_background(app),
        AsyncEmulatedUser(emulator, token, 1001, "Alice", language_code="da") as alice,
    ):
        await alice.send_command("/start abc")
        greeting = await alice.wait_for("Hello Alice!")
        assert "language=da" in greeting.text and "args=abc" in greeting.text
        assert greeting.button_texts == ["Yes", "No"]
        assert greeting.chat_id == 1001 and not greeting.edited
        assert_seconds(greeting.date)

        pressed = await alice.press("Yes")
        assert pressed.message_id == greeting.message_id
        edited = await alice.wait_for("You chose yes")
        assert edited.message_id == greeting.message_id
        assert edited.edited
        assert edited.buttons == []  # an edit without reply_markup drops the keyboard
        assert [m.text for m in await alice.history()] == ["You chose yes"]

        answers = await alice.callback_answers()
        assert [a["text"] for a in answers] == ["Noted: yes"]

    command, callback = seen["updates"]
    assert command.message.text == "/start abc"
    assert command.effective_user.language_code == "da"
    assert_recent(command.message.date)
    assert callback.callback_query.chat_instance
    assert callback.callback_query.message.message_id == greeting.message_id
    assert_recent(callback.callback_query.message.date)
    reply, edit_result = seen["sent"]
    assert isinstance(reply, Message) and isinstance(edit_result, Message)
    assert_recent(reply.date)
    assert edit_result.text == "You chose yes" and edit_result.message_id == reply.message_id
    assert edit_result.reply_markup is None
    assert edit_result.edit_date is not None


@pytest.mark.asyncio
async def test_photo_and_document_show_in_history(emulator: Emulator, token: str) -> None:
    app = build_tiny_bot(emulator, token)
    async with (
        run_polling_in_background(app),
        AsyncEmulatedUser(emulator, token, 2002, "Pia") as user,
    ):
        await user.send_command("/photo")
        photo = await user.wait_for("A pixel")
        await user.send_command("/doc")
        document = await user.wait_for(lambda m: m.has_document)

    assert photo.has_photo and not photo.has_document
    size = photo.photo[-1]
    assert (size["width"], size["height"], size["file_size"]) == (1, 1, len(PNG_1X1))
    assert size["file_id"] and size["file_unique_id"]
    assert document.text == "Notes"
    assert document.document["file_name"] == "notes.txt"
    assert document.document["file_size"] == len(b"hello, parents")
    assert document.document["mime_type"]

    sent_photo, sent_document = app.bot_data["seen"]["sent"]
    assert sent_photo.photo[-1].file_id == size["file_id"]
    assert sent_photo.caption == "A pixel"
    assert sent_document.document.file_name == "notes.txt"
    assert_recent(sent_photo.date)
    assert_recent(sent_document.date)


@pytest.mark.asyncio
async def test_html_message(emulator: Emulator, token: str) -> None:
    app = build_tiny_bot(emulator, token)
    async with (
        run_polling_in_background(app),
        AsyncEmulatedUser(emulator, token, 3003, "Hans") as user,
    ):
        await user.send_command("/html")
        message = await user.wait_for("Bold")
    # The emulator stores what the bot sent: markup unrendered, parse_mode alongside.
    assert message.text == "<b>Bold</b> &amp; <i>italic</i>"
    assert message.parse_mode == "HTML"


@pytest.mark.asyncio
async def test_two_users_at_once_have_their_own_chats(emulator: Emulator, token: str) -> None:
    app = build_tiny_bot(emulator, token)
    async with (
        run_polling_in_background(app),
        AsyncEmulatedUser(emulator, token, 4001, "Alice", language_code="da") as alice,
        AsyncEmulatedUser(emulator, token, 4002, "Bob", language_code="en") as bob,
    ):
        await asyncio.gather(alice.send_command("/start"), bob.send_command("/start"))
        alice_greeting, bob_greeting = await asyncio.gather(
            alice.wait_for("Hello Alice! language=da"), bob.wait_for("Hello Bob! language=en")
        )
        await asyncio.gather(alice.press("No"), bob.press("answer:yes"))  # text or callback_data
        await asyncio.gather(alice.wait_for("You chose no"), bob.wait_for("You chose yes"))

        alice_history, bob_history = await asyncio.gather(alice.history(), bob.history())
        assert [m.text for m in alice_history] == ["You chose no"]
        assert [m.text for m in bob_history] == ["You chose yes"]
        assert alice_greeting.message_id != bob_greeting.message_id
        assert [a["text"] for a in await alice.callback_answers()] == ["Noted: no"]
        assert [a["text"] for a in await bob.callback_answers()] == ["Noted: yes"]
        await alice.assert_no_reply(0.2)


@pytest.mark.asyncio
async def test_wait_for_reports_the_chat_when_nothing_matches(
    emulator: Emulator, token: str
) -> None:
    app = build_tiny_bot(emulator, token)
    async with (
        run_polling_in_background(app),
        AsyncEmulatedUser(emulator, token, 5005, "Eva") as user,
    ):
        await user.send_command("/start")
        await user.wait_for("Hello Eva")
        with pytest.raises(
            AssertionError, match=r"(?s)'never'.*Hello Eva.*buttons=\['Yes', 'No'\]"
        ):
            await user.wait_for("never", timeout=0.3)
        with pytest.raises(AssertionError, match="no inline button 'Maybe'"):
            await user.press("Maybe")


def test_bot_api_over_plain_http(emulator: Emulator, token: str) -> None:
    """Dates in seconds, getUpdates without long polling but with offset acknowledgement,
    Telegram-like edit errors, and `ok: true` for methods the emulator lacks."""
    api = httpx.Client(base_url=f"{emulator.api_url}{token}", trust_env=False, timeout=5)
    user = EmulatedUser(emulator, token, 6006, "Ole")
    with api, user:
        user.send_message("hello")
        started = time.monotonic()
        first = api.post("/getUpdates", data={"timeout": "30"}).json()["result"]
        assert time.monotonic() - started < 2  # no long polling: answers at once
        assert [u["message"]["text"] for u in first] == ["hello"]
        assert_seconds(first[0]["message"]["date"])
        update_id = first[0]["update_id"]
        # Not confirmed yet: delivered again; confirmed by a higher offset: gone.
        again = api.post("/getUpdates", data={"offset": str(update_id)}).json()["result"]
        assert [u["update_id"] for u in again] == [update_id]
        assert api.post("/getUpdates", data={"offset": str(update_id + 1)}).json()["result"] == []

        sent = api.post("/sendMessage", data={"chat_id": "6006", "text": "hi"}).json()["result"]
        assert_seconds(sent["date"])
        assert sent["chat"]["id"] == 6006 and sent["from"]["is_bot"] is True
        edit = {"chat_id": "6006", "message_id": str(sent["message_id"]), "text": "hi"}
        unchanged = api.post("/editMessageText", data=edit)
        assert unchanged.status_code == 400 and "not modified" in unchanged.json()["description"]
        missing = api.post("/editMessageText", data={**edit, "message_id": "999999"})
        assert missing.status_code == 400

        for method in (
            "setMyCommands",
            "deleteMyCommands",
            "setChatMenuButton",
            "sendChatAction",
            "deleteWebhook",
            "someFutureMethod",
        ):
            reply = api.post(f"/{method}", data={"commands": "[]"}).json()
            assert (reply["ok"], reply["result"]) == (True, True), (method, reply)
        assert api.post("/getWebhookInfo").json()["result"]["url"] == ""
        assert user.history()[-1].text == "hi"

        markup = '{"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}'
        target = {"chat_id": "6006", "message_id": str(sent["message_id"])}
        with_markup = api.post("/editMessageReplyMarkup", data={**target, "reply_markup": markup})
        assert with_markup.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Go"
        assert user.history()[-1].button_texts == ["Go"]
        without = api.post("/editMessageReplyMarkup", data=target).json()["result"]
        assert "reply_markup" not in without and user.history()[-1].buttons == []
        assert api.post("/deleteMessage", data=target).json() == {"ok": True, "result": True}
        assert user.history() == []

        user.send_message("dropped")
        api.post("/deleteWebhook", data={"drop_pending_updates": "true"})
        assert api.post("/getUpdates").json()["result"] == []


@pytest.mark.asyncio
async def test_handler_errors_fail_the_block(emulator: Emulator, token: str) -> None:
    app = ptb_application_builder(emulator, token).build()

    async def broken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise RuntimeError("boom")

    app.add_handler(CommandHandler("start", broken))
    with pytest.raises(AssertionError, match="boom") as failure:
        async with (
            run_polling_in_background(app) as running,
            AsyncEmulatedUser(emulator, token, 8008, "Ib") as user,
        ):
            await user.send_command("/start")
            for _ in range(100):
                if running.errors:
                    break
                await asyncio.sleep(0.05)
    assert isinstance(failure.value.__cause__, RuntimeError)


def test_bot_as_subprocess(emulator: Emulator, token: str, tmp_path: Path) -> None:
    """The way the real bot is tested: its own process, configured through the environment."""
    script = tmp_path / "echo_bot.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            from telegram.ext import Application, CommandHandler

            async def ping(update, context):
                await update.message.reply_text("pong " + update.effective_user.language_code)

            app = (
                Application.builder()
                .token(os.environ["TELEGRAM_BOT_TOKEN"])
                .base_url(os.environ["TELEGRAM_API_URL"])
                .build()
            )
            app.add_handler(CommandHandler("ping", ping))
            app.run_polling(poll_interval=0.05)
            """
        )
    )
    with (
        BotProcess([sys.executable, str(script)], emulator=emulator, token=token) as bot,
        EmulatedUser(emulator, token, 7007, "Kim", language_code="uk") as user,
    ):
        user.send_command("/ping")
        assert user.wait_for("pong").text == "pong uk"
    assert bot.returncode == 0, bot.output()
