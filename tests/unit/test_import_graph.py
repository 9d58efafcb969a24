"""The import graph of the app's own modules, read from their source: no cycles, and the layers of
docs/architecture.md hold (data flows pages -> workflows -> store / forms). Imports made only for type
checking (`if TYPE_CHECKING:`) are left out: they never run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("pages", "store", "workflows", "forms")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module name an import statement in `tree` names, outside `if TYPE_CHECKING:` blocks."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported = _imported(tree, name, path.name == "__init__.py")
        # A submodule naming its own package (`from pages.kiosk import text`) adds no ordering of its
        # own: Python runs a package's __init__ before any of its submodules anyway.
        graph[name] = {other for other in imported
                       if other in modules and other != name and not name.startswith(other + ".")}
    return graph


def _external(package: str) -> set[str]:
    """The top-level names every module of `package` imports, whatever they are."""
    names: set[str] = set()
    for name, path in _modules().items():
        if name == package or name.startswith(package + "."):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names.update(n.split(".")[0] for n in _imported(tree, name, path.name == "__init__.py") if n)
    return names


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_graph_sees_the_modules_and_their_imports() -> None:
    graph = _graph()
    assert "pages.services" in graph and "workflows.engine" in graph
    assert "workflows.engine" in graph["app"] | {m for deps in graph.values() for m in deps}


def test_a_cycle_is_found_and_named() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# The cycles the flat pages/ folder has today, each closed by an import inside a function. Issue 11's
# feature packages are to break them; until then a new cycle fails here, and so does one that is gone
# (take it off this list).
KNOWN_CYCLES = [
    ["pages.account.auth", "pages.account.idle_warning", "pages.account.sessions", "pages.admin.data_problems",
     "pages.layout"],
    ["pages.workflow.fields", "pages.workflow.groups"],
]


def test_no_module_of_the_app_imports_itself_back_beyond_the_known_cycles() -> None:
    assert _cycles(_graph()) == KNOWN_CYCLES


@pytest.mark.parametrize(("package", "forbidden"), [
    ("workflows", {"nicegui", "tinydb", "weasyprint", "pages", "store", "app"}),
    ("store", {"nicegui", "weasyprint", "pages", "workflows", "forms", "app"}),
    ("forms", {"nicegui", "tinydb", "pages", "store", "app"}),
])
def test_each_layer_imports_only_what_it_may(package: str, forbidden: set[str]) -> None:
    assert _external(package) & forbidden == set()
