"""Johnson's relative weights split the regression R² among the predictors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from stats.validity import relative_weights


def test_weights_sum_to_the_ols_r_squared_with_collinear_predictors() -> None:
    rng = np.random.default_rng(4)
    n = 300
    base = rng.normal(size=n)
    scores = pd.DataFrame(
        {"a": base + rng.normal(0, 0.3, n), "b": base + rng.normal(0, 0.3, n), "c": rng.normal(size=n)}
    )
    outcome = pd.Series(scores["a"] + 0.5 * scores["c"] + rng.normal(size=n))

    weights = relative_weights(scores, outcome)

    assert list(weights.index) == ["a", "b", "c"]
    assert (weights >= 0).all()
    assert weights.sum() == pytest.approx(sm.OLS(outcome, sm.add_constant(scores)).fit().rsquared, abs=1e-10)


def test_orthogonal_predictors_get_their_squared_correlations() -> None:
    rng = np.random.default_rng(8)
    raw = rng.normal(size=(200, 3))
    q, _ = np.linalg.qr(raw - raw.mean(axis=0))
    scores = pd.DataFrame(q, columns=["a", "b", "c"])
    outcome = pd.Series(scores @ np.array([3.0, 1.0, 0.0]) + rng.normal(0, 0.1, 200))

    weights = relative_weights(scores, outcome)

    squared = scores.corrwith(outcome) ** 2
    assert weights.to_numpy() == pytest.approx(squared.to_numpy(), abs=1e-10)
