"""The command line as an operator meets it: help, one-line errors, admin scripts."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

import bot
import cli
from cli import running
from db.engine import make_engine, session_factory, transaction, upgrade
from db.leadership import Leadership
from db.models import Group, GroupKind, InviteCode, InviteKind, Organisation, Person
from i18n import supported_codes
from questions import gaps
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
LINK = re.compile(r"https://t\.me/ParentTestBot\?start=([A-Za-z0-9_-]{16,64})")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["run"],
        ["db"],
        ["db", "upgrade"],
        ["admin"],
        ["admin", "create-org"],
        ["admin", "create-group"],
        ["admin", "invite"],
        ["admin", "revoke"],
        ["admin", "holiday"],
        ["admin", "reminders"],
        ["admin", "followup"],
        ["admin", "weekly-digest"],
        ["tick"],
        ["faq"],
        ["faq", "ask"],
        ["faq", "check"],
        ["faq", "gaps"],
    ],
)
def test_every_command_has_help(args: list[str], run_cli: RunCli) -> None:
    result = run_cli(*args, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: bot.py")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["admin"], "error: which command? See 'bot.py admin --help'."),
        (["nonsense"], "error: No such command 'nonsense'. (see 'bot.py --help')"),
        (
            ["admin", "invite", "--group", "G"],
            "error: Missing option '--role'. Choose from: parent, staff, coordinator",
        ),
        (["tick", "--now", "tomorrow"], "error: --now 'tomorrow': use ISO 8601"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_1(
    args: list[str], message: str, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(*args, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr


def test_bot_py_is_only_the_entry_point() -> None:
    assert bot.main is cli.main
    assert len(Path(bot.__file__).read_text(encoding="utf-8").splitlines()) < 15


def test_run_without_token_is_one_clear_line(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("run", env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "Traceback" not in result.output


def test_run_with_unreachable_api_is_one_clear_line(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli(
        "run",
        env={
            "TELEGRAM_BOT_TOKEN": "123:abc",
            "TELEGRAM_API_URL": "http://127.0.0.1:9/bot",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        },
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Cannot reach the Telegram Bot API" in lines[0], result.stderr


def test_a_second_run_on_one_sqlite_database_refuses_in_one_line(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    first = Leadership(engine)  # the bot already running on this file
    assert first.try_acquire()
    monkeypatch.setattr(running, "SQLITE_RUN_WAIT", 0.3)
    env = {"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_API_URL": "http://127.0.0.1:9/bot"}
    try:
        result = run_cli("run", env={**env, "DATABASE_URL": url})
    finally:
        first.release()
        engine.dispose()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "another bot process is running on this SQLite database" in lines[0]
    assert f"pid {os.getpid()}" in lines[0]  # which process: the one to stop
    assert "PostgreSQL" in lines[0]
    # Once the first one stops, the same command gets past the lock (to the API check here).
    again = run_cli("run", env={**env, "DATABASE_URL": url})
    assert "Cannot reach the Telegram Bot API" in again.stderr, again.stderr


def test_admin_scripts(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "ParentTestBot")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)

    assert bot.main(["db", "upgrade"]) == 0
    assert bot.main(["admin", "create-org", "Albertslund Kommune"]) == 0
    out = capsys.readouterr().out
    coordinator_code = LINK.search(out).group(1)

    assert (
        bot.main(
            [
                "admin",
                "create-group",
                "--org",
                "Albertslund Kommune",
                "--name",
                "Babygruppen",
                "--weekday",
                "tue",
                "--time",
                "10:00",
                "--place",
                "Vuggestuen Solsikken",
            ]
        )
        == 0
    )
    parent_code, staff_code = LINK.findall(capsys.readouterr().out)
    assert bot.main(["admin", "invite", "--group", "Babygruppen", "--role", "coordinator"]) == 0
    group_coordinator_code = LINK.search(capsys.readouterr().out).group(1)

    assert bot.main(["admin", "revoke", f"https://t.me/ParentTestBot?start={staff_code}"]) == 0
    assert "no longer works" in capsys.readouterr().out

    factory = session_factory(make_engine(db_url))
    with transaction(factory) as session:
        org = session.scalars(select(Organisation)).one()
        group = session.scalars(select(Group)).one()
        assert (group.org_id, group.weekday, group.start_time.hour, group.kind) == (
            org.id,
            1,
            10,
            GroupKind.OPEN,
        )
        codes = session.scalars(select(InviteCode)).all()
        assert [c.code for c in codes if c.revoked_at is not None] == [staff_code]
        kinds = {c.code: (c.kind, c.max_uses) for c in codes}
        assert kinds == {
            coordinator_code: (InviteKind.ORG_COORDINATOR, 1),
            parent_code: (InviteKind.GROUP_PARENT, None),
            staff_code: (InviteKind.GROUP_STAFF, None),
            group_coordinator_code: (InviteKind.GROUP_COORDINATOR, 1),
        }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "admin",
                "create-group",
                "--org",
                "Nowhere",
                "--name",
                "G",
                "--weekday",
                "tue",
                "--time",
                "10:00",
                "--place",
                "P",
            ],
            "No organisation",
        ),
        (
            [
                "admin",
                "create-group",
                "--org",
                "1",
                "--name",
                "G",
                "--weekday",
                "someday",
                "--time",
                "10:00",
                "--place",
                "P",
            ],
            "--weekday",
        ),
        (
            [
                "admin",
                "create-group",
                "--org",
                "1",
                "--name",
                "G",
                "--weekday",
                "tue",
                "--time",
                "25:00",
                "--place",
                "P",
            ],
            "--time",
        ),
        (
            [
                "admin",
                "create-group",
                "--org",
                "1",
                "--name",
                "G",
                "--weekday",
                "tue",
                "--time",
                "10:00",
                "--place",
                "P",
                "--kind",
                "course",
            ],
            "course needs",
        ),
        (["admin", "invite", "--group", "Nope", "--role", "parent"], "No group"),
    ],
)
def test_admin_mistakes_are_one_line(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "ParentTestBot")
    assert bot.main(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_links_need_a_username(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert bot.main(["admin", "create-org", "X"]) == 1
    assert "TELEGRAM_BOT_USERNAME" in capsys.readouterr().err


def test_faq_ask_prints_one_json_object(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("faq", "ask", "--lang", "da", "--json", "hvor meget skal min baby sove")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    assert answer["id"] == "sleep-hours-baby" and answer["theme"] == "sleep"
    assert answer["confident"] is True and answer["score"] > 0
    assert "timer" in answer["answer"] and answer["source"]["url"].startswith("https://")


def test_faq_ask_reads_questions_from_stdin(tmp_path: Path, run_cli: RunCli) -> None:
    questions = "hvor meget skal min baby sove\n\nhvornår kommer skraldebilen\nd-vitamin dråber\n"
    result = run_cli("faq", "ask", "--lang", "da", "--json", "-", input=questions)
    assert result.exit_code == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == [
        "hvor meget skal min baby sove",
        "hvornår kommer skraldebilen",
        "d-vitamin dråber",
    ]
    assert answers[1]["confident"] is False
    assert answers[2]["id"] == "food-vitamin-d"


def test_faq_ask_flags_danger(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("faq", "ask", "--lang", "en", "--json", "my baby is not breathing")
    assert json.loads(result.stdout)["safeguarding"] == ["child_not_breathing"]
    assert json.loads(result.stdout)["calm_line"] is False  # the alarm itself, not the line


def test_faq_ask_reports_the_second_opinion(tmp_path: Path, run_cli: RunCli) -> None:
    """Operators see how worried the learned model is, and whether the calm 112 line is
    shown: only where the rules are silent."""
    worried = run_cli("faq", "ask", "--json", "min mand bestemmer alt, jeg må ikke gå ud alene")
    calm = run_cli("faq", "ask", "--json", "hvor meget skal min baby sove")
    worried_answer, calm_answer = json.loads(worried.stdout), json.loads(calm.stdout)
    assert worried_answer["safeguarding"] == [] and worried_answer["calm_line"] is True
    assert worried_answer["worry"] > calm_answer["worry"]
    assert calm_answer["calm_line"] is False
    hurt = json.loads(
        run_cli(
            "faq",
            "ask",
            "--json",
            "he said he'd throw acid in my face if i talk to the kommune again",
        ).stdout
    )
    assert hurt["calm_line"] is True and hurt["calm_helplines"] == ["1888"]
    assert calm_answer["calm_helplines"] == [] and worried_answer["calm_helplines"] == []
    assert worried_answer["alarm_by"] is None and calm_answer["alarm_by"] is None
    assert not worried_answer["lowered"] and not hurt["lowered"] and not calm_answer["lowered"]


def test_faq_ask_says_where_the_models_alarm_was_lowered(run_cli: RunCli) -> None:
    """The model sure, a rule saying the hurt is her own or a child's play: the JSON and the
    plain output say the alarm was lowered, so a worry above the alarm's threshold with
    only the calm line is explained; a partner doing it keeps the alarm, unlowered."""
    play = "my son pushed me and I fell, he is 4"
    lowered = json.loads(run_cli("faq", "ask", "--json", play).stdout)
    assert lowered["lowered"] is True and lowered["calm_line"] is True
    assert lowered["safeguarding"] == [] and lowered["worry"] >= 0.9
    plain = run_cli("faq", "ask", play).stdout.splitlines()[1]
    assert plain.startswith("  calm 112 line (worry 0.9")
    assert plain.endswith("the model's alarm lowered: her own hurt or a child's play")
    partner = json.loads(run_cli("faq", "ask", "--json", "my husband pushed me and I fell").stdout)
    assert partner["lowered"] is False and partner["safeguarding"] != []


def test_faq_ask_says_why_the_calm_line_shows(run_cli: RunCli) -> None:
    """A message that names 112 gets 112 back as the calm line where the model is not
    worried; the output says so rather than "worry 0.0" alone. The model's own line says
    "model", a line kept after the alarm on the message before says so."""
    named = json.loads(run_cli("faq", "ask", "--json", "ring 112").stdout)
    assert named["calm_line"] is True and named["calm_by"] == "112 named"
    assert named["worry"] == 0.0  # two words: the model never judges them
    plain = run_cli("faq", "ask", "--lang", "da", "ring 112").stdout.splitlines()[1]
    assert plain == "  calm 112 line (112 named, worry 0.0)"
    acid = "he said he'd throw acid in my face if i talk to the kommune again"
    worried = json.loads(run_cli("faq", "ask", "--json", acid).stdout)
    assert worried["calm_by"] == "model"
    lowered = json.loads(
        run_cli("faq", "ask", "--json", "my son pushed me and I fell, he is 4").stdout
    )
    assert lowered["calm_by"] == "lowered"
    after = ("--after", "my baby is not breathing", "what do i do now")
    earlier = json.loads(run_cli("faq", "ask", "--json", *after).stdout)
    assert earlier["calm_line"] is True and earlier["calm_by"] == "after the alarm"
    plain_after = run_cli("faq", "ask", "--lang", "en", *after).stdout.splitlines()[1]
    assert plain_after.endswith(", after the alarm on the message before")
    assert "112 named" not in plain_after
    everyday = json.loads(run_cli("faq", "ask", "--json", "hvor meget skal min baby sove").stdout)
    assert everyday["calm_line"] is False and everyday["calm_by"] is None
    cry = run_cli("faq", "ask", "--lang", "tr", "imdat!!").stdout.splitlines()[1]
    assert cry == "  calm 112 line (a cry for help, worry 0.0)"


def test_faq_ask_says_who_raised_the_alarm(run_cli: RunCli) -> None:
    """A rule, or the learned model where it is sure ("danger", and "violence" where the
    violence model is sure too): operators see which, and there is no calm line with it."""
    rules = json.loads(run_cli("faq", "ask", "--json", "my baby is not breathing").stdout)
    assert rules["alarm_by"] == "rules"
    threat = run_cli("faq", "ask", "--json", "he says if i tell anyone he will send me back")
    model = json.loads(threat.stdout)
    assert model["safeguarding"] == ["danger", "violence"] and model["alarm_by"] == "model"
    assert model["calm_line"] is False and model["calm_helplines"] == []


def test_faq_ask_after_reads_the_message_before(run_cli: RunCli) -> None:
    """Operators test a second message as the bot reads it in a chat: with `--after`, her
    message just before; without it, the message alone."""
    earlier, second = "my daughter got into the bathroom cupboard", "it was a battery"
    alone = json.loads(run_cli("faq", "ask", "--json", second).stdout)
    assert alone["safeguarding"] == [] and alone["with_earlier"] is False
    read = json.loads(run_cli("faq", "ask", "--json", "--after", earlier, second).stdout)
    assert read["safeguarding"] == ["child_emergency"] and read["with_earlier"] is True
    plain = run_cli("faq", "ask", "--lang", "en", "--after", earlier, second).stdout
    assert plain.splitlines()[1] == (
        "  ALARM by the rules with the message before: child_emergency (112 first)"
    )


def test_faq_ask_without_json_shows_the_alarm_first(run_cli: RunCli) -> None:
    """An operator testing a phrase without --json sees the alarm (and who raised it) or the
    calm 112 line before the FAQ entry, and neither on an everyday question."""
    rules = run_cli("faq", "ask", "--lang", "en", "my baby is not breathing").stdout
    assert rules.splitlines()[1] == "  ALARM by the rules: child_not_breathing (112 first)"
    model = run_cli("faq", "ask", "he says if i tell anyone he will send me back").stdout
    assert model.splitlines()[1] == "  ALARM by the model: danger, violence (112 first)"
    acid = "he said he'd throw acid in my face if i talk to the kommune again"
    calm = run_cli("faq", "ask", acid).stdout.splitlines()
    assert calm[1].startswith("  calm 112 line (worry 0.") and calm[1].endswith(", with 1888")
    everyday = run_cli("faq", "ask", "--lang", "da", "hvor meget skal min baby sove").stdout
    assert everyday.splitlines()[1].startswith("  sleep-hours-baby (confident, score ")
    assert "ALARM" not in everyday and "112" not in everyday


def test_faq_ask_unknown_language_is_one_line(run_cli: RunCli) -> None:
    result = run_cli("faq", "ask", "--lang", "xx", "hej")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "error: --lang 'xx': use one of " + ", ".join(supported_codes()) + "."
    )


def test_faq_ask_an_empty_question_says_so(run_cli: RunCli) -> None:
    """An operator who passes an empty question (a shell variable unset) is told, rather
    than getting no output and success."""
    result = run_cli("faq", "ask", "--json", "  ")
    assert result.exit_code == 1 and result.stdout == ""
    assert "Nothing to ask" in result.stderr


def test_faq_check_passes_and_catches_a_bad_local_entry(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("faq", "check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("FAQ content OK:")
    local = tmp_path / "local" / "da" / "faq" / "dental"
    local.mkdir(parents=True)
    (local / "dental-local.md").write_text(
        "---\nid: dental-local\ntheme: dental\ntitle: Tandplejen i Albertslund\n"
        "questions: [tandlæge]\nowner: health_visitor\nmunicipal: true\n"
        "source: {title: Albertslund Kommune, url: 'https://albertslund.dk/'}\n"
        "reviewed: 2026-11-01\n---\nRing til <b>tandplejen.\n",
        encoding="utf-8",
    )
    result = run_cli("faq", "check", env={"FAQ_OVERRIDES_DIR": str(tmp_path / "local")})
    assert result.exit_code == 1
    assert "da/dental-local: needs at least 3 ways to ask" in result.stdout
    assert "da/dental-local: <b> is never closed" in result.stdout
    assert "en/dental-local: missing (other languages have it)" in result.stdout


def test_a_local_danger_rule_that_could_be_read_two_ways_is_one_line_not_a_traceback(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """An operator's own rules file written with bare alternatives in a rule of several
    words is refused, with the language, the rule and how to write it, and exit 1."""
    (tmp_path / "local" / "en").mkdir(parents=True)
    (tmp_path / "local" / "en" / "safeguarding.yaml").write_text(
        "violence:\n  - turned|went blue\n", encoding="utf-8"
    )
    for command in (("faq", "check"), ("faq", "ask", "hej")):
        result = run_cli(*command, env={"FAQ_OVERRIDES_DIR": str(tmp_path / "local")})
        assert result.exit_code == 1
        assert result.stderr.startswith("error: danger rules not loaded: en: rule 'turned|went")
        assert "in brackets" in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    (tmp_path / "local" / "en" / "safeguarding.yaml").write_text(
        "violence:\n  - (turned|went) blue\n", encoding="utf-8"
    )
    result = run_cli("faq", "check", env={"FAQ_OVERRIDES_DIR": str(tmp_path / "local")})
    assert result.exit_code == 0, result.stderr


def test_a_local_danger_rule_with_an_unknown_word_group_is_one_line_not_a_traceback(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A `{group}` the operator's file never defines is refused like any other rules-file
    mistake: the language and the group, exit 1."""
    (tmp_path / "local" / "en").mkdir(parents=True)
    (tmp_path / "local" / "en" / "safeguarding.yaml").write_text(
        "violence:\n  - '{nobody} hit me'\n", encoding="utf-8"
    )
    result = run_cli("faq", "check", env={"FAQ_OVERRIDES_DIR": str(tmp_path / "local")})
    assert result.exit_code == 1
    assert result.stderr.startswith("error: danger rules not loaded: en: no word group 'nobody'")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_faq_gaps_lists_questions_without_names(tmp_path: Path, run_cli: RunCli) -> None:
    url = f"sqlite:///{tmp_path / 'gaps.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        amina = Person(telegram_id=7001, first_name="Amina", language="da", consent_at=NOW)
        sara = Person(telegram_id=7002, first_name="Sara", language="en", consent_at=NOW)
        session.add_all([amina, sara])
        session.flush()
        gaps.log(session, gaps.UNANSWERED, amina, NOW, text="må min søster komme med?")
        gaps.log(session, gaps.NOT_HELPFUL, sara, NOW, text="baby sleep", entry_id="sleep-own-bed")
        gaps.log(session, gaps.HELPFUL, sara, NOW, entry_id="sleep-own-bed")
    engine.dispose()
    result = run_cli("faq", "gaps", env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.stderr
    assert "Amina" not in result.stdout and "Sara" not in result.stdout
    assert "[da] unanswered: må min søster komme med?" in result.stdout
    assert "[en] not helpful: sleep-own-bed: baby sleep" in result.stdout
    assert "votes sleep-own-bed: 1 helpful, 1 not helpful" in result.stdout


def test_content_status_lists_every_language(run_cli: RunCli) -> None:
    result = run_cli("content", "status")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("language")
    assert [line.split()[0] for line in lines[1:]] == list(supported_codes())
    for line in lines[1:]:  # every language complete: catalog and FAQ
        fractions = [field.split("/") for field in line.split() if "/" in field]
        catalog, faq, reviewed = fractions[0], fractions[1], fractions[2]
        assert catalog[0] == catalog[1] and faq[0] == faq[1], line
        assert reviewed[1] == faq[0], line
    english = next(line for line in lines if line.startswith("en "))
    fields = english.split()
    assert "original" in fields and fields[-2] == fields[-3]  # the source language: all original


def test_report_prints_figures_and_writes_a_workbook(tmp_path: Path, run_cli: RunCli) -> None:
    url = f"sqlite:///{tmp_path / 'report.sqlite3'}"
    env = {"DATABASE_URL": url, "TELEGRAM_BOT_USERNAME": "ParentTestBot"}
    assert run_cli("admin", "create-org", "Greve", env=env).exit_code == 0
    made = run_cli(
        "admin", "create-group", "--org", "Greve", "--name", "Mødregruppen", "--weekday", "fri",
        "--time", "10:00", "--place", "Beboerhuset", env=env,
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    out = tmp_path / "report.xlsx"
    result = run_cli(
        "report", "--group", "Mødregruppen", "--from", "2026-01-01", "--to", "2026-06-30",
        "--xlsx", str(out), env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Rapport for Mødregruppen" in result.stdout and "Afholdte gange: 0" in result.stdout
    assert out.read_bytes().startswith(b"PK")  # a zip: the XLSX container
    bad = run_cli("report", "--group", "Mødregruppen", "--from", "1/1", "--to", "x", env=env)
    assert bad.exit_code == 1 and bad.stderr.startswith("error: --from and --to are dates")


def test_the_readme_shows_the_current_content_status(run_cli: RunCli) -> None:
    """The README's table is what `content status` prints today, not a hopeful copy."""
    result = run_cli("content", "status")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert result.stdout.strip() in readme, "paste `python bot.py content status` into README.md"
