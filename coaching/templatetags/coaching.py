"""Template filters for coaching measures: dictionary lookup and measure formatting."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def week_value(week: Any, kind: str) -> float | None:
    """A built-in measure of a ``WeekMeasure`` by its key."""
    return week.value(kind) if week is not None else None


@register.filter
def measure(value: float | None, kind: str) -> str:
    """A measure as people read it: hit rate in percent, the others with one decimal; "—" when unknown."""
    if value is None:
        return "—"
    if kind == "hit_rate":
        return f"{value * 100:.0f} %"
    return f"{value:.1f}"


@register.filter
def signed(value: float | None, kind: str) -> str:
    if value is None:
        return ""
    if kind == "hit_rate":
        return f"{value * 100:+.0f} pt"
    return f"{value:+.1f}"
