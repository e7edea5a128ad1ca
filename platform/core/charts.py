"""The one chart renderer: script-free inline SVG with one palette, legible text and escaped labels.

Every chart on the site comes from here (analytics studies and dashboards, coaching measures, the exam
histogram). The SVGs have no viewBox: x positions are percentages of the box and y positions pixels, so the
SVG stretches to its container while text keeps its real pixel size (never scaled below ``MIN_FONT_PX`` on a
phone the way a scaled-down drawing would be). Long labels and legends wrap onto extra lines instead of being cut.
The only ``mark_safe`` is in ``_svg``: everything it joins was escaped or formatted from numbers here.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Sequence

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# One palette for every chart (colour-blind-safe order; the first is the site's brand blue).
PALETTE = ("#1f5eff", "#e8590c", "#2f9e44", "#7048e8", "#c2255c", "#0c8599")
INK, MUTED, GRID, THRESHOLD, SHADE = "#1d2433", "#5b6475", "#dde2ea", "#c62828", "#1f5eff"
MIN_FONT_PX = 12
FONT, SMALL, TITLE_FONT = 14, 13, 16
# The narrowest box a chart sits in (a card on a 375 px phone); labels wrap to fit it.
NARROWEST_PX = 300
BAR_END = 80.0  # bars use the left 80 % of the width; the values column is right-aligned after them
Number = float | int
Formatter = Callable[[float], str]

_chart_serial = 0


def _e(text: object) -> str:
    return str(conditional_escape(str(text)))


def percent(value: float) -> str:
    """A 0–100 value as a whole percentage."""
    return f"{round(value)} %"


def fmt(value: float) -> str:
    """A number as people read it: integers plain, others with at most two decimals."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _em(char: str) -> float:
    # Chinese characters are a full em wide; Latin letters and digits a bit over half.
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.56


def wrap(text: str, *, font_px: int = FONT, width_px: int = NARROWEST_PX) -> list[str]:
    """Break `text` into lines that fit `width_px` at `font_px` (at spaces, or anywhere between CJK characters)."""
    limit = width_px / font_px
    lines: list[str] = []
    line, used = "", 0.0
    tokens: list[str] = []
    for word in str(text).split(" "):
        # A run of CJK characters may break between any two; a Latin word stays whole unless it alone is too long.
        if any(unicodedata.east_asian_width(c) in "WF" for c in word):
            tokens += list(word) + [" "]
        else:
            tokens += [word, " "]
    for token in tokens[:-1]:
        width = sum(_em(c) for c in token)
        if token == " ":
            if line:
                line, used = line + " ", used + _em(" ")
            continue
        if used + width > limit and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0.0
        while width > limit:  # a single word wider than the box: hard-break it
            cut, size = "", 0.0
            for c in token:
                if size + _em(c) > limit:
                    break
                cut, size = cut + c, size + _em(c)
            lines.append(cut)
            token = token[len(cut) :]
            width = sum(_em(c) for c in token)
        line, used = line + token, used + width
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


class _Canvas:
    """Collects SVG elements top to bottom; `y` is the next free pixel row."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.y = 0.0

    def text(
        self,
        x: str,
        y: float,
        text: str,
        *,
        size: int = FONT,
        fill: str = INK,
        anchor: str = "start",
        bold: bool = False,
        dx: int = 0,
        halo: bool = False,
    ) -> None:
        extra = ' font-weight="700"' if bold else ""
        # A white outline painted under the letters keeps a label readable where a guide line crosses it.
        extra += ' stroke="#fff" stroke-width="3" paint-order="stroke"' if halo else ""
        extra += f' dx="{dx}"' if dx else ""
        self.parts.append(
            f'<text x="{x}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{extra}>'
            f"{_e(text)}</text>"
        )

    def lines(
        self,
        text: str,
        *,
        size: int = FONT,
        bold: bool = False,
        fill: str = INK,
        indent: int = 0,
        halo: bool = False,
    ) -> None:
        """Wrapped text starting at the current row, one line under the other, `indent` pixels from the left."""
        for line in wrap(text, font_px=size, width_px=NARROWEST_PX - indent):
            self.y += size * 1.3
            self.text(str(indent), self.y, line, size=size, bold=bold, fill=fill, halo=halo)
        self.y += size * 0.35

    def add(self, element: str) -> None:
        self.parts.append(element)


def _svg(canvas: _Canvas, *, title: str, desc: str) -> SafeString:
    global _chart_serial
    _chart_serial += 1
    ident = f"chart-{_chart_serial}"
    height = math.ceil(canvas.y + 6)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" style="display:block;max-width:46rem;overflow:visible">'
        f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e(desc)}</desc>'
    )
    return mark_safe(head + "".join(canvas.parts) + "</svg>")  # noqa: S308 - every text above went through _e()


def _nice_ticks(low: float, high: float, count: int = 5, *, cover: bool = False) -> list[float]:
    """Round tick values inside [low, high]; with `cover`, the first and last ticks enclose the range."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = (math.floor if cover else math.ceil)(low / step + (1e-9 if cover else -1e-9)) * step
    if cover:
        high = math.ceil(high / step - 1e-9) * step
    ticks, tick = [], first
    while tick <= high + 1e-9:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


