"""A proposed selection is checked for groups it would newly put under the four-fifths line."""

from __future__ import annotations

import pandas as pd

from stats.fairness import adverse_impact_introduced, impact_ratios


def test_only_newly_flagged_groups_are_reported() -> None:
    groups = pd.Series(["A"] * 10 + ["B"] * 10 + ["C"] * 10)
    current = pd.Series([True] * 5 + [False] * 5 + [True] * 5 + [False] * 5 + [True] * 2 + [False] * 8)
    proposed = pd.Series([True] * 5 + [False] * 5 + [True] * 3 + [False] * 7 + [True] * 1 + [False] * 9)

    introduced = adverse_impact_introduced(impact_ratios(current, groups), impact_ratios(proposed, groups))

    assert introduced == ["B"]
