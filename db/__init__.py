"""Persistence: models, migrations and the query functions the core uses."""
