"""Entry point: the command line, and the wiring of settings, database and Telegram.

python bot.py run                      start the bot (long polling)
python bot.py db upgrade               apply database migrations
python bot.py admin create-org NAME    an organisation + one-time coordinator link
python bot.py admin create-group ...   a group + its parent and staff links
python bot.py admin invite ...         a new invite link for a group and role
python bot.py admin retention --org O [--inactive-months N]   how long inactive people are kept
python bot.py admin export-org --org O --out DIR   everything of an organisation (JSON, workbooks)
python bot.py admin delete-org --org O --confirm O   delete an organisation and everything in it
python bot.py faq ask --lang da "..."  answer a question as the bot would (--json, - for stdin)
python bot.py faq check | faq gaps     check the FAQ content | what it could not answer
python bot.py content status           per language: translated, reviewed
python bot.py report --group G --from D --to D [--xlsx FILE]   the funder report
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from telegram import Bot, BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults, ExtBot
from telegram.request import HTTPXRequest

import clock
import handlers
from db.engine import make_engine, session_factory, transaction, upgrade
from db.leadership import Leadership
from db.models import Group, GroupKind, InviteKind
from db.queries import find_group, find_organisation
from handlers import jobs
from handlers.common import Services
from handlers.delivery import telegram_deliver
from handlers.outgoing import renderer_for
from handlers.rate_limiter import SharedRateLimiter
from i18n import FALLBACK, N_, supported_codes, texts_for
from onboarding import group_setup
from onboarding.invites import deep_link
from onboarding.join import create_invite
from scheduling.sending import make_sender
from scheduling.tick import TickReport, tick
from settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from faq import FaqLibrary

log = logging.getLogger("bot")

COMMANDS = (
    "start",
    "next",
    "calendar",
    "faq",
    "ask",
    "words",
    "help",
    "language",
    "leave",
    "mydata",
    "delete",
)  # the menu everyone sees


TICK_WAIT = 120.0  # seconds a command-line tick waits for another tick to finish
NOW_HELP = "act as of this instant, ISO 8601 like 2026-12-01T09:00+01:00 (default: now)"


class CliError(Exception):
    """A problem to report as one line, with exit status 1."""


# -- the Telegram application ------------------------------------------------


def build_application(
    settings: Settings,
    services: Services,
    builder: ApplicationBuilder | None = None,
) -> Application:
    """The real Application; tests pass a builder wired to a fake transport."""
    builder = builder or ApplicationBuilder().token(settings.require_token())
    if settings.api_url:
        builder = builder.base_url(settings.api_url.rstrip("/")).base_file_url(
            settings.api_url.rstrip("/").removesuffix("/bot") + "/file/bot"
        )
    application = (
        builder.defaults(_defaults(settings))
        .rate_limiter(SharedRateLimiter(services.limits))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data["services"] = services
    handlers.register(application)
    return application


def _defaults(settings: Settings) -> Defaults:
    """HTML everywhere (texts are trusted HTML with escaped values), no link previews."""
    return Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        tzinfo=settings.tz,
    )


async def _post_init(application: Application) -> None:
    """Start-up work: learn our username for links, show the command menu per language,
    and start the minute tick."""
    services: Services = application.bot_data["services"]
    jobs.schedule(application)
    services.bot_username = application.bot.username  # the truth, even if a setting says else
    for code in supported_codes():
        texts = texts_for(code)
        commands = [BotCommand(name, texts.plain(_command_description(name))) for name in COMMANDS]
        language = None if code == FALLBACK else code
        try:
            await application.bot.set_my_commands(commands, language_code=language)
        except TelegramError:
            log.warning("could not set the command menu for %s", code, exc_info=True)


async def _post_shutdown(application: Application) -> None:
    """Let another process lead at once, rather than after our connection times out."""
    services: Services = application.bot_data["services"]
    if services.leadership is not None:
        services.leadership.release()


def _command_description(name: str) -> str:
    return {
        "start": N_("Start"),
        "next": N_("When is the next meeting?"),
        "here": N_("I'm here (check in)"),
        "calendar": N_("Add the meetings to my calendar"),
        "faq": N_("Questions and answers"),
        "ask": N_("Ask the staff a question"),
        "words": N_("Danish words, explained"),
        "help": N_("What I can do"),
        "language": N_("Change language"),
        "leave": N_("Leave a group"),
        "mydata": N_("A copy of my data"),
        "delete": N_("Delete my data"),
    }[name]


# -- commands ------------------------------------------------------------------


def _database(settings: Settings) -> Services:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return Services(settings=settings, db=session_factory(engine))


async def _check_telegram(settings: Settings) -> str:
    """Fail early with one clear line when the token or the API address is wrong."""
    base_url = settings.api_url.rstrip("/") if settings.api_url else "https://api.telegram.org/bot"
    bot = Bot(settings.require_token(), base_url=base_url)
    try:
        async with bot:
            return bot.username
    except InvalidToken as exc:
        raise CliError("Telegram refused the token: check TELEGRAM_BOT_TOKEN.") from exc
    except NetworkError as exc:
        raise CliError(f"Cannot reach the Telegram Bot API at {base_url}: {exc}") from exc


def cmd_run(settings: Settings, args: argparse.Namespace) -> None:
    settings.require_token()
    asyncio.run(_check_telegram(settings))
    services = _database(settings)
    services.leadership = Leadership(services.db.kw["bind"])
    application = build_application(settings, services)
    log.info("the bot is running; stop it with Ctrl+C")
    application.run_polling(poll_interval=settings.poll_interval, drop_pending_updates=False)


def cmd_tick(settings: Settings, args: argparse.Namespace) -> None:
    """Do what is due at --now (default: this moment), exactly as the running bot would."""
    now = _now(args, settings)
    services = _database(settings)
    leadership = Leadership(services.db.kw["bind"])
    if not leadership.acquire(timeout=TICK_WAIT):  # one tick at a time, the bot's included
        raise CliError(
            f"another process (the running bot, or another tick) has held the tick for "
            f"{TICK_WAIT:.0f} s; nothing was done."
        )
    try:
        if settings.token:
            report = asyncio.run(_tick_with_bot(settings, services, now))
        else:
            report = asyncio.run(tick(services.db, now))
            print("note: TELEGRAM_BOT_TOKEN is not set, so nothing was sent.")
    finally:
        leadership.release()
    print(
        f"tick {now.isoformat()}: {report.sessions_planned} sessions planned, "
        f"{report.reminders_enqueued} reminders queued, {report.sessions_closed} closed, "
        f"{report.follow_ups_enqueued} follow-ups queued, "
        f"{len(report.sending.sent)} sent, {len(report.sending.postponed)} postponed, "
        f"{len(report.sending.blocked)} blocked, {len(report.sending.failed)} failed, "
        f"{report.retention.people_erased.total()} inactive people deleted, "
        f"{report.retention.messages_cleared} old messages cleared"
    )


def _parse_now(text: str, settings: Settings) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"--now {text!r}: use ISO 8601, like 2026-12-01T09:00+01:00.") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.tz)


def _now(args: argparse.Namespace, settings: Settings) -> datetime:
    """The instant a command runs at: `--now` in a simulation, else the machine's clock."""
    given = getattr(args, "now", None)
    return _parse_now(given, settings) if given else clock.system_clock()


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{text!r} is not a date like 2026-12-01.") from exc


