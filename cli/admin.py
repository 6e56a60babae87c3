"""`admin`: organisations, groups, invite links, and a group's settings."""

from __future__ import annotations

import asyncio

import click

from cli.root import NOW_HELP, CliError, database, group_named, parse_now, settings
from db.engine import transaction
from db.models import GroupKind
from db.queries import find_organisation
from onboarding import group_setup
from onboarding.invites import deep_link
from settings import Settings
from usecases import Refused, invites, meetings, organisations

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _username(config: Settings) -> str:
    if config.bot_username:
        return config.bot_username
    if config.token:
        from cli.running import check_telegram

        return asyncio.run(check_telegram(config))
    raise CliError(
        "To print links I need the bot's username: set TELEGRAM_BOT_USERNAME "
        "(or TELEGRAM_BOT_TOKEN so I can ask Telegram)."
    )


def _time(option: str, value: str) -> object:
    parsed = group_setup.parse_time(value)
    if parsed is None:
        raise CliError(f"{option} {value!r}: use HH:MM.")
    return parsed


@click.group(help="Set up organisations, groups and invite links.")
def admin() -> None:
    pass


@admin.command(
    "create-org", help="Create an organisation and print a one-time coordinator invite link."
)
@click.argument("name")
def create_org(name: str) -> None:
    """NAME: e.g. 'Albertslund Kommune' or 'Helhedsplan Greve Nord'."""
    config = settings()
    username = _username(config)
    with transaction(database(config)) as session:
        try:
            created = organisations.create_organisation(session, name)
        except Refused as exc:
            raise CliError(str(exc)) from exc
        click.echo(f"Organisation {created.id}: {created.name}")
        click.echo(f"One-time coordinator invite: {deep_link(username, created.coordinator_code)}")


@admin.command("create-group", help="Create a weekly group and print its invite links.")
@click.option("--org", required=True, help="organisation id or name")
@click.option("--name", required=True)
@click.option("--weekday", required=True, help="mon, tue, wed, thu, fri, sat or sun")
@click.option("--time", "start_time", required=True, help="local start time, HH:MM")
@click.option("--place", required=True)
@click.option(
    "--kind", type=click.Choice([k.value for k in GroupKind]), default=GroupKind.OPEN.value
)
@click.option("--duration", type=int, default=120, help="minutes (default 120)")
@click.option("--timezone", default=None, help="default: BOT_TIMEZONE")
@click.option("--course-start", default=None, help="first meeting of a course, YYYY-MM-DD")
@click.option("--weeks", type=int, default=None, help="length of a course in weeks")
def create_group(
    org: str,
    name: str,
    weekday: str,
    start_time: str,
    place: str,
    kind: str,
    duration: int,
    timezone: str | None,
    course_start: str | None,
    weeks: int | None,
) -> None:
    day = group_setup.parse_weekday(weekday)
    start = group_setup.parse_time(start_time)
    if day is None:
        raise CliError(f"--weekday {weekday!r}: use mon, tue, wed, thu, fri, sat or sun.")
    if start is None:
        raise CliError(f"--time {start_time!r}: use HH:MM, like 10:00.")
    first = group_setup.parse_date(course_start) if course_start else None
    if course_start and first is None:
        raise CliError(f"--course-start {course_start!r}: use YYYY-MM-DD.")
    if kind == GroupKind.COURSE and (first is None or not weeks):
        raise CliError("A course needs --course-start and --weeks.")
    config = settings()
    username = _username(config)
    with transaction(database(config)) as session:
        organisation = find_organisation(session, org)
        if organisation is None:
            raise CliError(f"No organisation {org!r}: create it with `admin create-org`.")
        spec = group_setup.GroupSpec(
            name=" ".join(name.split()),
            weekday=day,
            start=start,
            place=" ".join(place.split()),
            kind=GroupKind(kind),
            timezone=timezone or config.timezone,
            duration_minutes=duration,
            course_start=first,
            course_weeks=weeks,
        )
        created = group_setup.create_group(session, organisation, spec)
        click.echo(f"Group {created.group.id}: {created.group.name}")
        click.echo(f"Parent invite: {deep_link(username, created.parent_invite.code)}")
        click.echo(f"Staff invite:  {deep_link(username, created.staff_invite.code)}")


@admin.command(help="Create an invite link for a group and a role.")
@click.option("--group", required=True, help="group id or name")
@click.option("--role", required=True, type=click.Choice(list(invites.ROLES)))
def invite(group: str, role: str) -> None:
    config = settings()
    username = _username(config)
    with transaction(database(config)) as session:
        found = group_named(session, group)
        code = invites.new_invite(session, found, role)
        click.echo(f"{role.capitalize()} invite for {found.name}: {deep_link(username, code)}")


@admin.command(help="Revoke an invite link (e.g. a flyer went astray).")
@click.argument("code")
def revoke(code: str) -> None:
    """CODE: the code, or the whole https://t.me/...?start=... link."""
    config = settings()
    with transaction(database(config)) as session:
        if not invites.revoke_invite(session, code, parse_now(None, config)):
            raise CliError("No invite with that code.")
        click.echo(f"Revoked: the link with code {invites.code_of(code)} no longer works.")


