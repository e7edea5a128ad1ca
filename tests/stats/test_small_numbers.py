"""The small-numbers column: true where one person's outcome flips the four-fifths flag, or a group is tiny."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stats.fairness import SMALL_NUMBERS_N, impact_ratios


def _decisions(counts: dict[str, tuple[int, int]]) -> tuple[pd.Series, pd.Series]:
    selected: list[bool] = []
    groups: list[str] = []
    for group, (chosen, total) in counts.items():
        selected += [True] * chosen + [False] * (total - chosen)
        groups += [group] * total
    return pd.Series(selected), pd.Series(groups)


def _brute_force(selected: pd.Series, groups: pd.Series) -> dict[str, bool]:
    """Reference: flip every single person's outcome, re-run the whole table, see whose flag changes.

    Only people in the group itself or in the comparison (top-rate) group count, as Q&A no. 21 asks.
    """
    table = impact_ratios(selected, groups)
    top = table["rate"].idxmax()
    out = {}
    for g in table.index:
        small = min(table.loc[g, "n"], table.loc[top, "n"]) < SMALL_NUMBERS_N
        for person in groups.index[groups.isin({g, top})]:
            changed = selected.copy()
            changed[person] = not changed[person]
            if impact_ratios(changed, groups).loc[g, "flagged"] != table.loc[g, "flagged"]:
                small = True
                break
        out[g] = bool(small)
    return out


@pytest.mark.parametrize(
    "counts",
    [
        {"A": (40, 100), "B": (24, 100), "C": (32, 100)},
        {"A": (20, 50), "B": (15, 50)},  # 0.75: one more B selected makes it 0.8
        {"A": (30, 60), "B": (12, 40), "C": (2, 5)},
        {"A": (60, 200), "B": (30, 180)},
    ],
)
def test_matches_flipping_each_person(counts: dict[str, tuple[int, int]]) -> None:
    selected, groups = _decisions(counts)
    table = impact_ratios(selected, groups)
    assert table["small_numbers"].dtype == bool
    assert table["small_numbers"].to_dict() == _brute_force(selected, groups)


def test_random_tables_match_flipping_each_person() -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        counts = {}
        for g in "ABC":
            total = int(rng.integers(25, 45))
            counts[g] = (int(rng.binomial(total, rng.uniform(0.2, 0.6))), total)
        selected, groups = _decisions(counts)
        assert impact_ratios(selected, groups)["small_numbers"].to_dict() == _brute_force(selected, groups)


def test_one_person_from_four_fifths_is_small_and_large_clear_gaps_are_not() -> None:
    selected, groups = _decisions({"A": (20, 50), "B": (15, 50), "C": (100, 500), "D": (200, 500)})
    table = impact_ratios(selected, groups)
    assert table.loc["B", "flagged"] and table.loc["B", "small_numbers"]
    # C: 0.20 against A's 0.40 is 0.5, far below 0.8 with 500 people: one person changes nothing.
    assert table.loc["C", "flagged"] and not table.loc["C", "small_numbers"]


def test_groups_under_the_threshold_are_small_whatever_the_flip() -> None:
    selected, groups = _decisions({"A": (300, 600), "B": (1, SMALL_NUMBERS_N - 1)})
    table = impact_ratios(selected, groups)
    # B is small by count; A is the comparison group itself, whose ratio of 1 no single person changes.
    assert table["small_numbers"].tolist() == [False, True]