def _today(settings: Settings) -> date:
    """Today where the groups meet: the command line's one reading of the machine's clock."""
    return clock.system_clock().astimezone(settings.tz).date()


async def _tick_with_bot(settings: Settings, services: Services, now: datetime) -> TickReport:
    base_url = settings.api_url.rstrip("/") if settings.api_url else "https://api.telegram.org/bot"
    bot = ExtBot(
        settings.require_token(),
        base_url=base_url,
        defaults=_defaults(settings),
        rate_limiter=SharedRateLimiter(services.limits),
        request=HTTPXRequest(connection_pool_size=32),  # the sender has several in flight
    )
    async with bot:
        deliver = telegram_deliver(bot, renderer_for(services.db))
        sender = make_sender(services.db, deliver, services.limits, lambda: now)
        return await tick(services.db, now, sender=sender)


def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> None:
    _database(settings)
    print("The database is up to date.")


def _username(settings: Settings) -> str:
    if settings.bot_username:
        return settings.bot_username
    if settings.token:
        return asyncio.run(_check_telegram(settings))
    raise CliError(
        "To print links I need the bot's username: set TELEGRAM_BOT_USERNAME "
        "(or TELEGRAM_BOT_TOKEN so I can ask Telegram)."
    )


def cmd_create_org(settings: Settings, args: argparse.Namespace) -> None:
    from db.models import Organisation

    username = _username(settings)
    services = _database(settings)
    name = " ".join(args.name.split())
    if not name or len(name) > 200:
        raise CliError("The organisation name must be 1 to 200 characters.")
    with transaction(services.db) as session:
        organisation = Organisation(name=name)
        session.add(organisation)
        session.flush()
        invite = create_invite(session, InviteKind.ORG_COORDINATOR, organisation, one_time=True)
        print(f"Organisation {organisation.id}: {organisation.name}")
        print(f"One-time coordinator invite: {deep_link(username, invite.code)}")


