"""The Telegram shell: each module parses updates, calls the core and renders a reply."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    admin,
    attendance,
    checkin,
    errors,
    fallback,
    group_setup,
    help,
    language,
    leave,
    links,
    onboarding,
    sessions_view,
)


def register(application: Application) -> None:
    """Add every handler; order matters: the catch-all fallbacks come last."""
    modules = (
        group_setup,
        onboarding,
        help,
        language,
        leave,
        links,
        admin,
        attendance,
        checkin,
        sessions_view,
    )
    for module in (*modules, fallback):
        application.add_handlers(module.HANDLERS)
    application.add_error_handler(errors.on_error)
