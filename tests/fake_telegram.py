"""An in-process fake of the Telegram Bot API for driving a real PTB ``Application`` in tests.

Why this exists
---------------
Mocking ``Bot.send_message`` hides exactly the failures that break a bot in production:
HTML that Telegram refuses to parse, callback data over 64 bytes, a 4097-character message,
"message is not modified" on a double tap, a parent who blocked the bot, a 429 flood wait.
PTB's own test-suite avoids mocks by swapping the HTTP layer; this module does the same:
:class:`FakeTelegram` is a :class:`telegram.request.BaseRequest`, so the *real* ``Bot``,
``ExtBot`` (with ``Defaults``), handlers, ``CallbackContext`` and ``JobQueue`` run unchanged,
and only the network is replaced by an in-memory Bot API that

* answers the methods the project uses with JSON shaped like Telegram's,
* records every call (:attr:`FakeTelegram.calls`) and every message the bot sent or edited,
* rejects what Telegram rejects, with Telegram's status codes and descriptions, so PTB raises
  the same ``BadRequest`` / ``Forbidden`` / ``RetryAfter`` it would raise in production,
* can inject 429 / 403 / 500 / timeout / network failures for retry and outbox tests.

Typical use::

    fake = FakeTelegram()
    app = build_application(fake, defaults=Defaults(parse_mode=ParseMode.HTML)).build()
    app.add_handler(...)
    async with app:                         # initialize() calls getMe on the fake
        amina = FakeUser(fake, 1001)
        await feed(app, amina.command("/start ABC123"))
        await feed(app, amina.press("Dansk"))
        assert fake.last_to(1001).edited

HTML parsing mirrors tdlib's ``parse_html`` (the code behind the Bot API) byte for byte,
including its error messages.  With ``strict_html=True`` (the default) a few things that real
Telegram silently *accepts but mangles* are rejected too (an unescaped ``&``, ``&nbsp;``,
unknown attributes, ``<a>`` without a valid ``href``, forbidden nesting such as ``<b>``
inside ``<code>``, a formatting tag the reader would see as text because it was escaped twice,
``&lt;b&gt;``).  Those messages end in ``[FakeTelegram strict HTML; ...]`` and say what
Telegram would have done instead, because such output is almost always an escaping bug.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import struct
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from tests.telegram_html import TelegramHTMLError, _check_url, parse_html, utf16_len

__all__ = [
    "DEFAULT_BOT_USERNAME",
    "DEFAULT_TOKEN",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_MESSAGE_LENGTH",
    "NOT_MODIFIED_DESCRIPTION",
    "Call",
    "CallbackAnswer",
    "FailureKind",
    "FakeTelegram",
    "FakeUser",
    "PendingUpdate",
    "SentMessage",
    "TelegramHTMLError",
    "UploadedFile",
    "build_application",
    "callback",
    "command",
    "feed",
    "group_message",
    "my_chat_member",
    "parse_html",
    "private_message",
    "utf16_len",
]

JSONDict = dict[str, Any]
Button = tuple[str, str | None]
FailureKind = Literal["400", "403", "429", "500", "502", "timeout", "network"]

DEFAULT_TOKEN: Final = "123456:TEST"
DEFAULT_BOT_USERNAME: Final = "ParentGroupTestBot"
DEFAULT_BOT_FIRST_NAME: Final = "Parent Group Test Bot"

MAX_MESSAGE_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_CALLBACK_ANSWER_LENGTH: Final = 200
MAX_INLINE_BUTTONS: Final = 100
MAX_PHOTO_BYTES: Final = 10 * 1024 * 1024
MAX_UPLOAD_BYTES: Final = 50 * 1024 * 1024

NOT_MODIFIED_DESCRIPTION: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD_DESCRIPTION: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_API_URL_RE = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]+)/?$")
_FILE_URL_RE = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?=\s|$)")
_BOT_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
# A Telegram formatting tag that reached the reader as text: "&lt;b&gt;" in the HTML source,
# i.e. markup that was escaped again (a Markup joined with a plain str that held HTML).
_VISIBLE_TAG_RE = re.compile(
    r"</?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|blockquote|tg-spoiler|tg-emoji|span)"
    r"(?:\s[^<>]*)?>"
)
_ENTITY_TYPES: Final = frozenset(
    {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
    }
)

# Ids of incoming messages built without a FakeTelegram start high, so they never collide with
# the small per-chat ids the fake hands out for the bot's own messages.
_INCOMING_MESSAGE_IDS = itertools.count(1_000_001)
_UPDATE_IDS = itertools.count(1)
_CALLBACK_QUERY_IDS = itertools.count(1)


def _bot_id_from_token(token: str) -> int:
    """The bot's user id is the numeric part of its token, exactly as with real tokens."""
    prefix = token.split(":", 1)[0]
    return int(prefix) if prefix.isdigit() else 0


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A file that arrived as multipart data (``InputFile``), with what PTB declared for it."""

    filename: str
    content: bytes
    mime_type: str

    @property
    def size(self) -> int:
        """Size in bytes, as Telegram reports it in ``file_size``."""
        return len(self.content)


@dataclass
class Call:
    """One Bot API request as the fake received it, plus how it was answered.

    ``params`` holds the JSON parameters (uploaded files are in ``files``, not in ``params``).
    ``status`` is the HTTP status answered, or ``None`` when a timeout/network error was raised.
    """

    method: str
    params: JSONDict
    files: dict[str, UploadedFile] = field(default_factory=dict)
    status: int | None = 200
    result: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether Telegram would have answered ``{"ok": true}``."""
        return self.status == 200


@dataclass(frozen=True)
class SentMessage:
    """A snapshot of a bot message right after it was sent or edited.

    ``text``/``caption`` are exactly what the bot sent (HTML markup included); ``plain_text`` /
    ``plain_caption`` are what the user sees after entity parsing.  ``buttons`` are the inline
    keyboard rows as ``(text, callback_data or url)``; ``keyboard`` the reply-keyboard rows.
    """

    chat_id: int
    message_id: int
    method: str
    edited: bool
    text: str | None
    caption: str | None
    plain_text: str | None
    plain_caption: str | None
    parse_mode: str | None
    entities: list[JSONDict]
    buttons: list[list[Button]]
    keyboard: list[list[str]] | None
    reply_markup: JSONDict | None
    photo: bytes | None
    document: bytes | None
    document_name: str | None
    document_mime_type: str | None
    date: int

    @property
    def button_texts(self) -> list[str]:
        """All inline button labels, row by row, for quick ``in`` assertions."""
        return [text for row in self.buttons for text, _ in row]

    def button(self, text: str) -> Button:
        """The inline button labelled ``text``; AssertionError listing the labels otherwise."""
        for row in self.buttons:
            for button in row:
                if button[0] == text:
                    return button
        raise AssertionError(f"no button {text!r} in message; buttons: {self.button_texts}")


@dataclass(frozen=True)
class CallbackAnswer:
    """An ``answerCallbackQuery`` call: the toast/alert the user saw after pressing a button."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None

    def __getitem__(self, key: str) -> Any:
        """Dict-style access (``answer["text"]``), mirroring the Bot API parameter names."""
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)


@dataclass
class _StoredMessage:
    """Telegram-side state of one message: its current JSON and what the bot sent for it."""

    json: JSONDict
    from_bot: bool
    raw_text: str | None = None
    raw_caption: str | None = None
    parse_mode: str | None = None
    photo: bytes | None = None
    document: UploadedFile | None = None
    sent_markup: JSONDict | None = None
    deleted: bool = False


@dataclass
class _Failure:
    kind: FailureKind
    remaining: int
    retry_after: int
    description: str | None
    after_delivery: bool


class _ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def _wire_text(value: Any) -> str | None:
    """A string parameter as Telegram receives it (non-strings arrive JSON-encoded)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def _dump(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _inline_markup(markup: JSONDict | None) -> JSONDict | None:
    """Telegram only echoes inline keyboards in Message.reply_markup, and drops empty ones."""
    if markup and isinstance(markup.get("inline_keyboard"), list) and markup["inline_keyboard"]:
        return copy.deepcopy({"inline_keyboard": markup["inline_keyboard"]})
    return None


def _buttons_of(markup: JSONDict | None) -> list[list[Button]]:
    rows: list[list[Button]] = []
    for row in (markup or {}).get("inline_keyboard") or []:
        converted: list[Button] = []
        for button in row:
            target = (
                button.get("callback_data")
                or button.get("url")
                or (button.get("web_app") or {}).get("url")
                or (button.get("login_url") or {}).get("url")
                or button.get("switch_inline_query")
                or button.get("switch_inline_query_current_chat")
            )
            converted.append((button.get("text", ""), target))
        rows.append(converted)
    return rows


def _keyboard_of(markup: JSONDict | None) -> list[list[str]] | None:
    rows = (markup or {}).get("keyboard")
    if not isinstance(rows, list):
        return None
    return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]