def cmd_create_group(settings: Settings, args: argparse.Namespace) -> None:
    weekday = group_setup.parse_weekday(args.weekday)
    start = group_setup.parse_time(args.time)
    if weekday is None:
        raise CliError(f"--weekday {args.weekday!r}: use mon, tue, wed, thu, fri, sat or sun.")
    if start is None:
        raise CliError(f"--time {args.time!r}: use HH:MM, like 10:00.")
    course_start = group_setup.parse_date(args.course_start) if args.course_start else None
    if args.course_start and course_start is None:
        raise CliError(f"--course-start {args.course_start!r}: use YYYY-MM-DD.")
    if args.kind == GroupKind.COURSE and (course_start is None or not args.weeks):
        raise CliError("A course needs --course-start and --weeks.")
    username = _username(settings)
    services = _database(settings)
    with transaction(services.db) as session:
        organisation = find_organisation(session, args.org)
        if organisation is None:
            raise CliError(f"No organisation {args.org!r}: create it with `admin create-org`.")
        spec = group_setup.GroupSpec(
            name=" ".join(args.name.split()),
            weekday=weekday,
            start=start,
            place=" ".join(args.place.split()),
            kind=GroupKind(args.kind),
            timezone=args.timezone or settings.timezone,
            duration_minutes=args.duration,
            course_start=course_start,
            course_weeks=args.weeks,
        )
        created = group_setup.create_group(session, organisation, spec)
        print(f"Group {created.group.id}: {created.group.name}")
        print(f"Parent invite: {deep_link(username, created.parent_invite.code)}")
        print(f"Staff invite:  {deep_link(username, created.staff_invite.code)}")


def _group(session: Session, ref: str) -> Group:
    group = find_group(session, ref)
    if group is None:
        raise CliError(f"No group {ref!r}.")
    return group


def cmd_invite(settings: Settings, args: argparse.Namespace) -> None:
    kinds = {
        "parent": InviteKind.GROUP_PARENT,
        "staff": InviteKind.GROUP_STAFF,
        "coordinator": InviteKind.GROUP_COORDINATOR,
    }
    username = _username(settings)
    services = _database(settings)
    with transaction(services.db) as session:
        group = _group(session, args.group)
        one_time = args.role == "coordinator"
        invite = create_invite(
            session, kinds[args.role], group.organisation, group, one_time=one_time
        )
        print(
            f"{args.role.capitalize()} invite for {group.name}: {deep_link(username, invite.code)}"
        )


def cmd_revoke(settings: Settings, args: argparse.Namespace) -> None:
    from db.queries import audit, invite_by_code

    services = _database(settings)
    code = args.code.rsplit("start=", 1)[-1]  # a whole link works as well as the code
    with transaction(services.db) as session:
        invite = invite_by_code(session, code)
        if invite is None:
            raise CliError("No invite with that code.")
        if invite.revoked_at is None:
            invite.revoked_at = clock.system_clock()
            audit(
                session,
                "invite.revoked",
                org_id=invite.org_id,
                group_id=invite.group_id,
                invite_id=invite.id,
            )
        print(f"Revoked: the link with code {code} no longer works.")


def cmd_reminders(settings: Settings, args: argparse.Namespace) -> None:
    """Show or change when a group's reminders go out and its quiet hours."""
    services = _database(settings)
    with transaction(services.db) as session:
        group = _group(session, args.group)
        if args.first:
            first = group_setup.parse_time(args.first)
            if first is None:
                raise CliError(f"--first {args.first!r}: use HH:MM.")
            group.first_reminder_at = first
        if args.second_minutes is not None:
            if not 0 < args.second_minutes <= 24 * 60:
                raise CliError("--second-minutes must be 1 to 1440.")
            group.second_reminder_minutes = args.second_minutes
        if args.quiet:
            begin, _, end = args.quiet.partition("-")
            quiet = group_setup.parse_time(begin), group_setup.parse_time(end)
            if None in quiet:
                raise CliError(f"--quiet {args.quiet!r}: use HH:MM-HH:MM, like 20:00-08:00.")
            group.quiet_from, group.quiet_until = quiet
        print(
            f"{group.name}: first reminder the evening before at "
            f"{group.first_reminder_at:%H:%M}, second {group.second_reminder_minutes} minutes "
            f"before, quiet hours {group.quiet_from:%H:%M}-{group.quiet_until:%H:%M}"
        )