@admin.command(help="Show or change a group's reminder times (local time).")
@click.option("--group", required=True, help="group id or name")
@click.option("--first", help="the evening-before reminder, HH:MM (default 18:00)")
@click.option(
    "--second-minutes", type=int, help="minutes before the start for the second (default 120)"
)
@click.option("--quiet", help="no messages between, e.g. 20:00-08:00")
def reminders(group: str, first: str | None, second_minutes: int | None, quiet: str | None) -> None:
    with transaction(database(settings())) as session:
        found = group_named(session, group)
        if first:
            found.first_reminder_at = _time("--first", first)
        if second_minutes is not None:
            if not 0 < second_minutes <= 24 * 60:
                raise CliError("--second-minutes must be 1 to 1440.")
            found.second_reminder_minutes = second_minutes
        if quiet:
            begin, _, end = quiet.partition("-")
            hours = group_setup.parse_time(begin), group_setup.parse_time(end)
            if None in hours:
                raise CliError(f"--quiet {quiet!r}: use HH:MM-HH:MM, like 20:00-08:00.")
            found.quiet_from, found.quiet_until = hours
        click.echo(
            f"{found.name}: first reminder the evening before at "
            f"{found.first_reminder_at:%H:%M}, second {found.second_reminder_minutes} minutes "
            f"before, quiet hours {found.quiet_from:%H:%M}-{found.quiet_until:%H:%M}"
        )


@admin.command(help="Show or change a group's follow-up settings.")
@click.option("--group", required=True, help="group id or name")
@click.option("--at", help="the morning-after message, HH:MM (default 09:00)")
@click.option("--thank-you", type=click.Choice(["on", "off"]), help="thank those who came")
@click.option("--call-after", type=int, help="misses in a row for the call list")
@click.option("--ladder", help="from:every pairs, default 1:1,4:2,8:4")
@click.option(
    "--digest",
    type=click.Choice(["on", "off"]),
    help="send coordinators the call list before each session",
)
def followup(
    group: str,
    at: str | None,
    thank_you: str | None,
    call_after: int | None,
    ladder: str | None,
    digest: str | None,
) -> None:
    from reminders.follow_up_policy import parse_ladder

    with transaction(database(settings())) as session:
        found = group_named(session, group)
        if at:
            found.followup_at = _time("--at", at)
        if thank_you:
            found.thank_you = thank_you == "on"
        if digest:
            found.call_list_digest = digest == "on"
        if call_after is not None:
            if not 1 <= call_after <= 10:
                raise CliError("--call-after must be 1 to 10.")
            found.call_list_after = call_after
        if ladder:
            if parse_ladder(ladder) is None:
                raise CliError(
                    f"--ladder {ladder!r}: use from:every pairs starting at 1, like 1:1,4:2,8:4."
                )
            found.followup_ladder = ladder.replace(" ", "")
        click.echo(
            f"{found.name}: follow-up the morning after at {found.followup_at:%H:%M}, "
            f"thank-you {'on' if found.thank_you else 'off'}, call list after "
            f"{found.call_list_after} misses in a row, ladder {found.followup_ladder}, "
            f"call list before each session {'on' if found.call_list_digest else 'off'}"
        )


@admin.command(
    "weekly-digest",
    help="Show, set or switch off the weekly digest (summary) to a group's staff.",
)
@click.option("--group", required=True, help="group id or name")
@click.option("--weekday", help="mon, tue, wed, thu, fri, sat or sun")
@click.option("--at", help="local time, HH:MM (default 08:00)")
@click.option("--off", is_flag=True, help="no weekly digest")
def weekly_digest(group: str, weekday: str | None, at: str | None, off: bool) -> None:
    with transaction(database(settings())) as session:
        found = group_named(session, group)
        if off:
            found.weekly_digest_weekday = None
        if weekday:
            day = group_setup.parse_weekday(weekday)
            if day is None:
                raise CliError(f"--weekday {weekday!r}: use mon, tue, wed, thu, fri, sat or sun.")
            found.weekly_digest_weekday = day
        if at:
            found.weekly_digest_at = _time("--at", at)
        if found.weekly_digest_weekday is None:
            click.echo(f"{found.name}: no weekly digest")
        else:
            click.echo(
                f"{found.name}: weekly digest to staff on "
                f"{WEEKDAYS[found.weekly_digest_weekday]} at {found.weekly_digest_at:%H:%M}"
            )


