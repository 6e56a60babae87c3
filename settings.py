"""One typed settings object, read from environment variables.

Every knob of a deployment lives here so the rest of the code takes a
`Settings` value instead of reading the environment itself: tests and the CLI
build one explicitly, and the README documents exactly these names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_DATA_DIR / 'bot.sqlite3'}"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    api_url: str | None = None
    timezone: str = "Europe/Copenhagen"
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    poll_interval: float = 0.0
    bot_username: str | None = None
    faq_overrides_dir: Path | None = None  # a municipality's own FAQ entries
    helplines_file: Path | None = None  # a deployment's checked help-line numbers
    webhook_secret: str | None = None  # checked on every webhook request; None: from the token
    log_format: str = "text"  # "json" for one JSON object per line
    # The most outbox messages in flight at once (see `outbox.sender.Sender.concurrency`):
    # 1 bounds what a crash can send twice to one message, whatever the network's latency.
    sender_in_flight: int = 3

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and "
                "run `TELEGRAM_BOT_TOKEN=<token> python bot.py run`."
            )
        return self.token


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from `env` (default: the process environment)."""
    env = os.environ if env is None else env
    timezone = env.get("BOT_TIMEZONE", "").strip() or "Europe/Copenhagen"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(f"BOT_TIMEZONE={timezone!r} is not a known time zone.") from exc
    admin_ids: set[int] = set()
    for part in env.get("BOT_ADMIN_IDS", "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise SettingsError(
                f"BOT_ADMIN_IDS must be Telegram user ids separated by commas; got {part!r}."
            )
        admin_ids.add(int(part))
    poll = env.get("BOT_POLL_INTERVAL", "").strip()
    try:
        poll_interval = float(poll) if poll else 0.0
    except ValueError as exc:
        raise SettingsError(
            f"BOT_POLL_INTERVAL must be a number of seconds; got {poll!r}."
        ) from exc
    faq_overrides_dir = _existing_path(env, "FAQ_OVERRIDES_DIR", directory=True)
    helplines_file = _existing_path(env, "BOT_HELPLINES_FILE", directory=False)
    webhook_secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None
    if webhook_secret is not None and not WEBHOOK_SECRET.fullmatch(webhook_secret):
        raise SettingsError(
            "TELEGRAM_WEBHOOK_SECRET must be 1 to 256 characters A-Z, a-z, 0-9, _ or - "
            "(Telegram's rule for a secret token)."
        )
    log_format = env.get("BOT_LOG_FORMAT", "").strip().lower() or "text"
    if log_format not in ("text", "json"):
        raise SettingsError(f"BOT_LOG_FORMAT must be text or json; got {log_format!r}.")
    in_flight = env.get("BOT_SENDER_IN_FLIGHT", "").strip() or "3"
    if not in_flight.isdigit() or not 1 <= int(in_flight) <= 8:
        raise SettingsError(
            f"BOT_SENDER_IN_FLIGHT must be a whole number from 1 to 8; got {in_flight!r}."
        )
    return Settings(
        token=env.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
        database_url=env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
        api_url=env.get("TELEGRAM_API_URL", "").strip() or None,
        timezone=timezone,
        admin_ids=frozenset(admin_ids),
        poll_interval=poll_interval,
        bot_username=env.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@") or None,
        faq_overrides_dir=faq_overrides_dir,
        helplines_file=helplines_file,
        webhook_secret=webhook_secret,
        log_format=log_format,
        sender_in_flight=int(in_flight),
    )


def _existing_path(env: Mapping[str, str], name: str, *, directory: bool) -> Path | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if directory and not path.is_dir():
        raise SettingsError(f"{name}={value!r} is not a directory.")
    if not directory and not path.is_file():
        raise SettingsError(f"{name}={value!r} is not a file.")
    return path
