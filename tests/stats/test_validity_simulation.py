"""Seeded simulations of sales hiring: the adoption rule's error rates, its power against the F-test, honest intervals.

Replication counts are small so the file runs in seconds; each bound allows about two binomial standard
errors at that count (stated beside it), and the seeds are fixed so a pass is reproducible.
The studies run with one CV repeat and 100 bootstrap resamples, which only adds noise to the CV gain and
the interval ends — it does not change what the rule tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.power import FTestPower

from stats.simulate import HiringWorld, cosine, frames
from stats.validity import (
    DETECTABLE_GAIN,
    POWER_GATE,
    ValidityStudy,
    corrected_r_interval,
    hires_for_power,
    incremental_f_test,
    incremental_power,
    validity_study,
)

TRUTH = np.array([0.5, 0.3, 0.15, 0.05])
WRONG = np.array([0.1, 0.2, 0.3, 0.4]) / 1.0  # cosine to TRUTH ≈ .53
REPS = 40
N = 200


def _binomial_slack(p: float, reps: int = REPS) -> float:
    return 2 * math.sqrt(p * (1 - p) / reps)


@dataclass
class Run:
    world: HiringWorld
    true_gain: float
    studies: list[ValidityStudy]
    reference_f_p: list[float]


def _reference_f_p(scores: pd.DataFrame, outcome: pd.Series, weights: np.ndarray) -> float:
    """statsmodels: OLS on all criteria against OLS on the current composite, nested F-test."""
    full = sm.OLS(outcome.to_numpy(), sm.add_constant(scores.to_numpy())).fit()
    reduced = sm.OLS(outcome.to_numpy(), sm.add_constant(scores.to_numpy() @ weights)).fit()
    return float(full.compare_f_test(reduced)[1])


def _run(world: HiringWorld, seed: int) -> Run:
    rng = np.random.default_rng(seed)
    studies, reference = [], []
    weights = dict(zip([f"c{i}" for i in range(world.p)], world.current_weights.tolist(), strict=True))
    for i in range(REPS):
        scores, outcome, applicants = frames(*world.hires(N, rng))
        studies.append(
            validity_study(
                scores,
                outcome,
                weights,
                applicant_scores=applicants,
                n_bootstrap=200,
                cv_repeats=1,
                random_state=i,
            )
        )
        reference.append(_reference_f_p(scores, outcome, world.current_weights))
    return Run(world, world.true_gain(), studies, reference)


# Applicant validity .45 with the top 30 % hired gives the true composite r ≈ .3 among hires: the "r = .3"
# the study itself reports and plans its power on.
@pytest.fixture(scope="module")
def right_weights() -> Run:
    return _run(HiringWorld(true_weights=TRUTH, current_weights=TRUTH / TRUTH.sum(), validity=0.45), seed=11)


@pytest.fixture(scope="module")
def wrong_weights() -> Run:
    return _run(HiringWorld(true_weights=TRUTH, current_weights=WRONG / WRONG.sum(), validity=0.45), seed=12)


def _rate(flags: list[bool]) -> float:
    return sum(flags) / len(flags)


def test_our_f_test_is_statsmodels_nested_f_test(wrong_weights: Run) -> None:
    ours = [s.f_p_value for s in wrong_weights.studies]
    assert ours == pytest.approx(wrong_weights.reference_f_p, rel=1e-7, abs=1e-12)


def test_false_adoption_stays_at_five_percent_when_the_current_weights_are_right(right_weights: Run) -> None:
    adopted = _rate([s.recommendation == "adopt" for s in right_weights.studies])
    significant = _rate([p < 0.05 for p in right_weights.reference_f_p])
    # 5 % plus two binomial SEs at 40 replications (≈ .069): a true rate above 5 % would show here.
    assert significant <= 0.05 + _binomial_slack(0.05)
    assert adopted <= significant  # adoption needs the significant test, so it can only be rarer
    assert adopted <= 0.05 + _binomial_slack(0.05)


def test_power_is_at_least_half_the_f_tests_and_adopted_weights_point_at_the_truth(
    wrong_weights: Run,
) -> None:
    assert wrong_weights.true_gain >= DETECTABLE_GAIN
    assert cosine(TRUTH, wrong_weights.world.current_weights) <= 0.8
    f_power = _rate([p < 0.05 for p in wrong_weights.reference_f_p])
    adopted = [s for s in wrong_weights.studies if s.recommendation == "adopt"]
    assert f_power > 0.3  # the scenario is one the F-test can see, so the comparison means something
    assert len(adopted) / REPS >= 0.5 * f_power
    cosines = [cosine(TRUTH, np.array(list(s.proposed_weights.values()))) for s in adopted]
    assert float(np.mean(cosines)) >= 0.90


def test_gain_interval_covers_the_true_gain(wrong_weights: Run) -> None:
    truth = wrong_weights.true_gain
    covered = [
        s.bootstrap.improvement_low <= truth <= s.bootstrap.improvement_high
        for s in wrong_weights.studies
        if s.bootstrap is not None
    ]
    assert len(covered) == REPS
    # Nominal .95; the bound .85 is about three binomial SEs (≈ .034 each) below it at 40 replications.
    assert _rate(covered) >= 0.85


def test_gain_interval_is_not_the_old_hold_out_spread(wrong_weights: Run) -> None:
    # The out-of-bag interval was 2–3× too wide; an honest one is about 2 × 1.96 sampling SDs of the estimate.
    gains = [s.bootstrap.gain for s in wrong_weights.studies if s.bootstrap is not None]
    widths = [
        s.bootstrap.improvement_high - s.bootstrap.improvement_low
        for s in wrong_weights.studies
        if s.bootstrap
    ]
    assert float(np.median(widths)) <= 1.5 * 2 * 1.96 * float(np.std(gains, ddof=1))


def test_sixty_hires_four_criteria_is_insufficient_and_says_how_many() -> None:
    # Right weights, so the F-test finds nothing: at this power that must read "insufficient", not "keep".
    world = HiringWorld(true_weights=TRUTH, current_weights=TRUTH / TRUTH.sum(), validity=0.3)
    rng = np.random.default_rng(21)
    weights = dict(zip([f"c{i}" for i in range(4)], world.current_weights.tolist(), strict=True))
    for i in range(5):
        scores, outcome, applicants = frames(*world.hires(60, rng))
        study = validity_study(scores, outcome, weights, n_bootstrap=50, cv_repeats=1, random_state=i)
        assert study.recommendation == "insufficient_data"
        assert study.power is not None and study.power < POWER_GATE
        assert study.hires_for_decision is not None and study.hires_for_decision > 60
        assert study.proposed_weights == pytest.approx(weights)


@pytest.mark.parametrize(("n", "p", "r"), [(60, 4, 0.3), (200, 4, 0.3), (150, 6, 0.2), (400, 8, 0.35)])
def test_power_matches_statsmodels(n: int, p: int, r: float) -> None:
    f2 = ((r + DETECTABLE_GAIN) ** 2 - r**2) / (1 - (r + DETECTABLE_GAIN) ** 2)
    # statsmodels' names are swapped (its docstring says so): df_num is the residual df, df_denom the constraints.
    reference = FTestPower().power(
        effect_size=math.sqrt(f2), df_num=n - p - 1, df_denom=p - 1, alpha=0.05, ncc=1
    )
    assert incremental_power(n, p, r) == pytest.approx(reference, abs=1e-6)


@pytest.mark.parametrize("p", [2, 4, 7])
def test_hires_for_power_is_the_first_n_reaching_the_gate(p: int) -> None:
    n = hires_for_power(p, 0.3)
    assert n is not None
    assert incremental_power(n, p, 0.3) >= POWER_GATE > incremental_power(n - 1, p, 0.3)


def test_f_test_is_null_for_a_single_criterion() -> None:
    x = np.random.default_rng(0).normal(size=(50, 1))
    f, p = incremental_f_test(x, x[:, 0] + 1.0, np.array([1.0]))
    assert math.isnan(f) and math.isnan(p)


def test_corrected_r_interval_covers_the_applicant_validity() -> None:
    world = HiringWorld(true_weights=TRUTH, current_weights=TRUTH / TRUTH.sum(), validity=0.3)
    big_x, big_y = world.applicants(200_000, np.random.default_rng(99))
    truth = float(np.corrcoef(big_x @ world.current_weights, big_y)[0, 1])
    rng = np.random.default_rng(31)
    covered = []
    for _ in range(200):
        x, y, applicants = world.hires(N, rng)
        c = x @ world.current_weights
        r = float(np.corrcoef(c, y)[0, 1])
        sd_pool = float(np.std(applicants @ world.current_weights, ddof=1))
        interval = corrected_r_interval(r, N, sd_pool, float(np.std(c, ddof=1)))
        assert interval is not None and interval[0] < interval[1]
        covered.append(interval[0] <= truth <= interval[1])
    # Nominal .95; 200 replications give an SE of ≈ .015, so .90 is over three SEs below.
    assert _rate(covered) >= 0.90
