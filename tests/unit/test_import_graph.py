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


def test_no_module_of_the_app_imports_itself_back() -> None:
    assert _cycles(_graph()) == []


# Pages modules that hold logic with no UI (what a walk-in's answers mean, resolving one, what a
# submitted workflow changes on its case, prefill values, times and case labels): tested without a
# browser, and usable by a job or a command as well as by a page.
NO_UI_MODULES = [
    "pages.formatting",
    "pages.intake.actions",
    "pages.intake.summary",
    "pages.workflow.case_effects",
    "pages.workflow.prefill",
]


@pytest.mark.parametrize("module", NO_UI_MODULES)
def test_logic_modules_of_the_pages_import_no_ui(module: str) -> None:
    path = _modules()[module]
    imported = _imported(ast.parse(path.read_text(encoding="utf-8")), module, False)
    assert {name.split(".")[0] for name in imported} & {"nicegui", "starlette", "fastapi"} == set()


# The shared pieces at the root of each package (issue 11); everything else lives in a feature
# subpackage, so a newcomer finds a concept by its folder.
ROOT_MODULES = {
    "pages": {"__init__", "services", "authz", "access", "middleware", "layout", "widgets", "formatting"},
    "store": {"__init__", "__main__", "api"},
}


@pytest.mark.parametrize("package", sorted(ROOT_MODULES))
def test_only_the_shared_modules_sit_at_a_package_root(package: str) -> None:
    found = {path.stem for path in (ROOT / package).glob("*.py")}
    assert found - ROOT_MODULES[package] == set()


def test_each_pages_feature_package_registers_its_pages() -> None:
    for folder in sorted(path for path in (ROOT / "pages").iterdir() if (path / "__init__.py").exists()):
        tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert "register" in names, folder.name


@pytest.mark.parametrize(("package", "forbidden"), [
    ("workflows", {"nicegui", "tinydb", "weasyprint", "pages", "store", "app"}),
    ("store", {"nicegui", "weasyprint", "pages", "workflows", "forms", "app"}),
    ("forms", {"nicegui", "tinydb", "pages", "store", "app"}),
])
def test_each_layer_imports_only_what_it_may(package: str, forbidden: set[str]) -> None:
    assert _external(package) & forbidden == set()


def test_pages_reach_the_store_only_through_its_package() -> None:
    """`store` (its workspace, its interfaces in store.api, its models) is all a page may name: which
    implementation keeps the data (the file store today) stays the store's business."""
    modules = _modules()
    reached = {module: sorted(name for name in _imported(ast.parse(path.read_text(encoding="utf-8")), module,
                                                         path.name == "__init__.py")
                              if name.startswith("store.") and name in modules)
               for module, path in modules.items() if module.startswith("pages")}
    assert {module: names for module, names in reached.items() if names} == {}
