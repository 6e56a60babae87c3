"""End-to-end harness: a Telegram Bot API emulator over HTTP, users who talk to the bot, and
helpers to run a bot against it.

Why: unit tests call handlers with fake updates; these tests instead run a real
python-telegram-bot `Application` (in this process, or the real bot as a subprocess) against
`emulator.js` (the npm package telegram-test-api 4.2.1, patched for PTB 22) over real HTTP, and
play the user through the emulator's client API. Nothing here knows about the project's bot.

    with Emulator() as emulator:                      # node emulator.js on a free port
        app = ptb_application_builder(emulator, TOKEN).build()   # + your handlers
        async with run_polling_in_background(app):
            async with AsyncEmulatedUser(emulator, TOKEN, user_id=1001) as user:
                await user.send_command("/start")
                await user.wait_for("Welcome")
                await user.press("Dansk")

A bot in a subprocess: `with BotProcess([sys.executable, "bot.py", "run"], emulator=...,
token=...)` passes TELEGRAM_API_URL (= `emulator.api_url`) and TELEGRAM_BOT_TOKEN, and use the
synchronous `EmulatedUser`.

How the emulator behaves (see the comments in emulator.js):
- The Bot API base URL is ``http://127.0.0.1:PORT/bot``; PTB appends the token.
- getMe: id = the digits before ":" in the token, username ``TestNameBot`` for every token.
- Histories are per token: all chats of one bot in one list; users filter by their chat id.
  Message ids are one counter for the whole emulator (users' and bot's messages, all chats), so
  ordering by message id is the order of sending.
- The emulator copies the user's `from` as posted, so `language_code` reaches the bot.
- There is no long polling: getUpdates answers at once, so poll with a short interval (0.05 s).
- Nothing expires: the history lives as long as the emulator process.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self

import httpx

if TYPE_CHECKING:
    from telegram.ext import Application, ApplicationBuilder

log = logging.getLogger(__name__)

E2E_DIR = Path(__file__).resolve().parent
EMULATOR_JS = E2E_DIR / "emulator.js"
NODE_MODULES = E2E_DIR / "node_modules"
# Everything emulator.js requires; a partial install is as good as none.
REQUIRED_NODE_PACKAGES = ("telegram-test-api", "express", "multer")
MIN_NODE_MAJOR = 16

# The bot identity the emulator's getMe reports (the id comes from the token).
BOT_USERNAME = "TestNameBot"
BOT_FIRST_NAME = "Test First name"

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

Match = str | re.Pattern[str] | Callable[["BotMessage"], bool]
"""What `wait_for` looks for: a substring of the text/caption, a regex, or a predicate."""


# ---------------------------------------------------------------------------------------------
# Is the emulator available here?


def find_node() -> str | None:
    """Path of a usable `node` (>= MIN_NODE_MAJOR), or None. `E2E_NODE` overrides the lookup."""
    node = os.environ.get("E2E_NODE") or shutil.which("node")
    if not node:
        return None
    try:
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        major = int(version.lstrip("v").split(".")[0])
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return node if major >= MIN_NODE_MAJOR else None


def find_node_modules() -> Path | None:
    """tests/e2e/node_modules if `npm ci` installed every package emulator.js needs, else None."""
    for package in REQUIRED_NODE_PACKAGES:
        if not (NODE_MODULES / package / "package.json").is_file():
            return None
    return NODE_MODULES


def emulator_unavailable_reason() -> str | None:
    """None when the emulator can run here; otherwise one line saying what is missing and how
    to fix it, so that the suite can skip with it (or CI can fail with it)."""
    if find_node() is None:
        return f"node >= {MIN_NODE_MAJOR} is not installed (needed for the Telegram emulator)"
    if find_node_modules() is None:
        return "the Telegram emulator is not installed: run `npm ci --prefix tests/e2e`"
    return None


def require_emulator(*, module_level: bool = False) -> None:
    """Skip when the emulator is unavailable; fail instead when CI=true (CI must really run
    the end-to-end tests: a skip there would hide a broken setup).

    Call it with `module_level=True` at the top of a test module, right after the imports:
    the whole module then skips as one line (fixtures would skip each test on its own line),
    and in CI the module fails to collect with the reason."""
    import pytest

    reason = emulator_unavailable_reason()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI must run the end-to-end tests, but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)


def bot_id_from_token(token: str) -> int:
    """The bot's user id as the emulator's getMe reports it (Telegram does the same)."""
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() and len(head) <= 15 else 666


_token_numbers = itertools.count(1)


def new_token(prefix: str = "E2E") -> str:
    """A fresh bot token ("<bot id>:<secret>"): histories are per token, so tests that share
    one emulator stay apart by each using its own."""
    number = next(_token_numbers)
    return f"{100000 + number}:{prefix}-{number}"


# ---------------------------------------------------------------------------------------------
# The emulator process


class Emulator:
    """`node emulator.js` on 127.0.0.1 as a context manager.

    With `port=None` the emulator binds port 0 and reports the port the OS chose in its
    ``READY <port>`` line, so there is no race between picking a port and binding it.
    The process also exits when this object's pipe to its stdin closes, so an emulator never
    outlives a killed test run.
    """

    def __init__(
        self,
        port: int | None = None,
        *,
        startup_timeout: float = 15.0,
        log_requests: bool = False,
    ) -> None:
        self._requested_port = port
        self._startup_timeout = startup_timeout
        self._log_requests = log_requests or bool(os.environ.get("EMULATOR_LOG"))
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._port: int | None = None
        self._client: httpx.Client | None = None

    # -- lifecycle --

    def start(self) -> Self:
        """Start node and wait for its READY line; raise RuntimeError (with stderr) if not."""
        if self._process is not None:
            return self
        reason = emulator_unavailable_reason()
        if reason is not None:
            raise RuntimeError(reason)
        node = find_node()
        assert node is not None
        env = dict(os.environ, EMULATOR_EXIT_ON_STDIN_EOF="1")
        env.pop("PORT", None)
        if self._log_requests:
            env["EMULATOR_LOG"] = "1"
        # Kept open as long as this object: stderr_text() reads it after the process ends.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [node, str(EMULATOR_JS), str(self._requested_port or 0)],
            cwd=E2E_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(
            target=_pump_lines, args=(self._process.stdout, lines), daemon=True
        ).start()
        try:
            line = lines.get(timeout=self._startup_timeout)
        except queue.Empty:
            line = None
        match = re.fullmatch(r"READY (\d+)", (line or "").strip())
        if not match:
            stderr = self.stderr_text()
            self.stop()
            raise RuntimeError(
                f"the Telegram emulator did not start (first line {line!r}); stderr:\n{stderr}"
            )
        self._port = int(match.group(1))
        self._client = httpx.Client(base_url=self.url, timeout=10.0, trust_env=False)
        return self

    def stop(self) -> None:
        """Stop node: close its stdin, terminate, wait, kill as the last resort."""
        if self._client is not None:
            self._client.close()
            self._client = None
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                if process.stdin:
                    process.stdin.close()
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            if process.stdout:
                process.stdout.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses --

    @property
    def port(self) -> int:
        """The port the emulator listens on (only once started)."""
        if self._port is None:
            raise RuntimeError("the emulator is not running")
        return self._port

    @property
    def url(self) -> str:
        """Root URL of the emulator, where its client API lives (/sendMessage, ...)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """Bot API base URL for PTB's `base_url` / the bot's TELEGRAM_API_URL (token appended)."""
        return f"{self.url}/bot"

    # -- inspection, for tests and diagnostics --

    def stderr_text(self) -> str:
        """Everything node wrote to stderr (errors; every Bot API call with log_requests)."""
        if self._stderr is None:
            return ""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def _post(self, path: str, payload: Mapping[str, Any]) -> Any:
        if self._client is None:
            raise RuntimeError("the emulator is not running")
        response = self._client.post(path, json=dict(payload))
        response.raise_for_status()
        return response.json()["result"]

    def raw_history(self, token: str) -> list[dict[str, Any]]:
        """The emulator's /getUpdatesHistory for a token: user and bot entries, all chats."""
        return list(self._post("/getUpdatesHistory", {"token": token}))

    def bot_messages(self, token: str, chat_id: int | None = None) -> list[BotMessage]:
        """What the bot sent (to one chat, or to all), oldest first."""
        return parse_bot_messages(self.raw_history(token), chat_id)

    def status(self, token: str) -> dict[str, int]:
        """Counts for a token: get_updates_calls, get_me_calls, pending_updates."""
        return dict(self._post("/e2e/status", {"token": token}))

    def block(self, token: str, chat_id: int) -> None:
        """The user of `chat_id` blocks the bot: from now on sends to them get 403."""
        self._post("/e2e/block", {"token": token, "chat_id": chat_id})

    def callback_answers(self, token: str) -> list[dict[str, Any]]:
        """Every answerCallbackQuery of the bot: callback_query_id, user_id, text, show_alert."""
        return list(self._post("/e2e/callbackAnswers", {"token": token}))

    def wait_until_polling(
        self,
        token: str,
        timeout: float = 15.0,
        *,
        more_than: int = 0,
        alive: Callable[[], str | None] | None = None,
    ) -> None:
        """Wait until the bot with `token` has called getUpdates more than `more_than` times.

        `alive` may return an error text (e.g. "the bot exited") to stop waiting early.
        Messages sent before that are queued anyway; this makes startup failures show up as
        such instead of as a reply that never comes."""
        deadline = time.monotonic() + timeout
        while True:
            if self.status(token)["get_updates_calls"] > more_than:
                return
            problem = alive() if alive else None
            if problem:
                raise AssertionError(problem)
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not poll getUpdates within {timeout} s")
            time.sleep(0.05)


