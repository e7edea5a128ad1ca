"""Rows missing a score or the outcome are left out of a validity study, and counted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from stats.validity import validity_study


def test_incomplete_rows_are_dropped_and_counted() -> None:
    rng = np.random.default_rng(3)
    n = 80
    scores = pd.DataFrame(rng.normal(size=(n, 2)), columns=["a", "b"])
    outcome = pd.Series(scores["a"] + rng.normal(size=n))
    scores.loc[[0, 1], "a"] = np.nan
    outcome.loc[[1, 2, 3]] = np.nan

    study = validity_study(scores, outcome, {"a": 0.5, "b": 0.5}, n_bootstrap=50)

    complete = scores.notna().all(axis=1) & outcome.notna()
    assert study.n == 76
    assert study.dropped == 4
    assert any("4 of 80" in caveat for caveat in study.caveats)
    expected = stats.pearsonr(scores.loc[complete, "a"], outcome[complete]).statistic
    assert study.criteria.loc["a", "r"] == pytest.approx(expected, abs=1e-12)
