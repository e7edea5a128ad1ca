"""The dashboard draws the funnel totals as a script-free SVG bar chart, and none without requisitions."""

from __future__ import annotations

import re

import pytest

from tests.factories.analytics import make_history

pytestmark = pytest.mark.django_db


def test_funnel_chart_is_an_inline_svg_with_the_totals(login_as) -> None:  # type: ignore[no-untyped-def]
    make_history(hires=3, others=4, months=0, signal=False)
    html = login_as("analyst").get("/analytics/dashboards/").content.decode()

    svg = re.search(r'<div class="analytics-chart-box">(.*?)</div>\s*<div class="table-wrap">', html, re.S)
    assert svg is not None
    chart = svg.group(1)
    assert chart.lstrip().startswith("<svg") and "<script" not in chart
    assert "Funnel across all requisitions" in chart
    for label in ("Candidates", "Hired", "Certified", "Ramped"):
        assert label in chart


def test_no_funnel_chart_without_requisitions(login_as) -> None:  # type: ignore[no-untyped-def]
    html = login_as("analyst").get("/analytics/dashboards/").content.decode()
    assert "No requisitions yet." in html
    assert '<div class="analytics-chart-box">' not in html
