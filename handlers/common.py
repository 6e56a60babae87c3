"""What every handler shares: services, the acting person, their texts, role checks."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

import clock
from access import Action, can
from clock import Clock, system_clock
from db import queries
from db.engine import stand_alone
from db.leadership import Leadership
from db.models import Group, Organisation, Person, Role
from faq import FaqLibrary, load_library
from i18n import FALLBACK, Texts, best_language, supported_codes, texts_for
from outbox.limits import Limits
from settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Put into `application.bot_data` once, in `handlers.application.build_application`."""

    settings: Settings
    db: sessionmaker[Session]
    clock: Clock = system_clock
    bot_username: str = ""
    limits: Limits = field(default_factory=Limits)  # Telegram's budget: replies and outbox alike
    sender_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    leadership: Leadership | None = None  # set by the running bot: may it tick and send?
    said_standby: bool = False  # a standby says so once in its log, not every try
    sender_task: asyncio.Task[None] | None = None

    def wake_sender(self) -> None:
        """A handler committed outbox rows: the background sender takes them within a second
        (at once, if it is idle). The handler itself never waits for sending."""
        self.sender_wakeup.set()

    def start_loading_faq(self) -> concurrent.futures.Future[FaqLibrary]:
        """Begin loading the FAQ content and the danger rules in a worker thread.

        Called at start-up, so the first parent's question does not wait the seconds the
        load takes, and the event loop (reminders, the sender, other chats) never stops
        for it."""
        global _running_faq
        _running_faq = (self.settings.faq_overrides_dir, self.settings.helplines_file)
        return faq_loading(*_running_faq)

    async def faq(self) -> FaqLibrary:
        """The FAQ library, once loaded; a question asked during the load waits for it
        without blocking anyone else."""
        return await asyncio.wrap_future(self.start_loading_faq())

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work at the clock's instant: its rows carry that time, not the machine's.

        Commit, then talk: while it is open, any call to the Bot API first commits what the
        unit of work has done so far (`commit_before_talking`, called by the bot's rate
        limiter), so no transaction is ever held while the bot waits for Telegram. What
        follows the call starts a new transaction, committed at the end.
        """
        with clock.at(self.clock()), self.db() as session, _committed(session):
            yield session

    @contextmanager
    def connection(self, *, statements_stand_alone: bool = False) -> Iterator[Connection]:
        """The same unit of work without the ORM: a Core connection in one transaction.

        For the hottest updates (a reminder button press is two statements): the ORM
        session around two Core statements cost about as much as the statements. Commit,
        then talk holds here too.

        `statements_stand_alone`: each statement commits by itself (the driver's
        autocommit). For an update that reads, decides and writes at most one statement
        whose effect stands alone (an upsert of a reply, a gap logged), where a
        transaction around them would guard nothing: on PostgreSQL it saves the BEGIN
        and COMMIT round trips, half of a press's.
        """
        engine = self.db.kw["bind"]
        if statements_stand_alone:
            engine = stand_alone(engine)  # autocommit since connecting: no switch per update
        with clock.at(self.clock()), engine.connect() as connection:
            connection.begin()  # an ORM session bound to it joins this transaction
            with _committed(connection):
                yield connection


_talking_session: ContextVar[Session | Connection | None] = ContextVar(
    "talking_session", default=None
)


@contextmanager
def _committed(unit: Session | Connection) -> Iterator[None]:
    """Commit at the end, roll back on any error; meanwhile `commit_before_talking` finds it.
    The one ending of both units of work (`Services.transaction`, `Services.connection`)."""
    token = _talking_session.set(unit)
    try:
        yield
        unit.commit()
    except BaseException:
        unit.rollback()
        raise
    finally:
        _talking_session.reset(token)


def commit_before_talking() -> None:
    """Commit the open unit of work of this update, if any: the bot is about to talk."""
    unit = _talking_session.get()
    if unit is not None and unit.in_transaction():
        unit.commit()


@dataclass(frozen=True)
class _FaqLoad:
    """One load of the FAQ library: its future, and the event set when its loader has also
    compiled every danger rule (`_warm`), or given up."""

    loading: concurrent.futures.Future[FaqLibrary]
    warmed: threading.Event


_faq_loads: dict[tuple[Path | None, Path | None], _FaqLoad] = {}
_faq_loads_lock = threading.Lock()
# One load at a time: two settings' loads at once would only share the cores.
_one_load_at_a_time = threading.Lock()


def _load_in_background(overrides: Path | None, helplines: Path | None) -> _FaqLoad:
    """Start a load in a daemon thread and return its future and "warmed" event.

    Not a ThreadPoolExecutor: the interpreter joins an executor's threads at exit, so a
    bot stopped during the load (a deploy right after a start) stayed alive until the load
    ended, 10-20 s on a loaded machine, and the service manager killed it. A daemon thread
    ends with the process; the load only reads files, so nothing is lost."""
    loading: concurrent.futures.Future[FaqLibrary] = concurrent.futures.Future()
    warmed = threading.Event()

    def run() -> None:
        if not loading.set_running_or_notify_cancel():
            return
        with _one_load_at_a_time:
            try:
                library = _load_faq(overrides, helplines)
            except BaseException as exc:  # handed to whoever waits for the load
                loading.set_exception(exc)
                warmed.set()
                return
            loading.set_result(library)
            _warm(library)
            warmed.set()

    threading.Thread(target=run, name="faq-load", daemon=True).start()
    return _FaqLoad(loading, warmed)


def faq_loading(
    overrides: Path | None, helplines: Path | None
) -> concurrent.futures.Future[FaqLibrary]:
    """The one load of the FAQ library per process and settings, in a worker thread.

    Compiling every language's danger rules takes seconds; done on the event loop it froze
    the whole bot at the first question. The content does not change while running, so a
    load (or its error, say a broken rules file) is kept and shared by every caller."""
    return _faq_load(overrides, helplines).loading


def _faq_load(overrides: Path | None, helplines: Path | None) -> _FaqLoad:
    key = (overrides, helplines)
    with _faq_loads_lock:
        load = _faq_loads.get(key)
        if load is None:
            load = _faq_loads[key] = _load_in_background(overrides, helplines)
    return load


def faq_warmed(
    overrides: Path | None, helplines: Path | None, timeout: float | None = None
) -> bool:
    """Wait until the load's loader has also compiled every danger rule, after the library
    went into use (True), or the timeout passed (False). For a benchmark of the steady
    state: while the loader compiles, it shares the interpreter with the event loop."""
    return _faq_load(overrides, helplines).warmed.wait(timeout)


# The settings of the running bot's load (`Services.start_loading_faq`), for `loaded_faq`.
_running_faq: tuple[Path | None, Path | None] | None = None


def loaded_faq() -> FaqLibrary | None:
    """The running bot's FAQ library if its load has finished, else None; never waits.

    For code on the event loop that cannot await and can do without it (an outbox
    renderer's link to a theme): waiting there for the seconds-long load would stop every
    chat, and loading without the bot's settings would ignore a municipality's own entries.
    """
    with _faq_loads_lock:
        load = _faq_loads.get(_running_faq) if _running_faq is not None else None
    loading = load.loading if load is not None else None
    if loading is None or not loading.done() or loading.exception() is not None:
        return None
    return loading.result()


def faq_library(overrides: Path | None, helplines: Path | None) -> FaqLibrary:
    """The FAQ library for code that cannot await (renderers, tests): waits for the load."""
    return faq_loading(overrides, helplines).result()


def _load_faq(overrides: Path | None, helplines: Path | None) -> FaqLibrary:
    """The library, ready for questions: its danger rules compile as messages need them
    until `_warm` has compiled the rest (see `faq.safeguarding.LazyPattern`)."""
    started = time.perf_counter()
    try:
        library = load_library(supported_codes(), overrides, helplines)
        library.prepare()
    except Exception:
        log.exception("the FAQ content or the danger rules did not load")
        raise
    log.info("FAQ content and danger rules loaded in %.1f s", time.perf_counter() - started)
    return library


def _warm(library: FaqLibrary) -> None:
    """Compile the danger rules no message has needed yet, after the library is in use.

    A failure here is a fault of the rules' compiler: logged with the expression; the
    library stays in use (a message that needs that rule meets the same error)."""
    started = time.perf_counter()
    try:
        library.warm()
    except Exception:
        log.exception("a danger rule did not compile")
        return
    log.info("every danger rule compiled in %.1f s more", time.perf_counter() - started)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def guess_language(update: Update) -> str:
    """The language to greet someone we don't know yet: Telegram's, if supported."""
    user = update.effective_user
    return best_language(user.language_code if user else None) or FALLBACK


def texts_for_update(session: Session, update: Update) -> tuple[Person | None, Texts]:
    """The known person behind an update (if any) and the texts in their language."""
    user = update.effective_user
    person = queries.person_by_telegram_id(session, user.id) if user else None
    return person, texts_for(person.language if person else guess_language(update))


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from, whether a message or a button press."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(text, reply_markup=markup)


async def edit_or_reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """After a button press, replace the question with the answer; else send a new message."""
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_text(text, reply_markup=markup)
    else:
        await reply(update, text, markup)


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Inline keyboard from rows of (label, callback_data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def in_rows(buttons: list[tuple[str, str]], per_row: int) -> list[list[tuple[str, str]]]:
    """Buttons laid out a few to a row: a phone shows about three short labels side by side."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


@dataclass
class Actor:
    """The person acting, their texts, and the groups where they may do the action."""

    session: Session
    person: Person
    texts: Texts
    groups: list[Group]
    organisations: list[Organisation]


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[Any]]
ActorHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Actor], Awaitable[Any]]


