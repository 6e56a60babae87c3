"""One emulator per test module for the end-to-end tests of the bot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import Emulator, require_emulator


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    require_emulator()
    with Emulator() as running:
        yield running
