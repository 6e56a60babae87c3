"""Benchmark (not a test): what one update costs, against a bare PTB Application.

    .venv/bin/python bench/bench_updates.py                 # SQLite in a temp folder
    .venv/bin/python bench/bench_updates.py --db URL        # e.g. a PostgreSQL database

Two updates parents send all the time, through the real Application on the
in-process fake transport (`tests/fake_telegram.py`, which validates every
call like Telegram):

- a reminder button press (*I'm coming* / *I'll be late*, alternating): the
  bot answers the callback and edits the reminder;
- a free-text question in Danish, answered from the FAQ (danger words first).

The floor is a bare PTB Application on the same transport whose handlers make
the same Bot API calls with a fixed text and no database: what PTB and the
transport cost by themselves. For the FAQ question there are two floors: the
first replies with the reminder's text and no buttons (as since the benchmark
was written); the second ("same reply") sends, for each question, exactly the
text and buttons the bot answered it with, so the transport parses the same
HTML and returns the same message: only the bot's own work (database, danger
words, search, rendering) differs. Both are measured in the same run, interleaved,
and the ratio is printed, with the SQL statements and commits per update. Both
wall time and the process's CPU time are given: on a machine shared with other
jobs the CPU time is the steadier (a PostgreSQL server's own work is not in it).
Targets: a press <= 3x the floor on SQLite and <= 5x on PostgreSQL; a FAQ
question <= 5x on both.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, Defaults, MessageHandler, filters

from db.engine import make_engine, session_factory, upgrade
from db.statements import counting
from handlers.application import build_application as build_bot_application
from handlers.common import Services, faq_warmed
from outbox.limits import Limits
from scheduling.tick import tick
from settings import Settings
from tests.chat import Chat, create_group_in_chat, join
from tests.fake_telegram import FakeTelegram, build_application, callback, private_message

MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
PARENT = 21
QUESTIONS = [
    "hvor længe skal man amme",
    "må baby sove på maven",
    "hvornår skal mit barn vaccineres",
    "hvor mange timer skal en nyfødt sove",
]
ROUNDS, PER_ROUND = 7, 100


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def the_bot(url: str) -> tuple[Application, Any, int, int, Any]:
    """The real Application with a group, a parent and the parent's reminder on screen."""
    upgrade(make_engine(url))
    engine = make_engine(url)
    db = session_factory(engine)
    fake = FakeTelegram(flood_limit=None)  # the bench sends far more than 30 a second
    settings = Settings(token="123456:TEST", admin_ids=frozenset({1}))
    clock = Clock(datetime(2026, 11, 22, 12, tzinfo=UTC))
    # the shared rate limiter runs (its cost is part of the bot's), but never waits
    unlimited = Limits(per_second=10**9, per_chat_interval=0, per_group_per_minute=10**9)
    services = Services(settings=settings, db=db, clock=clock, limits=unlimited)
    app = build_bot_application(settings, services, build_application(fake))
    await app.initialize()
    await app.post_init(app)  # learns the bot's username for the links (the tick is not started)
    chat = Chat(app, fake, db)
    parent_code, _ = await create_group_in_chat(chat, chat.user(10, "Mette"))
    await join(chat.user(PARENT, "Fatma"), parent_code)
    clock.now = MONDAY_18
    await tick(db, MONDAY_18)
    await chat.send_outbox()
    reminder = fake.last_to(PARENT)
    session_id = int(reminder.buttons[0][0][1].split(":")[1])
    return app, fake, reminder.message_id, session_id, engine


