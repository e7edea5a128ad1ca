"""With plenty of data, proposed weights find the predictors that matter and beat equal weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from stats.validity import MATERIAL_IMPROVEMENT, validity_study

PREDICTORS = ["p1", "p2", "p3", "p4", "p5"]


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(11)
    n = 5000
    z = rng.normal(size=(n, 5))
    outcome = 0.5 * z[:, 0] + 0.3 * z[:, 1] + rng.normal(size=n)
    return pd.DataFrame(z, columns=PREDICTORS), pd.Series(outcome)


def _reference_nnls_direction(scores: pd.DataFrame, outcome: pd.Series) -> np.ndarray:
    standardized = (scores - scores.mean()) / scores.std()
    beta, _ = optimize.nnls(standardized.to_numpy(), ((outcome - outcome.mean()) / outcome.std()).to_numpy())
    raw = beta / scores.std().to_numpy()
    return raw / raw.sum()


def test_equal_weights_give_way_to_the_predictors_that_matter(sample) -> None:  # type: ignore[no-untyped-def]
    scores, outcome = sample
    equal = dict.fromkeys(PREDICTORS, 0.2)

    study = validity_study(scores, outcome, equal, n_bootstrap=200)

    w = study.proposed_weights
    assert w["p1"] > w["p2"] > max(w["p3"], w["p4"], w["p5"])
    assert max(w["p3"], w["p4"], w["p5"]) < 0.1
    lam = study.shrinkage
    expected = (1 - lam) * _reference_nnls_direction(scores, outcome) + lam * np.full(5, 0.2)
    assert [w[p] for p in PREDICTORS] == pytest.approx(expected, abs=1e-8)
    assert study.cv_r_proposed - study.cv_r_current >= MATERIAL_IMPROVEMENT
    assert study.bootstrap.improvement_low > 0
    assert study.f_p_value is not None and study.f_p_value < 0.05
    assert study.recommendation == "adopt"


def test_weights_that_are_already_right_are_kept(sample) -> None:  # type: ignore[no-untyped-def]
    scores, outcome = sample
    right = dict(zip(PREDICTORS, [0.625, 0.375, 0.0, 0.0, 0.0], strict=True))

    study = validity_study(scores, outcome, right, n_bootstrap=200)

    assert abs(study.cv_r_proposed - study.cv_r_current) < MATERIAL_IMPROVEMENT
    assert study.recommendation == "keep"
