"""The use cases, shared by the chat and the command line.

Each is one function taking a database session and plain values and returning
plain results (or raising `Refused` with a reason the caller words). The chat
handlers and the CLI commands only parse, call and render, so creating an
organisation or revoking a link is written once. This package never imports
`telegram`, `handlers` or `cli`.
"""

from __future__ import annotations


class Refused(ValueError):
    """The input cannot be used; `str()` is a short English reason for the command line."""
