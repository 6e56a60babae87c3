from __future__ import annotations

import pytest

from settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_url.startswith("sqlite:///") and "/data/" in settings.database_url
    assert settings.timezone == "Europe/Copenhagen"
    assert settings.admin_ids == frozenset()
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        settings.require_token()


def test_values_from_environment() -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": " 1:abc ",
            "DATABASE_URL": "postgresql+psycopg://x/y",
            "TELEGRAM_API_URL": "http://127.0.0.1:9000/bot",
            "BOT_TIMEZONE": "Europe/Berlin",
            "BOT_ADMIN_IDS": "42, 7;9",
        }
    )
    assert settings.require_token() == "1:abc"
    assert settings.database_url == "postgresql+psycopg://x/y"
    assert settings.api_url == "http://127.0.0.1:9000/bot"
    assert settings.tz.key == "Europe/Berlin"
    assert settings.admin_ids == {42, 7, 9}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_TIMEZONE", "Mars/Olympus"),
        ("BOT_ADMIN_IDS", "alice"),
        ("BOT_POLL_INTERVAL", "soon"),
        ("TELEGRAM_WEBHOOK_SECRET", "has spaces"),
        ("TELEGRAM_WEBHOOK_SECRET", "x" * 257),
        ("BOT_LOG_FORMAT", "xml"),
        ("BOT_SENDER_IN_FLIGHT", "0"),
        ("BOT_SENDER_IN_FLIGHT", "many"),
    ],
)
def test_malformed_settings_are_one_clear_error(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value})


def test_production_settings() -> None:
    settings = load_settings({"TELEGRAM_WEBHOOK_SECRET": "a-Z_9", "BOT_LOG_FORMAT": "JSON"})
    assert settings.webhook_secret == "a-Z_9" and settings.log_format == "json"
    assert load_settings({}).webhook_secret is None and load_settings({}).log_format == "text"
    assert load_settings({"BOT_SENDER_IN_FLIGHT": "1"}).sender_in_flight == 1
    assert load_settings({}).sender_in_flight == 3