@admin.command(help="No meetings in a holiday period; parents hear 'no group this week'.")
@click.option("--group", required=True, help="group id or name")
@click.option("--from", "first", help="first day, YYYY-MM-DD")
@click.option("--to", "last", help="last day, YYYY-MM-DD")
@click.option("--name", help="e.g. Efterårsferie")
@click.option("--ics", help="an iCalendar file: every event becomes a holiday")
@click.option("--now", help=NOW_HELP)
def holiday(
    group: str,
    first: str | None,
    last: str | None,
    name: str | None,
    ics: str | None,
    now: str | None,
) -> None:
    """Add one holiday period, or every event of an .ics file, to a group."""
    import clock
    from reminders import holidays

    config = settings()
    try:
        if ics:
            try:
                with open(ics, "rb") as handle:
                    data = handle.read()
            except OSError as exc:
                raise CliError(f"Cannot read {ics}: {exc.strerror}") from exc
            periods = holidays.periods_from_ics(data)
        else:
            first_day = group_setup.parse_date(first or "")
            last_day = group_setup.parse_date(last or "")
            if first_day is None or last_day is None or not name:
                raise CliError("Give --from, --to and --name (dates like 2026-10-12), or --ics.")
            periods = [holidays.check_period(first_day, last_day, name)]
    except holidays.BadPeriod as exc:
        raise CliError(f"Not a usable holiday: {exc}.") from exc
    instant = parse_now(now, config)
    db = database(config)
    with clock.at(instant), transaction(db) as session:
        found = group_named(session, group)
        holidays.add_periods(session, found, periods, instant)
        meetings.plan_meetings(session, found, instant)
        for period in periods:
            click.echo(
                f"{found.name}: no meetings {period.first_day} to {period.last_day} ({period.name})"
            )


@admin.command(help="Show or change how long an organisation keeps people who stopped using it.")
@click.option("--org", required=True, help="organisation id or name")
@click.option("--inactive-months", type=int, help="1 to 120 (default 12)")
def retention(org: str, inactive_months: int | None) -> None:
    """Retention per organisation (see PRIVACY.md); the tick applies it every day."""
    from privacy import retention as rules

    with transaction(database(settings())) as session:
        organisation = find_organisation(session, org)
        if organisation is None:
            raise CliError(f"No organisation {org!r}.")
        if inactive_months is not None:
            try:
                rules.set_inactive_months(organisation, inactive_months)
            except rules.BadRetention as exc:
                raise CliError(f"--inactive-months {inactive_months}: {exc}.") from exc
        click.echo(
            f"{organisation.name}: people inactive for {organisation.inactive_months} months are "
            f"deleted; sent messages are cleared after {rules.SENT_MESSAGE_DAYS} days, "
            f"unanswered FAQ questions after {rules.gaps.TEXT_DAYS} days"
        )


@admin.command(
    "export-org",
    help="Everything an organisation has in the bot: organisation-<id>.json and "
    "group-<id>.xlsx per group, written into --out.",
)
@click.option("--org", required=True, help="organisation id or name")
@click.option("--out", required=True, help="a folder to write into")
@click.option("--now", help=NOW_HELP)
def export_org(org: str, out: str, now: str | None) -> None:
    """An organisation that leaves takes its data with it (GDPR art. 20), before delete-org."""
    import json
    from pathlib import Path

    import clock
    from i18n import texts_for
    from privacy import organisation as org_data
    from summaries.labels import LABELS
    from usecases.reports import build_workbook, first_meeting_day

    config = settings()
    instant = parse_now(now, config)
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"Cannot write to {folder}: {exc.strerror}") from exc
    texts = texts_for("en")
    with clock.at(instant), transaction(database(config)) as session:
        organisation = find_organisation(session, org)
        if organisation is None:
            raise CliError(f"No organisation {org!r}.")
        data = org_data.export(session, organisation)
        (folder / f"organisation-{organisation.id}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        for group in organisation.groups:
            first = first_meeting_day(session, group) or instant.date()
            book = build_workbook(
                session, group, first, instant.date(), instant, lambda key: texts.plain(LABELS[key])
            )
            (folder / f"group-{group.id}.xlsx").write_bytes(book.xlsx)
        rows = sum(len(table_rows) for table_rows in data.values())
        click.echo(
            f"{organisation.name}: {rows} rows and {len(organisation.groups)} workbooks in {folder}"
        )


@admin.command("delete-org", help="Delete an organisation and everything in it.")
@click.option("--org", required=True, help="organisation id or name")
@click.option("--confirm", help="the organisation's exact name")
@click.option("--now", help=NOW_HELP)
def delete_org(org: str, confirm: str | None, now: str | None) -> None:
    """Groups, people (unless also in another organisation), attendance: all of it."""
    import clock
    from privacy import organisation as org_data

    config = settings()
    instant = parse_now(now, config)
    with clock.at(instant), transaction(database(config)) as session:
        organisation = find_organisation(session, org)
        if organisation is None:
            raise CliError(f"No organisation {org!r}.")
        if confirm != organisation.name:
            raise CliError(
                f"This deletes {organisation.name} with all its groups, people and figures. "
                f'Export first (admin export-org), then add --confirm "{organisation.name}".'
            )
        counts = org_data.delete_organisation(session, organisation, instant)
    deleted = ", ".join(f"{n} {table}" for table, n in sorted(counts.items()) if n)
    click.echo(f"deleted {confirm}: {deleted}")


COMMANDS = (admin,)
