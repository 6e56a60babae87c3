"""`faq`: answer as the bot would, check the content, list what it could not answer."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from cli.root import CliError, database, parse_day, settings, today
from db.engine import transaction
from i18n import FALLBACK, supported_codes
from settings import Settings

if TYPE_CHECKING:
    from faq import FaqLibrary


def library(config: Settings) -> FaqLibrary:
    from faq import load_library

    return load_library(supported_codes(), config.faq_overrides_dir, config.helplines_file)


def answer_of(
    faq: FaqLibrary, question: str, language: str, earlier: str | None = None
) -> dict[str, object]:
    """One question's answer as a JSON-ready dict (the shape `faq ask --json` prints);
    `earlier`, her message just before, read with it as the bot does within minutes."""
    from faq.safeguarding import beside_112

    answer = faq.ask(question, language)
    verdict = faq.verdict_after(question, earlier)
    best = answer.best
    entry = None
    if best is not None:
        entry = faq.content.entry(language, best.entry_id) or faq.content.entry(
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
        "safeguarding": sorted(verdict.signals),
        # Who raised the alarm: a rule, or the learned model where it is sure ("danger").
        "alarm_by": verdict.by,
        # The learned second opinion (faq/danger_model.py): how worried, and whether the
        # answer comes with the calm 112 line (only where the rules above are silent).
        # (0 for a message of one or two words, which the model never judges)
        "worry": _worry(faq, question, verdict.worry),
        "calm_line": verdict.calm,
        # Why the calm line shows (`faq.library.CALM_*`): "model" (worried), "lowered" (sure,
        # but her own hurt or a child's play), "112 named" (the message names 112 and the
        # model is not worried), "a cry for help" (nothing but one), "after the alarm" (on
        # the message before; its help lines stay) or "read together" (the model worried by
        # the two); None: no line.
        "calm_by": verdict.calm_by,
        # The model was sure, and a rule said the hurt is her own or a small child's play:
        # the alarm lowered to the calm line (why a worry above the alarm's gets none).
        "lowered": verdict.lowered,
        # The alarm or the calm line came from this message read with `--after`'s.
        "with_earlier": verdict.with_earlier,
        # Under the calm line, the checked help lines the violence model finds fitting (under
        # the model's own alarm they are among the alarm's, from "safeguarding" above).
        "calm_helplines": [line.number for line in beside_112(verdict.helplines)]
        if verdict.calm
        else [],
    }


def _worry(faq: FaqLibrary, question: str, judged: float | None) -> float | None:
    """The model's probability, for operators testing phrases: the verdict's where the
    model was asked, and worked out here where a rule fired first (the bot does not)."""
    if faq.danger_model is None:
        return None
    return round(judged if judged is not None else faq.danger_model.judged(question), 3)


def plain_lines(result: dict[str, object]) -> list[str]:
    """`faq ask` without `--json`, for an operator testing a phrase: the alarm (or the calm
    112 line) first, as the parent sees it first, then the FAQ entry. Leaving the alarm out
    told the operator nothing about the one thing that matters most."""
    lines = []
    signals = result["safeguarding"]
    if isinstance(signals, list) and signals:
        read = " with the message before" * bool(result["with_earlier"])
        lines.append(f"  ALARM by the {result['alarm_by']}{read}: {', '.join(signals)} (112 first)")
    elif result["calm_line"]:
        helplines = result["calm_helplines"]
        beside = (
            f", with {', '.join(helplines)}" if isinstance(helplines, list) and helplines else ""
        )
        lowered = ", the model's alarm lowered: her own hurt or a child's play" * bool(
            result["lowered"]
        )
        from faq.library import CALM_112, CALM_AFTER_ALARM, CALM_HELP, CALM_READ_TOGETHER

        reason = result["calm_by"]
        after = {
            CALM_AFTER_ALARM: ", after the alarm on the message before",
            CALM_READ_TOGETHER: ", read with the message before",
        }.get(str(reason), "")
        named = f"{reason}, " if reason in (CALM_112, CALM_HELP) else ""
        lines.append(f"  calm 112 line ({named}worry {result['worry']}){beside}{lowered}{after}")
    if result["id"] is None:
        lines.append("  no answer")
    else:
        sure = "confident" if result["confident"] else "not confident"
        lines.append(f"  {result['id']} ({sure}, score {result['score']}): {result['title']}")
    return lines


@click.group(help="The FAQ: ask, check content, gaps.")
def faq() -> None:
    pass


@faq.command(help="Answer a question as the bot would; `-` reads one question per line.")
@click.argument("question")
@click.option("--lang", default=FALLBACK, help="the asker's language code (default da)")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per question")
@click.option(
    "--after",
    "earlier",
    default=None,
    help="her message just before, read with the question as the bot does within 10 minutes",
)
def ask(question: str, lang: str, as_json: bool, earlier: str | None) -> None:
    """QUESTION: the question, or - to read questions from standard input (content loaded once)."""
    if lang not in supported_codes():
        raise CliError(f"--lang {lang!r}: use one of {', '.join(supported_codes())}.")
    if not question.strip():
        raise CliError("Nothing to ask: give a question, or - to read one per line.")
    loaded = library(settings())
    lines = sys.stdin if question == "-" else [question]
    for line in lines:
        text = line.strip()
        if not text:
            continue
        result = answer_of(loaded, text, lang, earlier)
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False))
            sys.stdout.flush()
        else:
            click.echo("\n".join([text, *plain_lines(result)]))


@faq.command(help="Check every entry (and FAQ_OVERRIDES_DIR) in every language.")
@click.option("--today", "day", help="check review dates as of this day (default: today)")
def check(day: str | None) -> None:
    """Check the content as the test suite does, then say what is due for a new review
    (that is news for the operator, not a failure)."""
    from faq.check import content_problems, review_due

    config = settings()
    loaded = library(config)
    problems = content_problems(loaded.content, supported_codes())
    for problem in problems:
        click.echo(problem)
    entries = sum(len(by_id) for by_id in loaded.content.entries.values())
    if problems:
        raise CliError(f"{len(problems)} problem(s) in the FAQ content.")
    click.echo(f"FAQ content OK: {entries} entries in {len(loaded.content.entries)} languages.")
    as_of = parse_day(day) if day else today(config)
    due = review_due(loaded.content, supported_codes(), loaded.helplines, as_of)
    for line in due:
        click.echo(f"review due: {line}")
    if due:
        click.echo(f"{len(due)} review(s) due as of {as_of}.")


@faq.command(help="Questions the FAQ could not answer, and answers marked not helpful.")
@click.option("--limit", type=int, default=200, help="at most this many (default 200)")
def gaps(limit: int) -> None:
    from questions.gaps import gaps as logged
    from questions.gaps import helpfulness

    with transaction(database(settings())) as session:
        rows = logged(session, limit=limit)
        votes = helpfulness(session)
    if not rows:
        click.echo("No unanswered or unhelpful questions logged.")
    for gap in rows:
        what = "unanswered" if gap.kind == "unanswered" else f"not helpful: {gap.entry_id}"
        click.echo(
            f"{gap.at:%Y-%m-%d %H:%M} [{gap.language}] {what}: {gap.text or '(browsed, no text)'}"
        )
    for entry_id, (yes, no) in sorted(votes.items(), key=lambda item: -item[1][1]):
        click.echo(f"votes {entry_id}: {yes} helpful, {no} not helpful")


COMMANDS = (faq,)
