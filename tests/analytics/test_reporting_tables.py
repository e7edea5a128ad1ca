"""Fairness tables for pages: groups under 2 % reported apart, proposals compared at the same number selected."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.reporting import composite, composite_fairness, impact_table, top_k


def test_groups_under_two_percent_are_reported_apart_without_a_ratio() -> None:
    groups = pd.Series(["a"] * 60 + ["b"] * 39 + ["c"])
    selected = pd.Series([True] * 30 + [False] * 30 + [True] * 10 + [False] * 29 + [True])

    table = impact_table(selected, groups)

    assert [r["group"] for r in table["rows"]] == ["a", "b"]
    assert table["small"] == [{"group": "c", "n": 1, "selected": 1, "rate": 1.0}]
    b = table["rows"][1]
    assert b["impact_ratio"] == pytest.approx((10 / 39) / 0.5)
    assert b["flagged"] is True


def test_composite_skips_partly_scored_rows_and_normalises_weights() -> None:
    scores = pd.DataFrame({"x": [1.0, 5.0, None], "y": [3.0, 1.0, 2.0]}, index=[10, 11, 12])
    values = composite(scores, {"x": 2, "y": 2})
    assert values.to_dict() == {10: 2.0, 11: 3.0}


def test_top_k_selects_exactly_k() -> None:
    chosen = top_k(pd.Series([3.0, 3.0, 1.0, 2.0]), 2)
    assert chosen.tolist() == [True, True, False, False]


def test_proposed_weights_that_disfavour_a_group_are_reported_as_introduced() -> None:
    # Equal composites per group today (2 of 4 pass in each); all weight on x favours m.
    scores = pd.DataFrame({"x": [3, 3, 1, 1, 5, 5, 4, 4], "y": [5, 5, 3, 3, 3, 3, 0, 0]}, dtype=float)
    groups = pd.DataFrame({"sex": ["f"] * 4 + ["m"] * 4, "race_ethnicity": ["asian"] * 8})

    result = composite_fairness(scores, groups, {"x": 0.5, "y": 0.5}, {"x": 1.0, "y": 0.0}, cut=3.0)

    assert result["passed"] == 4
    assert "sex: f" in result["introduced"]
    assert not any(r["flagged"] for r in result["current"]["sex"]["rows"])
