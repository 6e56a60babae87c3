"""Benchmark (not a test): sending at Telegram's rate, over HTTP, behind a strict flood meter.

    .venv/bin/python bench/bench_sending.py                  # everything, SQLite + PostgreSQL
    .venv/bin/python bench/bench_sending.py --parents 2000 --only rate,help,twice,runs,kill

Every phase runs the emulator (`tests/e2e/emulator.js`) with EMULATOR_FLOOD_LIMIT=30: a
message beyond 30 accepted in the trailing second, or 20 a minute to one group chat, is
answered 429 and not delivered, as Telegram does.

- rate: the baseline, PTB's `AIORateLimiter` sending N messages at once through the meter,
  then `python bot.py tick --now` sending N reminders to N parents. Prints messages/s
  (first to last accepted send), the ratio to Telegram's 30/s and to the baseline, 429s.
- help: the running bot (`bot.py run`) drains N due reminders while another person sends
  /help 20 times; prints the median and 95th percentile time to the answer (idle first).
- twice: two `bot.py tick --now` at the same instant, on a fresh and on a pre-planned
  database, on SQLite and PostgreSQL, R times each; prints duplicates and crashes.
- runs: two `bot.py run` on one PostgreSQL database for S seconds (default 300) under
  `faketime`, started a minute before the reminders are due; prints duplicates, parents
  without a reminder, and which process led.
- kill: `bot.py tick --now` killed with SIGKILL mid-send K times on PostgreSQL, restarted
  each time; prints lost and duplicated reminders.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bench.bench_tick import MONDAY_18, populate
from db.engine import make_engine, session_factory
from db.models import OutboxMessage, OutboxStatus
from tests import pg_server
from tests.e2e.harness import EmulatedUser, Emulator, new_token

LIMIT = 30  # Telegram: about 30 messages a second


def rate_of(accepted_ms: list[float]) -> float:
    if len(accepted_ms) < 2:
        return 0.0
    return (len(accepted_ms) - 1) / ((accepted_ms[-1] - accepted_ms[0]) / 1000)


def flood(emulator: Emulator) -> tuple[list[float], int]:
    result = emulator._post("/e2e/flood", {})
    return sorted(result["accepted"]), result["refused"]


def env_for(emulator: Emulator, url: str, token: str) -> dict[str, str]:
    return dict(
        os.environ,
        DATABASE_URL=url,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_URL=emulator.api_url,
        TELEGRAM_BOT_USERNAME="TestNameBot",
        BOT_POLL_INTERVAL="0.05",
    )


def tick_command(now: object) -> list[str]:
    return [sys.executable, str(ROOT / "bot.py"), "tick", "--now", now.isoformat()]


def reminders_per_chat(emulator: Emulator, token: str) -> Counter[int]:
    return Counter(m.chat_id for m in emulator.bot_messages(token) if "Kommer du" in m.text)


def new_database(kind: str, pg: pg_server.PostgresServer | None, parents: int) -> str:
    if kind == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    else:
        assert pg is not None
        name = f"bench_{os.getpid()}_{random.randrange(10**9)}"
        admin = create_engine(pg.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = pg.url.rsplit("/", 1)[0] + "/" + name
    populate(url, groups=max(1, parents // 10), per_group=min(10, parents))
    return url


async def baseline_aiolimiter(parents: int) -> tuple[float, int, float]:
    with Emulator() as emulator:
        token = new_token("AIO")
        bot = ExtBot(
            token,
            base_url=emulator.api_url,
            rate_limiter=AIORateLimiter(max_retries=20),
            request=HTTPXRequest(
                connection_pool_size=16, pool_timeout=300, connect_timeout=60, read_timeout=60
            ),
        )
        started = time.monotonic()
        async with bot:
            await asyncio.gather(
                *(bot.send_message(10_000_001 + n, "Kommer du?") for n in range(parents))
            )
        took = time.monotonic() - started
        accepted, refused = flood(emulator)
    return rate_of(accepted), refused, took


def sender_rate(parents: int) -> tuple[float, int, float, int]:
    url = new_database("sqlite", None, parents)
    with Emulator() as emulator:
        token = new_token("RATE")
        started = time.monotonic()
        subprocess.run(
            tick_command(MONDAY_18), env=env_for(emulator, url, token), check=True, cwd=ROOT
        )
        took = time.monotonic() - started
        accepted, refused = flood(emulator)
        delivered = sum(reminders_per_chat(emulator, token).values())
    return rate_of(accepted), refused, took, delivered


def help_while_draining(parents: int, tries: int = 20) -> tuple[list[float], list[float]]:
    url = new_database("sqlite", None, parents)
    queue_only = dict(os.environ, DATABASE_URL=url)
    queue_only.pop("TELEGRAM_BOT_TOKEN", None)
    subprocess.run(tick_command(MONDAY_18), env=queue_only, check=True, cwd=ROOT)  # rows only
    with Emulator() as emulator:
        token = new_token("HELP")
        env = env_for(emulator, url, token)
        idle_url = new_database("sqlite", None, 1)
        idle = _help_times(emulator, dict(env, DATABASE_URL=idle_url), token, tries, 0)
        busy = _help_times(emulator, env, token, tries, parents)
    return idle, busy


def _help_times(
    emulator: Emulator, env: dict[str, str], token: str, tries: int, due: int
) -> list[float]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bot.py"), "run"],
        env=dict(env, TELEGRAM_BOT_TOKEN=token),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    times: list[float] = []
    try:
        emulator.wait_until_polling(token, timeout=60)
        user = EmulatedUser(emulator.url, token, user_id=900_000_001, first_name="Asker")
        if due:  # wait until the drain is under way
            deadline = time.monotonic() + 60
            while len(flood(emulator)[0]) < 100 and time.monotonic() < deadline:
                time.sleep(0.1)
        for _ in range(tries):
            started = time.monotonic()
            user.send_command("/help")
            user.wait_for(lambda m: bool(m.text), timeout=30)
            times.append(time.monotonic() - started)
        if due:
            still_draining = len(flood(emulator)[0]) < due
            print(f"  (the drain was still going after the last /help: {still_draining})")
    finally:
        process.terminate()
        process.wait(15)
    return times


def twice(
    kind: str, pg: pg_server.PostgresServer | None, parents: int, planned: bool
) -> tuple[int, int]:
    url = new_database(kind, pg, parents)
    if planned:
        queue_only = dict(os.environ, DATABASE_URL=url)
        queue_only.pop("TELEGRAM_BOT_TOKEN", None)
        before = MONDAY_18 - timedelta(minutes=1)
        subprocess.run(tick_command(before), env=queue_only, check=True, cwd=ROOT)
    with Emulator() as emulator:
        token = new_token("TWICE")
        env = env_for(emulator, url, token)
        both = [
            subprocess.Popen(tick_command(MONDAY_18), env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
            for _ in range(2)
        ]
        crashes = sum(1 for p in both if p.wait(600) != 0)
        per_chat = reminders_per_chat(emulator, token)
    duplicates = sum(count - 1 for count in per_chat.values() if count > 1)
    missing = parents - len(per_chat)
    if missing:
        print(f"  {missing} parents got no reminder")
    return duplicates, crashes


def two_runs(pg: pg_server.PostgresServer, parents: int, seconds: int) -> tuple[int, int, int]:
    """Two bots on one database through 18:00, as during a deploy or a mistaken second start."""
    url = new_database("postgresql", pg, parents)
    start = (MONDAY_18 - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
    folder = Path(tempfile.mkdtemp(prefix="two-runs-"))
    logs = [(folder / f"bot-{n}.log").open("w") for n in (1, 2)]
    with Emulator() as emulator:
        token = new_token("RUNS")
        env = dict(env_for(emulator, url, token), TZ="UTC")
        both = [
            subprocess.Popen(
                ["faketime", start, sys.executable, str(ROOT / "bot.py"), "run"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # `faketime` forks and does not pass SIGTERM on
            )
            for log in logs
        ]
        time.sleep(seconds)
        per_chat = reminders_per_chat(emulator, token)  # counted while both still run
        for process in both:
            os.killpg(process.pid, signal.SIGTERM)
        for process, log in zip(both, logs, strict=True):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
            log.close()
    leaders = sum(1 for log in logs if "now runs the tick" in Path(log.name).read_text())
    duplicates = sum(count - 1 for count in per_chat.values() if count > 1)
    return duplicates, parents - len(per_chat), leaders


def kill_test(pg: pg_server.PostgresServer, parents: int, kills: int) -> tuple[int, int, int]:
    url = new_database("postgresql", pg, parents)
    with Emulator() as emulator:
        token = new_token("KILL")
        env = env_for(emulator, url, token)
        now = MONDAY_18
        done = 0
        while done < kills:
            process = subprocess.Popen(
                tick_command(now), env=env, cwd=ROOT, stdout=subprocess.DEVNULL
            )
            time.sleep(random.uniform(2.0, 5.0))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                done += 1
            else:
                break  # everything went out before the kill
            now += timedelta(minutes=3)  # the dead sender's claims lapse (2 minutes)
        subprocess.run(tick_command(now + timedelta(minutes=3)), env=env, cwd=ROOT, check=True)
        per_chat = reminders_per_chat(emulator, token)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        pending = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.PENDING)
        )
    engine.dispose()
    lost = parents - len(per_chat)
    duplicates = sum(count - 1 for count in per_chat.values() if count > 1)
    print(f"  still pending: {pending}")
    return done, lost, duplicates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=10, help="runs of the 'twice' phase")
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=300, help="length of the 'runs' phase")
    parser.add_argument("--only", default="rate,help,twice,runs,kill")
    args = parser.parse_args()
    os.environ["EMULATOR_FLOOD_LIMIT"] = str(LIMIT)
    phases = set(args.only.split(","))
    print(f"bench_sending: {args.parents} parents, {time.strftime('%Y-%m-%d %H:%M')}")

    if "rate" in phases:
        base_rate, base_429, base_took = asyncio.run(baseline_aiolimiter(args.parents))
        print(
            f"baseline AIORateLimiter: {base_rate:.2f} msg/s = {base_rate / LIMIT:.3f} x 30/s, "
            f"{base_429} answers of 429, {base_took:.1f} s"
        )
        rate, refused, took, delivered = sender_rate(args.parents)
        print(
            f"outbox sender (tick --now): {delivered} delivered, {rate:.2f} msg/s = "
            f"{rate / LIMIT:.3f} x 30/s = {rate / base_rate:.3f} x baseline, "
            f"{refused} answers of 429, {took:.1f} s for the whole command"
        )
        print(f"  10,000 at this rate: {10_000 / rate:.0f} s (limit 1.1 x 333 s = 366 s)")

    if "help" in phases:
        idle, busy = help_while_draining(args.parents)
        for name, times in (("idle", idle), ("while draining", busy)):
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"/help {name}: median {statistics.median(times):.3f} s, p95 {p95:.3f} s")

    pg = None
    if {"twice", "runs", "kill"} & phases and pg_server.unavailable_reason() is None:
        pg = pg_server.PostgresServer()
        pg.url = pg.start()
    try:
        if "twice" in phases:
            for kind in ("sqlite", "postgresql") if pg else ("sqlite",):
                for planned in (False, True):
                    results = [twice(kind, pg, 100, planned) for _ in range(args.repeat)]
                    print(
                        f"two ticks at once, {kind}, {'pre-planned' if planned else 'fresh'}: "
                        f"{sum(d for d, _ in results)} duplicates, "
                        f"{sum(c for _, c in results)} crashes in {args.repeat} runs"
                    )
        if "runs" in phases and pg:
            duplicates, missing, leaders = two_runs(pg, args.parents, args.seconds)
            print(
                f"two `bot.py run` on one PostgreSQL database for {args.seconds} s: "
                f"{duplicates} duplicates, {missing} parents without a reminder, "
                f"{leaders} of 2 processes led (logs in /tmp/two-runs-*)"
            )
        if "kill" in phases and pg:
            kills, lost, duplicates = kill_test(pg, args.parents, args.kills)
            print(f"kill -9 mid-send x{kills} (PostgreSQL): {lost} lost, {duplicates} duplicates")
    finally:
        if pg:
            pg.stop()


if __name__ == "__main__":
    main()