def _legend(canvas: _Canvas, items: Sequence[tuple[str, str]]) -> None:
    """One legend entry a line, so a long series name wraps and is never cut."""
    canvas.y += 4
    for name, swatch in items:
        top = canvas.y + 4
        canvas.add(swatch.format(y=top, end=top + 13))
        canvas.lines(name, size=SMALL, indent=20)
    canvas.y += 2


def _box(colour: str) -> str:
    return f'<rect x="0" y="{{y:.1f}}" width="14" height="12" fill="{colour}"/>'


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    title: str,
    value_range: tuple[float, float] | None = None,
    per_row_scale: bool = False,
    intervals: Sequence[tuple[float, float] | None] | None = None,
    threshold: float | None = None,
    threshold_label: str = "",
    value_format: Formatter = fmt,
    legend: bool | None = None,
    show_title: bool = True,
) -> SafeString:
    """Horizontal bars: each label on its own (wrapped) line over one bar per series, each value after its bar.

    `value_range` fixes the axis (default 0 to the largest value); `per_row_scale` scales each row to its own
    largest value (measures with different units side by side) and draws no axis. `intervals` (one per label)
    draws a whisker over the first series; `threshold` draws a vertical line across the bars, named in the legend.
    """
    values = [float(v) for _name, vs in series for v in vs if v is not None]
    low, high = value_range or (min([0.0, *values]), max([*values, 0.0]) or 1.0)
    ticks = [] if per_row_scale else _nice_ticks(low, high)
    if len(ticks) > 1 and not value_range and ticks[-1] < high:
        # A free axis ends on a labelled tick, so the longest bar can be read against the scale.
        ticks.append(round(ticks[-1] + ticks[1] - ticks[0], 10))
        high = ticks[-1]

    def pos(value: float, top: float = high, bottom: float = low) -> float:
        return max(0.0, min(BAR_END, BAR_END * (value - bottom) / ((top - bottom) or 1.0)))

    canvas = _Canvas()
    if show_title:
        canvas.lines(title, size=TITLE_FONT, bold=True)
    plot_top = canvas.y
    zero = pos(0.0) if low < 0 < high else 0.0
    body: list[str] = []
    values_text: list[tuple[str, float, str]] = []
    rows_y: list[float] = []
    for i, label in enumerate(labels):
        canvas.y += 4
        canvas.lines(label, size=FONT, halo=True)
        row = [vs[i] if i < len(vs) else None for _name, vs in series]
        row_top = max([float(v) for v in row if v is not None] or [1.0]) or 1.0
        for j, value in enumerate(row):
            top = canvas.y
            rows_y.append(top)
            if value is None:
                values_text.append((f"{zero:.2f}%", top + 12, "–"))
                canvas.y += 18
                continue
            end = pos(float(value), row_top, 0.0) if per_row_scale else pos(float(value))
            start = 0.0 if per_row_scale else zero
            body.append(
                f'<rect x="{min(start, end):.2f}%" y="{top:.1f}" width="{max(abs(end - start), 0.4):.2f}%" '
                f'height="14" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{_e(label)}, {_e(series[j][0])}: {_e(value_format(float(value)))}</title></rect>"
            )
            right = max(start, end)
            interval = intervals[i] if intervals and j == 0 and i < len(intervals) else None
            if interval is not None:
                a, b, mid = pos(interval[0]), pos(interval[1]), top + 7
                right = max(right, b)
                body.append(
                    f'<g stroke="{INK}" stroke-width="1.5"><line x1="{a:.2f}%" y1="{mid}" x2="{b:.2f}%" y2="{mid}"/>'
                    f'<line x1="{a:.2f}%" y1="{mid - 5}" x2="{a:.2f}%" y2="{mid + 5}"/>'
                    f'<line x1="{b:.2f}%" y1="{mid - 5}" x2="{b:.2f}%" y2="{mid + 5}"/></g>'
                )
            # The value sits just right of its bar (bars stop at BAR_END, which leaves room for it).
            values_text.append((f"{right:.2f}%", top + 12, value_format(float(value))))
            canvas.y += 18
    plot_bottom = canvas.y + 2
    # Guides run only beside the bars, not through the labels; drawn first so bars and text lie on top.
    guides = [
        f'<line x1="{pos(tick):.2f}%" y1="{top - 2:.1f}" x2="{pos(tick):.2f}%" y2="{top + 16:.1f}" stroke="{GRID}"/>'
        for tick in ticks
        for top in rows_y
    ]
    if low < 0 < high:
        guides += [
            f'<line x1="{zero:.2f}%" y1="{top - 2:.1f}" x2="{zero:.2f}%" y2="{top + 16:.1f}" stroke="{MUTED}"/>'
            for top in rows_y
        ]
    if threshold is not None:
        x = pos(threshold)
        # One unbroken line from the first bar to the last: the four-fifths rule is read against it.
        guides.append(
            f'<line class="chart-threshold" data-value="{fmt(threshold)}" x1="{x:.2f}%" y1="{plot_top:.1f}" '
            f'x2="{x:.2f}%" y2="{plot_bottom + 2:.1f}" stroke="{THRESHOLD}" stroke-width="2.5">'
            f"<title>{_e(threshold_label)}</title></line>"
        )
    canvas.parts[:0] = guides
    canvas.add("".join(body))
    for x_text, y_text, text in values_text:
        canvas.text(x_text, y_text, text, size=SMALL, dx=5)
    if ticks:
        canvas.y = plot_bottom + SMALL + 2
        for k, tick in enumerate(ticks):
            anchor = "start" if k == 0 and pos(tick) < 3 else "middle"
            canvas.text(
                f"{pos(tick):.2f}%", canvas.y, value_format(tick), size=MIN_FONT_PX, fill=MUTED, anchor=anchor
            )
        canvas.y += 4
    legend_items: list[tuple[str, str]] = []
    if legend if legend is not None else len(series) > 1:
        legend_items = [(name, _box(PALETTE[j % len(PALETTE)])) for j, (name, _vs) in enumerate(series)]
    if threshold is not None:
        legend_items.append(
            (
                threshold_label,
                f'<line x1="7" y1="{{y:.1f}}" x2="7" y2="{{end:.1f}}" stroke="{THRESHOLD}" stroke-width="2.5"/>',
            )
        )
    if legend_items:
        _legend(canvas, legend_items)

    def said(values: Sequence[Number | None], i: int) -> str:
        value = values[i] if i < len(values) else None
        return "–" if value is None else value_format(float(value))

    # The description is the chart's data table in words, for screen readers and text browsers.
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {said(vs, i)}" for name, vs in series)
        for i, label in enumerate(labels)
    )
    return _svg(canvas, title=title, desc=desc)


