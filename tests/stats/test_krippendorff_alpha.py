"""Krippendorff's alpha reproduces the published worked example and agrees with the `krippendorff` package."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from stats.reliability import krippendorff_alpha

LEVELS = ["nominal", "ordinal", "interval", "ratio"]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with missing data.
nan = np.nan
PUBLISHED_DATA = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
)
PUBLISHED_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


def _random_ratings(seed: int, n_raters: int, n_units: int, missing: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    true_score = rng.integers(1, 6, size=n_units)
    noise = rng.integers(-1, 2, size=(n_raters, n_units))
    ratings = np.clip(true_score + noise, 1, 5).astype(np.float64)
    ratings[rng.random(ratings.shape) < missing] = np.nan
    return ratings


@pytest.mark.parametrize("level", LEVELS)
def test_published_example_is_reproduced_to_three_decimals(level: str) -> None:
    assert round(krippendorff_alpha(PUBLISHED_DATA, level), 3) == PUBLISHED_ALPHA[level]  # type: ignore[arg-type]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    ("seed", "n_raters", "n_units", "missing"), [(1, 3, 40, 0.2), (2, 5, 200, 0.4), (3, 8, 25, 0.6)]
)
def test_random_ratings_match_the_krippendorff_package(
    level: str, seed: int, n_raters: int, n_units: int, missing: float
) -> None:
    ratings = _random_ratings(seed, n_raters, n_units, missing)
    expected = krippendorff.alpha(reliability_data=ratings, level_of_measurement=level)
    assert krippendorff_alpha(ratings, level) == pytest.approx(expected, abs=1e-9)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", LEVELS)
def test_large_panel_matches_the_krippendorff_package(level: str) -> None:
    ratings = _random_ratings(seed=4, n_raters=50, n_units=5000, missing=0.3)
    expected = krippendorff.alpha(reliability_data=ratings, level_of_measurement=level)
    assert krippendorff_alpha(ratings, level) == pytest.approx(expected, abs=1e-9)  # type: ignore[arg-type]


def test_units_rated_once_do_not_change_alpha() -> None:
    with_singletons = np.hstack([PUBLISHED_DATA, [[7.0, nan], [nan, 9.0], [nan, nan], [nan, nan]]])
    assert krippendorff_alpha(with_singletons, "ordinal") == pytest.approx(
        krippendorff_alpha(PUBLISHED_DATA, "ordinal"), abs=1e-12
    )


def test_perfect_agreement_on_varied_values_gives_one() -> None:
    ratings = np.array([[1.0, 2.0, 3.0, nan], [1.0, 2.0, 3.0, 4.0], [nan, 2.0, 3.0, 4.0]])
    assert krippendorff_alpha(ratings, "interval") == pytest.approx(1.0, abs=1e-12)


def test_alpha_is_nan_when_every_rating_is_the_same() -> None:
    assert np.isnan(krippendorff_alpha(np.full((3, 4), 2.0), "interval"))


def test_alpha_is_nan_when_no_unit_has_two_ratings() -> None:
    assert np.isnan(krippendorff_alpha(np.array([[1.0, nan], [nan, 2.0]]), "nominal"))


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="level of measurement"):
        krippendorff_alpha(PUBLISHED_DATA, "likert")  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", [(12,), (1, 12), (2, 3, 4)])
def test_ratings_that_are_not_a_raters_by_units_matrix_are_refused(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="n_raters, n_units"):
        krippendorff_alpha(np.ones(shape), "interval")
