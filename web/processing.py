"""Times every update PTB handles, whether it came by webhook or by polling."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from ops import metrics


class MeteredUpdateProcessor(BaseUpdateProcessor):
    """PTB's own extension point around each update; one at a time, as PTB does by default.

    With `max_concurrent_updates=1` PTB awaits each update in turn, so the order of a
    parent's messages and button presses is kept exactly as without this class.
    """

    def __init__(self, max_concurrent_updates: int = 1) -> None:
        super().__init__(max_concurrent_updates)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = time.monotonic()
        try:
            await coroutine
        finally:
            update_id = update.update_id if isinstance(update, Update) else None
            metrics.update_handled(update_id, started)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""
