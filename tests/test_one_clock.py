"""One clock: product code never reads the machine's clock except through `clock.py`.

An AST scan, so a comment or a string does not count and an alias does not hide
a call. `time.monotonic` (durations) is allowed.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

import clock

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"tests", "bench", ".venv", "node_modules", "data", ".git"}
WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}


def product_files() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIP & set(path.relative_to(ROOT).parts) and path != ROOT / "clock.py"
    ]


def wall_clock_calls(source: str) -> list[str]:
    """`datetime.now(...)`, `datetime.datetime.now()`, `date.today()`, `time.time()`..."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        if (name, node.func.attr) in WALL_CLOCK:
            found.append(f"{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_the_scan_finds_every_form() -> None:
    source = (
        "import datetime, time\nfrom datetime import date, datetime as dt\n"
        "a = datetime.datetime.now()\nb = date.today()\nc = time.time()\n"
        "d = datetime.datetime.utcnow()\ne = time.monotonic()\n"
    )
    assert wall_clock_calls(source) == [
        "3: datetime.now()",
        "4: date.today()",
        "5: time.time()",
        "6: datetime.utcnow()",
    ]


def test_product_code_reads_no_clock_but_the_one() -> None:
    files = product_files()
    assert len(files) > 50 and ROOT / "bot.py" in files
    offenders = {
        str(path.relative_to(ROOT)): calls
        for path in files
        if (calls := wall_clock_calls(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_a_unit_of_work_carries_its_instant() -> None:
    instant = datetime(2031, 5, 4, 9, 30, tzinfo=UTC)
    with clock.at(instant):
        assert clock.now() == instant
        with clock.at(datetime(2020, 1, 1, tzinfo=UTC)):
            assert clock.now().year == 2020
        assert clock.now() == instant
    assert clock._instant.get() is None  # the block's instant does not leak out
    with pytest.raises(ValueError), clock.at(datetime(2031, 5, 4)):
        pass
