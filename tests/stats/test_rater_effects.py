"""Per-rater effects: leniency against the panel, spread of ratings and use of the scale's ends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stats.reliability import rater_effects


@pytest.fixture
def ratings() -> pd.DataFrame:
    # Panel means: (c1, clarity) 3; (c1, rapport) 4; (c2, clarity) 3; c3 and c4 have a single rater each.
    rows = [
        ("ann", "c1", "clarity", 4),
        ("bob", "c1", "clarity", 2),
        ("ann", "c1", "rapport", 5),
        ("bob", "c1", "rapport", 3),
        ("cy", "c1", "rapport", 4),
        ("ann", "c2", "clarity", 3),
        ("cy", "c2", "clarity", 3),
        ("bob", "c3", "clarity", 1),
        ("dee", "c4", "clarity", 5),
    ]
    return pd.DataFrame(rows, columns=["rater", "unit", "criterion", "rating"])


def test_leniency_is_the_mean_deviation_from_the_panel(ratings: pd.DataFrame) -> None:
    effects = rater_effects(ratings)
    assert list(effects.index) == ["ann", "bob", "cy", "dee"]
    assert effects.loc["ann", "leniency"] == pytest.approx(2 / 3)
    assert effects.loc["cy", "leniency"] == pytest.approx(0.0)


def test_ratings_without_a_second_rater_do_not_count_towards_leniency(ratings: pd.DataFrame) -> None:
    effects = rater_effects(ratings)
    # bob's lone 1 on c3 would pull his leniency to -2/3 if it counted.
    assert effects.loc["bob", "leniency"] == pytest.approx(-1.0)
    assert np.isnan(effects.loc["dee", "leniency"])


def test_count_and_sample_sd_per_rater(ratings: pd.DataFrame) -> None:
    effects = rater_effects(ratings)
    assert effects["n"].tolist() == [3, 3, 2, 1]
    assert effects.loc["ann", "sd"] == pytest.approx(1.0)
    assert effects.loc["cy", "sd"] == pytest.approx(np.sqrt(0.5))
    assert np.isnan(effects.loc["dee", "sd"])


def test_shares_at_the_ends_default_to_the_observed_range(ratings: pd.DataFrame) -> None:
    effects = rater_effects(ratings)
    assert effects["share_top"].tolist() == pytest.approx([1 / 3, 0.0, 0.0, 1.0])
    assert effects["share_bottom"].tolist() == pytest.approx([0.0, 1 / 3, 0.0, 0.0])


def test_an_explicit_scale_counts_only_its_own_ends(ratings: pd.DataFrame) -> None:
    effects = rater_effects(ratings, scale_min=0, scale_max=5)
    assert effects["share_top"].tolist() == pytest.approx([1 / 3, 0.0, 0.0, 1.0])
    assert effects["share_bottom"].tolist() == pytest.approx([0.0, 0.0, 0.0, 0.0])


def test_missing_ratings_are_dropped(ratings: pd.DataFrame) -> None:
    extra = pd.DataFrame([("cy", "c3", "clarity", np.nan)], columns=ratings.columns)
    effects = rater_effects(pd.concat([ratings, extra], ignore_index=True))
    assert effects.loc["cy", "n"] == 2
    assert effects.loc["bob", "leniency"] == pytest.approx(-1.0)


def test_a_rating_outside_the_given_scale_is_refused(ratings: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="outside the scale"):
        rater_effects(ratings, scale_min=1, scale_max=4)


def test_missing_columns_are_named(ratings: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="criterion"):
        rater_effects(ratings.drop(columns="criterion"))
