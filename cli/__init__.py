"""The command line (`python bot.py ...`): parse, call a use case, print.

Built on click. Every command has `--help`; a wrong argument, a missing
setting or an unreachable database or API gives one line `error: ...` on
standard error and exit status 1, never a traceback.
"""

from __future__ import annotations

from cli import admin, content, faq, report, running
from cli.root import main, root

for _module in (running, admin, faq, report, content):
    for _command in _module.COMMANDS:
        root.add_command(_command)

__all__ = ["main", "root"]