def permitted_groups(session: Session, person: Person, action: Action) -> list[Group]:
    """Groups where the person's roles grant `action`."""
    groups = queries.groups_with_roles(session, person)
    return [group for group, roles in groups if can(roles, action)]


def permitted_organisations(session: Session, person: Person, action: Action) -> list[Organisation]:
    """Organisations where an organisation-wide role grants `action` (e.g. creating groups)."""
    if not can({Role.COORDINATOR}, action):
        return []
    return queries.coordinated_organisations(session, person)


def in_private_chat(update: Update) -> bool:
    """Whether the update comes from a person's private chat with the bot."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def continue_in_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed in a group chat: one line and a button to a private chat, nothing personal.

    Everyone in a group chat reads what the bot posts there, so a name, a figure,
    a question or an invite link must never appear in it. A button pressed there
    gets a short notice on the presser's screen only.
    """
    with services(context).transaction() as session:
        _, texts = texts_for_update(session, update)
    if update.callback_query is not None:
        await update.callback_query.answer(
            texts.plain("Please continue in a private chat with me."), show_alert=True
        )
        return
    username = services(context).bot_username
    markup = (
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        texts.plain("Open a private chat"), url=f"https://t.me/{username}"
                    )
                ]
            ]
        )
        if username
        else None
    )
    await reply(
        update,
        texts._("This is done in a private chat with me, so nothing personal is posted here."),
        markup,
    )


