"""Small server-side SVG charts (no JS chart library): a measure over weeks with a shaded period, and before/after bars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 340, 160, 34, 10, 12, 26


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def line_chart(
    points: Sequence[tuple[dt.date, float | None]],
    *,
    title: str,
    shade: tuple[dt.date, dt.date] | None = None,
    shade_label: str = "",
) -> str:
    """Weekly values as a line; the weeks inside `shade` get a tinted band. Missing values break nothing."""
    known = [(d, v) for d, v in points if v is not None]
    head = (
        f'<svg class="coaching-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    )
    if not known:
        return head + "</svg>"
    days = [d for d, _v in points]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    top = max(v for _d, v in known) or 1.0
    inner_w, inner_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B

    def x(day: dt.date) -> float:
        return PAD_L + inner_w * (day - first).days / span

    def y(value: float) -> float:
        return PAD_T + inner_h * (1 - value / top)

    parts = [head]
    if shade is not None:
        x0, x1 = max(x(shade[0]), PAD_L), min(x(shade[1]), WIDTH - PAD_R)
        if x1 > x0:
            parts.append(
                f'<rect class="shade" x="{x0:.1f}" y="{PAD_T}" width="{x1 - x0:.1f}" height="{inner_h}" '
                f'fill="#1f5eff" fill-opacity="0.12"><title>{escape(shade_label)}</title></rect>'
            )
    parts.append(
        f'<line x1="{PAD_L}" y1="{PAD_T + inner_h}" x2="{WIDTH - PAD_R}" y2="{PAD_T + inner_h}" stroke="#b9c1cf"/>'
        f'<text x="2" y="{PAD_T + 8}" font-size="10" fill="#5b6475">{_fmt(top)}</text>'
        f'<text x="2" y="{PAD_T + inner_h}" font-size="10" fill="#5b6475">0</text>'
        f'<text x="{PAD_L}" y="{HEIGHT - 6}" font-size="10" fill="#5b6475">{first:%m-%d}</text>'
        f'<text x="{WIDTH - PAD_R}" y="{HEIGHT - 6}" font-size="10" fill="#5b6475" '
        f'text-anchor="end">{last:%m-%d}</text>'
    )
    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in known)
    parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5eff" stroke-width="2"/>')
    for d, v in known:
        parts.append(
            f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" fill="#1f5eff"><title>{d:%Y-%m-%d}: {_fmt(v)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


def before_after_bars(
    rows: Sequence[tuple[str, float | None, float | None]], *, title: str, labels: tuple[str, str]
) -> str:
    """One pair of bars per measure (before, during/after), each pair scaled to its own maximum."""
    row_h = 34
    height = PAD_T + row_h * max(len(rows), 1) + 18
    parts = [
        f'<svg class="coaching-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    bar_x, bar_w = 120, WIDTH - 120 - 40
    for i, (name, before, during) in enumerate(rows):
        top = max(before or 0, during or 0) or 1.0
        y0 = PAD_T + i * row_h
        parts.append(f'<text x="0" y="{y0 + 14}" font-size="11" fill="#1d2433">{escape(name)}</text>')
        for j, (value, colour) in enumerate(((before, "#9aa5b8"), (during, "#1f5eff"))):
            if value is None:
                continue
            w = bar_w * value / top
            parts.append(
                f'<rect x="{bar_x}" y="{y0 + j * 13}" width="{w:.1f}" height="11" fill="{colour}"/>'
                f'<text x="{bar_x + w + 3:.1f}" y="{y0 + j * 13 + 10}" font-size="10" fill="#5b6475">{_fmt(value)}</text>'
            )
    legend_y = height - 4
    parts.append(
        f'<rect x="0" y="{legend_y - 9}" width="10" height="10" fill="#9aa5b8"/>'
        f'<text x="14" y="{legend_y}" font-size="10">{escape(labels[0])}</text>'
        f'<rect x="120" y="{legend_y - 9}" width="10" height="10" fill="#1f5eff"/>'
        f'<text x="134" y="{legend_y}" font-size="10">{escape(labels[1])}</text></svg>'
    )
    return "".join(parts)