def histogram(
    counts: Sequence[int], *, title: str, bin_labels: Sequence[str], series_name: str, show_title: bool = True
) -> SafeString:
    """Counts per bin as horizontal bars, one labelled row per bin (e.g. score deciles)."""
    return bar_chart(
        bin_labels, [(series_name, list(counts))], title=title, legend=False, show_title=show_title
    )


def _plot(
    canvas: _Canvas,
    *,
    y_low: float,
    y_high: float,
    y_title: str,
    x_ticks: Sequence[tuple[float, str]],
    height: int = 180,
) -> tuple[float, float, Callable[[float], float], float, float]:
    """Axes for x/y charts: y ticks on the left, x ticks under the plot. Returns (top, bottom, y(), left%, right%)."""
    left, right = 13.0, 97.0
    if y_title:
        canvas.lines(y_title, size=SMALL, fill=MUTED)
    top = canvas.y + 6
    bottom = top + height
    ticks = _nice_ticks(y_low, y_high, 4, cover=True)
    lo, hi = ticks[0], ticks[-1]

    def y(value: float) -> float:
        return bottom - (value - lo) / ((hi - lo) or 1.0) * height

    for tick in ticks:
        canvas.add(
            f'<line x1="{left}%" y1="{y(tick):.1f}" x2="{right}%" y2="{y(tick):.1f}" stroke="{GRID}"/>'
        )
        canvas.text(f"{left}%", y(tick) + 4, fmt(tick), size=MIN_FONT_PX, fill=MUTED, anchor="end", dx=-4)
    canvas.add(f'<line x1="{left}%" y1="{bottom}" x2="{right}%" y2="{bottom}" stroke="{MUTED}"/>')
    for k, (fraction, label) in enumerate(x_ticks):
        x = left + (right - left) * fraction
        anchor = "end" if fraction > 0.95 else "start" if fraction < 0.05 and k == 0 else "middle"
        canvas.text(f"{x:.2f}%", bottom + 16, label, size=MIN_FONT_PX, fill=MUTED, anchor=anchor)
    canvas.y = bottom + 22
    return top, bottom, y, left, right


