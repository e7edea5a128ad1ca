"""`stats/` stays pure: importing every module loads no Django, and no source line imports Django or an app."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STATS = REPO / "stats"
# Everything first-party but `stats` itself: the apps and platform packages a pure module must not reach.
FORBIDDEN_ROOTS = {
    "django",
    "celery",
    "wagtail",
    "allauth",
    "ninja",
    "accounts",
    "core",
    "home",
    "config",
    "courses",
    "assessments",
    "coaching",
    "analytics",
    "api",
}


def _modules() -> list[str]:
    return sorted("stats" if p.name == "__init__.py" else f"stats.{p.stem}" for p in STATS.glob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_package_has_the_moved_modules() -> None:
    # Guards the other two tests against passing vacuously on an empty or renamed package.
    assert {"stats.validity", "stats.fairness", "stats.psychometrics", "stats.reliability"} <= set(_modules())


def test_importing_every_stats_module_loads_no_django() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(FORBIDDEN_ROOTS)!r})))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True, env=env
    ).stdout
    assert json.loads(out) == []


def test_no_stats_source_imports_django_or_an_app() -> None:
    offenders = {
        str(p.relative_to(REPO)): sorted(_imported_roots(p) & FORBIDDEN_ROOTS) for p in STATS.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_assessments_does_not_import_analytics() -> None:
    # The analytics ↔ assessments cycle is gone: analytics reads assessments' models, never the reverse.
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "assessments").rglob("*.py")
        if "analytics" in _imported_roots(p)
    ]
    assert offenders == []