def private_chat_only(handler: Handler) -> Handler:
    """For every command that shows or changes anything about people: private chats only."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
        if not in_private_chat(update):
            await continue_in_private(update, context)
            return None
        return await handler(update, context)

    return wrapper


def admin_only(handler: Handler) -> Handler:
    """For the people who run the deployment (BOT_ADMIN_IDS), not for any group role."""

    @private_chat_only
    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
        if update.effective_user.id in services(context).settings.admin_ids:
            return await handler(update, context)
        with services(context).transaction() as session:
            _, texts = texts_for_update(session, update)
        await reply(update, texts._("Sorry, this is only for the people who run this bot."))
        return None

    return wrapper


def requires(action: Action) -> Callable[[ActorHandler], Handler]:
    """The one role check: the handler runs only for someone allowed `action` in a group,
    and only in their private chat with the bot (a group chat gets one line, see
    `continue_in_private`).

    Everyone else gets a kind sentence in their language, never silence.
    """

    def decorate(handler: ActorHandler) -> Handler:
        @private_chat_only
        @functools.wraps(handler)
        async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
            with services(context).transaction() as session:
                person, texts = texts_for_update(session, update)
                groups = permitted_groups(session, person, action) if person else []
                orgs = permitted_organisations(session, person, action) if person else []
                if person is None or not (groups or orgs):
                    if update.callback_query:
                        await update.callback_query.answer()
                    await reply(update, texts._("Sorry, this is only for the staff of a group."))
                    return None
                return await handler(update, context, Actor(session, person, texts, groups, orgs))

        return wrapper

    return decorate