def _normalized_entities(entities: Iterable[JSONDict] | None) -> list[str]:
    return sorted(json.dumps(e, sort_keys=True) for e in entities or [])


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width/height of PNG, GIF, BMP and JPEG data; None if Telegram couldn't process it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(int(width)), abs(int(height))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            (segment,) = struct.unpack(">H", data[i + 2 : i + 4])
            i += 2 + int(segment)
    return None


def _chat_member_json(status: str, user: JSONDict) -> JSONDict:
    """A ChatMember object with the fields PTB requires for ``status``."""
    if status == "creator":
        return {"status": status, "user": user, "is_anonymous": False}
    if status == "administrator":
        return {
            "status": status,
            "user": user,
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_manage_video_chats": True,
            "can_restrict_members": True,
            "can_promote_members": False,
            "can_change_info": True,
            "can_invite_users": True,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
            "can_pin_messages": True,
        }
    if status == "kicked":
        return {"status": status, "user": user, "until_date": 0}
    if status in ("member", "left"):
        return {"status": status, "user": user}
    raise ValueError(f"unsupported chat member status {status!r}")


# --------------------------------------------------------------------------------------------
# The fake Bot API
# --------------------------------------------------------------------------------------------


class FakeTelegram(BaseRequest):
    """An in-memory Bot API plugged into PTB as its HTTP transport.

    Pass the same instance as ``request`` and ``get_updates_request`` (see
    :func:`build_application`).  Everything the bot does is recorded in :attr:`calls`; messages
    are available per chat via :meth:`sent_to` / :meth:`last_to`.  Telegram-side state
    (messages, chats, commands) survives :meth:`clear`, so edits of earlier messages still work.

    Args:
        bot_username: ``username`` returned by getMe (what CommandHandler matches ``@`` against).
        bot_first_name: ``first_name`` returned by getMe.
        token: token assumed before the first request (the bot id is its numeric prefix);
            replaced by the token the Bot actually uses.
        blocked: chat ids whose user blocked the bot (or group that kicked it): sends get 403.
        strict_html: reject HTML Telegram accepts but mangles (see module docstring).
        known_chats_only: answer "chat not found" for chats the fake has never seen in an
            update or via :meth:`add_chat`, like Telegram does for users who never wrote.
        latency: seconds every request takes; 0 still yields to the event loop like real I/O.
        now: clock for message dates (Unix seconds); swap it when testing with frozen time.
    """

    def __init__(
        self,
        *,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = DEFAULT_BOT_FIRST_NAME,
        token: str = DEFAULT_TOKEN,
        blocked: Iterable[int] = (),
        strict_html: bool = True,
        known_chats_only: bool = False,
        latency: float = 0.0,
        now: Callable[[], float] = time.time,
        flood_limit: int | None = 30,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.token = token
        self.blocked: set[int] = set(blocked)
        self.strict_html = strict_html
        self.known_chats_only = known_chats_only
        self.latency = latency
        self.now = now
        self.flood_limit = flood_limit  # messages in any trailing second, as Telegram counts
        self.monotonic = monotonic
        self.flood_answers = 0  # how many 429s the meter gave
        self.webhook_url = ""  # set by setWebhook (webhook mode); getUpdates is refused then
        # Called with each request before it is answered: a test can look at the world
        # (e.g. the database) as it is at the moment the bot talks to Telegram.
        self.on_request: list[Callable[[Call], None]] = []
        self._accepted: deque[float] = deque()
        self._accepted_in_group: dict[int, deque[float]] = {}

        self.calls: list[Call] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.unknown_methods: list[str] = []
        self.initialize_count = 0
        self.shutdown_count = 0

        self.chats: dict[int, JSONDict] = {}
        self.users: dict[int, JSONDict] = {}
        self.members: dict[tuple[int, int], str] = {}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.files: dict[str, UploadedFile] = {}

        self._timeline: list[SentMessage] = []
        self._messages: dict[tuple[int, int], _StoredMessage] = {}
        self._last_message_id: dict[int, int] = {}
        self._updates: list[JSONDict] = []
        self._failures: dict[str, deque[_Failure]] = {}
        self._known_queries: set[str] = set()
        self._answered_queries: set[str] = set()
        self._file_paths: dict[str, str] = {}
        self._file_seq = itertools.count(1)
        self._handlers: dict[str, Callable[[JSONDict, dict[str, UploadedFile]], Any]] = {
            "getMe": self._get_me,
            "logOut": lambda _p, _f: True,
            "close": lambda _p, _f: True,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getFile": self._get_file,
        }
        self._canonical = {name.lower(): name for name in [*self._handlers, "getUpdates"]}

    # ---- BaseRequest interface -------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout PTB adds to getUpdates' long-poll ``timeout``."""
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open; counted so tests can assert the Application lifecycle."""
        self.initialize_count += 1

    async def shutdown(self) -> None:
        """Nothing to close; counted (PTB calls it once per request slot, i.e. twice)."""
        self.shutdown_count += 1

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one Bot API request with ``(http_status, json_payload)`` like Telegram."""
        await asyncio.sleep(self.latency)
        file_match = _FILE_URL_RE.search(url)
        if method == "GET" and file_match:
            stored = self.files.get(self._file_paths.get(file_match.group("path"), ""))
            if stored is None:
                return 404, _dump({"ok": False, "error_code": 404, "description": "Not Found"})
            return 200, stored.content

        match = _API_URL_RE.search(url)
        if match is None:
            raise AssertionError(f"FakeTelegram got a request for an unexpected URL: {url}")
        token, raw_method = match.group("token"), match.group("method")
        api_method = self._canonical.get(raw_method.lower(), raw_method)
        params = copy.deepcopy(request_data.parameters) if request_data else {}
        call = Call(api_method, params, self._read_files(request_data))
        self.calls.append(call)
        for look in self.on_request:
            look(call)

        failure = self._take_failure(api_method)
        if failure is not None and not failure.after_delivery:
            return self._fail(call, failure)
        flood = self._flood_wait(api_method, params)
        if flood is not None:
            self.flood_answers += 1
            return self._fail(call, _Failure("429", 0, flood, "Too Many Requests: flood", False))
        if not _TOKEN_RE.match(token):
            return self._answer_error(call, _ApiError(404, "Not Found"))
        self.token = token
        try:
            if api_method == "getUpdates":
                result: Any = await self._get_updates(params)
            elif api_method in self._handlers:
                result = self._handlers[api_method](params, call.files)
            else:
                self.unknown_methods.append(api_method)
                raise _ApiError(
                    404, f"Not Found: method {raw_method!r} is not implemented by FakeTelegram"
                )
        except _ApiError as error:
            return self._answer_error(call, error)
        call.result = copy.deepcopy(result)
        if failure is not None:
            return self._fail(call, failure)
        return 200, _dump({"ok": True, "result": result})

    def _flood_wait(self, method: str, params: JSONDict) -> int | None:
        """Telegram's flood control: more than `flood_limit` messages in a trailing second,
        or 20 in a trailing minute to one group chat, are answered 429 (and not delivered)."""
        if self.flood_limit is None or "chat_id" not in params:
            return None
        if not method.startswith(("send", "edit", "copy", "forward")) or method == "sendChatAction":
            return None
        now = self.monotonic()
        while self._accepted and self._accepted[0] <= now - 1.0:
            self._accepted.popleft()
        if len(self._accepted) >= self.flood_limit:
            return 1
        try:
            chat_id = int(params["chat_id"])
        except (TypeError, ValueError):
            chat_id = 0
        if chat_id < 0:
            group = self._accepted_in_group.setdefault(chat_id, deque())
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(group) >= 20:
                return max(1, int(group[0] + 60.0 - now) + 1)
            group.append(now)
        self._accepted.append(now)
        return None

    # ---- configuration and failure injection -----------------------------------------------

    def fail_next(
        self,
        method: str,
        kind: FailureKind,
        count: int = 1,
        *,
        retry_after: int = 5,
        description: str | None = None,
        after_delivery: bool = False,
    ) -> None:
        """Make the next ``count`` calls of ``method`` (``"*"`` = any method) fail.

        ``kind``: ``"429"`` (flood wait, PTB raises ``RetryAfter(retry_after)``), ``"403"``,
        ``"400"``, ``"500"``/``"502"`` (PTB raises ``NetworkError``), ``"timeout"``
        (``TimedOut``) or ``"network"`` (``NetworkError``).  ``after_delivery=True`` performs
        the call first and fails only the answer, like a timeout after Telegram already
        delivered the message: the case that makes naive retries send duplicates.
        """
        if kind not in ("400", "403", "429", "500", "502", "timeout", "network"):
            raise ValueError(f"unknown failure kind {kind!r}")
        if count < 1:
            raise ValueError("count must be >= 1")
        queue = self._failures.setdefault(method, deque())
        queue.append(_Failure(kind, count, retry_after, description, after_delivery))

    def clear_failures(self) -> None:
        """Drop all failures injected with :meth:`fail_next` that have not fired yet."""
        self._failures.clear()

    def add_chat(
        self,
        chat_id: int,
        *,
        chat_type: str | None = None,
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> JSONDict:
        """Make a chat known (for ``known_chats_only``, getChat and message ``chat`` fields)."""
        chat = self.chat_json(chat_id)
        if chat_type is not None:
            chat["type"] = chat_type
        if title is not None:
            chat["title"] = title
        if first_name is not None:
            chat["first_name"] = first_name
        if username is not None:
            chat["username"] = username
        self.chats[chat_id] = chat
        return chat

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """Status getChatMember reports: creator, administrator, member, left or kicked."""
        _chat_member_json(status, {})  # validates the status
        self.members[(chat_id, user_id)] = status

    def queue_update(self, update: Mapping[str, Any] | Update) -> JSONDict:
        """Queue an update for getUpdates (polling tests); assigns ``update_id`` if missing."""
        data = update.to_dict() if isinstance(update, Update) else copy.deepcopy(dict(update))
        data.setdefault("update_id", next(_UPDATE_IDS))
        self.observe_update(data)
        self._updates.append(data)
        return data

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates queued for getUpdates that were not confirmed by an ``offset`` yet."""
        return list(self._updates)

    def observe_update(self, update: Mapping[str, Any]) -> None:
        """Learn chats, users, incoming messages and callback ids from an update.

        :func:`feed` and :meth:`queue_update` call this, so that later bot calls are checked
        against what Telegram would know (message ids, callback query ids, blocked users).
        """
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            message = update.get(key)
            if isinstance(message, Mapping):
                self._observe_message(message)
        query = update.get("callback_query")
        if isinstance(query, Mapping):
            self._remember_user(query.get("from"))
            if query.get("id"):
                self._known_queries.add(str(query["id"]))
            message = query.get("message")
            if isinstance(message, Mapping) and isinstance(message.get("chat"), Mapping):
                self._remember_chat(message["chat"])
        for key in ("my_chat_member", "chat_member"):
            change = update.get(key)
            if not isinstance(change, Mapping):
                continue
            self._remember_chat(change.get("chat"))
            self._remember_user(change.get("from"))
            new = change.get("new_chat_member") or {}
            member = new.get("user") or {}
            chat_id = (change.get("chat") or {}).get("id")
            if chat_id is None or not member:
                continue
            self.members[(chat_id, member["id"])] = new.get("status", "member")
            if key == "my_chat_member" and member.get("id") == self.bot_id:
                if new.get("status") in ("kicked", "left"):
                    self.blocked.add(chat_id)
                else:
                    self.blocked.discard(chat_id)

    def allocate_message_id(self, chat_id: int) -> int:
        """Next message id in ``chat_id``; shared by user and bot messages like in Telegram."""
        next_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = next_id
        return next_id

    def clear(self) -> None:
        """Forget the record (calls, sent messages, answers) but keep Telegram-side state."""
        self.calls.clear()
        self._timeline.clear()
        self.callback_answers.clear()
        self.unknown_methods.clear()

    def add_bot_message(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: Iterable[Iterable[Button]] = (),
        parse_mode: str | None = None,
        date: int | None = None,
    ) -> int:
        """Put a message "sent by the bot earlier" into a chat and return its message id.

        For tests about old messages (a reminder from last week with stale buttons).  The
        message is validated like sendMessage but is not part of :meth:`sent_to`, because
        the bot didn't send it during the test.  ``buttons`` rows hold
        ``(label, callback_data)`` or ``(label, "https://...")`` pairs.
        """
        inline = [
            [
                {"text": label, "url": target}
                if str(target).startswith(("http://", "https://", "tg://"))
                else {"text": label, "callback_data": target}
                for label, target in row
            ]
            for row in buttons
        ]
        markup = {"inline_keyboard": inline} if inline else None
        try:
            plain, entities = self._format(text, parse_mode, None, kind="text")
            self._validate_reply_markup(markup)
        except _ApiError as error:
            raise ValueError(
                f"Telegram would not accept this message: {error.description}"
            ) from None
        message = self._new_message(chat_id, {})
        if date is not None:
            message["date"] = date
        message["text"] = plain
        if entities:
            message["entities"] = entities
        if markup:
            message["reply_markup"] = markup
        key = (chat_id, message["message_id"])
        self._messages[key] = _StoredMessage(
            json=message, from_bot=True, raw_text=text, parse_mode=parse_mode, sent_markup=markup
        )
        return int(message["message_id"])

    # ---- inspection ------------------------------------------------------------------------

    @property
    def bot_id(self) -> int:
        """The bot's user id: the numeric prefix of the token in use."""
        return _bot_id_from_token(self.token)

    @property
    def bot_user(self) -> JSONDict:
        """The bot as a Telegram ``User`` object (``from`` of every bot message)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    @property
    def sent(self) -> list[SentMessage]:
        """Every message sent or edited by the bot, in order, across all chats."""
        return list(self._timeline)

    @property
    def errors(self) -> list[Call]:
        """Calls that Telegram would have answered with an error (or that timed out)."""
        return [call for call in self.calls if not call.ok]

    def calls_to(self, method: str) -> list[Call]:
        """All recorded calls of one Bot API method, e.g. ``calls_to("sendMessage")``."""
        return [call for call in self.calls if call.method == method]

    def sent_to(self, chat_id: int | str) -> list[SentMessage]:
        """Messages sent or edited in ``chat_id``, oldest first (edits appear as new entries)."""
        wanted = int(chat_id)
        return [message for message in self._timeline if message.chat_id == wanted]

    def last_to(self, chat_id: int | str) -> SentMessage:
        """The latest message sent or edited in ``chat_id``; AssertionError if there is none."""
        messages = self.sent_to(chat_id)
        if not messages:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return messages[-1]

    def message(self, chat_id: int | str, message_id: int) -> SentMessage:
        """Current state of a bot message (after all edits)."""
        stored = self._messages.get((int(chat_id), message_id))
        if stored is None or not stored.from_bot:
            raise AssertionError(f"no bot message {message_id} in chat {chat_id}")
        return self._snapshot(stored, edited="edit_date" in stored.json, method="(current)")

    def is_deleted(self, chat_id: int | str, message_id: int) -> bool:
        """Whether the message was deleted with deleteMessage."""
        stored = self._messages.get((int(chat_id), message_id))
        return bool(stored and stored.deleted)

    def message_json(self, chat_id: int | str, message_id: int) -> JSONDict | None:
        """Current Telegram JSON of a known message (incoming or sent), e.g. for callbacks."""
        stored = self._messages.get((int(chat_id), message_id))
        return copy.deepcopy(stored.json) if stored else None

    def find_button(
        self, chat_id: int | str, text: str, *, message_id: int | None = None
    ) -> tuple[int, JSONDict]:
        """Newest live bot message in ``chat_id`` with an inline button labelled ``text``.

        Returns ``(message_id, button_json)``.  Raises AssertionError listing what is visible,
        so a typo in a test points at the real labels.
        """
        wanted_chat = int(chat_id)
        candidates = sorted(
            (
                stored
                for (chat, mid), stored in self._messages.items()
                if chat == wanted_chat
                and stored.from_bot
                and not stored.deleted
                and (message_id is None or mid == message_id)
            ),
            key=lambda stored: stored.json["message_id"],
            reverse=True,
        )
        visible: list[str] = []
        for stored in candidates:
            for row in (stored.json.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button.get("text") == text:
                        return stored.json["message_id"], copy.deepcopy(button)
                    visible.append(button.get("text", ""))
        raise AssertionError(
            f"no inline button {text!r} in chat {chat_id}; visible buttons: {visible}"
        )

    def assert_no_errors(self) -> None:
        """Fail with a readable list if any call was rejected by the fake."""
        if self.errors:
            lines = [f"{c.method}: {c.status} {c.error}" for c in self.errors]
            raise AssertionError("Bot API calls failed:\n" + "\n".join(lines))

    def chat_json(self, chat_id: int) -> JSONDict:
        """The ``Chat`` object for ``chat_id``: the known one, or one inferred from the id."""
        if chat_id in self.chats:
            return copy.deepcopy(self.chats[chat_id])
        if chat_id > 0:
            user = self.users.get(chat_id, {})
            chat: JSONDict = {
                "id": chat_id,
                "type": "private",
                "first_name": user.get("first_name") or f"User {chat_id}",
            }
            for key in ("last_name", "username"):
                if user.get(key):
                    chat[key] = user[key]
            return chat
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}

    # ---- internals: bookkeeping -------------------------------------------------------------

    @staticmethod
    def _read_files(request_data: RequestData | None) -> dict[str, UploadedFile]:
        if request_data is None or not request_data.contains_files:
            return {}
        files: dict[str, UploadedFile] = {}
        for name, (filename, content, mime_type) in request_data.multipart_data.items():
            raw = content if isinstance(content, bytes) else content.read()
            files[name] = UploadedFile(filename, bytes(raw), mime_type)
        return files

    def _take_failure(self, method: str) -> _Failure | None:
        for key in (method, "*"):
            queue = self._failures.get(key)
            if queue:
                failure = queue[0]
                failure.remaining -= 1
                if failure.remaining == 0:
                    queue.popleft()
                return failure
        return None

    def _fail(self, call: Call, failure: _Failure) -> tuple[int, bytes]:
        if failure.kind == "timeout":
            call.status, call.error = None, "TimedOut (injected)"
            raise TimedOut("Timed out (injected by FakeTelegram)")
        if failure.kind == "network":
            call.status, call.error = None, "NetworkError (injected)"
            raise NetworkError("httpx.ConnectError: connection refused (injected by FakeTelegram)")
        if failure.kind == "429":
            seconds = failure.retry_after
            error = _ApiError(
                429,
                failure.description or f"Too Many Requests: retry after {seconds}",
                {"retry_after": seconds},
            )
        elif failure.kind == "403":
            error = _ApiError(403, failure.description or "Forbidden: bot was blocked by the user")
        elif failure.kind == "400":
            error = _ApiError(400, failure.description or "Bad Request: injected failure")
        elif failure.kind == "502":
            error = _ApiError(502, failure.description or "Bad Gateway")
        else:
            error = _ApiError(500, failure.description or "Internal Server Error")
        return self._answer_error(call, error)

    @staticmethod
    def _answer_error(call: Call, error: _ApiError) -> tuple[int, bytes]:
        call.status, call.error = error.status, error.description
        body: JSONDict = {"ok": False, "error_code": error.status, "description": error.description}
        if error.parameters:
            body["parameters"] = error.parameters
        return error.status, _dump(body)

    def _remember_user(self, user: Any) -> None:
        # Merge: a partial object in a hand-written update must not erase what is known.
        if isinstance(user, Mapping) and "id" in user and not user.get("is_bot"):
            user_id = int(user["id"])
            self.users[user_id] = {**self.users.get(user_id, {}), **user}

    def _remember_chat(self, chat: Any) -> None:
        if isinstance(chat, Mapping) and "id" in chat:
            chat_id = int(chat["id"])
            self.chats[chat_id] = {**self.chats.get(chat_id, {}), **chat}

    def _observe_message(self, message: Mapping[str, Any]) -> None:
        chat = message.get("chat") or {}
        if "id" not in chat or "message_id" not in message:
            return
        self._remember_chat(chat)
        self._remember_user(message.get("from"))
        for member in message.get("new_chat_members") or []:
            self._remember_user(member)
        chat_id, message_id = int(chat["id"]), int(message["message_id"])
        sender = message.get("from") or {}
        if sender and not sender.get("is_bot") and chat_id < 0:
            self.members.setdefault((chat_id, int(sender["id"])), "member")
        key = (chat_id, message_id)
        if key in self._messages and self._messages[key].from_bot:
            return
        self._messages[key] = _StoredMessage(json=copy.deepcopy(dict(message)), from_bot=False)
        if message_id > self._last_message_id.get(chat_id, 0):
            self._last_message_id[chat_id] = message_id

    def _resolve_chat_id(self, params: JSONDict, key: str = "chat_id") -> int:
        raw = params.get(key)
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        chat_id: int | None = None
        if isinstance(raw, bool):
            chat_id = None
        elif isinstance(raw, int):
            chat_id = raw
        elif isinstance(raw, str):
            text = raw.strip()
            if re.fullmatch(r"-?\d+", text):
                chat_id = int(text)
            elif text.startswith("@"):
                for known_id, chat in self.chats.items():
                    if str(chat.get("username", "")).lower() == text[1:].lower():
                        chat_id = known_id
        if not chat_id:
            raise _bad("chat not found")
        if self.known_chats_only and chat_id not in self.chats:
            raise _bad("chat not found")
        return chat_id

    def _check_blocked(self, chat_id: int) -> None:
        if chat_id not in self.blocked:
            return
        kind = self.chat_json(chat_id)["type"]
        if kind == "private":
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        if kind == "channel":
            raise _ApiError(403, "Forbidden: bot is not a member of the channel chat")
        raise _ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")

    def _stored(self, chat_id: int, message_id: Any, not_found: str) -> _StoredMessage:
        if message_id in (None, ""):
            raise _bad("message identifier is not specified")
        stored = self._messages.get((chat_id, int(message_id)))
        if stored is None or stored.deleted:
            raise _bad(not_found)
        return stored

    def _new_message(self, chat_id: int, params: JSONDict) -> JSONDict:
        message: JSONDict = {
            "message_id": self.allocate_message_id(chat_id),
            "from": self.bot_user,
            "chat": self.chat_json(chat_id),
            "date": int(self.now()),
        }
        reply = params.get("reply_parameters") or {}
        if isinstance(reply, Mapping) and reply.get("message_id") is not None:
            target_chat = reply.get("chat_id", chat_id)
            stored = self._messages.get((int(target_chat), int(reply["message_id"])))
            if stored is not None and not stored.deleted:
                replied = copy.deepcopy(stored.json)
                replied.pop("reply_to_message", None)
                message["reply_to_message"] = replied
            elif stored is not None and not reply.get("allow_sending_without_reply"):
                raise _bad("message to be replied not found")
        return message

    def _format(
        self,
        raw: Any,
        parse_mode: Any,
        entities: Any,
        *,
        kind: Literal["text", "caption"],
    ) -> tuple[str | None, list[JSONDict]]:
        """Parse text/caption like Telegram and enforce emptiness and length limits."""
        if raw is None or raw == "":
            if kind == "text":
                raise _bad("message text is empty")
            return None, []
        if not isinstance(raw, str):
            # What PTB's HTTP layer would put on the wire (RequestData.json_parameters).  Note:
            # with Defaults, PTB 22 turns "" into [] and Telegram then shows the text "[]".
            raw = json.dumps(raw)
        mode = str(parse_mode or "").strip().lower()
        if entities:
            plain, parsed = raw, self._validate_entities(raw, entities)
        elif mode == "":
            plain, parsed = raw, []
        elif mode == "html":
            try:
                plain, parsed = parse_html(raw, strict=self.strict_html)
            except TelegramHTMLError as exc:
                raise _bad(f"can't parse entities: {exc.message}") from exc
            visible_tag = _VISIBLE_TAG_RE.search(plain) if self.strict_html else None
            if visible_tag:
                raise _bad(
                    f'can\'t parse entities: visible tag "{visible_tag.group(0)}" in the text '
                    "[FakeTelegram strict HTML; real Telegram shows the escaped tag literally, "
                    "almost always markup escaped twice]"
                )
        elif mode in ("markdown", "markdownv2"):
            plain, parsed = raw, []  # recorded, but Markdown is not validated by the fake
        else:
            raise _bad("unsupported parse_mode")
        if kind == "text":
            if not plain.strip():
                raise _bad("text must be non-empty")
            if utf16_len(plain) > MAX_MESSAGE_LENGTH:
                raise _bad("message is too long")
        else:
            if utf16_len(plain) > MAX_CAPTION_LENGTH:
                raise _bad("message caption is too long")
            if not plain.strip():
                return None, []
        return plain, parsed

    @staticmethod
    def _validate_entities(text: str, entities: Any) -> list[JSONDict]:
        if not isinstance(entities, list):
            raise _bad('field "entities" must be of type Array')
        length = utf16_len(text)
        checked: list[JSONDict] = []
        for entity in entities:
            if not isinstance(entity, Mapping) or "type" not in entity:
                raise _bad("can't parse MessageEntity: Can't find field \"type\"")
            offset, size = int(entity.get("offset", 0)), int(entity.get("length", 0))
            if offset < 0:
                raise _bad(f"receive an entity with incorrect offset {offset}")
            if offset > length:
                raise _bad(f"entity begins after the end of the text at UTF-16 offset {offset}")
            if offset + size > length:
                raise _bad(
                    f"entity beginning at UTF-16 offset {offset} ends after the end of the text "
                    f"at UTF-16 offset {offset + size}"
                )
            if entity["type"] not in _ENTITY_TYPES:
                raise _bad("can't parse MessageEntity: Unsupported type specified")
            if entity["type"] == "text_link" and not entity.get("url"):
                raise _bad("can't parse MessageEntity: Can't find field \"url\"")
            checked.append(dict(entity))
        return checked

    def _validate_reply_markup(self, markup: Any) -> JSONDict | None:
        if markup is None:
            return None
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError as exc:
                raise _bad("can't parse reply keyboard markup JSON object") from exc
        if not isinstance(markup, dict):
            raise _bad("Object expected as reply markup")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad('field "inline_keyboard" must be of type Array')
            total = 0
            for row in rows:
                for button in row:
                    self._validate_inline_button(button)
                    total += 1
            if total > MAX_INLINE_BUTTONS:
                raise _bad("REPLY_MARKUP_TOO_LONG")
        elif "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad('field "keyboard" must be of type Array')
            for row in rows:
                for button in row:
                    text = button if isinstance(button, str) else None
                    if isinstance(button, Mapping):
                        if "text" not in button:
                            raise _bad("can't parse keyboard button: Can't find field \"text\"")
                        text = button["text"]
                    if not isinstance(text, str) or not text.strip():
                        raise _bad("BUTTON_TEXT_INVALID")
        return markup

    @staticmethod
    def _validate_inline_button(button: Any) -> None:
        prefix = "can't parse inline keyboard button: "
        if not isinstance(button, Mapping):
            raise _bad(prefix + "Object expected")
        if "text" not in button:
            raise _bad(prefix + 'Can\'t find field "text"')
        if not isinstance(button["text"], str):
            raise _bad(prefix + 'Field "text" must be of type String')
        if not button["text"].strip():
            raise _bad("BUTTON_TEXT_INVALID")
        url = button.get("url")
        if url:
            _, reason = _check_url(str(url), schemes=("http", "https", "tg"))
            if reason:
                raise _bad(f"inline keyboard button URL '{url}' is invalid: {reason}")
            return
        data = button.get("callback_data")
        if data is not None and not isinstance(data, str):
            raise _bad(prefix + 'Field "callback_data" must be of type String')
        if data:
            if len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
                raise _bad("BUTTON_DATA_INVALID")
            return
        web_app = button.get("web_app")
        if isinstance(web_app, Mapping):
            app_url = str(web_app.get("url", ""))
            if not app_url.lower().startswith("https://"):
                raise _bad(
                    f"inline keyboard button Web App URL '{app_url}' is invalid: "
                    "Only HTTPS links are allowed"
                )
            return
        if any(
            key in button
            for key in (
                "login_url",
                "switch_inline_query",
                "switch_inline_query_current_chat",
                "switch_inline_query_chosen_chat",
            )
        ):
            return
        copy_text = button.get("copy_text")
        if isinstance(copy_text, Mapping):
            text = str(copy_text.get("text", ""))
            if not text or len(text) > 256:
                raise _bad("BUTTON_COPY_TEXT_INVALID")
            return
        if "callback_game" in button or button.get("pay"):
            raise _bad("BUTTON_TYPE_INVALID")
        raise _bad(prefix + "Text buttons are unallowed in the inline keyboard")

    def _snapshot(self, stored: _StoredMessage, *, edited: bool, method: str) -> SentMessage:
        data = stored.json
        markup = data.get("reply_markup")
        sent_markup = stored.sent_markup if stored.sent_markup is not None else markup
        return SentMessage(
            chat_id=int(data["chat"]["id"]),
            message_id=int(data["message_id"]),
            method=method,
            edited=edited,
            text=stored.raw_text,
            caption=stored.raw_caption,
            plain_text=data.get("text"),
            plain_caption=data.get("caption"),
            parse_mode=stored.parse_mode,
            entities=copy.deepcopy(data.get("entities") or data.get("caption_entities") or []),
            buttons=_buttons_of(markup),
            keyboard=_keyboard_of(sent_markup),
            reply_markup=copy.deepcopy(sent_markup),
            photo=stored.photo,
            document=stored.document.content if stored.document else None,
            document_name=stored.document.filename if stored.document else None,
            document_mime_type=stored.document.mime_type if stored.document else None,
            date=int(data.get("edit_date") or data["date"]),
        )

    def _record(self, stored: _StoredMessage, *, edited: bool, method: str) -> JSONDict:
        """Store the message, add a snapshot to the timeline, return the JSON answer."""
        key = (int(stored.json["chat"]["id"]), int(stored.json["message_id"]))
        self._messages[key] = stored
        self._timeline.append(self._snapshot(stored, edited=edited, method=method))
        return copy.deepcopy(stored.json)

    def _new_file_id(self, kind: str, upload: UploadedFile) -> tuple[str, str]:
        number = next(self._file_seq)
        file_id = f"FAKE-{kind}-{number}"
        self.files[file_id] = upload
        return file_id, f"U{kind[:2].upper()}{number}"

    def _resolve_upload(
        self, params: JSONDict, files: dict[str, UploadedFile], field_name: str
    ) -> tuple[UploadedFile | None, str | None]:
        """``(uploaded file, reused file_id)``; Telegram's errors for missing/bad inputs."""
        upload = files.get(field_name)
        value = params.get(field_name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://") :])
        if upload is not None:
            if not upload.content:
                raise _bad("file must be non-empty")
            if upload.size > MAX_UPLOAD_BYTES:
                raise _ApiError(413, "Request Entity Too Large")
            return upload, None
        if isinstance(value, str) and value:
            if value in self.files:
                return self.files[value], value
            if value.lower().startswith(("http://", "https://")):
                return None, None
            raise _bad("wrong file identifier/HTTP URL specified")
        raise _bad(f"there is no {field_name} in the request")

    # ---- Bot API methods ---------------------------------------------------------------------

    def _get_me(self, _params: JSONDict, _files: dict[str, UploadedFile]) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset is not None and int(offset) < 0:
            self._updates = self._updates[int(offset) :]
        elif offset is not None:
            self._updates = [u for u in self._updates if u["update_id"] >= int(offset)]
        deadline = time.monotonic() + timeout
        while not self._updates and time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # long polling: return as soon as something is queued
        return copy.deepcopy(self._updates[:limit])

    def _delete_webhook(self, params: JSONDict, _files: dict[str, UploadedFile]) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, params: JSONDict, _files: dict[str, UploadedFile]) -> bool:
        url = str(params.get("url") or "")
        if url and not url.lower().startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, _params: JSONDict, _files: dict[str, UploadedFile]) -> JSONDict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _send_message(self, params: JSONDict, _files: dict[str, UploadedFile]) -> JSONDict:
        chat_id = self._resolve_chat_id(params)
        self._check_blocked(chat_id)
        plain, entities = self._format(
            params.get("text"), params.get("parse_mode"), params.get("entities"), kind="text"
        )
        markup = self._validate_reply_markup(params.get("reply_markup"))
        message = self._new_message(chat_id, params)
        message["text"] = plain
        if entities:
            message["entities"] = entities
        inline = _inline_markup(markup)
        if inline:
            message["reply_markup"] = inline
        stored = _StoredMessage(
            json=message,
            from_bot=True,
            raw_text=_wire_text(params.get("text")),
            parse_mode=params.get("parse_mode"),
            sent_markup=copy.deepcopy(markup),
        )
        return self._record(stored, edited=False, method="sendMessage")

    def _media_checks(
        self, params: JSONDict
    ) -> tuple[int, str | None, list[JSONDict], JSONDict | None]:
        """Chat, block, caption and keyboard checks shared by sendPhoto and sendDocument."""
        chat_id = self._resolve_chat_id(params)
        self._check_blocked(chat_id)
        caption, entities = self._format(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            kind="caption",
        )
        markup = self._validate_reply_markup(params.get("reply_markup"))
        return chat_id, caption, entities, markup

    def _media_message(
        self,
        chat_id: int,
        params: JSONDict,
        caption: str | None,
        entities: list[JSONDict],
        markup: JSONDict | None,
    ) -> JSONDict:
        message = self._new_message(chat_id, params)
        if caption is not None:
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        inline = _inline_markup(markup)
        if inline:
            message["reply_markup"] = inline
        return message

    def _send_photo(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        chat_id, caption, entities, markup = self._media_checks(params)
        upload, reused_id = self._resolve_upload(params, files, "photo")
        width, height = 800, 600
        if upload is not None and reused_id is None:
            if upload.size > MAX_PHOTO_BYTES:
                raise _bad("PHOTO_SAVE_FILE_INVALID")
            dimensions = _image_size(upload.content)
            if dimensions is None or 0 in dimensions:
                raise _bad("IMAGE_PROCESS_FAILED")
            width, height = dimensions
            if width + height > 10000 or max(width, height) > 20 * min(width, height):
                raise _bad("PHOTO_INVALID_DIMENSIONS")
        message = self._media_message(chat_id, params, caption, entities, markup)
        base_upload = upload or UploadedFile("photo.jpg", b"", "image/jpeg")
        sizes: list[JSONDict] = []
        longest = max(width, height)
        limits = [limit for limit in (90, 320, 800, 1280) if limit < longest]
        limits.append(min(longest, 2560))
        for limit in limits:
            scale = limit / longest
            if reused_id and limit == limits[-1]:
                file_id, unique_id = reused_id, f"U{reused_id}"
            else:
                file_id, unique_id = self._new_file_id("photo", base_upload)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": unique_id,
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                    "file_size": base_upload.size,
                }
            )
        message["photo"] = sizes
        stored = _StoredMessage(
            json=message,
            from_bot=True,
            raw_caption=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            photo=(upload.content or None) if upload else None,
            sent_markup=copy.deepcopy(markup),
        )
        return self._record(stored, edited=False, method="sendPhoto")

    def _send_document(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        chat_id, caption, entities, markup = self._media_checks(params)
        upload, reused_id = self._resolve_upload(params, files, "document")
        message = self._media_message(chat_id, params, caption, entities, markup)
        document = upload or UploadedFile("document", b"", "application/octet-stream")
        if reused_id:
            file_id, unique_id = reused_id, f"U{reused_id}"
        else:
            file_id, unique_id = self._new_file_id("document", document)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "file_name": document.filename,
            "mime_type": document.mime_type,
            "file_size": document.size,
        }
        stored = _StoredMessage(
            json=message,
            from_bot=True,
            raw_caption=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            document=upload,
            sent_markup=copy.deepcopy(markup),
        )
        return self._record(stored, edited=False, method="sendDocument")

    def _edit_target(self, params: JSONDict) -> _StoredMessage | None:
        if params.get("inline_message_id"):
            return None
        chat_id = self._resolve_chat_id(params)
        stored = self._stored(chat_id, params.get("message_id"), "message to edit not found")
        if not stored.from_bot:
            raise _bad("message can't be edited")
        return stored

    def _edit_message_text(self, params: JSONDict, _files: dict[str, UploadedFile]) -> Any:
        stored = self._edit_target(params)
        plain, entities = self._format(
            params.get("text"), params.get("parse_mode"), params.get("entities"), kind="text"
        )
        inline = _inline_markup(self._validate_reply_markup(params.get("reply_markup")))
        if stored is None:
            return True
        if "text" not in stored.json:
            raise _bad("there is no text in the message to edit")
        if (
            plain == stored.json.get("text")
            and _normalized_entities(entities) == _normalized_entities(stored.json.get("entities"))
            and inline == stored.json.get("reply_markup")
        ):
            raise _ApiError(400, NOT_MODIFIED_DESCRIPTION)
        stored.json["text"] = plain
        stored.json.pop("entities", None)
        if entities:
            stored.json["entities"] = entities
        self._replace_markup(stored, inline)
        stored.json["edit_date"] = int(self.now())
        stored.raw_text = _wire_text(params.get("text"))
        stored.parse_mode = params.get("parse_mode")
        return self._record(stored, edited=True, method="editMessageText")

    def _edit_message_reply_markup(self, params: JSONDict, _files: dict[str, UploadedFile]) -> Any:
        stored = self._edit_target(params)
        inline = _inline_markup(self._validate_reply_markup(params.get("reply_markup")))
        if stored is None:
            return True
        if inline == stored.json.get("reply_markup"):
            raise _ApiError(400, NOT_MODIFIED_DESCRIPTION)
        self._replace_markup(stored, inline)
        stored.json["edit_date"] = int(self.now())
        return self._record(stored, edited=True, method="editMessageReplyMarkup")

    @staticmethod
    def _replace_markup(stored: _StoredMessage, inline: JSONDict | None) -> None:
        # Editing without reply_markup removes the keyboard, exactly like Telegram does.
        stored.json.pop("reply_markup", None)
        stored.sent_markup = copy.deepcopy(inline)
        if inline:
            stored.json["reply_markup"] = inline

    def _answer_callback_query(self, params: JSONDict, _files: dict[str, UploadedFile]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if not query_id:
            raise _bad("QUERY_ID_INVALID")
        text = params.get("text")
        if text is not None and utf16_len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        if query_id in self._answered_queries:
            raise _ApiError(400, QUERY_TOO_OLD_DESCRIPTION)
        if query_id in self._known_queries:
            self._answered_queries.add(query_id)
        self.callback_answers.append(
            CallbackAnswer(
                callback_query_id=query_id,
                text=text,
                show_alert=bool(params.get("show_alert")),
                url=params.get("url"),
                cache_time=params.get("cache_time"),
            )
        )
        return True

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise _bad("invalid language code specified")
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), language

    def _set_my_commands(self, params: JSONDict, _files: dict[str, UploadedFile]) -> bool:
        key = self._commands_key(params)
        commands = params.get("commands") or []
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command_json in commands:
            name = str(command_json.get("command", ""))
            description = str(command_json.get("description", ""))
            if not name:
                raise _bad("command must be non-empty")
            if len(name) > 32:
                raise _bad("command length must not exceed 32")
            if not _BOT_COMMAND_NAME_RE.match(name):
                raise _bad("BOT_COMMAND_INVALID")
            if not description.strip():
                raise _bad("command description must be non-empty")
            if len(description) > 256:
                raise _bad("command description length must not exceed 256")
        self.commands[key] = copy.deepcopy(list(commands))
        return True

    def _get_file(self, params: JSONDict, _files: dict[str, UploadedFile]) -> JSONDict:
        file_id = str(params.get("file_id") or "")
        upload = self.files.get(file_id)
        if upload is None:
            raise _bad("invalid file_id")
        path = f"files/{file_id}/{upload.filename}"
        self._file_paths[path] = file_id
        return {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "file_size": upload.size,
            "file_path": path,
        }


