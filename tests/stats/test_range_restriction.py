"""Thorndike Case II restores the validity lost by selecting on the composite."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stats.validity import correct_range_restriction, validity_study

WEIGHTS = {"a": 0.4, "b": 0.4, "c": 0.2}


def test_known_value() -> None:
    assert correct_range_restriction(0.25, 1.4, 1.0) == pytest.approx(0.33995, abs=1e-4)


@pytest.mark.parametrize("r", [-0.4, 0.0, 0.25, 0.9])
def test_no_restriction_leaves_r_unchanged(r: float) -> None:
    assert correct_range_restriction(r, 2.0, 2.0) == pytest.approx(r, abs=1e-12)


@pytest.fixture(scope="module")
def selection() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, float]:
    rng = np.random.default_rng(2)
    n = 20000
    applicants = pd.DataFrame(rng.normal(size=(n, 3)), columns=list(WEIGHTS))
    composite = applicants @ pd.Series(WEIGHTS)
    outcome = composite / composite.std() * 0.5 + rng.normal(0, np.sqrt(0.75), n)
    pool_r = float(np.corrcoef(composite, outcome)[0, 1])
    hired = composite >= composite.quantile(0.7)
    return applicants, applicants[hired], outcome[hired], pool_r


def test_correction_recovers_the_applicant_pool_validity(selection) -> None:  # type: ignore[no-untyped-def]
    applicants, hires, outcome, pool_r = selection
    study = validity_study(hires, outcome, WEIGHTS, applicant_scores=applicants, n_bootstrap=50)
    assert study.corrected_r > study.composite_r + 0.1
    assert study.corrected_r == pytest.approx(pool_r, abs=0.03)


def test_no_correction_without_applicant_scores(selection) -> None:  # type: ignore[no-untyped-def]
    _, hires, outcome, _ = selection
    assert validity_study(hires, outcome, WEIGHTS, n_bootstrap=50).corrected_r is None
