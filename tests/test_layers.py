"""The layers of docs/architecture.md, checked on the imports of every module: imports point
down only, tools talk neither HTTP nor SQL, and only Settings reads the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICES = (
    "agent.leads",
    "agent.pipeline",
    "agent.search",
    "agent.companies",
    "agent.contacts",
    "agent.signals",
    "agent.users",
    "agent.slack",
)
ABOVE_SERVICES = (
    "agent.tools",
    "agent.graphs",
    "agent.cli",
    "agent.llm",
    "agent.chat",
    "agent.mcp_server",
    "ui",
)


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _offenders(packages: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    offenders = []
    for package in packages:
        for path in _modules(package):
            for name in _imports(path):
                if name in forbidden or name.startswith(tuple(f"{f}." for f in forbidden)):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    return offenders


def test_store_imports_nothing_from_agent_or_ui() -> None:
    assert _offenders(("store",), ("agent", "ui")) == []


def test_services_never_import_tools_graphs_llm_cli_or_ui() -> None:
    assert _offenders(SERVICES, ABOVE_SERVICES) == []


def test_below_the_entry_points_nothing_imports_the_ui() -> None:
    # `filon ui` (agent/cli/ui.py) starts the UI and shares its origin policy: the CLI and the
    # UI are both entry points; nothing under them knows the UI exists.
    below = [
        p for p in _offenders(("agent",), ("ui", "chainlit")) if not p.startswith("agent/cli/")
    ]
    assert below == []


def test_tools_talk_neither_http_nor_sql() -> None:
    assert _offenders(("agent.tools",), ("httpx", "sqlalchemy", "sqlmodel", "psycopg")) == []


@pytest.mark.parametrize("package", ["agent", "store", "ui", "prompts"])
def test_only_settings_reads_the_environment(package: str) -> None:
    readers = [
        str(path.relative_to(ROOT))
        for path in _modules(package)
        if path.name != "settings.py"
        and ("os.environ" in (text := path.read_text(encoding="utf-8")) or "os.getenv" in text)
    ]
    allowed = {"agent/cli/ui.py"}  # builds the UI child process's environment from Settings
    assert sorted(set(readers) - allowed) == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, known: set[str]) -> set[str]:
    """Modules of the project this module imports when it is imported (module-level
    statements only: imports inside functions and TYPE_CHECKING blocks break no cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found |= {name for name in names if name in known}
    return found


def test_no_import_cycles() -> None:
    paths = [p for package in ("agent", "store", "ui", "prompts") for p in _modules(package)]
    known = {_module_name(path) for path in paths}
    graph = {_module_name(path): _top_level_imports(path, known) for path in paths}
    # A package's __init__ re-exporting its modules is not a cycle with those modules.
    for name, imported in graph.items():
        graph[name] = {i for i in imported if i != name and not name.startswith(i + ".")}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
