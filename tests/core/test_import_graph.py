"""The shape of the code: nothing under platform/ but config/ imports a domain app, and no two apps import in a circle.

Every import counts, function-local ones included (that is how the old home ↔ domain cycle hid). Only
`if TYPE_CHECKING:` blocks are left out of the cycle check: they never run, and annotations may name a higher type.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
PLATFORM = REPO / "platform"
DOMAIN_APPS = ("courses", "assessments", "coaching", "analytics", "api")
# Top-level directories that are not application code.
NOT_APPS = {"tests", "docs", "locale", "var", "platform", "node_modules"}
# The project package wires every app together (urls, celery): it is the composition root, not an app.
COMPOSITION_ROOT = "config"

# analytics ↔ assessments goes away when pure statistics move to stats/ (issue 15 item 4, another branch).
# The test below fails as soon as one of these edges is gone, so the allowance cannot outlive the cycle.
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, *, runtime_only: bool) -> Iterator[tuple[str, int]]:
    """Absolute module names imported anywhere in the tree (relative imports stay inside their app)."""
    for node in ast.iter_child_nodes(tree):
        if runtime_only and isinstance(node, ast.If) and _is_type_checking(node):
            yield from _imports(ast.Module(body=node.orelse, type_ignores=[]), runtime_only=runtime_only)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
            for alias in node.names:
                yield f"{node.module}.{alias.name}", node.lineno
        yield from _imports(node, runtime_only=runtime_only)


def _apps() -> dict[str, Path]:
    """App name → directory: platform's packages, top-level packages, and each assessments sub-app."""
    apps: dict[str, Path] = {}
    for directory in sorted(PLATFORM.iterdir()):
        if (directory / "__init__.py").exists() and directory.name != COMPOSITION_ROOT:
            apps[directory.name] = directory
    for directory in sorted(REPO.iterdir()):
        if directory.name in NOT_APPS or directory.name.startswith(".") or not directory.is_dir():
            continue
        if directory.name == "assessments":
            for sub in sorted(directory.iterdir()):
                if (sub / "__init__.py").exists():
                    apps[f"assessments.{sub.name}"] = sub
        elif (directory / "__init__.py").exists():
            apps[directory.name] = directory
    return apps


def _app_of(module: str, apps: dict[str, Path]) -> str | None:
    for name in sorted(apps, key=len, reverse=True):
        if module == name or module.startswith(f"{name}."):
            return name
    return None


def _graph(*, runtime_only: bool = True) -> dict[str, dict[str, list[str]]]:
    """app → imported app → the files and lines that import it."""
    apps = _apps()
    graph: dict[str, dict[str, list[str]]] = {name: {} for name in apps}
    for name, directory in apps.items():
        for path in sorted(directory.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for module, line in _imports(tree, runtime_only=runtime_only):
                target = _app_of(module, apps)
                if target is not None and target != name:
                    graph[name].setdefault(target, []).append(f"{path.relative_to(REPO)}:{line}")
    return graph


def _cycles(graph: dict[str, dict[str, list[str]]], ignore: set[tuple[str, str]]) -> list[list[str]]:
    edges = {a: {b for b in targets if (a, b) not in ignore} for a, targets in graph.items()}
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(edges.get(node, ())):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:  # each cycle once, from its smallest app
                visit(nxt, [*path, nxt])

    for start in sorted(edges):
        visit(start, [start])
    return found


def test_nothing_in_platform_but_config_imports_a_domain_app() -> None:
    offenders = []
    for path in sorted(PLATFORM.rglob("*.py")):
        if path.relative_to(PLATFORM).parts[0] == COMPOSITION_ROOT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module, line in _imports(tree, runtime_only=False):
            if module.split(".")[0] in DOMAIN_APPS:
                offenders.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not offenders, "\n".join(offenders)


def test_no_two_apps_import_each_other_in_a_circle() -> None:
    cycles = _cycles(_graph(), ignore=KNOWN_CYCLE_EDGES)
    graph = _graph()
    described = [
        " → ".join(cycle)
        + "\n    "
        + "\n    ".join(graph[a][b][0] for a, b in zip(cycle, cycle[1:], strict=False))
        for cycle in cycles
    ]
    assert not cycles, "\n".join(described)


def test_the_known_cycle_allowance_is_still_needed() -> None:
    graph = _graph()
    gone = sorted(edge for edge in KNOWN_CYCLE_EDGES if edge[1] not in graph.get(edge[0], {}))
    assert not gone, f"remove these from KNOWN_CYCLE_EDGES, the imports are gone: {gone}"


def test_the_graph_sees_function_local_imports() -> None:
    tree = ast.parse("def f():\n    from courses.selectors import x\n")
    assert ("courses.selectors", 2) in list(_imports(tree, runtime_only=True))


def test_the_cycle_finder_finds_a_three_app_circle() -> None:
    graph = {"a": {"b": ["x"]}, "b": {"c": ["y"]}, "c": {"a": ["z"]}, "d": {"a": ["w"]}}
    assert _cycles(graph, ignore=set()) == [["a", "b", "c", "a"]]


def test_the_apps_are_the_ones_we_expect() -> None:
    apps = _apps()
    for name in (
        "core",
        "accounts",
        "home",
        "courses",
        "assessments.exams",
        "assessments.hiring",
        "coaching",
    ):
        assert name in apps
    assert COMPOSITION_ROOT not in apps