def _pump_lines(stream: IO[bytes] | None, lines: queue.Queue[str | None]) -> None:
    """Forward stdout lines (READY) and keep draining so node never blocks on a full pipe."""
    if stream is None:
        return
    with contextlib.suppress(ValueError, OSError):
        for raw in stream:
            lines.put(raw.decode("utf-8", "replace"))
    lines.put(None)


# ---------------------------------------------------------------------------------------------
# What the bot sent


@dataclass(frozen=True)
class BotMessage:
    """One message the bot sent, as the emulator's history holds it (after any edits)."""

    message_id: int
    chat_id: int | str
    date: int
    """Unix seconds of sending."""
    text: str
    """The text, or the caption of a photo/document; "" if neither."""
    parse_mode: str | None
    """As sent: the emulator does not render HTML/Markdown, so `text` keeps the tags."""
    reply_markup: dict[str, Any] | None
    photo: list[dict[str, Any]] | None
    document: dict[str, Any] | None
    edited: bool
    raw: dict[str, Any] = field(repr=False)
    """The stored fields as the bot posted them (chat_id, text, reply_markup, ...)."""

    @property
    def has_photo(self) -> bool:
        return bool(self.photo)

    @property
    def has_document(self) -> bool:
        return self.document is not None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard's buttons, row by row, flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    @property
    def button_texts(self) -> list[str]:
        return [str(button.get("text", "")) for button in self.buttons]

    @property
    def keyboard_texts(self) -> list[str]:
        """Texts of a reply keyboard (the user "presses" one with send_message(text))."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [b if isinstance(b, str) else str(b.get("text", "")) for row in rows for b in row]

    def find_button(self, label: str) -> dict[str, Any] | None:
        """The inline button whose text or callback_data is exactly `label`."""
        for button in self.buttons:
            if label in (button.get("text"), button.get("callback_data")):
                return button
        return None

    def fingerprint(self) -> str:
        """Changes when the message is edited; `wait_for` uses it to see edits as news."""
        return json.dumps(self.raw, sort_keys=True, default=str)

    def describe(self) -> str:
        """One line for assertion messages."""
        parts = [f"#{self.message_id}"]
        if self.edited:
            parts.append("[edited]")
        if self.has_photo:
            parts.append("[photo]")
        if self.has_document:
            parts.append(f"[document {self.document and self.document.get('file_name')}]")
        text = self.text if len(self.text) <= 160 else self.text[:157] + "..."
        parts.append(repr(text))
        if self.buttons:
            parts.append(f"buttons={self.button_texts}")
        if self.keyboard_texts:
            parts.append(f"keyboard={self.keyboard_texts}")
        return " ".join(parts)


def _as_chat_id(value: Any) -> int | str:
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


def parse_bot_messages(
    entries: Sequence[Mapping[str, Any]], chat_id: int | None = None
) -> list[BotMessage]:
    """The bot's messages from /getUpdatesHistory entries, oldest first.

    Bot entries are the ones whose stored message has `chat_id` (it is the bot's request body);
    user entries have `chat` or are callback queries. Sorted by message id, not by the
    emulator's millisecond `time`, which ties within a millisecond."""
    messages = []
    for entry in entries:
        message = entry.get("message")
        if not isinstance(message, dict) or "chat_id" not in message:
            continue
        if chat_id is not None and str(message["chat_id"]) != str(chat_id):
            continue
        markup = message.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        messages.append(
            BotMessage(
                message_id=int(entry["messageId"]),
                chat_id=_as_chat_id(message["chat_id"]),
                date=int(entry["time"]) // 1000,
                text=str(message.get("text") or message.get("caption") or ""),
                parse_mode=message.get("parse_mode"),
                reply_markup=markup if isinstance(markup, dict) else None,
                photo=message.get("photo"),
                document=message.get("document"),
                edited="edit_date" in message,
                raw=dict(message),
            )
        )
    return sorted(messages, key=lambda m: m.message_id)


def _matcher(match: Match) -> Callable[[BotMessage], bool]:
    if isinstance(match, str):
        return lambda message: match in message.text
    if isinstance(match, re.Pattern):
        return lambda message: match.search(message.text) is not None
    return match


def _describe_match(match: Match) -> str:
    if isinstance(match, str):
        return repr(match)
    if isinstance(match, re.Pattern):
        return f"/{match.pattern}/"
    return getattr(match, "__name__", "predicate")


# ---------------------------------------------------------------------------------------------
# Users


class _UserCore:
    """A Telegram user (and the chat they write in) as the emulator's client API needs them.

    The client routes take the update's message as posted, so this builds complete Bot API
    objects: `from` with is_bot and language_code, `chat`, `date` in seconds, command entities
    (the emulator's /sendCommand asserts they exist). Shared by the sync and async users."""

    def __init__(
        self,
        emulator: Emulator | str,
        token: str,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "da",
        chat_id: int | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
        timeout: float = 10.0,
        poll_interval: float = 0.05,
    ) -> None:
        self.base_url = emulator.url if isinstance(emulator, Emulator) else emulator.rstrip("/")
        self.token = token
        self.user_id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.chat_id = user_id if chat_id is None else chat_id
        self.chat_type = chat_type
        self.chat_title = chat_title
        self.timeout = timeout
        self.poll_interval = poll_interval
        self._baseline: dict[int, str] = {}

    # -- payloads --

    def user_dict(self) -> dict[str, Any]:
        """The `from` of this user's updates."""
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                user[key] = getattr(self, key)
        return user

    def chat_dict(self) -> dict[str, Any]:
        """The `chat` of this user's updates (and of the bot messages they press buttons on)."""
        if self.chat_type == "private":
            chat = {"id": self.chat_id, "type": "private", "first_name": self.first_name}
            if self.username:
                chat["username"] = self.username
            return chat
        return {"id": self.chat_id, "type": self.chat_type, "title": self.chat_title or "Group"}

    def _message_payload(self, text: str, extra: Mapping[str, Any]) -> dict[str, Any]:
        payload = {
            "botToken": self.token,
            "from": self.user_dict(),
            "chat": self.chat_dict(),
            "date": int(time.time()),
            "text": text,
        }
        payload.update(extra)
        return payload

    def _command_payload(self, text: str, extra: Mapping[str, Any]) -> dict[str, Any]:
        if not text.startswith("/"):
            raise ValueError(f"a command starts with '/': {text!r}")
        command = text.split(maxsplit=1)[0]
        entities = [{"offset": 0, "length": len(command), "type": "bot_command"}]
        return self._message_payload(text, {"entities": entities, **extra})

    def _callback_payload(self, message: BotMessage, data: str) -> dict[str, Any]:
        """The callback query for pressing a button on `message`, which it carries in Bot API
        shape (PTB needs message_id, chat and date; the emulator adds chat_instance)."""
        api_message: dict[str, Any] = {
            "message_id": message.message_id,
            "from": {
                "id": bot_id_from_token(self.token),
                "is_bot": True,
                "first_name": BOT_FIRST_NAME,
                "username": BOT_USERNAME,
            },
            "chat": self.chat_dict(),
            "date": message.date,
        }
        if message.has_photo or message.has_document:
            api_message["caption"] = message.text
            for key in ("photo", "document"):
                if message.raw.get(key):
                    api_message[key] = message.raw[key]
        else:
            api_message["text"] = message.text
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            api_message["reply_markup"] = message.reply_markup
        return {
            "botToken": self.token,
            "from": self.user_dict(),
            "message": api_message,
            "data": data,
        }

    # -- matching --

    def _set_baseline(self, messages: Sequence[BotMessage]) -> None:
        """Everything in the chat now is "old": wait_for looks only at what comes after."""
        self._baseline = {m.message_id: m.fingerprint() for m in messages}

    def _take_match(self, messages: Sequence[BotMessage], match: Match) -> BotMessage | None:
        accept = _matcher(match)
        for message in messages:
            fingerprint = message.fingerprint()
            if self._baseline.get(message.message_id) == fingerprint:
                continue
            if accept(message):
                self._baseline[message.message_id] = fingerprint
                return message
        return None

    def _wait_failure(self, match: Match, timeout: float, messages: Sequence[BotMessage]) -> str:
        recent = "\n".join(f"  {m.describe()}" for m in messages[-10:]) or "  (none)"
        return (
            f"no new or edited bot message matching {_describe_match(match)} within {timeout} s "
            f"in chat {self.chat_id}; the bot's latest messages there:\n{recent}"
        )

    def _find_button(
        self, messages: Sequence[BotMessage], label: str, message_id: int | None
    ) -> tuple[BotMessage, dict[str, Any]]:
        candidates = [m for m in reversed(messages) if message_id in (None, m.message_id)]
        for message in candidates:
            button = message.find_button(label)
            if button is not None:
                if "callback_data" not in button:
                    raise AssertionError(
                        f"button {label!r} on {message.describe()} has no callback"
                    )
                return message, button
        recent = "\n".join(f"  {m.describe()}" for m in candidates[:5]) or "  (none)"
        raise AssertionError(
            f"no inline button {label!r} (text or callback_data) in chat {self.chat_id}; "
            f"latest bot messages:\n{recent}"
        )

    def _my_answers(self, answers: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [dict(a) for a in answers if a.get("user_id") == self.user_id]


class EmulatedUser(_UserCore):
    """A user, synchronous: for tests that run the bot elsewhere (e.g. `BotProcess`).

    Do not use it in the event loop that runs an in-process Application: its waiting blocks
    the loop, so the bot could never answer. Use `AsyncEmulatedUser` there.

    Each action (send_command, send_message, press) first snapshots the chat; `wait_for` then
    returns the oldest bot message that is new or edited since, and matches."""

    _client: httpx.Client | None = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _post(self, path: str, payload: Mapping[str, Any]) -> Any:
        if self._client is None:
            self._client = httpx.Client(base_url=self.base_url, timeout=10.0, trust_env=False)
        response = self._client.post(path, json=dict(payload))
        response.raise_for_status()
        return response.json().get("result")

    def history(self) -> list[BotMessage]:
        """The bot's messages in this user's chat, oldest first, as they are now."""
        return parse_bot_messages(
            self._post("/getUpdatesHistory", {"token": self.token}), self.chat_id
        )

    def last_message(self) -> BotMessage | None:
        messages = self.history()
        return messages[-1] if messages else None

    def send_command(self, text: str, **extra: Any) -> None:
        """Send a command such as "/start abc" (extra fields go into the message)."""
        self._set_baseline(self.history())
        self._post("/sendCommand", self._command_payload(text, extra))

    def send_message(self, text: str, **extra: Any) -> None:
        """Send a plain text message (extra fields go into the message, e.g. reply_to_message)."""
        self._set_baseline(self.history())
        self._post("/sendMessage", self._message_payload(text, extra))

    def press(self, button: str, *, message_id: int | None = None) -> BotMessage:
        """Press the inline button with this text or callback_data on the latest bot message
        that has one (or on `message_id`); returns the message pressed on."""
        messages = self.history()
        message, found = self._find_button(messages, button, message_id)
        self._set_baseline(messages)
        self._post("/sendCallback", self._callback_payload(message, str(found["callback_data"])))
        return message

    def wait_for(self, match: Match, timeout: float | None = None) -> BotMessage:
        """Wait for a new or edited bot message in this chat that matches; AssertionError with
        the chat's latest messages if none comes in time."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            messages = self.history()
            found = self._take_match(messages, match)
            if found is not None:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(self._wait_failure(match, timeout, messages))
            time.sleep(self.poll_interval)

    def assert_no_reply(self, wait: float = 0.5) -> None:
        """Fail if the bot sends or edits anything in this chat within `wait` seconds."""
        time.sleep(wait)
        new = self._take_match(self.history(), lambda _m: True)
        if new is not None:
            raise AssertionError(f"expected no reply, but the bot sent {new.describe()}")

    def callback_answers(self) -> list[dict[str, Any]]:
        """The bot's answerCallbackQuery calls for this user's presses (text, show_alert)."""
        return self._my_answers(self._post("/e2e/callbackAnswers", {"token": self.token}))


class AsyncEmulatedUser(_UserCore):
    """The same user with async methods, for tests that run the bot's Application in their
    own event loop (see `run_polling_in_background`). Use as `async with`, or `aclose()`."""

    _client: httpx.AsyncClient | None = None

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _post(self, path: str, payload: Mapping[str, Any]) -> Any:
        if self._client is None:  # created lazily, inside the event loop that uses it
            self._client = httpx.AsyncClient(base_url=self.base_url, timeout=10.0, trust_env=False)
        response = await self._client.post(path, json=dict(payload))
        response.raise_for_status()
        return response.json().get("result")

    async def history(self) -> list[BotMessage]:
        """The bot's messages in this user's chat, oldest first, as they are now."""
        entries = await self._post("/getUpdatesHistory", {"token": self.token})
        return parse_bot_messages(entries, self.chat_id)

    async def last_message(self) -> BotMessage | None:
        messages = await self.history()
        return messages[-1] if messages else None

    async def send_command(self, text: str, **extra: Any) -> None:
        """Send a command such as "/start abc" (extra fields go into the message)."""
        self._set_baseline(await self.history())
        await self._post("/sendCommand", self._command_payload(text, extra))

    async def send_message(self, text: str, **extra: Any) -> None:
        """Send a plain text message (extra fields go into the message)."""
        self._set_baseline(await self.history())
        await self._post("/sendMessage", self._message_payload(text, extra))

    async def press(self, button: str, *, message_id: int | None = None) -> BotMessage:
        """Press the inline button with this text or callback_data on the latest bot message
        that has one (or on `message_id`); returns the message pressed on."""
        messages = await self.history()
        message, found = self._find_button(messages, button, message_id)
        self._set_baseline(messages)
        await self._post(
            "/sendCallback", self._callback_payload(message, str(found["callback_data"]))
        )
        return message

    async def wait_for(self, match: Match, timeout: float | None = None) -> BotMessage:
        """Wait for a new or edited bot message in this chat that matches; AssertionError with
        the chat's latest messages if none comes in time."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            messages = await self.history()
            found = self._take_match(messages, match)
            if found is not None:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(self._wait_failure(match, timeout, messages))
            await asyncio.sleep(self.poll_interval)

    async def assert_no_reply(self, wait: float = 0.5) -> None:
        """Fail if the bot sends or edits anything in this chat within `wait` seconds."""
        await asyncio.sleep(wait)
        new = self._take_match(await self.history(), lambda _m: True)
        if new is not None:
            raise AssertionError(f"expected no reply, but the bot sent {new.describe()}")

    async def callback_answers(self) -> list[dict[str, Any]]:
        """The bot's answerCallbackQuery calls for this user's presses (text, show_alert)."""
        return self._my_answers(await self._post("/e2e/callbackAnswers", {"token": self.token}))


# ---------------------------------------------------------------------------------------------
# Running a bot against the emulator


def ptb_application_builder(emulator: Emulator | str, token: str) -> ApplicationBuilder:
    """`Application.builder()` pointed at the emulator: `.token(token).base_url(api_url)`.
    Add handlers to what `.build()` returns, then `run_polling_in_background`."""
    from telegram.ext import Application

    api_url = emulator.api_url if isinstance(emulator, Emulator) else emulator
    return Application.builder().token(token).base_url(api_url)


@dataclass
class RunningApplication:
    """What `run_polling_in_background` yields: the app and the errors its handlers raised."""

    app: Application
    errors: list[BaseException] = field(default_factory=list)


@contextlib.asynccontextmanager
async def run_polling_in_background(
    app: Application,
    poll_interval: float = 0.05,
    *,
    fail_on_handler_error: bool = True,
    **polling_kwargs: Any,
) -> AsyncIterator[RunningApplication]:
    """Run `app` in this event loop, polling the emulator, for the body of an `async with`.

    initialize(), post_init, start(), updater.start_polling(poll_interval=...), then on exit
    updater.stop(), stop(), shutdown() — each step guarded, so a failing test still cleans up.
    The emulator has no long polling, hence the short interval. Exceptions raised in the bot's
    handlers are collected (and logged); unless `fail_on_handler_error=False`, the first one
    fails the block when it ends normally, so a crash is not mistaken for a slow reply."""
    running = RunningApplication(app)

    async def record_error(update: object, context: Any) -> None:
        running.errors.append(context.error)
        log.error("bot handler raised while handling %r", update, exc_info=context.error)

    app.add_error_handler(record_error)
    await app.initialize()
    try:
        if app.post_init is not None:  # as run_polling does: the bot's jobs (tick, sender)
            await app.post_init(app)
        await app.start()
        try:
            assert app.updater is not None, "build the Application with an Updater"
            await app.updater.start_polling(poll_interval=poll_interval, **polling_kwargs)
            try:
                yield running
            finally:
                if app.updater.running:
                    await app.updater.stop()
        finally:
            if app.running:
                await app.stop()
    finally:
        await app.shutdown()
        app.remove_error_handler(record_error)
    if running.errors and fail_on_handler_error:
        first = running.errors[0]
        raise AssertionError(f"the bot's handlers raised: {running.errors!r}") from first


class BotProcess:
    """A bot run as a subprocess (e.g. `python bot.py run`) against the emulator.

    The child gets the emulator's Bot API URL and the token in environment variables (names
    configurable), PYTHONUNBUFFERED=1, and writes stdout+stderr to a temp file: `output()`
    shows it, and failures of `wait_until_polling` include it. Entering the context starts the
    bot and waits until it polls, so a crash at startup fails at once with its output."""

    def __init__(
        self,
        args: Sequence[str],
        *,
        emulator: Emulator,
        token: str,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
        api_url_env: str = "TELEGRAM_API_URL",
        token_env: str = "TELEGRAM_BOT_TOKEN",
        startup_timeout: float = 30.0,
    ) -> None:
        self.args = list(args)
        self.emulator = emulator
        self.token = token
        self.env = dict(env or {})
        self.cwd = cwd
        self.api_url_env = api_url_env
        self.token_env = token_env
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None
        self._polls_before = 0

    @property
    def returncode(self) -> int | None:
        """None while the bot runs (or before start), else its exit code."""
        return self._process.poll() if self._process else None

    def start(self) -> Self:
        """Spawn the bot (without waiting for it)."""
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env.update(self.env)
        env[self.api_url_env] = self.emulator.api_url
        env[self.token_env] = self.token
        self._polls_before = self.emulator.status(self.token)["get_updates_calls"]
        # Kept open as long as this object: output() reads it after the process ends.
        self._output = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            self.args,
            cwd=self.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        return self

    def output(self) -> str:
        """What the bot printed so far (stdout and stderr together)."""
        if self._output is None:
            return ""
        self._output.flush()
        self._output.seek(0)
        return self._output.read().decode("utf-8", "replace")

    def _exited(self) -> str | None:
        code = self.returncode
        if code is None:
            return None
        return f"the bot exited with code {code} before polling; its output:\n{self.output()}"

    def wait_until_polling(self, timeout: float | None = None) -> None:
        """Wait until the bot has polled getUpdates since it started."""
        try:
            self.emulator.wait_until_polling(
                self.token,
                self.startup_timeout if timeout is None else timeout,
                more_than=self._polls_before,
                alive=self._exited,
            )
        except AssertionError as exc:
            if self.returncode is None:
                raise AssertionError(f"{exc}; the bot's output:\n{self.output()}") from None
            raise

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM (PTB's run_polling stops cleanly on it), wait, kill if need be; returns the
        exit code (None if it never started)."""
        process = self._process
        if process is None:
            return None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        return process.returncode

    def __enter__(self) -> Self:
        self.start()
        try:
            self.wait_until_polling()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
