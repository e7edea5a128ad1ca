"""The one chart renderer: well-formed script-free SVG, escaped labels, legible text, the 4/5 rule as a line."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.safestring import SafeString

from core import charts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & "Q"'
LONG = "Race/ethnicity: Native Hawaiian or Other Pacific Islander, two or more races"


def _every_chart(label: str = NASTY) -> list[SafeString]:
    start = dt.date(2026, 1, 5)
    return [
        charts.bar_chart(
            [label, "B"],
            [(label, [0.5, None]), ("Other", [1, 2])],
            title=label,
            threshold=0.8,
            threshold_label=label,
            intervals=[(0.2, 0.7), None],
        ),
        charts.bar_chart([label], [(label, [3])], title=label, per_row_scale=True),
        charts.histogram([1, 4, 2], title=label, bin_labels=[label, "b", "c"], series_name=label),
        charts.scatter([(0.1, 2.0), (0.5, 3.5)], title=label, x_title=label, y_title=label),
        charts.line_chart(
            [(start + dt.timedelta(weeks=i), float(i % 3) if i != 2 else None) for i in range(8)],
            title=label,
            shade=(start + dt.timedelta(weeks=3), start + dt.timedelta(weeks=6)),
            shade_label=label,
        ),
    ]


def _texts(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("index", range(5))
def test_labels_stay_text_and_nothing_can_run(index: int) -> None:
    svg = _every_chart()[index]
    assert isinstance(svg, SafeString)
    assert "<script" not in svg.lower() and "onload" not in svg.lower() and "javascript:" not in svg.lower()
    root = ET.fromstring(str(svg))  # well-formed XML, so nothing leaked out of an attribute or element
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == NASTY  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc") is not None
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}foreignObject"))


@pytest.mark.parametrize("index", range(5))
def test_text_is_drawn_at_its_real_size_and_never_below_12px(index: int) -> None:
    svg = _every_chart("Label")[index]
    root = ET.fromstring(str(svg))
    # No viewBox: the drawing is never scaled, so a font-size in the SVG is the size on screen.
    assert root.get("viewBox") is None and root.get("width") == "100%"
    sizes = [float(el.get("font-size", "0")) for el in _texts(root)]
    assert sizes and min(sizes) >= charts.MIN_FONT_PX >= 12


def test_long_labels_wrap_instead_of_being_cut() -> None:
    root = ET.fromstring(str(charts.bar_chart([LONG], [("Impact ratio", [0.9])], title="T")))
    lines = [el.text or "" for el in _texts(root) if el.get("font-size") == str(charts.FONT)]
    assert len(lines) >= 2
    assert " ".join(lines) == LONG
    for line in lines:
        assert sum(charts._em(c) for c in line) * charts.FONT <= charts.NARROWEST_PX


def test_chinese_labels_break_between_characters() -> None:
    label = "性别与种族交叉分组的选择比率相对于最高组的影响比率以及四五分之一规则说明"
    lines = charts.wrap(label, font_px=14, width_px=140)
    assert "".join(lines) == label and len(lines) >= 3
    assert all(len(line) * 14 <= 140 for line in lines)


def test_the_four_fifths_line_is_one_line_across_every_bar() -> None:
    svg = charts.bar_chart(
        ["A", "B", "C"],
        [("Impact ratio", [0.5, 1.0, 0.9])],
        title="Impact ratio",
        value_range=(0.0, 1.2),
        threshold=0.8,
        threshold_label="Four-fifths line (0.8)",
    )
    root = ET.fromstring(str(svg))
    lines = [el for el in root.iter(f"{SVG}line") if el.get("class") == "chart-threshold"]
    assert len(lines) == 1
    line = lines[0]
    expected = charts.BAR_END * 0.8 / 1.2
    assert line.get("x1") == line.get("x2") == f"{expected:.2f}%"
    bars = [el for el in root.iter(f"{SVG}rect") if el.find(f"{SVG}title") is not None]
    assert len(bars) == 3
    tops = [float(b.get("y", "0")) for b in bars]
    assert float(line.get("y1", "0")) <= min(tops)
    assert float(line.get("y2", "0")) >= max(tops) + float(bars[0].get("height", "0"))
    assert "Four-fifths line (0.8)" in [el.text for el in _texts(root)]  # named in the legend


def test_bar_lengths_are_proportional_to_the_values() -> None:
    values = [3, 12, 7.5]
    root = ET.fromstring(
        str(charts.bar_chart(["a", "b", "c"], [("n", values)], title="t", value_range=(0, 15)))
    )
    widths = [float(el.get("width", "0").rstrip("%")) for el in root.iter(f"{SVG}rect")]
    assert widths == pytest.approx([charts.BAR_END * v / 15 for v in values], abs=0.01)


def test_negative_values_grow_left_from_zero() -> None:
    root = ET.fromstring(
        str(charts.bar_chart(["a", "b"], [("r", [0.5, -0.25])], title="t", value_range=(-1, 1)))
    )
    (pos, neg) = [el for el in root.iter(f"{SVG}rect")]
    zero = charts.BAR_END / 2
    assert float(pos.get("x", "0").rstrip("%")) == pytest.approx(zero, abs=0.01)
    assert float(neg.get("x", "0").rstrip("%")) + float(neg.get("width", "0").rstrip("%")) == pytest.approx(
        zero, abs=0.01
    )


def test_no_view_marks_html_safe() -> None:
    """Views hand the renderer's SafeString to the template; none of them declares its own HTML safe."""
    base = Path(settings.BASE_DIR)
    views = [
        path
        for top in base.iterdir()
        if top.is_dir()
        and not top.name.startswith(".")
        and top.name not in {"tests", "var", "docs", "locale"}
        for path in top.rglob("*.py")
        if path.name.startswith("views") or "views" in path.parts
    ]
    assert len(views) >= 5
    offenders = [
        str(path.relative_to(base))
        for path in views
        if re.search(r"\bmark_safe\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