# --------------------------------------------------------------------------------------------
# Update builders
# --------------------------------------------------------------------------------------------


def _user_json(
    user_id: int,
    first_name: str,
    language_code: str | None,
    last_name: str | None = None,
    username: str | None = None,
) -> JSONDict:
    user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def _private_chat_json(user: JSONDict) -> JSONDict:
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if user.get(key):
            chat[key] = user[key]
    return chat


def _group_chat_json(
    chat_id: int, title: str | None, chat_type: str | None, fake: FakeTelegram | None
) -> JSONDict:
    known = copy.deepcopy(fake.chats.get(chat_id)) if fake else None
    chat = known or {
        "id": chat_id,
        "type": chat_type or ("supergroup" if str(chat_id).startswith("-100") else "group"),
        "title": "Forældregruppe",
    }
    if title is not None:
        chat["title"] = title
    if chat_type is not None:
        chat["type"] = chat_type
    return chat


def _command_entities(text: str) -> list[JSONDict]:
    """Telegram marks a leading ``/command`` (optionally ``@bot``) as a bot_command entity."""
    match = _COMMAND_RE.match(text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def _message_update(
    *,
    chat: JSONDict,
    user: JSONDict,
    text: str,
    update_id: int | None,
    message_id: int | None,
    entities: list[JSONDict] | None,
    date: int | None,
    fake: FakeTelegram | None,
) -> JSONDict:
    if message_id is None:
        message_id = fake.allocate_message_id(chat["id"]) if fake else next(_INCOMING_MESSAGE_IDS)
    message: JSONDict = {
        "message_id": message_id,
        "from": user,
        "chat": chat,
        "date": int(date if date is not None else (fake.now() if fake else time.time())),
        "text": text,
    }
    found = _command_entities(text) if entities is None else entities
    if found:
        message["entities"] = found
    update = {
        "update_id": update_id if update_id is not None else next(_UPDATE_IDS),
        "message": message,
    }
    if fake is not None:
        fake.observe_update(update)
    return update


def private_message(
    user_id: int,
    text: str,
    first_name: str = "Amina",
    language_code: str | None = "da",
    update_id: int | None = None,
    *,
    last_name: str | None = None,
    username: str | None = None,
    message_id: int | None = None,
    entities: list[JSONDict] | None = None,
    date: int | None = None,
    fake: FakeTelegram | None = None,
) -> JSONDict:
    """An update with a text message from ``user_id`` in the private chat with the bot.

    A leading ``/command`` gets its bot_command entity automatically (Telegram adds it
    server-side), so ``private_message(1, "/start X")`` also triggers CommandHandler.  With
    ``fake`` the message id comes from the fake's per-chat sequence and the fake learns it.
    """
    user = _user_json(user_id, first_name, language_code, last_name, username)
    return _message_update(
        chat=_private_chat_json(user),
        user=user,
        text=text,
        update_id=update_id,
        message_id=message_id,
        entities=entities,
        date=date,
        fake=fake,
    )


def command(
    user_id: int,
    text: str,
    first_name: str = "Amina",
    language_code: str | None = "da",
    update_id: int | None = None,
    *,
    chat_id: int | None = None,
    title: str | None = None,
    chat_type: str | None = None,
    mention_bot: str | None = None,
    message_id: int | None = None,
    fake: FakeTelegram | None = None,
) -> JSONDict:
    """A ``/command args`` message (private, or in group ``chat_id``) with its entity.

    ``text`` may omit the slash.  ``mention_bot="ParentGroupTestBot"`` produces
    ``/start@ParentGroupTestBot args`` as group clients send it.  Deep links arrive as
    ``command(uid, "/start CODE")`` and PTB exposes ``context.args == ["CODE"]``.
    """
    if not text.startswith("/"):
        text = "/" + text
    if mention_bot:
        head, _, rest = text.partition(" ")
        text = f"{head}@{mention_bot}" + (f" {rest}" if rest else "")
    if not _COMMAND_RE.match(text):
        raise ValueError(f"not a valid bot command: {text!r}")
    if chat_id is None or chat_id == user_id:
        return private_message(
            user_id, text, first_name, language_code, update_id, message_id=message_id, fake=fake
        )
    return group_message(
        user_id,
        chat_id,
        text,
        first_name,
        language_code,
        update_id,
        title=title,
        chat_type=chat_type,
        message_id=message_id,
        fake=fake,
    )


def group_message(
    user_id: int,
    chat_id: int,
    text: str,
    first_name: str = "Amina",
    language_code: str | None = "da",
    update_id: int | None = None,
    *,
    title: str | None = None,
    chat_type: str | None = None,
    last_name: str | None = None,
    username: str | None = None,
    message_id: int | None = None,
    entities: list[JSONDict] | None = None,
    date: int | None = None,
    fake: FakeTelegram | None = None,
) -> JSONDict:
    """An update with a text message from ``user_id`` in group ``chat_id``.

    The chat type is inferred from the id (``-100...`` is a supergroup) unless given.
    """
    user = _user_json(user_id, first_name, language_code, last_name, username)
    return _message_update(
        chat=_group_chat_json(chat_id, title, chat_type, fake),
        user=user,
        text=text,
        update_id=update_id,
        message_id=message_id,
        entities=entities,
        date=date,
        fake=fake,
    )


def callback(
    user_id: int,
    data: str,
    message_id: int,
    chat_id: int | None = None,
    first_name: str = "Amina",
    language_code: str | None = "da",
    update_id: int | None = None,
    *,
    message: JSONDict | None = None,
    query_id: str | None = None,
    chat_instance: str | None = None,
    fake: FakeTelegram | None = None,
) -> JSONDict:
    """A callback query: ``user_id`` pressed a button with ``data`` on bot message ``message_id``.

    The query carries the message as Telegram would (its current text and reply markup): taken
    from ``message`` or from ``fake``'s record.  With ``fake`` the data must belong to a button
    of that message, because a real client can't send anything else.
    """
    chat_id = user_id if chat_id is None else chat_id
    user = _user_json(user_id, first_name, language_code)
    if message is None and fake is not None:
        message = fake.message_json(chat_id, message_id)
        if message is None or fake.is_deleted(chat_id, message_id):
            raise AssertionError(f"no message {message_id} in chat {chat_id} to press a button on")
        datas = [
            button.get("callback_data")
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
            for button in row
        ]
        if data not in datas:
            raise AssertionError(
                f"message {message_id} has no button with callback_data {data!r}; has {datas}"
            )
    if message is None:
        bot_id = fake.bot_id if fake else _bot_id_from_token(DEFAULT_TOKEN)
        message = {
            "message_id": message_id,
            "from": {
                "id": bot_id,
                "is_bot": True,
                "first_name": DEFAULT_BOT_FIRST_NAME,
                "username": DEFAULT_BOT_USERNAME,
            },
            "chat": _private_chat_json(user)
            if chat_id == user_id
            else {
                "id": chat_id,
                "type": "supergroup" if str(chat_id).startswith("-100") else "group",
                "title": "Forældregruppe",
            },
            "date": int(time.time()),
            "text": "…",
        }
    update = {
        "update_id": update_id if update_id is not None else next(_UPDATE_IDS),
        "callback_query": {
            "id": query_id or f"cbq-{next(_CALLBACK_QUERY_IDS)}",
            "from": user,
            "message": message,
            "chat_instance": chat_instance or f"ci{abs(chat_id)}",
            "data": data,
        },
    }
    if fake is not None:
        fake.observe_update(update)
    return update


def my_chat_member(
    user_id: int,
    chat_id: int,
    new_status: str = "member",
    old_status: str = "left",
    first_name: str = "Amina",
    language_code: str | None = "da",
    update_id: int | None = None,
    *,
    title: str | None = None,
    chat_type: str | None = None,
    fake: FakeTelegram | None = None,
) -> JSONDict:
    """The bot's own membership changed, done by ``user_id``.

    Adding the bot to a group: ``my_chat_member(uid, group_id)``.  A parent blocking the bot:
    ``my_chat_member(uid, uid, "kicked", "member")`` (the fake then answers 403 to sends).
    """
    user = _user_json(user_id, first_name, language_code)
    bot = (
        fake.bot_user
        if fake
        else {
            "id": _bot_id_from_token(DEFAULT_TOKEN),
            "is_bot": True,
            "first_name": DEFAULT_BOT_FIRST_NAME,
            "username": DEFAULT_BOT_USERNAME,
        }
    )
    chat = (
        _private_chat_json(user)
        if chat_id == user_id
        else _group_chat_json(chat_id, title, chat_type, fake)
    )
    update = {
        "update_id": update_id if update_id is not None else next(_UPDATE_IDS),
        "my_chat_member": {
            "chat": chat,
            "from": user,
            "date": int(fake.now() if fake else time.time()),
            "old_chat_member": _chat_member_json(old_status, bot),
            "new_chat_member": _chat_member_json(new_status, bot),
        },
    }
    if fake is not None:
        fake.observe_update(update)
    return update


class PendingUpdate(dict[str, Any]):
    """An update built by :class:`FakeUser`: a plain update dict that can also be awaited.

    ``await feed(app, user.text("hi"))`` works for every FakeUser.  When the FakeUser was
    created with an Application, ``await user.text("hi")`` feeds it to that app directly and
    returns the processed :class:`telegram.Update`.
    """

    def __init__(self, data: Mapping[str, Any], app: Application | None) -> None:
        super().__init__(data)
        self.app = app
        self.consumed = False

    def __await__(self) -> Any:
        if self.app is None:
            raise TypeError(
                "this FakeUser has no Application: use `await feed(app, update)` or create it "
                "as FakeUser(app, fake, user_id)"
            )
        self.consumed = True
        return feed(self.app, self).__await__()

    def __del__(self) -> None:
        if getattr(self, "app", None) is not None and not getattr(self, "consumed", True):
            warnings.warn(
                f"FakeUser update was built but never awaited or fed: {dict(self)!r:.200}",
                RuntimeWarning,
                stacklevel=1,
            )


class FakeUser:
    """A parent talking to the bot: remembers id, name and language and builds their updates.

    ``FakeUser(fake, user_id, first_name="Amina")`` returns update dicts to pass to
    :func:`feed`; ``FakeUser(app, fake, user_id, first_name=...)`` (or ``FakeUser(app,
    user_id)``) additionally makes them awaitable, so ``await amina.press("Dansk")`` runs
    the handlers.  Every builder registers with the fake, so message ids follow Telegram's
    per-chat sequence and :meth:`press` finds the button in what the bot actually sent.
    """

    def __init__(
        self,
        target: FakeTelegram | Application,
        *args: Any,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "da",
    ) -> None:
        app: Application | None = None
        if isinstance(target, FakeTelegram):
            fake = target
        elif isinstance(target, Application):
            app = target
            if args and isinstance(args[0], FakeTelegram):
                fake, args = args[0], args[1:]
            elif isinstance(app.bot.request, FakeTelegram):
                fake = app.bot.request
            else:
                raise TypeError("the Application does not use a FakeTelegram transport")
        else:
            raise TypeError("FakeUser(fake, user_id, ...) or FakeUser(app, fake, user_id, ...)")
        if not args or not isinstance(args[0], int) or len(args) > 2:
            raise TypeError("expected a user id, optionally followed by the first name")
        self.fake = fake
        self.app = app
        self.id: int = args[0]
        self.first_name: str = args[1] if len(args) == 2 else (first_name or "Amina")
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        fake.users[self.id] = self.user_json

    @property
    def user_json(self) -> JSONDict:
        """This user as a Telegram ``User`` object."""
        return _user_json(
            self.id, self.first_name, self.language_code, self.last_name, self.username
        )

    @property
    def chat_id(self) -> int:
        """The private chat with the bot has the user's id."""
        return self.id

    def _pending(self, update: JSONDict) -> PendingUpdate:
        return PendingUpdate(update, self.app)

    def text(self, text: str, *, chat_id: int | None = None) -> PendingUpdate:
        """The user writes ``text`` privately, or in group ``chat_id``."""
        if chat_id is None or chat_id == self.id:
            update = private_message(
                self.id,
                text,
                self.first_name,
                self.language_code,
                last_name=self.last_name,
                username=self.username,
                fake=self.fake,
            )
        else:
            update = group_message(
                self.id,
                chat_id,
                text,
                self.first_name,
                self.language_code,
                last_name=self.last_name,
                username=self.username,
                fake=self.fake,
            )
        return self._pending(update)

    def command(
        self, text: str, *, chat_id: int | None = None, mention_bot: bool = False
    ) -> PendingUpdate:
        """The user sends ``/command args``; ``mention_bot`` appends ``@<bot username>``."""
        return self._pending(
            command(
                self.id,
                text,
                self.first_name,
                self.language_code,
                chat_id=chat_id,
                mention_bot=self.fake.bot_username if mention_bot else None,
                fake=self.fake,
            )
        )

    def press(
        self, button_text: str, *, chat_id: int | None = None, message_id: int | None = None
    ) -> PendingUpdate:
        """The user taps the inline button labelled ``button_text``.

        Looks in the newest bot message in the chat that still shows such a button (or in
        ``message_id``).  URL/Web App buttons open a page instead and raise AssertionError.
        """
        chat = self.id if chat_id is None else chat_id
        found_id, button = self.fake.find_button(chat, button_text, message_id=message_id)
        data = button.get("callback_data")
        if not data:
            raise AssertionError(
                f"button {button_text!r} is not a callback button (it opens {button}); "
                "pressing it sends nothing to the bot"
            )
        return self._pending(
            callback(
                self.id,
                data,
                found_id,
                chat,
                self.first_name,
                self.language_code,
                fake=self.fake,
            )
        )

    def press_data(
        self,
        data: str,
        *,
        message_id: int | None = None,
        message_text: str | None = None,
        chat_id: int | None = None,
    ) -> PendingUpdate:
        """The user taps a button carrying ``data``, which need not be in a current message.

        For stale buttons: with ``message_id`` the press comes from that (existing) message;
        otherwise an older bot message with ``message_text`` and this button is created first
        (see :meth:`FakeTelegram.add_bot_message`), so the handler can still edit it.
        """
        chat = self.id if chat_id is None else chat_id
        if message_id is None:
            message_id = self.fake.add_bot_message(
                chat, message_text or "…", buttons=[[("•", data)]]
            )
        message = self.fake.message_json(chat, message_id)
        if message is None:
            raise AssertionError(f"no message {message_id} in chat {chat}")
        update = callback(
            self.id,
            data,
            message_id,
            chat,
            self.first_name,
            self.language_code,
            message=message,
        )
        self.fake.observe_update(update)
        return self._pending(update)

    def blocks_bot(self) -> PendingUpdate:
        """The my_chat_member update Telegram sends when this user blocks the bot."""
        return self._pending(
            my_chat_member(
                self.id,
                self.id,
                "kicked",
                "member",
                self.first_name,
                self.language_code,
                fake=self.fake,
            )
        )

    @property
    def messages(self) -> list[SentMessage]:
        """Everything the bot sent or edited in this user's private chat, oldest first."""
        return self.fake.sent_to(self.id)

    @property
    def last_message(self) -> SentMessage:
        """The newest message the bot sent or edited in this user's private chat."""
        return self.fake.last_to(self.id)


# --------------------------------------------------------------------------------------------
# Application helpers
# --------------------------------------------------------------------------------------------


async def feed(
    app: Application,
    update: Mapping[str, Any] | Update,
    *,
    raise_errors: bool = True,
    task_timeout: float = 10.0,
) -> Update:
    """Process one update like PTB would: ``await app.process_update(Update.de_json(...))``.

    Also lets the fake observe the update, waits for handlers started with ``block=False``,
    and (``raise_errors=True``) re-raises the first exception a handler raised: PTB only logs
    handler errors when no error handler is registered, which would let a broken handler pass
    a test silently.  The application's own error handlers still run first.
    """
    if isinstance(update, PendingUpdate):
        update.consumed = True
    if isinstance(update, Update):
        data = update.to_dict()
        parsed = update
    else:
        data = copy.deepcopy(dict(update))
        parsed = Update.de_json(data, app.bot)
    request = app.bot.request
    if isinstance(request, FakeTelegram):
        request.observe_update(data)

    errors: list[BaseException] = []

    async def collect(_update: object, context: Any) -> None:
        if context.error is not None:
            errors.append(context.error)

    tasks_attribute = "_Application__create_task_tasks"  # PTB keeps its task set private
    tasks_before = set(getattr(app, tasks_attribute, set()))
    app.add_error_handler(collect)
    try:
        await app.process_update(parsed)
        new_tasks = set(getattr(app, tasks_attribute, set())) - tasks_before
        if new_tasks:
            await asyncio.wait(new_tasks, timeout=task_timeout)
    finally:
        app.remove_error_handler(collect)
    if raise_errors and errors:
        error = errors[0]
        error.add_note("raised by a handler while FakeTelegram's feed() processed the update")
        raise error
    return parsed


def build_application(
    fake: FakeTelegram, token: str = DEFAULT_TOKEN, **builder_kwargs: Any
) -> ApplicationBuilder:
    """An ``ApplicationBuilder`` whose Bot talks to ``fake`` for every request.

    Extra keyword arguments call the builder method of that name, e.g.
    ``build_application(fake, defaults=Defaults(...), post_init=setup)``; the result can
    still be configured further before ``.build()``.
    """
    fake.token = token
    builder = ApplicationBuilder().token(token).request(fake).get_updates_request(fake)
    for name, value in builder_kwargs.items():
        setter = getattr(builder, name, None)
        if name.startswith("_") or not callable(setter) or name == "build":
            raise TypeError(f"ApplicationBuilder has no option {name!r}")
        builder = setter(value)
    return builder
