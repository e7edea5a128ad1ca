"""A validity study's correlations, intervals and composite agree with scipy and statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
import statsmodels.api as sm
from scipy import stats

from stats.validity import relative_weights, validity_study

WEIGHTS = {"grit": 0.5, "listening": 0.3, "closing": 0.2}


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(7)
    n = 120
    scores = pd.DataFrame(rng.integers(1, 6, size=(n, 3)).astype(float), columns=list(WEIGHTS))
    scores["closing"] += 0.5 * scores["grit"]
    outcome = 0.4 * scores["grit"] + 0.2 * scores["listening"] + rng.normal(0, 1.5, n)
    return scores, outcome


@pytest.fixture(scope="module")
def study(sample: tuple[pd.DataFrame, pd.Series]):  # type: ignore[no-untyped-def]
    scores, outcome = sample
    return validity_study(scores, outcome, WEIGHTS, n_bootstrap=200)


def test_criterion_r_and_p_match_scipy_pearsonr(sample, study) -> None:  # type: ignore[no-untyped-def]
    scores, outcome = sample
    for name in WEIGHTS:
        expected = stats.pearsonr(scores[name], outcome)
        assert study.criteria.loc[name, "r"] == pytest.approx(expected.statistic, abs=1e-12)
        assert study.criteria.loc[name, "p_value"] == pytest.approx(expected.pvalue, rel=1e-9)


def test_criterion_interval_is_the_fisher_z_interval(sample, study) -> None:  # type: ignore[no-untyped-def]
    scores, outcome = sample
    n = len(outcome)
    for name in WEIGHTS:
        r = stats.pearsonr(scores[name], outcome).statistic
        half = stats.norm.ppf(0.975) / np.sqrt(n - 3)
        assert study.criteria.loc[name, "ci_low"] == pytest.approx(np.tanh(np.arctanh(r) - half), abs=1e-12)
        assert study.criteria.loc[name, "ci_high"] == pytest.approx(np.tanh(np.arctanh(r) + half), abs=1e-12)
        # pingouin rounds to two decimals
        low, high = pingouin.compute_esci(stat=r, nx=n, eftype="r")
        assert study.criteria.loc[name, "ci_low"] == pytest.approx(low, abs=0.005)
        assert study.criteria.loc[name, "ci_high"] == pytest.approx(high, abs=0.005)


def test_composite_r_is_pearsonr_of_the_weighted_sum(sample, study) -> None:  # type: ignore[no-untyped-def]
    scores, outcome = sample
    composite = sum(scores[name] * w for name, w in WEIGHTS.items())
    assert study.composite_r == pytest.approx(stats.pearsonr(composite, outcome).statistic, abs=1e-12)


def test_relative_weights_add_up_to_statsmodels_r_squared(sample) -> None:  # type: ignore[no-untyped-def]
    scores, outcome = sample
    fit = sm.OLS(outcome, sm.add_constant(scores)).fit()
    assert relative_weights(scores, outcome).sum() == pytest.approx(fit.rsquared, abs=1e-10)


def test_proposed_weights_are_a_distribution_over_the_predictors(study) -> None:  # type: ignore[no-untyped-def]
    weights = study.proposed_weights
    assert set(weights) == set(WEIGHTS)
    assert min(weights.values()) >= 0
    assert sum(weights.values()) == pytest.approx(1.0)
    intervals = study.bootstrap.weights
    assert list(intervals.index) == list(WEIGHTS)
    assert (intervals["ci_low"] <= intervals["ci_high"]).all()
