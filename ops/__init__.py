"""Running the bot as a service: metrics and logs (no Telegram, no web framework)."""
