"""Re-weighting on an outcome the predictors do not predict shows no cross-validated gain."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats

from stats.validity import validity_study


def test_fitting_noise_does_not_leak_into_the_cross_validated_r() -> None:
    rng = np.random.default_rng(5)
    n, p = 60, 5
    scores = pd.DataFrame(rng.normal(size=(n, p)), columns=[f"p{i}" for i in range(p)])
    outcome = pd.Series(rng.normal(size=n))
    beta, _ = optimize.nnls(scores.to_numpy() - scores.to_numpy().mean(axis=0), outcome - outcome.mean())
    in_sample_r = stats.pearsonr(scores.to_numpy() @ beta, outcome).statistic

    study = validity_study(scores, outcome, dict.fromkeys(scores.columns, 0.2), n_bootstrap=200)

    assert study.cv_r_proposed < in_sample_r - 0.1
    # 60 rows and 5 predictors have too little power for any verdict, so noise is never adopted.
    assert study.recommendation == "insufficient_data"
