"""Distractor analysis: how often each option is chosen overall and by the strongest and weakest attempts."""

from __future__ import annotations

import numpy as np
import pytest

from stats.psychometrics import distractor_analysis

# Totals 1..9 in shuffled order; the bottom third scored 1-3, the top third 7-9.
TOTALS = [5, 9, 1, 7, 3, 6, 2, 8, 4]
CHOICES = ["B", "C", "B", "A", None, "A", "C", "A", "A"]


def test_shares_overall_and_in_the_top_and_bottom_thirds() -> None:
    table = distractor_analysis(np.array(CHOICES, dtype=object), np.array(TOTALS))
    assert list(table.index) == ["A", "B", "C"]
    assert table["n"].tolist() == [4, 2, 2]
    assert table["share"].tolist() == pytest.approx([4 / 9, 2 / 9, 2 / 9])
    assert table["share_top"].tolist() == pytest.approx([2 / 3, 0.0, 1 / 3])
    assert table["share_bottom"].tolist() == pytest.approx([0.0, 1 / 3, 1 / 3])


def test_unanswered_attempts_count_in_the_denominator() -> None:
    table = distractor_analysis(np.array(CHOICES, dtype=object), np.array(TOTALS))
    # The attempt that scored 3 left the item blank: a third of the bottom group chose nothing.
    assert table["share_bottom"].sum() == pytest.approx(2 / 3)
    assert table["share"].sum() == pytest.approx(8 / 9)


def test_nan_counts_as_unanswered() -> None:
    choices = [np.nan if choice is None else choice for choice in CHOICES]
    table = distractor_analysis(np.array(choices, dtype=object), np.array(TOTALS))
    assert list(table.index) == ["A", "B", "C"]
    assert table["share"].sum() == pytest.approx(8 / 9)


def test_halves_instead_of_thirds() -> None:
    table = distractor_analysis(np.array(CHOICES, dtype=object), np.array(TOTALS), n_groups=2)
    # Four attempts per group: top scored 6-9 (A, C, A, A), bottom scored 1-4 (B, C, blank, A).
    assert table["share_top"].tolist() == pytest.approx([3 / 4, 0.0, 1 / 4])
    assert table["share_bottom"].tolist() == pytest.approx([1 / 4, 1 / 4, 1 / 4])


def test_choices_and_totals_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="one entry per choice"):
        distractor_analysis(np.array(CHOICES, dtype=object), np.array(TOTALS[:-1]))


@pytest.mark.filterwarnings("error")
def test_fewer_attempts_than_groups_leave_group_shares_undefined() -> None:
    table = distractor_analysis(np.array(["A", "B"], dtype=object), np.array([1, 2]))
    assert table["share"].tolist() == pytest.approx([0.5, 0.5])
    assert table[["share_top", "share_bottom"]].isna().all().all()