def cmd_followup(settings: Settings, args: argparse.Namespace) -> None:
    """Show or change how a group follows up on missed sessions."""
    from reminders.followup import parse_ladder

    services = _database(settings)
    with transaction(services.db) as session:
        group = _group(session, args.group)
        if args.at:
            at = group_setup.parse_time(args.at)
            if at is None:
                raise CliError(f"--at {args.at!r}: use HH:MM.")
            group.followup_at = at
        if args.thank_you:
            group.thank_you = args.thank_you == "on"
        if args.digest:
            group.call_list_digest = args.digest == "on"
        if args.call_after is not None:
            if not 1 <= args.call_after <= 10:
                raise CliError("--call-after must be 1 to 10.")
            group.call_list_after = args.call_after
        if args.ladder:
            if parse_ladder(args.ladder) is None:
                raise CliError(
                    f"--ladder {args.ladder!r}: use from:every pairs starting at 1, "
                    "like 1:1,4:2,8:4."
                )
            group.followup_ladder = args.ladder.replace(" ", "")
        print(
            f"{group.name}: follow-up the morning after at {group.followup_at:%H:%M}, "
            f"thank-you {'on' if group.thank_you else 'off'}, call list after "
            f"{group.call_list_after} misses in a row, ladder {group.followup_ladder}, "
            f"call list before each session {'on' if group.call_list_digest else 'off'}"
        )


def cmd_weekly_digest(settings: Settings, args: argparse.Namespace) -> None:
    """Show or change when a group's staff get the weekly attendance digest."""
    services = _database(settings)
    with transaction(services.db) as session:
        group = _group(session, args.group)
        if args.off:
            group.weekly_digest_weekday = None
        if args.weekday:
            weekday = group_setup.parse_weekday(args.weekday)
            if weekday is None:
                raise CliError(
                    f"--weekday {args.weekday!r}: use mon, tue, wed, thu, fri, sat or sun."
                )
            group.weekly_digest_weekday = weekday
        if args.at:
            at = group_setup.parse_time(args.at)
            if at is None:
                raise CliError(f"--at {args.at!r}: use HH:MM.")
            group.weekly_digest_at = at
        if group.weekly_digest_weekday is None:
            print(f"{group.name}: no weekly digest")
        else:
            day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[group.weekly_digest_weekday]
            print(
                f"{group.name}: weekly digest to staff on {day} at {group.weekly_digest_at:%H:%M}"
            )


def cmd_retention(settings: Settings, args: argparse.Namespace) -> None:
    """Show or change how long an organisation keeps people who stopped using the bot."""
    from privacy import retention

    services = _database(settings)
    with transaction(services.db) as session:
        organisation = find_organisation(session, args.org)
        if organisation is None:
            raise CliError(f"No organisation {args.org!r}.")
        if args.inactive_months is not None:
            try:
                retention.set_inactive_months(organisation, args.inactive_months)
            except retention.BadRetention as exc:
                raise CliError(f"--inactive-months {args.inactive_months}: {exc}.") from exc
        print(
            f"{organisation.name}: people inactive for {organisation.inactive_months} months are "
            f"deleted; sent messages are cleared after {retention.SENT_MESSAGE_DAYS} days, "
            f"unanswered FAQ questions after {retention.gaps.TEXT_DAYS} days"
        )


