"""Proof that ``fake_telegram`` behaves like the Bot API towards a real PTB Application.

Every rejection tested here is one Telegram really makes; the assertions go through PTB's own
exception mapping, so they also document what the bot code will see in production.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import struct
import zlib
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
)

from tests.fake_telegram import (
    FakeTelegram,
    FakeUser,
    PendingUpdate,
    build_application,
    callback,
    command,
    feed,
    group_message,
    parse_html,
    private_message,
    utf16_len,
)
from tests.test_telegram_html import BAD_HTML, GOOD_HTML

USER = 1001
GROUP = -1001234567890


def tiny_png(width: int = 1, height: int = 1) -> bytes:
    """A valid PNG without Pillow, so sendPhoto's image check has something real to read."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def project_defaults() -> Defaults:
    """The defaults the bot uses in production: HTML everywhere, Danish local time."""
    return Defaults(parse_mode=ParseMode.HTML, tzinfo=ZoneInfo("Europe/Copenhagen"))


def keyboard(data: str, text: str = "OK") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data)]])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start [code]: HTML greeting with language buttons and a link."""
    assert update.message is not None and update.effective_user is not None
    code = context.args[0] if context.args else "-"
    name = html.escape(update.effective_user.first_name)
    await update.message.reply_text(
        f"<b>Velkommen</b>, {name}! Kode: <code>{html.escape(code)}</code>",
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Dansk", callback_data="lang:da"),
                    InlineKeyboardButton("English", callback_data="lang:en"),
                ],
                [InlineKeyboardButton("Hjemmeside", url="https://example.dk/info")],
            ]
        ),
    )


async def choose_language(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Button press: toast, then replace the text (which also drops the keyboard)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer("Gemt")
    await query.edit_message_text(f"Sprog: <i>{query.data.split(':', 1)[1]}</i>")


def add_demo_handlers(app: Application) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(choose_language, pattern=r"^lang:"))


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram()


@pytest_asyncio.fixture
async def app(fake: FakeTelegram) -> AsyncIterator[Application]:
    application = build_application(fake, defaults=project_defaults()).build()
    add_demo_handlers(application)
    async with application:
        yield application


# ---- lifecycle --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_application_lifecycle_with_defaults_and_job_queue(fake: FakeTelegram) -> None:
    application = build_application(fake, defaults=project_defaults()).build()
    assert application.job_queue is not None
    async with application:
        assert application.bot.username == "ParentGroupTestBot"
        assert application.bot.id == 123456
        assert [call.method for call in fake.calls] == ["getMe"]
        await application.start()  # also starts the JobQueue's scheduler
        await application.stop()
    # PTB initializes/shuts down both request slots; the fake fills both.
    assert fake.initialize_count == 2
    assert fake.shutdown_count == 2


def test_build_application_rejects_unknown_builder_options(fake: FakeTelegram) -> None:
    with pytest.raises(TypeError, match="no option 'colour'"):
        build_application(fake, colour="blue")


# ---- a real conversation ------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_start_command_and_button_press_are_recorded(
    fake: FakeTelegram, app: Application
) -> None:
    amina = FakeUser(fake, USER, "Amina & Co")

    await feed(app, amina.command("/start ABC123"))

    greeting = fake.last_to(USER)
    assert greeting.text == "<b>Velkommen</b>, Amina &amp; Co! Kode: <code>ABC123</code>"
    assert greeting.plain_text == "Velkommen, Amina & Co! Kode: ABC123"
    assert greeting.parse_mode == "HTML"  # inserted by Defaults
    assert greeting.buttons == [
        [("Dansk", "lang:da"), ("English", "lang:en")],
        [("Hjemmeside", "https://example.dk/info")],
    ]
    assert [(e["type"], e["offset"], e["length"]) for e in greeting.entities] == [
        ("bold", 0, 9),
        ("code", 29, 6),
    ]
    assert greeting.message_id == 2  # the /start message itself was 1 in this chat
    assert not greeting.edited

    await feed(app, amina.press("English"))

    assert fake.callback_answers[-1].text == "Gemt"
    edited = fake.last_to(USER)
    assert edited.edited
    assert edited.message_id == greeting.message_id
    assert edited.plain_text == "Sprog: en"
    assert edited.buttons == []  # edit_message_text without reply_markup removes the keyboard
    assert [m.method for m in amina.messages] == ["sendMessage", "editMessageText"]
    assert [c.method for c in fake.calls] == [
        "getMe",
        "sendMessage",
        "answerCallbackQuery",
        "editMessageText",
    ]
    fake.assert_no_errors()

    with pytest.raises(AssertionError, match="no inline button 'Dansk'"):
        amina.press("Dansk")


@pytest.mark.asyncio
async def test_user_bound_to_the_app_feeds_updates_when_awaited(
    fake: FakeTelegram, app: Application
) -> None:
    amina = FakeUser(app, fake, USER, first_name="Amina", language_code="en")
    assert amina.user_json["language_code"] == "en"

    update = amina.command("/start QR")
    assert isinstance(update, PendingUpdate) and update["message"]["text"] == "/start QR"
    processed = await update
    assert isinstance(processed, Update)
    assert amina.last_message.plain_text.endswith("Kode: QR")

    await amina.press("Dansk")
    assert amina.last_message.plain_text == "Sprog: da"
    assert fake.callback_answers[-1]["text"] == "Gemt"

    # A stale button on an old message the bot sent before the test: still editable.
    await amina.press_data("lang:en", message_text="Vælg sprog (gammel besked)")
    assert amina.last_message.plain_text == "Sprog: en"
    assert [m.method for m in amina.messages] == [
        "sendMessage",
        "editMessageText",
        "editMessageText",
    ]
    fake.assert_no_errors()


@pytest.mark.asyncio
async def test_unbound_updates_are_plain_dicts(fake: FakeTelegram) -> None:
    update = FakeUser(fake, USER).text("hej")
    assert update["message"]["text"] == "hej"
    with pytest.raises(TypeError, match="no Application"):
        await update


@pytest.mark.asyncio
async def test_callback_update_carries_the_message_as_sent(
    fake: FakeTelegram, app: Application
) -> None:
    amina = FakeUser(fake, USER)
    await feed(app, amina.command("/start"))

    data = amina.press("Dansk")

    query = Update.de_json(data, app.bot).callback_query
    assert query is not None and query.message is not None
    assert query.data == "lang:da"
    assert query.chat_instance
    assert query.message.text == "Velkommen, Amina! Kode: -"
    assert query.message.reply_markup is not None
    assert query.message.reply_markup.inline_keyboard[0][0].callback_data == "lang:da"
    with pytest.raises(AssertionError, match="no button with callback_data 'lang:xx'"):
        callback(USER, "lang:xx", query.message.message_id, fake=fake)


@pytest.mark.asyncio
async def test_group_command_addressed_to_this_bot_only(
    fake: FakeTelegram, app: Application
) -> None:
    amina = FakeUser(fake, USER)
    await feed(app, amina.command("/start", chat_id=GROUP, mention_bot=True))
    assert fake.last_to(GROUP).plain_text.startswith("Velkommen")

    await feed(app, group_message(USER, GROUP, "/start@SomeOtherBot", fake=fake))
    assert len(fake.sent_to(GROUP)) == 1


@pytest.mark.asyncio
async def test_builders_without_fake_work_with_process_update(app: Application) -> None:
    await feed(app, command(USER, "start XYZ"))
    await feed(app, private_message(USER, "hello"))  # no handler: nothing happens
    fake = app.bot.request
    assert isinstance(fake, FakeTelegram)
    assert fake.last_to(USER).plain_text.endswith("Kode: XYZ")


# ---- limits -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_text_length_is_counted_in_utf16_after_entity_parsing(
    fake: FakeTelegram, app: Application
) -> None:
    bot = app.bot
    await bot.send_message(USER, "x" * 4096)
    await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>")  # tags don't count
    await bot.send_message(USER, "&amp;" * 4096)  # entities count as one character
    await bot.send_message(USER, "😀" * 2048)  # 4096 UTF-16 code units

    for too_long in ("x" * 4097, "&amp;" * 4097, "😀" * 2049):
        with pytest.raises(BadRequest, match=r"(?i)^message is too long$"):
            await bot.send_message(USER, too_long)
        assert fake.calls[-1].error == "Bad Request: message is too long"
    assert len("😀" * 2049) == 2049 and utf16_len("😀" * 2049) == 4098


@pytest.mark.asyncio
async def test_empty_text_and_long_caption_are_rejected(
    fake: FakeTelegram, app: Application
) -> None:
    plain_app = build_application(fake).build()  # no Defaults, see the next test
    async with plain_app:
        with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
            await plain_app.bot.send_message(USER, "")
    with pytest.raises(BadRequest, match=r"(?i)text must be non-empty"):
        await app.bot.send_message(USER, "<b> </b>")
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await app.bot.send_photo(USER, tiny_png(), caption="y" * 1025)
    await app.bot.send_photo(USER, tiny_png(), caption="<i>" + "y" * 1024 + "</i>")


@pytest.mark.asyncio
async def test_ptb_defaults_turn_an_empty_string_into_a_list(
    fake: FakeTelegram, app: Application
) -> None:
    """PTB 22.8 quirk: with Defaults, ``""`` passes ExtBot's InputPollOption check (``all()``
    of nothing) and becomes ``[]``; Telegram receives ``text="[]"`` and shows "[]" to the
    parent instead of refusing an empty message.  Guard empty texts before sending."""
    message = await app.bot.send_message(USER, "")
    assert fake.calls[-1].params["text"] == []
    assert message.text == "[]"


@pytest.mark.asyncio
async def test_callback_data_limit_is_64_utf8_bytes(fake: FakeTelegram, app: Application) -> None:
    await app.bot.send_message(USER, "ok", reply_markup=keyboard("x" * 64))
    await app.bot.send_message(USER, "ok", reply_markup=keyboard("æ" * 32))  # 64 bytes

    for data in ("x" * 65, "æ" * 33):  # 33 characters, but 66 bytes
        with pytest.raises(BadRequest, match=r"(?i)^button_data_invalid$"):
            await app.bot.send_message(USER, "too much", reply_markup=keyboard(data))
        assert fake.calls[-1].error == "Bad Request: BUTTON_DATA_INVALID"


@pytest.mark.parametrize(
    ("button", "description"),
    [
        (
            InlineKeyboardButton("OK", callback_data=""),
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            InlineKeyboardButton("OK"),
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (InlineKeyboardButton("", callback_data="x"), "Bad Request: BUTTON_TEXT_INVALID"),
        (
            InlineKeyboardButton("Link", url="ftp://example.com"),
            "Bad Request: inline keyboard button URL 'ftp://example.com' is invalid: "
            "Unsupported URL protocol",
        ),
        (
            InlineKeyboardButton("Link", url="http://localhost:8080"),
            "Bad Request: inline keyboard button URL 'http://localhost:8080' is invalid: "
            "Wrong HTTP URL",
        ),
    ],
)
@pytest.mark.asyncio
async def test_invalid_inline_buttons_are_rejected(
    fake: FakeTelegram, app: Application, button: InlineKeyboardButton, description: str
) -> None:
    with pytest.raises(BadRequest):
        await app.bot.send_message(USER, "x", reply_markup=InlineKeyboardMarkup([[button]]))
    assert fake.calls[-1].status == 400
    assert fake.calls[-1].error == description


@pytest.mark.asyncio
async def test_valid_url_buttons_are_accepted(app: Application) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Web", url="https://forældre.example.dk/plan?uge=12")],
            [InlineKeyboardButton("Bot", url="tg://resolve?domain=ParentGroupTestBot")],
        ]
    )
    await app.bot.send_message(USER, "links", reply_markup=markup)


# ---- HTML -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in BAD_HTML], ids=[case[0] for case in BAD_HTML]
)
@pytest.mark.asyncio
async def test_invalid_html_raises_bad_request(
    fake: FakeTelegram, app: Application, text: str, expected: str
) -> None:
    with pytest.raises(BadRequest) as raised:
        await app.bot.send_message(USER, text)
    # PTB strips "Bad Request: " and str.capitalize()s the rest, so compare case-insensitively.
    assert expected.lower() in raised.value.message.lower()
    assert fake.calls[-1].error is not None
    assert fake.calls[-1].error.startswith("Bad Request: can't parse entities: ")
    assert fake.sent_to(USER) == []


@pytest.mark.parametrize(("text", "plain", "entities"), GOOD_HTML)
@pytest.mark.asyncio
async def test_supported_html_is_accepted_and_parsed(
    fake: FakeTelegram,
    app: Application,
    text: str,
    plain: str,
    entities: list[tuple[str, int, int]],
) -> None:
    message = await app.bot.send_message(USER, text)
    assert message.text == plain
    assert [(e.type, e.offset, e.length) for e in message.entities] == entities
    assert fake.last_to(USER).text == text
    assert fake.last_to(USER).plain_text == plain


@pytest.mark.asyncio
async def test_pre_language_and_link_url_reach_ptb(app: Application) -> None:
    message = await app.bot.send_message(
        USER,
        '<pre><code class="language-python">x = 1</code></pre>\n'
        '<a href="https://example.dk/a">her</a>',
    )
    pre, link = message.entities
    assert pre.language == "python"
    assert link.url == "https://example.dk/a"
    assert message.text_html.endswith('<a href="https://example.dk/a">her</a>')


@pytest.mark.asyncio
async def test_markup_escaped_twice_is_rejected(app: Application) -> None:
    """A reader would see "<b>Babygruppen</b>" as text: the fake refuses to send it."""
    for text in ("Gemt. &lt;b&gt;Babygruppen&lt;/b&gt;", '&lt;a href="https://x.dk"&gt;her'):
        with pytest.raises(BadRequest, match="visible tag"):
            await app.bot.send_message(USER, text)
    message = await app.bot.send_message(USER, "Café &lt;Nord&gt; &amp; 3 &lt; 4")
    assert message.text == "Café <Nord> & 3 < 4"  # an escaped value that is no tag is fine


@pytest.mark.asyncio
async def test_non_strict_mode_accepts_what_telegram_accepts() -> None:
    lenient = FakeTelegram(strict_html=False)
    application = build_application(lenient, defaults=project_defaults()).build()
    async with application:
        message = await application.bot.send_message(USER, 'Tom & Jerry <b class="x">!</b>')
        assert message.text == "Tom & Jerry !"
    assert parse_html("<a>https://example.dk</a>", strict=False)[1][0]["url"] == (
        "https://example.dk"
    )


# ---- editing ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_edit_with_same_content_is_not_modified(fake: FakeTelegram, app: Application) -> None:
    bot = app.bot
    markup = keyboard("status:refresh", "Opdater")
    sent = await bot.send_message(USER, "<b>Status</b>", reply_markup=markup)

    with pytest.raises(BadRequest, match=r"(?i)^message is not modified"):
        await bot.edit_message_text(
            "<b>Status</b>", chat_id=USER, message_id=sent.message_id, reply_markup=markup
        )
    assert fake.calls[-1].error is not None
    assert fake.calls[-1].error.startswith("Bad Request: message is not modified: ")

    # Different markup, same rendering: still "not modified".
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<strong>Status</strong>",
            chat_id=USER,
            message_id=sent.message_id,
            reply_markup=markup,
        )

    # Same text without reply_markup is a change: the keyboard disappears.
    edited = await bot.edit_message_text("<b>Status</b>", chat_id=USER, message_id=sent.message_id)
    assert edited.reply_markup is None
    assert fake.last_to(USER).buttons == []

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)
    await bot.edit_message_reply_markup(
        chat_id=USER, message_id=sent.message_id, reply_markup=markup
    )
    assert fake.message(USER, sent.message_id).button_texts == ["Opdater"]

    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)


@pytest.mark.asyncio
async def test_callback_query_can_only_be_answered_once(
    fake: FakeTelegram, app: Application
) -> None:
    amina = FakeUser(fake, USER)
    await feed(app, amina.command("/start"))
    await feed(app, amina.press("Dansk"))  # the handler answers it
    query_id = fake.callback_answers[-1].callback_query_id
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await app.bot.answer_callback_query(query_id)


# ---- blocked users and injected failures ------------------------------------------------------


@pytest.mark.asyncio
async def test_blocked_chat_raises_forbidden(fake: FakeTelegram, app: Application) -> None:
    fake.blocked.add(USER)
    with pytest.raises(Forbidden) as raised:
        await app.bot.send_message(USER, "Påmindelse")
    assert raised.value.message == "Forbidden: bot was blocked by the user"
    with pytest.raises(Forbidden):
        await app.bot.send_photo(USER, tiny_png())
    assert fake.sent_to(USER) == []


@pytest.mark.asyncio
async def test_user_blocking_the_bot_via_update(fake: FakeTelegram, app: Application) -> None:
    amina = FakeUser(fake, USER)
    await feed(app, amina.blocks_bot())
    with pytest.raises(Forbidden):
        await app.bot.send_message(USER, "hej")

    fake.blocked.add(GROUP)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await app.bot.send_message(GROUP, "hej")


@pytest.mark.asyncio
async def test_injected_429_raises_retry_after(
    fake: FakeTelegram, app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as timedelta
    fake.fail_next("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter) as raised:
        await app.bot.send_message(USER, "hej")
    assert raised.value.retry_after == dtm.timedelta(seconds=7)
    assert fake.calls[-1].status == 429
    assert fake.calls[-1].error == "Too Many Requests: retry after 7"
    assert fake.sent_to(USER) == []

    await app.bot.send_message(USER, "hej igen")  # the failure fired only once
    assert fake.last_to(USER).text == "hej igen"


@pytest.mark.asyncio
async def test_injected_server_errors_and_network_failures(
    fake: FakeTelegram, app: Application
) -> None:
    bot = app.bot
    fake.fail_next("sendMessage", "500")
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(USER, "a")
    assert type(raised.value) is NetworkError  # not BadRequest, which also subclasses it
    assert raised.value.message == "Internal Server Error"

    fake.fail_next("sendMessage", "timeout")
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "b")
    assert fake.calls[-1].status is None

    fake.fail_next("*", "network", count=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "c")

    fake.fail_next("sendMessage", "403")
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "d")
    assert fake.sent_to(USER) == []

    # A timeout after Telegram delivered the message: the retry hazard outboxes must handle.
    fake.fail_next("sendMessage", "timeout", after_delivery=True)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "e")
    assert [m.text for m in fake.sent_to(USER)] == ["e"]

    with pytest.raises(ValueError, match="unknown failure kind"):
        fake.fail_next("sendMessage", "418")  # type: ignore[arg-type]


# ---- files --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_send_photo_records_bytes_and_sizes(fake: FakeTelegram, app: Application) -> None:
    png = tiny_png(4, 2)
    message = await app.bot.send_photo(USER, photo=png, caption="<b>Ugeplan</b>")

    record = fake.last_to(USER)
    assert record.method == "sendPhoto"
    assert record.photo == png
    assert record.caption == "<b>Ugeplan</b>"
    assert record.plain_caption == "Ugeplan"
    upload = fake.calls_to("sendPhoto")[0].files["photo"]
    assert upload.content == png
    assert "photo" not in fake.calls_to("sendPhoto")[0].params
    assert (message.photo[-1].width, message.photo[-1].height) == (4, 2)
    assert message.caption == "Ugeplan"

    again = await app.bot.send_photo(USER, photo=message.photo[-1].file_id)  # resend by file_id
    assert again.photo[-1].file_id == message.photo[-1].file_id

    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await app.bot.send_photo(USER, photo=b"definitely not an image")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await app.bot.send_photo(USER, photo="no-such-file-id")


@pytest.mark.asyncio
async def test_send_document_records_bytes_name_and_type(
    fake: FakeTelegram, app: Application
) -> None:
    pdf = b"%PDF-1.4\n% madplan\n"
    message = await app.bot.send_document(USER, document=pdf, filename="madplan.pdf")

    record = fake.last_to(USER)
    assert record.document == pdf
    assert record.document_name == "madplan.pdf"
    assert record.document_mime_type == "application/pdf"
    assert message.document is not None
    assert message.document.file_name == "madplan.pdf"
    assert message.document.mime_type == "application/pdf"
    assert message.document.file_size == len(pdf)

    downloaded = await (await app.bot.get_file(message.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == pdf

    with pytest.raises(BadRequest, match=r"(?i)file must be non-empty"):
        await app.bot.send_document(USER, document=b"", filename="empty.txt")


# ---- other methods ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_unknown_methods_fail_visibly(fake: FakeTelegram, app: Application) -> None:
    with pytest.raises(EndPointNotFound):
        await app.bot.do_api_request("sendSomethingNew", api_kwargs={"chat_id": USER})
    with pytest.raises(InvalidToken, match="not implemented by FakeTelegram"):
        await app.bot.send_dice(USER)  # a real method the fake doesn't implement
    assert fake.unknown_methods == ["sendSomethingNew", "sendDice"]
    assert [c.status for c in fake.errors] == [404, 404]


@pytest.mark.asyncio
async def test_set_my_commands_is_checked_and_kept(fake: FakeTelegram, app: Application) -> None:
    bot = app.bot
    await bot.set_my_commands([("start", "Start"), ("hjaelp", "Hjælp")], language_code="da")
    assert [c["command"] for c in fake.commands[('{"type": "default"}', "da")]] == [
        "start",
        "hjaelp",
    ]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Start-Now", "nope")])
    with pytest.raises(BadRequest, match=r"(?i)command description must be non-empty"):
        await bot.set_my_commands([("start", " ")])


@pytest.mark.asyncio
async def test_get_updates_honours_offset_and_polling_works(fake: FakeTelegram) -> None:
    application = build_application(fake, defaults=project_defaults()).build()
    add_demo_handlers(application)
    async with application:
        first = fake.queue_update(private_message(USER, "/start ONE"))
        second = fake.queue_update(private_message(USER, "/start TWO"))
        updates = await application.bot.get_updates(timeout=0)
        assert [u.update_id for u in updates] == [first["update_id"], second["update_id"]]
        assert await application.bot.get_updates(offset=second["update_id"], timeout=0)
        assert await application.bot.get_updates(offset=second["update_id"] + 1, timeout=0) == ()
        assert fake.pending_updates == []

        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        await application.start()
        fake.queue_update(FakeUser(fake, USER).command("/start POLL"))
        for _ in range(200):
            if fake.sent_to(USER):
                break
            await asyncio.sleep(0.01)
        await application.updater.stop()
        await application.stop()
    assert fake.last_to(USER).plain_text.endswith("Kode: POLL")
    assert "deleteWebhook" in [c.method for c in fake.calls]


@pytest.mark.asyncio
async def test_feed_surfaces_handler_errors(fake: FakeTelegram, app: Application) -> None:
    async def unescaped(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("Tom & Jerry")  # forgot html.escape

    app.add_handler(CommandHandler("bad", unescaped))
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await feed(app, command(USER, "/bad"))
    await feed(app, command(USER, "/bad"), raise_errors=False)  # opt out: PTB just logs it
    assert len(fake.errors) == 2


@pytest.mark.asyncio
async def test_known_chats_only_mimics_users_who_never_wrote() -> None:
    strict = FakeTelegram(known_chats_only=True)
    application = build_application(strict).build()
    async with application:
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await application.bot.send_message(555, "hej")
        await feed(application, private_message(555, "hej bot"))
        await application.bot.send_message(555, "hej")
    assert strict.last_to(555).date > 0
