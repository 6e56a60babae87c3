"""The bot as a web service: Telegram's webhook, health, readiness and metrics over HTTP.

`app.create_app` builds the Starlette application, and `serve.serve_webhook` runs it
with uvicorn beside PTB's Application (PTB's custom-webhook pattern). How the
Application takes its updates, in either mode, is the shell's own concern
(`handlers.processing`), so the handlers never import this package.
"""
