"""Selection rates per group, impact ratios against the top group and Fisher exact p-values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from stats.fairness import impact_ratios, intersect, small_groups


def _decisions(counts: dict[str, tuple[int, int]]) -> tuple[pd.Series, pd.Series]:
    """Build rows from {group: (selected, total)}."""
    selected: list[bool] = []
    groups: list[str] = []
    for group, (chosen, total) in counts.items():
        selected += [True] * chosen + [False] * (total - chosen)
        groups += [group] * total
    return pd.Series(selected), pd.Series(groups)


def test_hand_computed_table() -> None:
    selected, groups = _decisions({"A": (40, 100), "B": (24, 100), "C": (32, 100)})

    table = impact_ratios(selected, groups)

    assert list(table.index) == ["A", "B", "C"]
    assert table["n"].tolist() == [100, 100, 100]
    assert table["selected"].tolist() == [40, 24, 32]
    assert table["rate"].tolist() == pytest.approx([0.40, 0.24, 0.32])
    assert table["impact_ratio"].tolist() == pytest.approx([1.0, 0.6, 0.8])
    # 32/100 against 40/100 is exactly four fifths, which is not adverse impact.
    assert table["flagged"].tolist() == [False, True, False]


def test_p_values_are_fisher_exact_against_the_top_group() -> None:
    selected, groups = _decisions({"A": (40, 100), "B": (24, 100), "C": (5, 30)})

    table = impact_ratios(selected, groups)

    assert np.isnan(table.loc["A", "p_value"])
    assert table.loc["B", "p_value"] == pytest.approx(stats.fisher_exact([[24, 76], [40, 60]]).pvalue)
    assert table.loc["C", "p_value"] == pytest.approx(stats.fisher_exact([[5, 25], [40, 60]]).pvalue)


def test_unused_categories_are_absent() -> None:
    selected, groups = _decisions({"A": (3, 10), "B": (1, 10)})
    categorical = pd.Series(pd.Categorical(groups, categories=["A", "B", "Z"]))

    table = impact_ratios(selected, categorical)

    assert list(table.index) == ["A", "B"]


def test_unknown_is_a_group_like_the_others() -> None:
    selected, groups = _decisions({"A": (5, 10), "unknown": (1, 10)})
    groups.iloc[-1] = None

    table = impact_ratios(selected, groups)

    assert table.loc["unknown", "n"] == 10
    assert table.loc["unknown", "impact_ratio"] == pytest.approx(0.2)
    assert table.loc["unknown", "flagged"]


def test_nobody_selected_means_no_ratio_and_no_flag() -> None:
    selected, groups = _decisions({"A": (0, 10), "B": (0, 5)})

    table = impact_ratios(selected, groups)

    assert table["impact_ratio"].isna().all()
    assert not table["flagged"].any()


def test_intersect_joins_labels() -> None:
    sex = pd.Series(["female", "male", None])
    race = pd.Series(["asian", "white", "black"])
    assert intersect(sex, race).tolist() == ["female · asian", "male · white", "unknown · black"]


def test_small_groups_are_those_under_two_percent() -> None:
    groups = pd.Series(pd.Categorical(["A"] * 97 + ["B"] * 2 + ["C"], categories=["A", "B", "C", "D"]))
    assert small_groups(groups) == ["C"]
    assert small_groups(groups, threshold=0.05) == ["B", "C"]
