"""The SIRENE importer's modules import one way: no cycle, and nothing from agent/ or ui/."""

from __future__ import annotations

import ast
from pathlib import Path

import store.sirene

PACKAGE = Path(store.sirene.__file__).parent


def _imports() -> dict[str, set[str]]:
    """Each module of store.sirene and the modules it imports, at any depth of its code."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        module = f"store.sirene.{path.stem}".removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[module] = found
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among the package's modules (the package itself left out), or None."""
    edges = {
        module: sorted(target for target in targets if target in graph and target != "store.sirene")
        for module, targets in graph.items()
        if module != "store.sirene"
    }
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> list[str] | None:
        if module in trail:
            return [*trail[trail.index(module) :], module]
        if module in done:
            return None
        for target in edges[module]:
            cycle = visit(target, [*trail, module])
            if cycle:
                return cycle
        done.add(module)
        return None

    for module in edges:
        cycle = visit(module, [])
        if cycle:
            return cycle
    return None


def test_no_import_cycle_among_the_importer_modules() -> None:
    cycle = _cycle(_imports())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_importer_imports_nothing_from_agent_or_ui() -> None:
    outside = {
        (module, target)
        for module, targets in _imports().items()
        for target in targets
        if target.split(".")[0] in {"agent", "ui"}
    }
    assert outside == set()