def markup_of(buttons: list[list[tuple[str, str | None]]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


async def bare_ptb(
    reminder_text: str,
    markup: InlineKeyboardMarkup,
    answers: dict[str, tuple[str, InlineKeyboardMarkup | None]] | None = None,
) -> tuple[Application, Any]:
    """PTB with no bot behind it: the same Bot API calls, a fixed text, no database.

    With `answers`, a question gets its fixed reply from there (text and buttons)."""
    fake = FakeTelegram(flood_limit=None)
    app = (
        build_application(fake)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .build()
    )

    async def pressed(update: Update, _context: Any) -> None:
        # a different text per button, as the bot's answer differs: Telegram (and the
        # fake) refuse an edit that changes nothing
        answer = f"{reminder_text}\n{update.callback_query.data}"
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(answer, reply_markup=markup)

    async def asked(update: Update, _context: Any) -> None:
        if answers is None:
            await update.effective_message.reply_text(reminder_text)
            return
        text, buttons = answers[update.effective_message.text]
        await update.effective_message.reply_text(text, reply_markup=buttons)

    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT, asked))
    await app.initialize()
    message_id = fake.add_bot_message(
        PARENT,
        reminder_text,
        parse_mode="HTML",
        buttons=[[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard],
    )
    return app, message_id


async def run(
    app: Application, make: Callable[[int], dict], count: int, start: int
) -> tuple[float, float]:
    """Wall and CPU seconds for `count` updates, each parsed and processed as PTB does
    when polling."""
    began, cpu = time.perf_counter(), time.process_time()
    for i in range(start, start + count):
        await app.process_update(Update.de_json(make(i), app.bot))
    return time.perf_counter() - began, time.process_time() - cpu


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

    app, fake, message_id, session_id, engine = await the_bot(url)
    reminder = fake.last_to(PARENT)
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in reminder.buttons
        ]
    )
    bare, bare_message = await bare_ptb(reminder.text, markup)
    choices = [f"a:{session_id}:c", f"a:{session_id}:l"]
    answers = {}
    for question in QUESTIONS:  # what the bot answers each question with, for the floor
        await app.process_update(
            Update.de_json(private_message(PARENT, question, first_name="Fatma"), app.bot)
        )
        answered = fake.last_to(PARENT)
        answers[question] = (answered.text, markup_of(answered.buttons))
    same_reply, _ = await bare_ptb(reminder.text, markup, answers)
    # The steady state: the loader compiles the danger rules no message has needed yet for
    # some seconds after the library is in use, sharing the interpreter with the event loop.
    await asyncio.to_thread(faq_warmed, None, None)  # the settings of `the_bot`: no overrides

    def press(target: int) -> Callable[[int], dict]:
        return lambda i: callback(PARENT, choices[i % 2], target, first_name="Fatma")

    def ask(i: int) -> dict:
        return private_message(PARENT, QUESTIONS[i % len(QUESTIONS)], first_name="Fatma")

    kinds = {
        "reminder button press": (press(message_id), bare, press(bare_message)),
        "FAQ question": (ask, bare, ask),
        "FAQ question, floor with the same reply": (ask, same_reply, ask),
    }
    for name, (ours, floor_app, floor) in kinds.items():
        await run(app, ours, 20, 0)  # warm up: caches, prepared statements, the FAQ index
        await run(floor_app, floor, 20, 0)
        with counting(engine) as count:
            await run(app, ours, 10, 0)
        ours_times, floor_times = [], []
        for r in range(ROUNDS):
            floor_times.append(await run(floor_app, floor, PER_ROUND, r * PER_ROUND))
            ours_times.append(await run(app, ours, PER_ROUND, r * PER_ROUND))
        ours_ms, ours_cpu = (
            statistics.median(t) * 1000 / PER_ROUND for t in zip(*ours_times, strict=True)
        )
        floor_ms, floor_cpu = (
            statistics.median(t) * 1000 / PER_ROUND for t in zip(*floor_times, strict=True)
        )
        print(
            f"{name}: {ours_ms:.2f} ms vs bare PTB {floor_ms:.2f} ms = {ours_ms / floor_ms:.1f}x "
            f"(CPU {ours_cpu:.2f} vs {floor_cpu:.2f} ms = {ours_cpu / floor_cpu:.1f}x); "
            f"{len(count) / 10:.1f} statements and {count.commits / 10:.1f} commits per update"
        )
    fake.assert_no_errors()
    await app.shutdown()
    await bare.shutdown()
    await same_reply.shutdown()
    print(f"database: {url.split(':', 1)[0]}; median of {ROUNDS} rounds of {PER_ROUND} updates")


if __name__ == "__main__":
    asyncio.run(main())
