"""Telegram's sending limits as a pure, clock-driven scheduler.

About 30 messages a second overall, about one a second to one chat, 20 a
minute to one group chat. `RateLimiter.wait(chat_id, now)` says how long to
wait before the next message to that chat may go; `record` books a send.
Times are plain floats (seconds) so tests drive it with a fake clock.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    per_second: int = 30
    per_chat_interval: float = 1.0
    per_group_per_minute: int = 20
    _global: deque[float] = field(default_factory=deque)
    _last_to_chat: dict[int, float] = field(default_factory=dict)
    _group: dict[int, deque[float]] = field(default_factory=dict)

    @staticmethod
    def is_group(chat_id: int) -> bool:
        return chat_id < 0  # Telegram's group and supergroup ids are negative

    def wait(self, chat_id: int, now: float) -> float:
        """Seconds until a message to `chat_id` is allowed (0 when it is allowed now)."""
        waits = [0.0]
        while self._global and self._global[0] <= now - 1.0:
            self._global.popleft()
        if len(self._global) >= self.per_second:
            waits.append(self._global[0] + 1.0 - now)
        last = self._last_to_chat.get(chat_id)
        if last is not None:
            waits.append(last + self.per_chat_interval - now)
        if self.is_group(chat_id):
            sent = self._group.setdefault(chat_id, deque())
            while sent and sent[0] <= now - 60.0:
                sent.popleft()
            if len(sent) >= self.per_group_per_minute:
                waits.append(sent[0] + 60.0 - now)
        return max(waits)

    def record(self, chat_id: int, now: float) -> None:
        self._global.append(now)
        self._last_to_chat[chat_id] = now
        if self.is_group(chat_id):
            self._group.setdefault(chat_id, deque()).append(now)
