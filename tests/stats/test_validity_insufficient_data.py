"""Too few observations to re-weight: the study says so and says how many would be needed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy import stats

from stats.validity import sample_size_for_correlation, validity_study


def _sample(n: int, p: int, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    scores = pd.DataFrame(rng.normal(size=(n, p)), columns=[f"p{i}" for i in range(p)])
    return scores, pd.Series(scores.sum(axis=1) * 0.3 + rng.normal(size=n))


def test_twenty_observations_are_insufficient() -> None:
    scores, outcome = _sample(20, 2)
    study = validity_study(scores, outcome, {"p0": 0.5, "p1": 0.5})
    assert study.recommendation == "insufficient_data"
    assert study.proposed_weights == {"p0": 0.5, "p1": 0.5}
    assert study.cv_r_proposed is None
    assert study.bootstrap is None


def test_low_power_is_insufficient_even_when_the_rows_suffice_for_fitting() -> None:
    # 40 rows fit 5 predictors, but the F-test could not detect a .05 gain with even odds.
    scores, outcome = _sample(40, 5)
    study = validity_study(scores, outcome, dict.fromkeys(scores.columns, 0.2))
    assert study.recommendation == "insufficient_data"
    assert study.power is not None and study.power < 0.5
    assert study.cv_r_proposed is not None  # the numbers are still computed and shown
    assert study.proposed_weights == pytest.approx(dict.fromkeys(scores.columns, 0.2))


def test_power_note_says_how_many_would_be_needed() -> None:
    scores, outcome = _sample(20, 2)
    study = validity_study(scores, outcome, {"p0": 0.5, "p1": 0.5})
    r = study.composite_r
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert study.n_needed == int(np.ceil((z / np.arctanh(r)) ** 2 + 3))
    assert f"about {study.n_needed}" in study.power_note
    assert "this study has 20" in study.power_note


@pytest.mark.parametrize("r", [0.1, 0.2, 0.3, 0.5])
def test_sample_size_is_close_to_pingouin_power_analysis(r: float) -> None:
    # The Fisher-z formula runs one to two observations above pingouin's exact computation.
    exact = pingouin.power_corr(r=r, power=0.8, alpha=0.05)
    assert 0 <= sample_size_for_correlation(r) - exact <= 2.5


def test_sample_size_for_r_of_point_three_is_cohens_85() -> None:
    # Cohen (1988), Table 3.4.1: r = .30, two-sided α = .05, power .80 → n = 85.
    assert sample_size_for_correlation(0.3) == 85
