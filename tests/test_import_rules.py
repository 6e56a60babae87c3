"""Layers point down: the rules of the README's architecture, read from the code (AST).

- The core (everything but `handlers/` and `cli/`) never imports `telegram`, `handlers`
  or `cli`; `usecases/` is shared by both shells and imports neither.
- `reminders/` never imports `announcements/` or `questions/`.
- No import cycles between modules.

`KNOWN` lists what does not hold yet; the test fails when a new violation appears and
when a known one is gone (then delete it from the list), so the list stays true.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "access",
    "announcements",
    "cli",
    "db",
    "faq",
    "handlers",
    "i18n",
    "onboarding",
    "outbox",
    "questions",
    "reminders",
    "scheduling",
    "summaries",
    "usecases",
)
MODULES = ("bot", "clock", "settings")
SHELLS = ("handlers", "cli", "bot")

KNOWN: set[str] = set()


def _modules() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in MODULES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every module `path` imports, anywhere in it (inside functions too), by full name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in known else node.module)
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, set(modules)) for name, path in modules.items()}


def _top(name: str) -> str:
    return name.split(".")[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def violations() -> set[str]:
    graph = _graph()
    found = set()
    for module, imported in graph.items():
        layer = _top(module)
        for target in imported:
            if layer not in SHELLS and _top(target) in ("telegram", *SHELLS):
                found.add(f"{module} imports {target}")
            if layer == "reminders" and _top(target) in ("announcements", "questions"):
                found.add(f"{module} imports {target}")
    found.update("cycle: " + " -> ".join(cycle) for cycle in _cycles(graph))
    return found


def test_layers_point_down() -> None:
    found = violations()
    assert found - KNOWN == set(), "new import against the layers"
    assert KNOWN - found == set(), "fixed: remove it from KNOWN"


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """The rules are not vacuous: a core module importing telegram, and a cycle, are caught."""
    graph = {"reminders.a": {"telegram", "reminders.b"}, "reminders.b": {"reminders.a"}}
    assert _cycles(graph) == [["reminders.a", "reminders.b"]]
    assert _imports(ROOT / "handlers" / "admin.py", set(_modules())) >= {"telegram"}
