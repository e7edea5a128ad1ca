"""The composite: Σ weight × rescaled criterion mean, with coverage — checked against hand arithmetic."""

from __future__ import annotations

import pytest

from stats.scoring import CriterionSpec, composite_score

CRITERIA = [CriterionSpec(1, 0.5, 1, 5), CriterionSpec(2, 0.3, 1, 5), CriterionSpec(3, 0.2, 0, 10)]


def test_composite_is_the_weighted_sum_of_rescaled_means() -> None:
    # c1 mean (4+5)/2 = 4.5 → (4.5-1)/4 = 0.875; c2 mean 2 → 0.25; c3 mean 7 → 0.7
    result = composite_score(CRITERIA, {1: [4, 5], 2: [1, 3], 3: [7]})
    assert result.score == pytest.approx(0.5 * 0.875 + 0.3 * 0.25 + 0.2 * 0.7)  # 0.6525
    assert result.coverage == 1.0 and result.missing == ()
    assert result.per_criterion[1].mean == 4.5 and result.per_criterion[1].spread == 1
    assert result.per_criterion[2].spread == 2 and result.per_criterion[3].n == 1


def test_unrated_criteria_count_nothing_and_show_in_coverage() -> None:
    result = composite_score(CRITERIA, {1: [5, 5]})
    assert result.score == pytest.approx(0.5)
    assert result.coverage == pytest.approx(0.5)
    assert result.missing == (2, 3)
    assert result.per_criterion[2].mean is None


def test_nothing_rated_gives_no_score() -> None:
    result = composite_score(CRITERIA, {})
    assert result.score is None and result.coverage == 0.0


def test_lowest_and_highest_ratings_map_to_zero_and_one() -> None:
    assert composite_score(CRITERIA, {1: [1], 2: [1], 3: [0]}).score == pytest.approx(0.0)
    assert composite_score(CRITERIA, {1: [5], 2: [5], 3: [10]}).score == pytest.approx(1.0)
