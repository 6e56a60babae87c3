"""One clock: product code never reads the machine's clock except through `clock.py`.

An AST scan, so a comment or a string does not count and an alias does not hide
a call. `time.monotonic` (durations) is allowed.

A test module marked `clockless` is skipped in the shifted-clock runs (`scripts/test`):
they look for a date bomb, and these modules (the danger-word and danger-model
evaluations, most of the suite's time) cannot hold one. The scan here proves it: such a
module names no date or clock, and nothing of the project it imports reaches `clock.py`.
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


DATE_MODULES = {"datetime", "clock", "time_machine", "freezegun"}
# What a clockless module may take from `time`: durations, never the time of day.
DURATIONS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "sleep"}


def _imported(tree: ast.Module, package: tuple[str, ...] = ()) -> set[str]:
    """Dotted names a module imports; a relative import is read from its `package`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            if module:
                names.add(module)
                names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _project_files(name: str, root: Path) -> list[Path]:
    """The project file a dotted name imports, and the `__init__.py` of every package on
    the way (importing `faq.library` runs `faq/__init__.py` first)."""
    parts = name.split(".")
    found = []
    for end in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:end])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                found.append(candidate)
    return found


def _time_of_day_reads(tree: ast.Module) -> list[str]:
    """`time` used for more than a duration: `from time import time`, `time.localtime()`,
    `import time as t` (an alias the scan could not follow)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                f"imports time as {a.asname}" for a in node.names if a.name == "time" and a.asname
            ]
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [f"from time import {a.name}" for a in node.names if a.name not in DURATIONS]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "time"
            and node.attr not in DURATIONS
        ):
            found.append(f"{node.lineno}: time.{node.attr}")
    return found


def clock_reach(path: Path, root: Path = ROOT) -> list[str]:
    """Why a test module could read a date or the clock: a date module imported by it, a
    wall-clock call or a time-of-day read in it, or `clock.py` among the project modules it
    imports, however deep, packages' `__init__.py` included (the only product module that
    reads the machine's clock, as the test above shows; a module deeper down may handle a
    date it is given). Empty: it cannot."""
    found: list[str] = []
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    own = _imported(tree)
    found += sorted(f"imports {name}" for name in own if name.split(".")[0] in DATE_MODULES)
    found += wall_clock_calls(source) + _time_of_day_reads(tree)
    seen: set[Path] = set()
    todo = [file for name in own for file in _project_files(name, root)]
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        if file == root / "clock.py":
            found.append(f"reaches {file.relative_to(root)}")
            continue
        package = file.relative_to(root).parent.parts
        tree = ast.parse(file.read_text(encoding="utf-8"))
        todo += [
            deeper for name in _imported(tree, package) for deeper in _project_files(name, root)
        ]
    return found


def marked_clockless(path: Path) -> bool:
    """`pytestmark = pytest.mark.clockless` at the top of the module."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets
        ):
            return "clockless" in ast.unparse(node.value)
    return False


def shared_fixtures() -> set[str]:
    """The fixtures `tests/conftest.py` and `tests/chat.py` define for every test module."""
    names = set()
    for path in (ROOT / "tests" / "conftest.py", ROOT / "tests" / "chat.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                "fixture" in ast.unparse(decorator) for decorator in node.decorator_list
            ):
                names.add(node.name)
    return names


# The shared fixtures a clockless module may take: the FAQ library (content, rules, the
# model; no date in it). The database, the chat and the command line reach the clock.
CLOCKLESS_FIXTURES = {"library"}


def fixtures_taken(path: Path, shared: set[str]) -> set[str]:
    """The shared fixtures the module's tests and fixtures ask for by name, and any asked
    for another way (`usefixtures`, `getfixturevalue`), which the scan does not follow."""
    source = path.read_text(encoding="utf-8")
    taken = {way for way in ("usefixtures", "getfixturevalue") if way in source}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            taken.update(arg.arg for arg in arguments if arg.arg in shared)
    return taken


def test_a_clockless_test_module_cannot_read_a_date_or_the_clock() -> None:
    """Through its imports, its own calls, or a shared fixture (a fixture is not imported,
    so the scan of imports alone would not see the database one)."""
    marked = [path for path in sorted((ROOT / "tests").glob("test_*.py")) if marked_clockless(path)]
    assert len(marked) >= 9  # the danger evaluations: most of the suite's time
    assert {path.name: clock_reach(path) for path in marked} == {path.name: [] for path in marked}
    # The marker stands only as the module's own `pytestmark`, where the scan looks.
    assert [
        path.name
        for path in sorted((ROOT / "tests").glob("*.py"))
        if path.name != "test_one_clock.py"
        and "clockless" in (source := path.read_text(encoding="utf-8"))
        and not (marked_clockless(path) and source.count("mark.clockless") == 1)
    ] == []
    shared = shared_fixtures()
    assert {"library", "db", "chat", "run_cli"} <= shared
    assert {
        path.name: taken - CLOCKLESS_FIXTURES
        for path in marked
        if (taken := fixtures_taken(path, shared)) - CLOCKLESS_FIXTURES
    } == {}


def test_the_clockless_scan_sees_a_date_or_the_clock_however_deep(tmp_path: Path) -> None:
    (tmp_path / "clock.py").write_text("def now(): ...\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "deep.py").write_text("import clock\n")
    (tmp_path / "pkg" / "shallow.py").write_text("from pkg.deep import x\n")
    (tmp_path / "quiet.py").write_text("import yaml\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("from .inner import y\n")
    (tmp_path / "lib" / "inner.py").write_text("import clock\n")
    (tmp_path / "lib" / "plain.py").write_text("x = 1\n")
    cases = {
        "via.py": "from pkg import shallow\n",
        "package.py": "from lib.plain import x\n",
        "direct.py": "from datetime import date\n",
        "call.py": "import time\nstart = time.time()\n",
        "day.py": "import time\nfrom time import strftime\nyear = time.localtime()\n",
        "fine.py": "import time\nimport quiet\nstart = time.perf_counter()\n",
    }
    for name, source in cases.items():
        (tmp_path / name).write_text(source)
    reach = {name: clock_reach(tmp_path / name, tmp_path) for name in cases}
    assert reach == {
        "via.py": ["reaches clock.py"],
        "package.py": ["reaches clock.py"],
        "direct.py": ["imports datetime", "imports datetime.date"],
        "call.py": ["2: time.time()", "2: time.time"],
        "day.py": ["from time import strftime", "3: time.localtime"],
        "fine.py": [],
    }


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
