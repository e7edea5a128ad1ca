"""Server-side SVG charts rendered by pygal with no JavaScript, embedded inline in the study page."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

_STYLE_OPTIONS: dict[str, object] = {
    "background": "transparent",
    "plot_background": "transparent",
    "colors": ("#2563eb", "#f97316", "#16a34a"),
    "font_family": "system-ui, sans-serif",
    # Legible at the size the page shows them (the SVG scales down to ~340 px on a phone).
    "label_font_size": 13,
    "major_label_font_size": 13,
    "legend_font_size": 14,
    "title_font_size": 16,
    "value_font_size": 13,
}
_STYLE = Style(**_STYLE_OPTIONS)
# The four-fifths line on the fairness chart is that chart's one major guide: solid and red, not a grid line.
_IMPACT_STYLE = Style(**_STYLE_OPTIONS, major_guide_stroke_color="#c62828", major_guide_stroke_dasharray="0")


# pygal embeds its tooltip config as an inline script even with js=[]; the charts need no script at all.
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _svg(chart: pygal.graph.graph.Graph) -> SafeString:
    return mark_safe(_SCRIPT.sub("", chart.render(is_unicode=True)))  # noqa: S308 - pygal escapes its labels


def _config() -> dict[str, object]:
    return {
        "js": [],
        "style": _STYLE,
        "disable_xml_declaration": True,
        "width": 640,
        "height": 360,
        "show_legend": True,
        "legend_at_bottom": True,
        "explicit_size": False,
        # Group names and stage labels are read in full, never cut to "Race/ethn…".
        "truncate_label": -1,
        "truncate_legend": -1,
    }


def scatter(points: Sequence[Sequence[float]], *, title: str, x_title: str, y_title: str) -> SafeString:
    """Composite score (x) against the outcome (y), one unlabelled dot per hire."""
    chart = pygal.XY(stroke=False, title=title, x_title=x_title, y_title=y_title, **_config())
    chart.add(title, [(float(x), float(y)) for x, y in points])
    return _svg(chart)


def weights_bars(
    names: Sequence[str],
    current: Sequence[float],
    proposed: Sequence[float],
    *,
    title: str,
    current_label: str,
    proposed_label: str,
) -> SafeString:
    chart = pygal.HorizontalBar(title=title, range=(0, 1), **_config())
    chart.x_labels = list(names)
    chart.add(current_label, [round(v, 3) for v in current])
    chart.add(proposed_label, [round(v, 3) for v in proposed])
    return _svg(chart)


def funnel_bars(stages: Sequence[tuple[str, int]], *, title: str) -> SafeString:
    """People at each funnel stage, one bar per stage, widest first."""
    chart = pygal.Bar(title=title, **(_config() | {"show_legend": False}))
    chart.x_labels = [label for label, _count in stages]
    chart.add(title, [count for _label, count in stages])
    return _svg(chart)


def validity_bars(
    rows: Sequence[tuple[str, float | None, float | None, float | None]], *, title: str
) -> SafeString:
    """Each predictor's correlation with the outcome, with its 95 % interval as an error bar."""
    chart = pygal.HorizontalBar(title=title, range=(-1, 1), **(_config() | {"show_legend": False}))
    chart.x_labels = [name for name, _r, _low, _high in rows]
    values: list[object] = []
    for _name, r, low, high in rows:
        if r is None:
            values.append(None)
        elif low is None or high is None:
            values.append(round(r, 3))
        else:
            values.append({"value": round(r, 3), "ci": {"low": round(low, 3), "high": round(high, 3)}})
    chart.add(title, values)
    return _svg(chart)


def grouped_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    percent: bool = False,
) -> SafeString:
    """One group of bars per label (team, exam, group), one bar per series."""
    config = _config() | {"show_legend": len(series) > 1}
    if percent:
        config["range"] = (0, 100)
    chart = pygal.Bar(title=title, **config)
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, [None if v is None else round(float(v), 3) for v in values])
    return _svg(chart)


def impact_bars(rows: Sequence[tuple[str, float | None]], *, title: str, threshold_label: str) -> SafeString:
    """Impact ratio per group, against the four-fifths (0.8) threshold drawn as one vertical line."""
    chart = pygal.HorizontalBar(
        title=title,
        range=(0, 1.2),
        y_labels=[0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2],
        y_labels_major=[0.8],
        show_minor_y_labels=True,
        x_title=threshold_label,
        **(_config() | {"show_legend": False, "style": _IMPACT_STYLE}),
    )
    chart.x_labels = [label for label, _ratio in rows]
    chart.add(title, [None if ratio is None else round(ratio, 3) for _label, ratio in rows])
    return _svg(chart)