def scatter(points: Sequence[Sequence[float]], *, title: str, x_title: str, y_title: str) -> SafeString:
    """One unlabelled dot per point (x, y), with both axes named in words."""
    xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
    canvas = _Canvas()
    canvas.lines(title, size=TITLE_FONT, bold=True)
    x_ticks = _nice_ticks(min(xs, default=0.0), max(xs, default=1.0), 4, cover=True)
    x_lo, x_hi = x_ticks[0], x_ticks[-1]
    x_span = (x_hi - x_lo) or 1.0
    top, bottom, y, left, right = _plot(
        canvas,
        y_low=min(ys, default=0.0),
        y_high=max(ys, default=1.0),
        y_title=y_title,
        x_ticks=[((t - x_lo) / x_span, fmt(t)) for t in x_ticks],
    )
    for px, py in zip(xs, ys, strict=True):
        cx = left + (right - left) * (px - x_lo) / x_span
        canvas.add(f'<circle cx="{cx:.2f}%" cy="{y(py):.1f}" r="4" fill="{PALETTE[0]}" fill-opacity="0.6"/>')
    canvas.lines(x_title, size=SMALL, fill=MUTED)
    return _svg(canvas, title=title, desc=f"{title}: {len(xs)} · {x_title} / {y_title}")


def line_chart(
    points: Sequence[tuple[dt.date, float | None]],
    *,
    title: str,
    shade: tuple[dt.date, dt.date] | None = None,
    shade_label: str = "",
    show_title: bool = True,
) -> SafeString:
    """Values over dates as a line with dots; the dates inside `shade` get a tinted band named in the legend.

    Missing values leave a gap. `show_title=False` when the page already prints the title above the chart
    (it stays the chart's accessible name).
    """
    canvas = _Canvas()
    if show_title:
        canvas.lines(title, size=TITLE_FONT, bold=True)
    known = [(d, float(v)) for d, v in points if v is not None]
    if not known:
        return _svg(canvas, title=title, desc=title)
    days = sorted(d for d, _v in points)
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    picks = sorted({days[round(k * (len(days) - 1) / 3)] for k in range(4)}) if len(days) > 1 else days
    top_value = max(v for _d, v in known)
    _top, bottom, y, left, right = _plot(
        canvas,
        y_low=min(0.0, *(v for _d, v in known)),
        y_high=top_value or 1.0,
        y_title="",
        x_ticks=[((d - first).days / span, f"{d:%m-%d}") for d in picks],
        height=140,
    )

    def x(day: dt.date) -> float:
        return left + (right - left) * (day - first).days / span

    if shade is not None:
        x0, x1 = max(x(shade[0]), left), min(x(shade[1]), right)
        if x1 > x0:
            canvas.parts.insert(
                0,
                f'<rect x="{x0:.2f}%" y="{_top:.1f}" width="{x1 - x0:.2f}%" height="{bottom - _top:.1f}" '
                f'fill="{SHADE}" fill-opacity="0.12"/>',
            )
    previous: tuple[dt.date, float] | None = None
    for d, v in points:
        if v is None:
            previous = None
            continue
        if previous is not None:
            canvas.add(
                f'<line x1="{x(previous[0]):.2f}%" y1="{y(previous[1]):.1f}" x2="{x(d):.2f}%" y2="{y(float(v)):.1f}" '
                f'stroke="{PALETTE[0]}" stroke-width="2"/>'
            )
        previous = (d, float(v))
    for d, v in known:
        canvas.add(
            f'<circle cx="{x(d):.2f}%" cy="{y(v):.1f}" r="3.5" fill="{PALETTE[0]}"><title>{d:%Y-%m-%d}: {fmt(v)}</title></circle>'
        )
    if shade is not None and shade_label:
        _legend(
            canvas,
            [
                (
                    shade_label,
                    f'<rect x="0" y="{{y:.1f}}" width="14" height="12" fill="{SHADE}" fill-opacity="0.25"/>',
                )
            ],
        )
    desc = "; ".join(f"{d:%Y-%m-%d}: {fmt(v)}" for d, v in known)
    return _svg(canvas, title=title, desc=desc)
