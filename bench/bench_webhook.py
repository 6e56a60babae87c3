"""Benchmark (not a test): button presses over webhooks into bot replicas on one PostgreSQL.

    .venv/bin/python bench/bench_webhook.py                    # a private PostgreSQL server
    .venv/bin/python bench/bench_webhook.py --db URL --rate 200 --seconds 60 --replicas 2

Starts a small Bot API stand-in (answers getMe, setWebhook, answerCallbackQuery,
editMessageText ... and notes when each answer arrives), N `bot.py run --webhook`
processes, and posts callback queries (a parent pressing "I'm coming" / "I'll be late"
under a reminder) to the replicas in turn at a steady rate, as Telegram would through a
load balancer. Latency of one press: from posting the update to the bot's edit of that
message arriving at the stand-in (what the parent sees). Errors: a non-200 answer from a
replica, a press never answered, an ERROR line in a replica's log.

Baseline, measured in the same run: the same presses at 10 a second into one replica.
Target (issue 20): 200 presses/s into two replicas for 60 s, 0 errors, 95th percentile
under 250 ms on the 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx
import uvicorn
from sqlalchemy import insert, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from db.engine import make_engine, session_factory, transaction, upgrade
from db.models import Enrolment, Family, Group, Meeting, Membership, Organisation, Person
from handlers import callback_data as cd
from reminders.planning import plan_all

TOKEN = "4242:bench"
SECRET = "bench-secret"
PARENTS = 500
BOT = {"id": 4242, "is_bot": True, "first_name": "Bench", "username": "BenchBot"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the database --------------------------------------------------------------------------


def populate(url: str) -> int:
    """One group meeting in three days, PARENTS active families; returns the session id."""
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    meeting_day = (now + timedelta(days=3)).date()
    with engine.begin() as connection:
        connection.execute(insert(Organisation), [{"id": 1, "name": "Bench", "created_at": now}])
        connection.execute(
            insert(Group),
            [
                {
                    "id": 1,
                    "org_id": 1,
                    "name": "Babygruppen",
                    "kind": "open",
                    "weekday": meeting_day.weekday(),
                    "start_time": clock_time(10),
                    "duration_minutes": 120,
                    "timezone": "Europe/Copenhagen",
                    "place": "Solsikken",
                    "created_at": now,
                }
            ],
        )
        connection.execute(
            insert(Family),
            [{"id": i, "org_id": 1, "language": "da", "created_at": now} for i in range(PARENTS)],
        )
        connection.execute(
            insert(Person),
            [
                {
                    "id": i,
                    "telegram_id": 10_000 + i,
                    "first_name": f"P{i}",
                    "language": "da",
                    "family_id": i,
                    "consent_at": now,
                    "created_at": now,
                }
                for i in range(PARENTS)
            ],
        )
        connection.execute(
            insert(Membership),
            [
                {"person_id": i, "org_id": 1, "group_id": 1, "role": "parent", "created_at": now}
                for i in range(PARENTS)
            ],
        )
        connection.execute(
            insert(Enrolment),
            [
                {
                    "family_id": i,
                    "group_id": 1,
                    "status": "active",
                    "joined_at": now,
                    "status_changed_at": now,
                }
                for i in range(PARENTS)
            ],
        )
    db = session_factory(engine)
    with transaction(db) as session:
        plan_all(session, now)
        session_id = session.scalar(select(Meeting.id).order_by(Meeting.starts_at).limit(1))
    engine.dispose()
    return session_id


# -- the Bot API stand-in --------------------------------------------------------------------


class StandIn:
    """Just enough of the Bot API for the bot to start and answer button presses."""

    def __init__(self) -> None:
        self.edited: dict[int, float] = {}  # message id -> when the edit arrived
        self.calls: dict[str, int] = {}

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self.handle, methods=["POST"])])

    async def handle(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        self.calls[method] = self.calls.get(method, 0) + 1
        body = await request.body()
        if request.headers.get("content-type", "").startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if method == "getMe":
            return JSONResponse({"ok": True, "result": BOT})
        if method in ("editMessageText", "editMessageReplyMarkup", "sendMessage"):
            message_id = int(params.get("message_id") or 1)
            if method != "sendMessage":
                self.edited.setdefault(message_id, time.monotonic())
            chat = {"id": int(params["chat_id"]), "type": "private", "first_name": "P"}
            message = {"message_id": message_id, "date": int(time.time()), "chat": chat}
            message["text"] = params.get("text", "")
            return JSONResponse({"ok": True, "result": message})
        return JSONResponse({"ok": True, "result": True})


# -- load -----------------------------------------------------------------------------------

_ids = itertools.count(1)


def press(session_id: int, parent: int) -> tuple[int, dict]:
    """A callback query as Telegram posts it; the message id is unique to find its edit."""
    n = next(_ids)
    user = {"id": 10_000 + parent, "is_bot": False, "first_name": "P", "language_code": "da"}
    chat = {"id": user["id"], "type": "private", "first_name": "P"}
    message = {"message_id": n, "date": int(time.time()), "chat": chat, "from": BOT, "text": "?"}
    choice = "c" if n % 2 else "l"
    data = cd.pack(cd.ATTEND, session_id, choice)
    query = {"id": str(n), "from": user, "message": message, "chat_instance": "b", "data": data}
    return n, {"update_id": n, "callback_query": query}


async def run_load(
    stand_in: StandIn, replicas: list[str], session_id: int, rate: float, seconds: float
) -> tuple[list[float], int]:
    """Post `rate` presses a second for `seconds`; latencies (s) and the error count."""
    sent: dict[int, float] = {}
    errors = 0
    targets = itertools.cycle(replicas)
    parents = itertools.cycle(range(PARENTS))
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
    async with httpx.AsyncClient(timeout=10, limits=limits) as client:

        async def post(url: str, n: int, update: dict) -> None:
            nonlocal errors
            sent[n] = time.monotonic()
            try:
                response = await client.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                )
                if response.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1

        tasks = []
        start = time.monotonic()
        total = int(rate * seconds)
        for i in range(total):
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            n, update = press(session_id, next(parents))
            tasks.append(asyncio.create_task(post(next(targets), n, update)))
        await asyncio.gather(*tasks)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(n not in stand_in.edited for n in sent):
        await asyncio.sleep(0.1)
    missing = sum(1 for n in sent if n not in stand_in.edited)
    latencies = [stand_in.edited[n] - at for n, at in sent.items() if n in stand_in.edited]
    return latencies, errors + missing


def p(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def report(name: str, latencies: list[float], errors: int) -> float:
    p95 = p(latencies, 95)
    print(
        f"{name}: {len(latencies)} answered, {errors} errors; latency ms "
        f"p50 {p(latencies, 50) * 1000:.0f}, p95 {p95 * 1000:.0f}, p99 "
        f"{p(latencies, 99) * 1000:.0f}, max {max(latencies) * 1000:.0f}"
    )
    return p95


async def start_replicas(
    count: int,
    command: Callable[[int, str], list[str]],
    env: dict[str, str],
    processes: list[subprocess.Popen[bytes]],
    logs: list[Path],
) -> list[str]:
    """Start `count` webhook processes, wait until each answers /readyz; their webhook URLs."""
    replicas = []
    for _ in range(count):
        port = free_port()
        webhook = f"http://127.0.0.1:{port}/telegram"
        log = Path(tempfile.mkstemp(prefix="bench-webhook-", suffix=".log")[1])
        logs.append(log)
        processes.append(
            subprocess.Popen(
                command(port, webhook),
                cwd=ROOT,
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
        replicas.append(webhook)
    async with httpx.AsyncClient() as client:
        for webhook in replicas:
            health = webhook.replace("/telegram", "/readyz")
            for _ in range(600):
                try:
                    if (await client.get(health)).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise SystemExit(f"a replica never became ready: see {logs}")
    return replicas


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty PostgreSQL database (default: start one)")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-rate", type=float, default=10)
    parser.add_argument(
        "--no-floor",
        dest="floor",
        action="store_false",
        help="skip the floor: bare PTB replicas under the same load",
    )
    args = parser.parse_args()

    server = None
    url = args.db
    if url is None:
        from tests.pg_server import PostgresServer

        server = PostgresServer()
        url = server.start()
    processes: list[subprocess.Popen[bytes]] = []
    logs: list[Path] = []
    try:
        session_id = populate(url)
        stand_in = StandIn()
        api_port = free_port()
        api = uvicorn.Server(
            uvicorn.Config(stand_in.app(), port=api_port, log_level="warning", lifespan="off")
        )
        api_task = asyncio.create_task(api.serve())
        while not api.started:
            await asyncio.sleep(0.05)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TELEGRAM_API_URL": f"http://127.0.0.1:{api_port}/bot",
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "BOT_LOG_FORMAT": "json",
        }

        def bot_replica(port: int, webhook: str) -> list[str]:
            return [sys.executable, "bot.py", "run", "--webhook", webhook, "--port", str(port)]

        replicas = await start_replicas(args.replicas, bot_replica, env, processes, logs)
        print(
            f"{args.replicas} replicas, {PARENTS} parents, PostgreSQL; the machine has "
            f"{os.cpu_count()} cores"
        )
        latencies, errors = await run_load(
            stand_in, replicas[:1], session_id, args.baseline_rate, 10
        )
        baseline = report(
            f"baseline: {args.baseline_rate:g} presses/s into one replica for 10 s",
            latencies,
            errors,
        )
        latencies, errors = await run_load(stand_in, replicas, session_id, args.rate, args.seconds)
        name = f"load: {args.rate:.0f} presses/s into {args.replicas} replicas for "
        p95 = report(name + f"{args.seconds:.0f} s", latencies, errors)
        log_errors = sum(
            1
            for log in logs
            for line in log.read_text(errors="replace").splitlines()
            if '"level": "ERROR"' in line
        )
        print(f"ERROR lines in the replicas' logs: {log_errors}")
        print(
            f"p95 under load / baseline p95: {p95 / baseline:.1f}x; target p95 < 250 ms: "
            f"{'met' if p95 < 0.25 and errors == 0 and log_errors == 0 else 'NOT met'}"
        )
        if args.floor:
            api_url = f"http://127.0.0.1:{api_port}/bot"

            def bare_replica(port: int, _webhook: str) -> list[str]:
                script = str(ROOT / "bench" / "bare_webhook_replica.py")
                return [sys.executable, script, api_url, str(port), SECRET, TOKEN]

            for process in processes:  # the bot's replicas make way (the machine has 2 cores)
                process.terminate()
                process.wait(timeout=15)
            bare = await start_replicas(args.replicas, bare_replica, env, processes, [])
            floor_latencies, floor_errors = await run_load(
                stand_in, bare, session_id, args.rate, args.seconds
            )
            floor = report(
                f"floor: bare PTB, the same presses into {args.replicas} replicas",
                floor_latencies,
                floor_errors,
            )
            print(
                f"answered: bot {len(latencies)}, bare PTB {len(floor_latencies)}; "
                f"p95: bot / bare PTB = {p95 / floor:.1f}x"
            )
        api.should_exit = True
        await api_task
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if server is not None:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
