"""Permissions as plain data: a role grants a set of actions in a group.

Handlers never compare role strings themselves; they ask `can(...)` through
the one decorator in `handlers.common`, so a rule changes in one line here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from db.models import Role


class Action(enum.StrEnum):
    READ_GROUP = "read_group"  # see when and where the group meets
    REPLY_ATTENDANCE = "reply_attendance"
    CHECK_IN = "check_in"  # record who is present
    SEE_ATTENDANCE = "see_attendance"
    MANAGE_GROUP = "manage_group"  # sessions, themes, invite links
    CREATE_GROUP = "create_group"  # in the organisation
    ANNOUNCE = "announce"
    ASK_STAFF = "ask_staff"  # send a question to the group's staff
    ANSWER_QUESTIONS = "answer_questions"  # see parents' questions and reply


GRANTS: dict[Role, frozenset[Action]] = {
    Role.PARENT: frozenset({Action.READ_GROUP, Action.REPLY_ATTENDANCE, Action.ASK_STAFF}),
    Role.STAFF: frozenset(
        {Action.READ_GROUP, Action.CHECK_IN, Action.SEE_ATTENDANCE, Action.ANSWER_QUESTIONS}
    ),
    Role.COORDINATOR: frozenset(
        {
            Action.READ_GROUP,
            Action.CHECK_IN,
            Action.SEE_ATTENDANCE,
            Action.MANAGE_GROUP,
            Action.CREATE_GROUP,
            Action.ANNOUNCE,
            Action.ANSWER_QUESTIONS,
        }
    ),
}


def can(roles: Iterable[Role | str], action: Action) -> bool:
    """Whether any of `roles` (a person's roles in one group) grants `action`."""
    return any(action in GRANTS.get(Role(role), frozenset()) for role in roles)


def roles_granting(action: Action) -> frozenset[Role]:
    """The roles that grant `action`: what to look for when only "anywhere?" is asked."""
    return frozenset(role for role, actions in GRANTS.items() if action in actions)
