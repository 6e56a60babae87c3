"""/newgroup: a coordinator creates a group in a short guided conversation.

Name -> weekday -> time -> place -> open or course (-> first date, weeks) ->
confirm. Then the parent link, its QR code for a flyer, and the staff link.
A typo gets the same question again with an example, never a dead end.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from access import Action
from db.models import GroupKind
from handlers import callback_data as cd
from handlers.common import (
    Actor,
    edit_or_reply,
    keyboard,
    reply,
    requires,
    services,
    texts_for_update,
)
from handlers.links import send_group_links
from i18n import Texts
from onboarding import group_setup as setup
from usecases.invites import GroupLinks

ORG, NAME, WEEKDAY, TIME, PLACE, KIND, COURSE_START, COURSE_WEEKS, CONFIRM = range(9)
DRAFT = "new_group"  # user_data key, the same as the conversation's name (persistence)


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})


async def _texts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Texts:
    with services(context).transaction() as session:
        return texts_for_update(session, update)[1]


@requires(Action.CREATE_GROUP)
async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> int:
    texts = actor.texts
    if not actor.organisations:
        await reply(update, texts._("Only a coordinator of an organisation can create groups."))
        return ConversationHandler.END
    context.user_data[DRAFT] = {}
    if len(actor.organisations) > 1:
        rows = [[(org.name, cd.pack(cd.NEW_GROUP, "org", org.id))] for org in actor.organisations]
        await reply(update, texts._("Which organisation is the group for?"), keyboard(rows))
        return ORG
    _draft(context)["org_id"] = actor.organisations[0].id
    await reply(update, _ask_name(texts))
    return NAME


def _ask_name(texts: Texts) -> str:
    return texts._(
        "Let's create a group. What is the group called? For example: Baby group Tuesday. "
        "(/cancel stops.)"
    )


async def org_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    await update.callback_query.answer()
    texts = await _texts(update, context)
    parts = cd.unpack(update.callback_query.data)
    _draft(context)["org_id"] = cd.number(parts[1]) if len(parts) == 2 else None  # save checks it
    await edit_or_reply(update, _ask_name(texts))
    return NAME


async def name_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    texts = await _texts(update, context)
    name = setup.clean_text(update.effective_message.text, setup.MAX_NAME)
    if name is None:
        await reply(update, texts._("Please write a name of at most 200 characters."))
        return NAME
    _draft(context)["name"] = name
    rows = [
        [(texts.weekday(i), cd.pack(cd.NEW_GROUP, "wd", i)) for i in range(j, min(j + 3, 7))]
        for j in (0, 3, 6)
    ]
    await reply(update, texts._("On which day does the group meet?"), keyboard(rows))
    return WEEKDAY


async def weekday_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    await update.callback_query.answer()
    texts = await _texts(update, context)
    parts = cd.unpack(update.callback_query.data)
    weekday = cd.number(parts[1]) if len(parts) == 2 else None
    if weekday is None or weekday > 6:
        return await expected_button(update, context)
    _draft(context)["weekday"] = weekday
    await edit_or_reply(update, texts._("At what time does it start? For example: 10:00"))
    return TIME


async def time_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    texts = await _texts(update, context)
    start = setup.parse_time(update.effective_message.text)
    if start is None:
        await reply(update, texts._("I didn't understand that time. Please write it like 10:00."))
        return TIME
    _draft(context)["start"] = start.isoformat()  # drafts hold plain JSON (persistence)
    await reply(update, texts._("Where do you meet? Write the place and address."))
    return PLACE


async def place_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    texts = await _texts(update, context)
    place = setup.clean_text(update.effective_message.text, setup.MAX_PLACE)
    if place is None:
        await reply(update, texts._("Please write the place in at most 300 characters."))
        return PLACE
    _draft(context)["place"] = place
    rows = [
        [(texts.plain("Open group (join any time)"), cd.pack(cd.NEW_GROUP, "kind", "open"))],
        [(texts.plain("Course (fixed start and end)"), cd.pack(cd.NEW_GROUP, "kind", "course"))],
    ]
    await reply(update, texts._("Is it an open group or a course?"), keyboard(rows))
    return KIND


async def kind_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    await update.callback_query.answer()
    texts = await _texts(update, context)
    parts = cd.unpack(update.callback_query.data)
    if len(parts) != 2 or parts[1] not in set(GroupKind):
        return await expected_button(update, context)
    kind = GroupKind(parts[1])
    _draft(context)["kind"] = kind.value
    if kind == GroupKind.COURSE:
        await edit_or_reply(update, texts._("When is the first meeting? For example: 12.01.2027"))
        return COURSE_START
    return await _confirm(update, context, texts)


async def course_start_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    texts = await _texts(update, context)
    first = setup.parse_date(update.effective_message.text)
    if first is None:
        await reply(
            update, texts._("I didn't understand that date. Please write it like 12.01.2027.")
        )
        return COURSE_START
    _draft(context)["course_start"] = first.isoformat()
    await reply(update, texts._("How many weeks does the course last? For example: 12"))
    return COURSE_WEEKS


async def course_weeks_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    texts = await _texts(update, context)
    value = update.effective_message.text.strip()
    if not value.isdigit() or not 1 <= int(value) <= 104:
        await reply(update, texts._("Please write a number of weeks from 1 to 104."))
        return COURSE_WEEKS
    _draft(context)["course_weeks"] = int(value)
    return await _confirm(update, context, texts)


def _spec(context: ContextTypes.DEFAULT_TYPE) -> setup.GroupSpec:
    draft = _draft(context)
    first = draft.get("course_start")
    return setup.GroupSpec(
        name=draft["name"],
        weekday=draft["weekday"],
        start=time.fromisoformat(draft["start"]),
        place=draft["place"],
        kind=GroupKind(draft["kind"]),
        timezone=services(context).settings.timezone,
        course_start=date.fromisoformat(first) if first else None,
        course_weeks=draft.get("course_weeks"),
    )


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, texts: Texts) -> int:
    spec = _spec(context)
    text = texts.render("group_summary.html", spec=spec, kind=spec.kind.value)
    rows = [
        [
            (texts.plain("Create the group"), cd.pack(cd.NEW_GROUP, "save")),
            (texts.plain("Cancel"), cd.pack(cd.NEW_GROUP, "cancel")),
        ]
    ]
    await edit_or_reply(update, text, keyboard(rows))
    return CONFIRM


@requires(Action.CREATE_GROUP)
async def save(update: Update, context: ContextTypes.DEFAULT_TYPE, actor: Actor) -> int:
    await update.callback_query.answer()
    spec = _spec(context)
    org_id = _draft(context)["org_id"]
    organisation = next((o for o in actor.organisations if o.id == org_id), None)
    if organisation is None:
        await edit_or_reply(update, actor.texts._("Sorry, this is only for the staff of a group."))
        return ConversationHandler.END
    created = setup.create_group(actor.session, organisation, spec, by=actor.person)
    await edit_or_reply(
        update, actor.texts._("The group %(group)s is created.", group=created.group.name)
    )
    links = GroupLinks(created.parent_invite.code, created.staff_invite.code)
    await send_group_links(update, context, actor.texts, created.group, links)
    context.user_data.pop(DRAFT, None)
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if update.callback_query:
        await update.callback_query.answer()
    texts = await _texts(update, context)
    context.user_data.pop(DRAFT, None)
    await edit_or_reply(update, texts._("OK, I stopped. Nothing was created."))
    return ConversationHandler.END


async def expected_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text typed where a button was expected: point at the buttons, keep the state."""
    texts = await _texts(update, context)
    await reply(update, texts._("Please tap one of the buttons above, or /cancel to stop."))


