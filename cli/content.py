"""`content status`: how complete and how reviewed each language is."""

from __future__ import annotations

import click

from cli.faq import library
from cli.root import settings


@click.group(help="The texts per language.")
def content() -> None:
    pass


@content.command(
    help="Per language: catalog strings translated, review status, FAQ entries present and "
    "reviewed, glossary words."
)
def status() -> None:
    from i18n.status import content_status, format_status

    click.echo(format_status(content_status(library(settings()))))


COMMANDS = (content,)
