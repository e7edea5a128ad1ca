"""No app stylesheet can reach the shared layout: every class it styles starts with the app's own prefix."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

# The one stylesheet allowed to style shared layout classes (header, cards, buttons, tables).
SHARED = Path(settings.BASE_DIR) / "platform" / "home" / "static" / "home"


def _app_stylesheets() -> list[tuple[str, Path]]:
    """(prefix, file) for every `<app>/static/<app>/*.css` of our own apps."""
    found = []
    for config in apps.get_app_configs():
        root = Path(config.path)
        if not root.is_relative_to(settings.BASE_DIR) or ".venv" in root.parts:
            continue
        for folder in sorted((root / "static").glob("*/")):
            if folder.resolve() == SHARED.resolve():
                continue
            found += [(folder.name, css) for css in sorted(folder.glob("*.css"))]
    return found


def _selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    # A rule's prelude is the text before "{" that follows the previous "{" or "}"; at-rules only group rules.
    preludes = (m.group(1).strip() for m in re.finditer(r"([^{}]+)\{", css))
    return [p for p in preludes if not p.startswith("@")]


def _classes(selector: str) -> list[str]:
    selector = re.sub(r"\[[^\]]*\]", "", selector)  # attribute values may hold dots ([href$=".pdf"])
    return re.findall(r"\.(-?[A-Za-z_][\w-]*)", selector)


def test_every_class_in_an_app_stylesheet_carries_the_app_prefix() -> None:
    sheets = _app_stylesheets()
    assert {prefix for prefix, _ in sheets} >= {"hiring", "exams", "coaching", "analytics"}
    offenders = [
        f"{css.relative_to(settings.BASE_DIR)}: .{name} in `{selector}`"
        for prefix, css in sheets
        for selector in _selectors(css.read_text(encoding="utf-8"))
        for name in _classes(selector)
        if not name.startswith(f"{prefix}-")
    ]
    assert offenders == []


def test_the_parser_sees_classes_inside_media_queries_and_lists() -> None:
    css = "/* .x */ .a, td.b > .c:hover { color: red } @media (min-width: 1px) { .d { margin: .5rem } } [x='.e'] {}"
    assert [name for s in _selectors(css) for name in _classes(s)] == ["a", "b", "c", "d"]