TEXT = filters.TEXT & ~filters.COMMAND


def _pattern(step: str) -> str:
    return rf"^{cd.NEW_GROUP}:{step}(:|$)"


CONVERSATION = ConversationHandler(
    entry_points=[CommandHandler("newgroup", begin)],
    states={
        ORG: [
            CallbackQueryHandler(org_chosen, pattern=_pattern("org")),
            MessageHandler(TEXT, expected_button),
        ],
        NAME: [MessageHandler(TEXT, name_given)],
        WEEKDAY: [
            CallbackQueryHandler(weekday_chosen, pattern=_pattern("wd")),
            MessageHandler(TEXT, expected_button),
        ],
        TIME: [MessageHandler(TEXT, time_given)],
        PLACE: [MessageHandler(TEXT, place_given)],
        KIND: [
            CallbackQueryHandler(kind_chosen, pattern=_pattern("kind")),
            MessageHandler(TEXT, expected_button),
        ],
        COURSE_START: [MessageHandler(TEXT, course_start_given)],
        COURSE_WEEKS: [MessageHandler(TEXT, course_weeks_given)],
        CONFIRM: [
            CallbackQueryHandler(save, pattern=_pattern("save")),
            CallbackQueryHandler(cancel, pattern=_pattern("cancel")),
            MessageHandler(TEXT, expected_button),
        ],
    },
    fallbacks=[CommandHandler("cancel", cancel)],
    name=DRAFT,
    persistent=True,
    allow_reentry=True,
)

HANDLERS = [CONVERSATION]
