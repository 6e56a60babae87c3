"""The Telegram shell: each module parses updates, calls the core and renders a reply."""

from __future__ import annotations

import warnings

from telegram import Update
from telegram.ext import Application, BaseHandler, ConversationHandler, TypeHandler
from telegram.warnings import PTBUserWarning

# The conversations mix typed answers and buttons, so they track the chat and the
# user, not each message; PTB warns about exactly that choice.
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)

from handlers import (  # noqa: E402  (after the warning filter above)
    admin,
    announce,
    attendance,
    calllist,
    checkin,
    errors,
    fallback,
    faq,
    followup,
    group_chat,
    group_setup,
    help,
    language,
    leave,
    links,
    meeting_admin,
    meetings_view,
    notices,  # noqa: F401  (its outbox renderers register on import)
    onboarding,
    privacy,
    question_box,
    questions,
    summary,
)


def register(application: Application) -> None:
    """Add every handler; order matters: the catch-all fallbacks come last."""
    # Before anything else: malformed buttons, and buttons outside a private chat;
    # then note that she used the bot (retention keeps people who do).
    application.add_handler(TypeHandler(Update, group_chat.refuse_bad_buttons), -2)
    application.add_handler(privacy.ACTIVITY, -1)
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
        meeting_admin,
        meetings_view,
        followup,
        calllist,
        faq,
        question_box,
        questions,
        announce,
        group_chat,
        summary,
        privacy,
    )
    for module in modules:
        application.add_handlers([own_copy(handler) for handler in module.HANDLERS])
    application.add_handlers(faq.FREE_TEXT)  # free text is a question unless a conversation took it
    application.add_handlers(fallback.HANDLERS)
    application.add_error_handler(errors.on_error)


def own_copy(handler: BaseHandler) -> BaseHandler:
    """A conversation handler of this Application's own.

    A `ConversationHandler` keeps who is at which step inside itself, and the modules
    define theirs once, at import. Two Applications in one process (the tests build one
    each) would share those steps, and PTB hands a persistent one's leftovers to the next
    Application's persistence; so each Application gets a fresh handler with the same
    definition.
    """
    if not isinstance(handler, ConversationHandler):
        return handler
    return ConversationHandler(
        entry_points=handler.entry_points,
        states=handler.states,
        fallbacks=handler.fallbacks,
        allow_reentry=handler.allow_reentry,
        per_chat=handler.per_chat,
        per_user=handler.per_user,
        per_message=handler.per_message,
        conversation_timeout=handler.conversation_timeout,
        name=handler.name,
        persistent=handler.persistent,
        map_to_parent=handler.map_to_parent,
        block=handler.block,
    )
