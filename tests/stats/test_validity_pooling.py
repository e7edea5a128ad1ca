"""Pooling requisitions: the requisition is a stratum, so level differences between requisitions are not validity.

Four requisitions share a rubric but differ in how their panels score one criterion and in their territories'
quota levels. Pooled naively, the requisition that rates "c3" high also sells more, so c3 looks predictive and
the study proposes to weight it up although the current weights are the true ones. With the requisition as a
stratum (scores and outcomes centred within requisition, the F-test with requisition fixed effects) the
false-adoption rate stays at 5 %. Seeded; one CV repeat and 200 resamples per study keep it to seconds.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from stats.simulate import HiringWorld
from stats.validity import ValidityStudy, incremental_power, validity_study, within_strata

TRUTH = np.array([0.5, 0.3, 0.15, 0.05])
COLUMNS = [f"c{i}" for i in range(4)]
# Per requisition: the panel's lift on c3 (rating points in SD units) and the territory's quota level.
C3_LIFT = np.array([-0.9, -0.3, 0.3, 0.9])
TERRITORY = 0.8 * C3_LIFT
PER_REQUISITION = 60
REPS = 60


def _pooled_hires(world: HiringWorld, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    xs, ys, reqs = [], [], []
    for k in range(len(C3_LIFT)):
        # Selection is on the composite within the requisition, so shifting after selecting is the same as
        # a panel that rates everyone in it higher on c3.
        x, y, _applicants = world.hires(PER_REQUISITION, rng)
        x = x.copy()
        x[:, 3] += C3_LIFT[k]
        xs.append(x)
        ys.append(y + TERRITORY[k])
        reqs.append(np.full(PER_REQUISITION, 100 + k))
    scores = pd.DataFrame(np.vstack(xs), columns=COLUMNS)
    return scores, pd.Series(np.concatenate(ys), name="outcome"), pd.Series(np.concatenate(reqs))


def _world() -> HiringWorld:
    return HiringWorld(true_weights=TRUTH, current_weights=TRUTH / TRUTH.sum(), validity=0.45)


@pytest.fixture(scope="module")
def runs() -> dict[str, list[ValidityStudy]]:
    world = _world()
    weights = dict(zip(COLUMNS, world.current_weights.tolist(), strict=True))
    rng = np.random.default_rng(404)
    out: dict[str, list[ValidityStudy]] = {"stratified": [], "naive": []}
    for i in range(REPS):
        scores, outcome, reqs = _pooled_hires(world, rng)
        common = {"n_bootstrap": 200, "cv_repeats": 1, "random_state": i}
        out["stratified"].append(validity_study(scores, outcome, weights, strata=reqs, **common))  # type: ignore[arg-type]
        out["naive"].append(validity_study(scores, outcome, weights, **common))  # type: ignore[arg-type]
    return out


def _rate(studies: list[ValidityStudy], what: str = "adopt") -> float:
    return sum(s.recommendation == what for s in studies) / len(studies)


def test_pooling_four_requisitions_does_not_inflate_false_adoption(
    runs: dict[str, list[ValidityStudy]],
) -> None:
    # 5 % plus two binomial SEs at 60 replications (≈ .056): a true rate above 5 % would show here.
    assert _rate(runs["stratified"]) <= 0.05 + 2 * math.sqrt(0.05 * 0.95 / REPS)
    significant = sum((s.f_p_value or 1.0) < 0.05 for s in runs["stratified"]) / REPS
    assert significant <= 0.05 + 2 * math.sqrt(0.05 * 0.95 / REPS)


def test_pooling_without_the_stratum_would_adopt_the_between_requisition_artefact(
    runs: dict[str, list[ValidityStudy]],
) -> None:
    # The scenario really is a trap: ignoring the requisition makes the study adopt far more often.
    assert _rate(runs["naive"]) >= 0.3


def test_pooled_study_reaches_a_decision_the_single_requisition_cannot() -> None:
    # 240 pooled hires have the power the gate asks for; one requisition's 60 do not.
    assert incremental_power(PER_REQUISITION, 4, 0.3) < 0.5 <= incremental_power(240 - 3, 4, 0.3)
    world = _world()
    weights = dict(zip(COLUMNS, world.current_weights.tolist(), strict=True))
    scores, outcome, reqs = _pooled_hires(world, np.random.default_rng(7))
    alone = validity_study(scores[reqs == 100], outcome[reqs == 100], weights, n_bootstrap=50, cv_repeats=1)
    pooled = validity_study(scores, outcome, weights, strata=reqs, n_bootstrap=50, cv_repeats=1)
    assert alone.recommendation == "insufficient_data"
    assert pooled.recommendation in ("keep", "adopt") and pooled.n == 240


def test_f_test_with_strata_is_statsmodels_requisition_fixed_effects() -> None:
    world = HiringWorld(true_weights=TRUTH, current_weights=np.array([0.1, 0.2, 0.3, 0.4]), validity=0.45)
    weights = dict(zip(COLUMNS, (world.current_weights / world.current_weights.sum()).tolist(), strict=True))
    scores, outcome, reqs = _pooled_hires(world, np.random.default_rng(8))
    study = validity_study(scores, outcome, weights, strata=reqs, n_bootstrap=50, cv_repeats=1)

    frame = scores.assign(y=outcome, req=reqs.astype(str))
    frame["composite"] = scores.to_numpy() @ np.array(list(weights.values()))
    full = smf.ols("y ~ C(req) + c0 + c1 + c2 + c3", data=frame).fit()
    reduced = smf.ols("y ~ C(req) + composite", data=frame).fit()
    f_ref, p_ref, df_diff = full.compare_f_test(reduced)
    assert df_diff == 3
    assert study.f_stat == pytest.approx(f_ref, rel=1e-8)
    assert study.f_p_value == pytest.approx(p_ref, rel=1e-6)
    # The composite's r is the within-requisition one: statsmodels' partial correlation given C(req).
    resid_y = smf.ols("y ~ C(req)", data=frame).fit().resid
    resid_c = smf.ols("composite ~ C(req)", data=frame).fit().resid
    assert study.composite_r == pytest.approx(float(np.corrcoef(resid_y, resid_c)[0, 1]), rel=1e-9)


def test_within_strata_centres_each_group() -> None:
    values = np.array([[1.0, 10.0], [3.0, 14.0], [5.0, 0.0]])
    centred = within_strata(values, np.array(["a", "a", "b"]))
    assert centred.tolist() == [[-1.0, -2.0], [1.0, 2.0], [0.0, 0.0]]
    assert within_strata(np.array([2.0, 4.0, 9.0]), np.array([1, 1, 2])).tolist() == [-1.0, 1.0, 0.0]
