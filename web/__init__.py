"""The bot as a web service: Telegram's webhook, health, readiness and metrics over HTTP.

`app.create_app` builds the Starlette application, `serve.serve_webhook` runs it
with uvicorn beside PTB's Application (PTB's custom-webhook pattern), and
`processing.MeteredUpdateProcessor` runs different people's updates side by side (each
person's in order) and times every update, in either mode.
"""
