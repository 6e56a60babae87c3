"""Guided chats that survive a restart: PTB persistence backed by the bot's own database.

Only what a person is in the middle of is kept: the step of each persistent
conversation (/announce, /newgroup) and that conversation's draft, which lives
in `user_data` under the conversation's name. Nothing else a handler keeps in
`user_data` (a pending question, an FAQ answer) is written down. Drafts hold
plain JSON values. `DraftsApplication` writes after every update, so a bot that
is killed (not only one stopped politely) resumes at the step the person last saw.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from copy import deepcopy
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import Application, BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from db.models import ConversationDraft, ConversationState

PERSISTENT_CONVERSATIONS = ("announce", "new_group")  # also their keys in user_data


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Conversation steps and drafts in two small tables; chat and bot data are not kept."""

    def __init__(self, db: sessionmaker[Session], names: Iterable[str] = PERSISTENT_CONVERSATIONS):
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=60,  # DraftsApplication writes after every update anyway
        )
        self.db = db
        self.names = tuple(names)
        self._written: dict[int, dict[str, Any]] = {}  # what the database holds, per user

    # -- drafts (user_data) ----------------------------------------------------------------

    def _drafts_of(self, data: dict[str, Any]) -> dict[str, Any]:
        return {name: data[name] for name in self.names if data.get(name)}

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        users: dict[int, dict[str, Any]] = {}
        with self.db() as session:
            for row in session.scalars(select(ConversationDraft)):
                users.setdefault(row.user_id, {})[row.name] = row.data
        self._written = deepcopy(users)
        return users

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        drafts = json.loads(json.dumps(self._drafts_of(data)))  # plain JSON, or fail loudly
        if drafts == self._written.get(user_id, {}):
            return  # the usual case: an update that touched no draft costs no write
        with self.db() as session, session.begin():
            session.execute(delete(ConversationDraft).where(ConversationDraft.user_id == user_id))
            session.add_all(
                ConversationDraft(user_id=user_id, name=name, data=value)
                for name, value in drafts.items()
            )
        self._written[user_id] = drafts

    async def drop_user_data(self, user_id: int) -> None:
        with self.db() as session, session.begin():
            session.execute(delete(ConversationDraft).where(ConversationDraft.user_id == user_id))
            session.execute(delete(ConversationState).where(ConversationState.user_id == user_id))
        self._written.pop(user_id, None)

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        return None  # this process is the only writer

    # -- conversation steps ------------------------------------------------------------------

    async def get_conversations(self, name: str) -> ConversationDict:
        with self.db() as session:
            rows = session.scalars(select(ConversationState).where(ConversationState.name == name))
            return {(row.chat_id, row.user_id): row.state for row in rows}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        chat_id, user_id = int(key[0]), int(key[-1])
        with self.db() as session, session.begin():
            row = session.get(ConversationState, (name, chat_id, user_id))
            if new_state is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(
                    ConversationState(name=name, chat_id=chat_id, user_id=user_id, state=new_state)
                )
            else:
                row.state = new_state

    # -- not kept -------------------------------------------------------------------------------

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None


class DraftsApplication(Application):
    """An Application that writes the persistence after each update it has handled.

    PTB writes persistence every `update_interval` seconds and on a polite stop; a
    coordinator halfway through an announcement should not lose it to a crash.
    """

    async def process_update(self, update: object) -> None:
        await super().process_update(update)
        if self.persistence is not None and isinstance(update, Update):
            await self.update_persistence()