def cmd_export_org(settings: Settings, args: argparse.Namespace) -> None:
    """Everything an organisation has in the bot: one JSON file, and a workbook per group."""
    from pathlib import Path

    from handlers.summary import workbook_for
    from privacy import organisation as org_data

    services = _database(settings)
    now = _now(args, settings)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"Cannot write to {out}: {exc.strerror}") from exc
    with transaction(services.db) as session, clock.at(now):
        organisation = find_organisation(session, args.org)
        if organisation is None:
            raise CliError(f"No organisation {args.org!r}.")
        data = org_data.export(session, organisation)
        (out / f"organisation-{organisation.id}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        texts = texts_for("en")
        for group in organisation.groups:
            first = min((s.starts_at.date() for s in group.sessions), default=now.date())
            book, _, _ = workbook_for(session, texts, group, first, now.date(), now)
            (out / f"group-{group.id}.xlsx").write_bytes(book)
        rows = sum(len(table_rows) for table_rows in data.values())
    print(f"{organisation.name}: {rows} rows and {len(organisation.groups)} workbooks in {out}")


def cmd_delete_org(settings: Settings, args: argparse.Namespace) -> None:
    """Delete an organisation and everything in it, after its name is typed as confirmation."""
    from privacy import organisation as org_data

    services = _database(settings)
    now = _now(args, settings)
    with transaction(services.db) as session, clock.at(now):
        organisation = find_organisation(session, args.org)
        if organisation is None:
            raise CliError(f"No organisation {args.org!r}.")
        if args.confirm != organisation.name:
            raise CliError(
                f"This deletes {organisation.name} with all its groups, people and figures. "
                f'Export first (admin export-org), then add --confirm "{organisation.name}".'
            )
        counts = org_data.delete_organisation(session, organisation, now)
    deleted = ", ".join(f"{n} {table}" for table, n in sorted(counts.items()) if n)
    print(f"deleted {args.confirm}: {deleted}")


def cmd_holiday(settings: Settings, args: argparse.Namespace) -> None:
    """Add one holiday period, or every event of an .ics file, to a group."""
    from reminders import holidays
    from reminders.planning import plan_group

    services = _database(settings)
    try:
        if args.ics:
            try:
                data = open(args.ics, "rb").read()  # noqa: SIM115
            except OSError as exc:
                raise CliError(f"Cannot read {args.ics}: {exc.strerror}") from exc
            periods = holidays.periods_from_ics(data)
        else:
            first = group_setup.parse_date(args.first or "")
            last = group_setup.parse_date(args.last or "")
            if first is None or last is None or not args.name:
                raise CliError("Give --from, --to and --name (dates like 2026-10-12), or --ics.")
            periods = [holidays.check_period(first, last, args.name)]
    except holidays.BadPeriod as exc:
        raise CliError(f"Not a usable holiday: {exc}.") from exc
    now = _now(args, settings)
    with clock.at(now), transaction(services.db) as session:
        group = _group(session, args.group)
        holidays.add_periods(session, group, periods, now)
        plan_group(session, group, now)
        for period in periods:
            print(
                f"{group.name}: no meetings {period.first_day} to {period.last_day} ({period.name})"
            )


def _faq(settings: Settings) -> FaqLibrary:
    from faq import load_library

    return load_library(supported_codes(), settings.faq_overrides_dir, settings.helplines_file)


def _faq_result(library: FaqLibrary, question: str, language: str) -> dict[str, object]:
    """One question's answer as a JSON-ready dict (the shape `faq ask --json` prints)."""
    answer = library.ask(question, language)
    best = answer.best
    entry = None
    if best is not None:
        entry = library.content.entry(language, best.entry_id) or library.content.entry(
            answer.language, best.entry_id
        )
    return {
        "question": question,
        "id": best.entry_id if best else None,
        "theme": best.theme if best else None,
        "score": round(best.score, 3) if best else 0.0,
        "coverage": round(best.coverage, 3) if best else 0.0,
        "confident": answer.confident,
        "matched_language": answer.language,
        "title": entry.title if entry else None,
        "answer": entry.visible_answer if entry else None,
        "source": {"title": entry.source_title, "url": entry.source_url} if entry else None,
        "alternatives": [hit.entry_id for hit in answer.hits[1:]],
        "safeguarding": sorted(library.safeguarding.signals(question)),
    }


def cmd_faq_ask(settings: Settings, args: argparse.Namespace) -> None:
    """Answer one question, or one per line from standard input with `-` (content loaded once)."""
    if args.lang not in supported_codes():
        raise CliError(f"--lang {args.lang!r}: use one of {', '.join(supported_codes())}.")
    library = _faq(settings)
    questions = sys.stdin if args.question == "-" else [args.question]
    for line in questions:
        question = line.strip()
        if not question:
            continue
        result = _faq_result(library, question, args.lang)
        if args.json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        elif result["id"] is None:
            print(f"{question}\n  no answer")
        else:
            sure = "confident" if result["confident"] else "not confident"
            print(
                f"{question}\n  {result['id']} ({sure}, score {result['score']}): {result['title']}"
            )


def cmd_faq_check(settings: Settings, args: argparse.Namespace) -> None:
    """Check the FAQ content (the project's and the local overrides) as the test suite does,
    then say what is due for a new review (that is news for the operator, not a failure)."""
    from faq.check import content_problems, review_due

    library = _faq(settings)
    problems = content_problems(library.content, supported_codes())
    for problem in problems:
        print(problem)
    entries = sum(len(by_id) for by_id in library.content.entries.values())
    if problems:
        raise CliError(f"{len(problems)} problem(s) in the FAQ content.")
    print(f"FAQ content OK: {entries} entries in {len(library.content.entries)} languages.")
    today = _parse_day(args.today) if args.today else _today(settings)
    due = review_due(library.content, supported_codes(), library.helplines, today)
    for line in due:
        print(f"review due: {line}")
    if due:
        print(f"{len(due)} review(s) due as of {today}.")


def cmd_faq_gaps(settings: Settings, args: argparse.Namespace) -> None:
    """What parents asked that the FAQ could not answer, and answers marked not helpful."""
    from questions.gaps import gaps, helpfulness

    services = _database(settings)
    with transaction(services.db) as session:
        rows = gaps(session, limit=args.limit)
        votes = helpfulness(session)
    if not rows:
        print("No unanswered or unhelpful questions logged.")
    for gap in rows:
        what = "unanswered" if gap.kind == "unanswered" else f"not helpful: {gap.entry_id}"
        print(
            f"{gap.at:%Y-%m-%d %H:%M} [{gap.language}] {what}: {gap.text or '(browsed, no text)'}"
        )
    for entry_id, (yes, no) in sorted(votes.items(), key=lambda item: -item[1][1]):
        print(f"votes {entry_id}: {yes} helpful, {no} not helpful")


def cmd_report(settings: Settings, args: argparse.Namespace) -> None:
    """The funder report for one group and period, printed and optionally as a workbook."""
    from db import queries
    from handlers.summary import workbook_for

    try:
        first, last = date.fromisoformat(args.first), date.fromisoformat(args.last)
    except ValueError as exc:
        raise CliError("--from and --to are dates like 2026-01-31.") from exc
    if first > last:
        raise CliError("--from must be before --to.")
    if args.lang not in supported_codes():
        raise CliError(f"--lang {args.lang!r}: use one of {', '.join(supported_codes())}.")
    services = _database(settings)
    texts = texts_for(args.lang)
    with transaction(services.db) as session:
        group = _group(session, args.group)
        now = _now(args, settings)
        book, _, report = workbook_for(session, texts, group, first, last, now)
        queries.audit(
            session,
            "report.exported",
            org_id=group.org_id,
            group_id=group.id,
            first=str(first),
            last=str(last),
            via="cli",
        )
        print(
            texts.render("report.html", group=group.name, report=report)
            .replace("<b>", "")
            .replace("</b>", "")
        )
    if args.xlsx:
        try:
            with open(args.xlsx, "wb") as handle:
                handle.write(book)
        except OSError as exc:
            raise CliError(f"Cannot write {args.xlsx}: {exc.strerror}") from exc
        print(f"Workbook written to {args.xlsx}")


def cmd_content_status(settings: Settings, args: argparse.Namespace) -> None:
    """Per language: how much is translated and how much a native speaker has reviewed."""
    from i18n.status import content_status, format_status

    print(format_status(content_status(_faq(settings))))


# -- argument parsing -------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="bot.py",
        description="Telegram bot for Danish parent groups. Settings come from environment "
        "variables: TELEGRAM_BOT_TOKEN, DATABASE_URL, TELEGRAM_API_URL, BOT_TIMEZONE, "
        "BOT_ADMIN_IDS (see the README).",
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="start the bot (long polling)",
        description="Start the bot; it applies migrations first.",
    )
    run.set_defaults(func=cmd_run)

    tick_parser = sub.add_parser(
        "tick",
        help="do what is due at an instant (plan sessions, send the outbox)",
        description="Do everything due at --now, idempotently; the running bot does the "
        "same every minute.",
    )
    tick_parser.add_argument("--now", help="ISO 8601 instant, e.g. 2026-12-01T09:00+01:00")
    tick_parser.set_defaults(func=cmd_tick)

    db = sub.add_parser("db", help="database commands", description="Database commands.")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_sub.add_parser(
        "upgrade", help="apply Alembic migrations", description="Apply all Alembic migrations."
    ).set_defaults(func=cmd_db_upgrade)

    admin = sub.add_parser(
        "admin",
        help="organisations, groups and invite links",
        description="Set up organisations, groups and invite links.",
    )
    admin_sub = admin.add_subparsers(dest="admin_command", required=True, metavar="ADMIN_COMMAND")

    org = admin_sub.add_parser(
        "create-org",
        help="create an organisation",
        description="Create an organisation and print a one-time coordinator invite link.",
    )
    org.add_argument("name", help="e.g. 'Albertslund Kommune' or 'Helhedsplan Greve Nord'")
    org.set_defaults(func=cmd_create_org)

    group = admin_sub.add_parser(
        "create-group",
        help="create a group",
        description="Create a weekly group and print its invite links.",
    )
    group.add_argument("--org", required=True, help="organisation id or name")
    group.add_argument("--name", required=True)
    group.add_argument("--weekday", required=True, help="mon, tue, wed, thu, fri, sat or sun")
    group.add_argument("--time", required=True, help="local start time, HH:MM")
    group.add_argument("--place", required=True)
    group.add_argument("--kind", choices=[k.value for k in GroupKind], default=GroupKind.OPEN.value)
    group.add_argument("--duration", type=int, default=120, help="minutes (default 120)")
    group.add_argument("--timezone", default=None, help="default: BOT_TIMEZONE")
    group.add_argument("--course-start", default=None, help="first meeting of a course, YYYY-MM-DD")
    group.add_argument("--weeks", type=int, default=None, help="length of a course in weeks")
    group.set_defaults(func=cmd_create_group)

    invite = admin_sub.add_parser(
        "invite",
        help="print a new invite link for a group",
        description="Create an invite link for a group and a role.",
    )
    invite.add_argument("--group", required=True, help="group id or name")
    invite.add_argument("--role", required=True, choices=["parent", "staff", "coordinator"])
    invite.set_defaults(func=cmd_invite)

    reminders = admin_sub.add_parser(
        "reminders",
        help="when a group's reminders go out, and its quiet hours",
        description="Show or change a group's reminder times (local time).",
    )
    reminders.add_argument("--group", required=True, help="group id or name")
    reminders.add_argument("--first", help="the evening-before reminder, HH:MM (default 18:00)")
    reminders.add_argument(
        "--second-minutes", type=int, help="minutes before the start for the second (default 120)"
    )
    reminders.add_argument("--quiet", help="no messages between, e.g. 20:00-08:00")
    reminders.set_defaults(func=cmd_reminders)

    followup = admin_sub.add_parser(
        "followup",
        help="how a group follows up on missed sessions",
        description="Show or change a group's follow-up settings.",
    )
    followup.add_argument("--group", required=True, help="group id or name")
    followup.add_argument("--at", help="the morning-after message, HH:MM (default 09:00)")
    followup.add_argument("--thank-you", choices=["on", "off"], help="thank those who came")
    followup.add_argument("--call-after", type=int, help="misses in a row for the call list")
    followup.add_argument("--ladder", help="from:every pairs, default 1:1,4:2,8:4")
    followup.add_argument(
        "--digest",
        choices=["on", "off"],
        help="send coordinators the call list before each session",
    )
    followup.set_defaults(func=cmd_followup)

    weekly = admin_sub.add_parser(
        "weekly-digest",
        help="the weekly attendance digest to a group's staff",
        description="Show, set or switch off the weekly digest (summary) to a group's staff.",
    )
    weekly.add_argument("--group", required=True, help="group id or name")
    weekly.add_argument("--weekday", help="mon, tue, wed, thu, fri, sat or sun")
    weekly.add_argument("--at", help="local time, HH:MM (default 08:00)")
    weekly.add_argument("--off", action="store_true", help="no weekly digest")
    weekly.set_defaults(func=cmd_weekly_digest)

    keep = admin_sub.add_parser(
        "retention",
        help="how long an organisation keeps people who stopped using the bot",
        description="Show or set retention (see PRIVACY.md). Default: 12 months.",
    )
    keep.add_argument("--org", required=True, help="organisation id or name")
    keep.add_argument("--inactive-months", type=int, help="1 to 120 (default 12)")
    keep.set_defaults(func=cmd_retention)

    export_org = admin_sub.add_parser(
        "export-org",
        help="everything an organisation has in the bot, as JSON and workbooks",
        description="Write organisation-<id>.json and group-<id>.xlsx per group into --out.",
    )
    export_org.add_argument("--org", required=True, help="organisation id or name")
    export_org.add_argument("--out", required=True, help="a folder to write into")
    export_org.add_argument("--now", help=NOW_HELP)
    export_org.set_defaults(func=cmd_export_org)

    delete_org = admin_sub.add_parser(
        "delete-org",
        help="delete an organisation and everything in it",
        description="Deletes groups, people (unless in another organisation), attendance, all.",
    )
    delete_org.add_argument("--org", required=True, help="organisation id or name")
    delete_org.add_argument("--confirm", help="the organisation's exact name")
    delete_org.add_argument("--now", help=NOW_HELP)
    delete_org.set_defaults(func=cmd_delete_org)

    holiday = admin_sub.add_parser(
        "holiday",
        help="add school holidays to a group (dates or an .ics file)",
        description="No meetings in a holiday period; parents hear 'no group this week'.",
    )
    holiday.add_argument("--group", required=True, help="group id or name")
    holiday.add_argument("--from", dest="first", help="first day, YYYY-MM-DD")
    holiday.add_argument("--to", dest="last", help="last day, YYYY-MM-DD")
    holiday.add_argument("--name", help="e.g. Efterårsferie")
    holiday.add_argument("--ics", help="an iCalendar file: every event becomes a holiday")
    holiday.add_argument("--now", help=NOW_HELP)
    holiday.set_defaults(func=cmd_holiday)

    revoke = admin_sub.add_parser(
        "revoke",
        help="make an invite link stop working",
        description="Revoke an invite link (e.g. a flyer went astray).",
    )
    revoke.add_argument("code", help="the code, or the whole https://t.me/...?start=... link")
    revoke.set_defaults(func=cmd_revoke)
    faq = sub.add_parser("faq", help="the FAQ: ask, check content, gaps", description="The FAQ.")
    faq_sub = faq.add_subparsers(dest="faq_command", required=True, metavar="FAQ_COMMAND")
    ask = faq_sub.add_parser(
        "ask",
        help="answer a question as the bot would",
        description="Answer a question as the bot would; `-` reads one question per line.",
    )
    ask.add_argument("question", help="the question, or - to read questions from stdin")
    ask.add_argument("--lang", default=FALLBACK, help="the asker's language code (default da)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.set_defaults(func=cmd_faq_ask)
    check = faq_sub.add_parser(
        "check",
        help="check the FAQ content",
        description="Check every entry (and FAQ_OVERRIDES_DIR) in every language.",
    )
    check.add_argument("--today", help="check review dates as of this day (default: today)")
    check.set_defaults(func=cmd_faq_check)
    gaps = faq_sub.add_parser(
        "gaps",
        help="questions the FAQ could not answer",
        description="Questions the FAQ could not answer, and answers marked not helpful.",
    )
    gaps.add_argument("--limit", type=int, default=200, help="at most this many (default 200)")
    gaps.set_defaults(func=cmd_faq_gaps)
    report = sub.add_parser(
        "report",
        help="the funder report for a group",
        description="Sessions held and cancelled, unique families, average and median "
        "attendance, retention, new families per month; optionally as an XLSX workbook.",
    )
    report.add_argument("--group", required=True, help="group id or name")
    report.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    report.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
    report.add_argument("--xlsx", help="also write the workbook to this file")
    report.add_argument("--lang", default=FALLBACK, help="language of the texts (default da)")
    report.add_argument("--now", help=NOW_HELP)
    report.set_defaults(func=cmd_report)

    content = sub.add_parser(
        "content", help="the texts per language", description="The texts per language."
    )
    content_sub = content.add_subparsers(dest="content_command", required=True, metavar="WHAT")
    status = content_sub.add_parser(
        "status",
        help="how complete and how reviewed each language is",
        description="Per language: catalog strings translated, review status, FAQ entries "
        "present and reviewed, glossary words.",
    )
    status.set_defaults(func=cmd_content_status)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    try:
        settings = load_settings()
        args.func(settings, args)
    except (SettingsError, CliError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"error: database problem: {first_line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
