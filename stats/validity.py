"""Criterion validity of a weighted predictor composite, and better weights when the data support them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats
from sklearn.model_selection import RepeatedKFold

Recommendation = Literal["adopt", "keep", "insufficient_data"]

MATERIAL_IMPROVEMENT = 0.02
MIN_OBSERVATIONS = 30
MIN_OBSERVATIONS_PER_PREDICTOR = 10
SHRINKAGE_GRID = np.round(np.linspace(0.0, 1.0, 11), 2)
CV_FOLDS = 5
CV_REPEATS = 10
INNER_CV_REPEATS = 2
CONFIDENCE = 0.95
POWER_ALPHA = 0.05
POWER_TARGET = 0.80
# Re-weighting is judged only when the incremental-validity F-test has at least an even chance of detecting
# a gain of DETECTABLE_GAIN in r; below that a "keep" would read like evidence that is not there.
POWER_GATE = 0.50
DETECTABLE_GAIN = 0.05
# Planning value for the composite's validity when the sample's own is unusable (sales hiring sees ≈ .3).
PLANNING_R = 0.30
MAX_HIRES_SEARCHED = 100_000

_EPS = 1e-12


@dataclass(frozen=True)
class BootstrapIntervals:
    n_resamples: int
    weights: pd.DataFrame
    """Indexed by predictor, columns `ci_low`, `ci_high` for the proposed weights."""
    improvement_low: float
    improvement_high: float
    """95 % interval for the gain ρ(best weights) − ρ(current weights); see `_bootstrap`."""
    gain: float = float("nan")
    """Its point estimate from the adjusted multiple R."""


@dataclass(frozen=True)
class ValidityStudy:
    n: int
    dropped: int
    criteria: pd.DataFrame
    """Indexed by predictor, columns `r`, `ci_low`, `ci_high`, `p_value`."""
    composite_r: float
    corrected_r: float | None
    proposed_weights: dict[str, float]
    shrinkage: float | None
    """λ in proposed = (1 − λ)·NNLS + λ·current; 1 means the data gave no reason to move."""
    cv_r_current: float | None
    cv_r_proposed: float | None
    bootstrap: BootstrapIntervals | None
    recommendation: Recommendation
    n_needed: int | None
    power_note: str
    caveats: list[str] = field(default_factory=list)
    corrected_r_ci: tuple[float, float] | None = None
    """Fisher-z interval of the hires' r with both ends corrected for range restriction."""
    f_stat: float | None = None
    f_p_value: float | None = None
    """Incremental-validity F-test: do the criteria, freely weighted, predict beyond the current composite?"""
    power: float | None = None
    """Power of that F-test, at this n and criteria count, to detect a gain of DETECTABLE_GAIN in r."""
    hires_for_decision: int | None = None
    """Observations at which that power reaches POWER_GATE (None when it cannot be computed)."""

    @property
    def improvement(self) -> float | None:
        if self.cv_r_current is None or self.cv_r_proposed is None:
            return None
        return self.cv_r_proposed - self.cv_r_current


def correct_range_restriction(r: float, sd_applicants: float, sd_selected: float) -> float:
    """Thorndike Case II correction for direct selection on the predictor."""
    if sd_selected <= 0 or sd_applicants <= 0:
        raise ValueError("Standard deviations must be positive.")
    u = sd_applicants / sd_selected
    return float(r * u / math.sqrt(1.0 + r * r * (u * u - 1.0)))


def sample_size_for_correlation(
    r: float, alpha: float = POWER_ALPHA, power: float = POWER_TARGET
) -> int | None:
    """Observations needed to detect correlation `r` (two-sided), by the Fisher-z approximation."""
    if not np.isfinite(r) or r == 0 or abs(r) >= 1:
        return None
    z_alpha = stats.norm.ppf(1 - alpha / 2)
    z_beta = stats.norm.ppf(power)
    return math.ceil(((z_alpha + z_beta) / math.atanh(abs(r))) ** 2 + 3)


def incremental_f_test(
    x: np.ndarray, y: np.ndarray, w_current: np.ndarray, absorbed: int = 0
) -> tuple[float, float]:
    """F-test of the full regression on all criteria against the regression on the current composite alone.

    The current composite is a linear combination of the criteria, so the models are nested with p − 1
    constraints; under the null (the current weights are the best linear weights) F ~ F(p − 1, n − p − 1).
    Selecting hires on the predictors leaves y | x unchanged, so the test stays valid among hires.
    `absorbed` counts extra parameters already removed from x and y, e.g. k − 1 stratum means after
    `within_strata`: by Frisch–Waugh the test is then the fixed-effects one, with that many fewer df.
    """
    n, p = x.shape
    if p < 2 or n - p - 1 - absorbed < 1:
        return float("nan"), float("nan")
    xc = x - x.mean(axis=0)
    yc = y - y.mean()
    tss = float(yc @ yc)
    if tss <= _EPS:
        return float("nan"), float("nan")
    beta, *_ = np.linalg.lstsq(xc, yc, rcond=None)
    rss_full = float(np.sum((yc - xc @ beta) ** 2))
    c = xc @ w_current
    cc = float(c @ c)
    rss_reduced = tss - (float(c @ yc) ** 2 / cc if cc > _EPS else 0.0)
    df_num, df_den = p - 1, n - p - 1 - absorbed
    if rss_full <= _EPS:
        return float("inf"), 0.0
    f_stat = max(0.0, (rss_reduced - rss_full) / df_num) / (rss_full / df_den)
    return float(f_stat), float(stats.f.sf(f_stat, df_num, df_den))


def within_strata(values: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Each column minus its mean within the row's stratum (e.g. requisition): the fixed-effects transform.

    Pooled requisitions differ in score level (panels, markets) and in outcome level (territories); centring
    within each keeps those differences from posing as validity, so only within-requisition variation counts.
    """
    _codes, inverse = np.unique(strata, return_inverse=True)
    frame = pd.DataFrame(values)
    means = frame.groupby(inverse).transform("mean").to_numpy()
    return np.asarray(values, dtype=float) - means.reshape(np.shape(values))


def incremental_power(
    n: int, p: int, r_current: float, gain: float = DETECTABLE_GAIN, alpha: float = POWER_ALPHA
) -> float:
    """Power of `incremental_f_test` when the best weights reach r_current + gain.

    Cohen's f² = (ρ²_full − ρ²_current) / (1 − ρ²_full), noncentrality λ = f²·(u + v + 1) = f²·(n − 1)
    (Cohen 1988, §9.3; statsmodels' FTestPower with ncc = 1 computes the same).
    """
    df_num, df_den = p - 1, n - p - 1
    if df_num < 1 or df_den < 1:
        return 0.0
    r_c = min(max(abs(r_current), 0.0), 0.95 - gain)
    r_full = r_c + gain
    f2 = (r_full**2 - r_c**2) / (1.0 - r_full**2)
    crit = stats.f.isf(alpha, df_num, df_den)
    return float(stats.ncf.sf(crit, df_num, df_den, f2 * (n - 1)))


def hires_for_power(
    p: int, r_current: float, target: float = POWER_GATE, gain: float = DETECTABLE_GAIN
) -> int | None:
    """Smallest n at which `incremental_power` reaches `target` (bisection; power rises with n)."""
    if p < 2:
        return None
    low, high = p + 2, p + 2
    while incremental_power(high, p, r_current, gain) < target:
        low, high = high, high * 2
        if high > MAX_HIRES_SEARCHED:
            return None
    while low < high:
        mid = (low + high) // 2
        if incremental_power(mid, p, r_current, gain) >= target:
            high = mid
        else:
            low = mid + 1
    return high


def date_reached(n_more: int, n_observed: int, window_days: int, today: dt.date) -> dt.date | None:
    """When `n_more` further observations exist if they keep arriving at the window's rate (None if no rate)."""
    if n_more <= 0:
        return today
    if n_observed <= 0 or window_days <= 0:
        return None
    return today + dt.timedelta(days=math.ceil(n_more * window_days / n_observed))


def planning_r(composite_r: float) -> float:
    """The composite validity assumed for power: the typical .3 of sales hiring, whatever the sample shows.

    The sample's own r is a poor planning value: wrong weights lower it, which would lower the computed
    power exactly when the test is most likely to find the problem. A fixed value makes "how many hires"
    depend only on the number of criteria, so it can be planned for.
    """
    del composite_r  # the signature keeps the choice in one place should a prior be added later
    return PLANNING_R


def corrected_r_interval(
    r: float, n: int, sd_applicants: float, sd_selected: float, confidence: float = CONFIDENCE
) -> tuple[float, float] | None:
    """Fisher-z interval of the restricted r, each end corrected by Thorndike Case II.

    The correction is monotone in r for fixed u, so the corrected ends bound the corrected r with the same
    confidence (Hunter & Schmidt's recommended way); it treats the applicant SD as known.
    """
    if n <= 3 or not np.isfinite(r) or abs(r) >= 1:
        return None
    half = stats.norm.ppf(0.5 + confidence / 2) / math.sqrt(n - 3)
    z = math.atanh(r)
    return (
        correct_range_restriction(math.tanh(z - half), sd_applicants, sd_selected),
        correct_range_restriction(math.tanh(z + half), sd_applicants, sd_selected),
    )


def relative_weights(scores: pd.DataFrame, outcome: pd.Series) -> pd.Series:
    """Johnson's (2000) relative weights: each predictor's share of R², robust to collinearity."""
    data = pd.concat([scores, outcome.rename("__outcome__")], axis=1, join="inner").dropna()
    corr = np.corrcoef(data.to_numpy(dtype=float), rowvar=False)
    r_xx = corr[:-1, :-1]
    r_xy = corr[:-1, -1]
    eigvals, eigvecs = np.linalg.eigh(r_xx)
    eigvals = np.clip(eigvals, 0.0, None)
    lam = eigvecs @ np.diag(np.sqrt(eigvals)) @ eigvecs.T
    beta = np.linalg.pinv(lam) @ r_xy
    raw = (lam**2) @ (beta**2)
    return pd.Series(raw, index=scores.columns, name="relative_weight")


def validity_study(
    scores: pd.DataFrame,
    outcome: pd.Series,
    current_weights: Mapping[str, float],
    applicant_scores: pd.DataFrame | None = None,
    n_bootstrap: int = 1000,
    random_state: int = 0,
    cv_repeats: int = CV_REPEATS,
    strata: pd.Series | None = None,
    applicant_strata: pd.Series | None = None,
) -> ValidityStudy:
    """How well the current composite predicts the outcome, and whether re-weighting would do better.

    Weights, current and proposed, apply to the scores as given, so proposed weights are a drop-in
    replacement for the current ones.

    "adopt" needs all of: the incremental-validity F-test significant at 5 % (which caps false adoption at
    5 % when the current weights are the best linear weights), a nested cross-validated gain
    ≥ MATERIAL_IMPROVEMENT, and shrinkage λ < 1. Otherwise the answer is "insufficient_data" when the test's
    power to detect a DETECTABLE_GAIN is below POWER_GATE (a "keep" would then mean little), else "keep". `cv_repeats` trades precision of the CV estimates for speed (simulations use fewer).

    `strata` (aligned with `scores`, e.g. the requisition of each hire) pools several requisitions: scores
    and outcome are centred within each stratum and the F-test and power lose one df per extra stratum, so
    the test is the one with requisition fixed effects. `applicant_strata` does the same for the applicant
    pool of the range-restriction correction.
    """
    predictors = [str(c) for c in scores.columns]
    scores = scores.set_axis(predictors, axis=1)
    w_current = _normalised_weights(current_weights, predictors)

    parts = [scores, outcome.rename("__outcome__")]
    if strata is not None:
        parts.append(strata.rename("__stratum__"))
    data = pd.concat(parts, axis=1, join="inner")
    total = len(data)
    data = data.dropna()
    dropped = total - len(data)
    x = data[predictors].to_numpy(dtype=float)
    y = data["__outcome__"].to_numpy(dtype=float)
    n, p = x.shape
    absorbed = 0
    if strata is not None and n:
        codes = data["__stratum__"].to_numpy()
        absorbed = len(np.unique(codes)) - 1
        x = within_strata(x, codes)
        y = within_strata(y, codes)
    if applicant_scores is not None and applicant_strata is not None:
        pool = applicant_scores.set_axis([str(c) for c in applicant_scores.columns], axis=1)[predictors]
        pool = pool.join(applicant_strata.rename("__stratum__"), how="inner").dropna()
        applicant_scores = pd.DataFrame(
            within_strata(pool[predictors].to_numpy(dtype=float), pool["__stratum__"].to_numpy()),
            columns=predictors,
            index=pool.index,
        )
    n_eff = n - absorbed

    caveats: list[str] = []
    if dropped:
        caveats.append(f"{dropped} of {total} rows were left out because a score or the outcome was missing.")

    criteria = _criterion_table(x, y, predictors)
    constant = criteria.index[criteria["r"].isna()].tolist()
    if constant and n >= 3:
        caveats.append(f"No spread in {', '.join(constant)}, so their validity cannot be estimated.")

    composite = x @ w_current
    composite_r = _corr(composite, y)

    corrected_r: float | None = None
    corrected_ci: tuple[float, float] | None = None
    if applicant_scores is not None and np.isfinite(composite_r):
        corrected_r, corrected_ci = _corrected_composite_r(
            applicant_scores, predictors, w_current, composite, composite_r, caveats
        )

    n_needed = sample_size_for_correlation(composite_r) if composite_r > 0 else None
    power_note = _power_note(composite_r, n, n_needed)
    r_plan = planning_r(composite_r)
    power = incremental_power(n_eff, p, r_plan) if p >= 2 else None
    hires_for_decision = hires_for_power(p, r_plan)
    if hires_for_decision is not None:
        hires_for_decision += absorbed
    f_stat, f_p = incremental_f_test(x, y, w_current, absorbed) if n >= 3 else (float("nan"), float("nan"))
    common: dict[str, object] = {
        "n": n,
        "dropped": dropped,
        "criteria": criteria,
        "composite_r": composite_r,
        "corrected_r": corrected_r,
        "corrected_r_ci": corrected_ci,
        "n_needed": n_needed,
        "power_note": power_note,
        "caveats": caveats,
        "f_stat": _finite(f_stat),
        "f_p_value": _finite(f_p),
        "power": power,
        "hires_for_decision": hires_for_decision,
    }

    floor = max(MIN_OBSERVATIONS, p + 3)
    if n < floor:
        caveats.append(
            f"Re-weighting needs at least {floor} complete rows for {p} predictors; there are {n}."
        )
        return ValidityStudy(
            proposed_weights=dict(zip(predictors, w_current.tolist(), strict=True)),
            shrinkage=None,
            cv_r_current=None,
            cv_r_proposed=None,
            bootstrap=None,
            recommendation="insufficient_data",
            **common,  # type: ignore[arg-type]
        )

    shrinkage = _select_shrinkage(x, y, w_current, random_state, cv_repeats)
    w_proposed = _shrink(_nnls_weights(x, y, w_current), w_current, shrinkage)
    cv_r_current, cv_r_proposed = _nested_cv_r(x, y, w_current, random_state, cv_repeats)
    boot = _bootstrap(x, y, w_current, shrinkage, predictors, n_bootstrap, random_state, absorbed)

    material = cv_r_proposed - cv_r_current >= MATERIAL_IMPROVEMENT
    # λ = 1 proposes the current weights, which cannot be an improvement whatever the test says.
    changed = shrinkage < 1.0
    significant = bool(np.isfinite(f_p) and f_p < POWER_ALPHA)
    recommendation: Recommendation
    if material and changed and significant:
        # Low power does not weaken a significant result's 5 % error rate, so it can adopt at any n.
        recommendation = "adopt"
    elif power is not None and power < POWER_GATE:
        # The data could not have shown a .05 gain with even odds, so "keep" would read like evidence.
        caveats.append(
            f"With {n} observations and {p} predictors the test has {power:.0%} power to detect a gain of "
            f"{DETECTABLE_GAIN:.2f} in r; about {hires_for_decision or '?'} are needed for {POWER_GATE:.0%}."
        )
        recommendation = "insufficient_data"
    else:
        recommendation = "keep"
    if recommendation == "insufficient_data":
        w_proposed = w_current

    return ValidityStudy(
        proposed_weights=dict(zip(predictors, w_proposed.tolist(), strict=True)),
        shrinkage=shrinkage,
        cv_r_current=cv_r_current,
        cv_r_proposed=cv_r_proposed,
        bootstrap=boot,
        recommendation=recommendation,
        **common,  # type: ignore[arg-type]
    )


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _normalised_weights(weights: Mapping[str, float], predictors: list[str]) -> np.ndarray:
    given = {str(k): float(v) for k, v in weights.items()}
    if set(given) != set(predictors):
        missing = sorted(set(predictors) - set(given))
        extra = sorted(set(given) - set(predictors))
        raise ValueError(f"Weights must cover exactly the predictors; missing {missing}, unknown {extra}.")
    w = np.array([given[c] for c in predictors])
    if (w < 0).any() or w.sum() <= 0:
        raise ValueError("Weights must be non-negative and not all zero.")
    return w / w.sum()


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 2:
        return float("nan")
    a = a - a.mean()
    b = b - b.mean()
    denom = math.sqrt(float(a @ a) * float(b @ b))
    if denom <= _EPS:
        return float("nan")
    return float(np.clip((a @ b) / denom, -1.0, 1.0))


def _criterion_table(x: np.ndarray, y: np.ndarray, predictors: list[str]) -> pd.DataFrame:
    n = len(y)
    r = np.array([_corr(x[:, j], y) for j in range(x.shape[1])])
    with np.errstate(divide="ignore", invalid="ignore"):
        if n > 3:
            z = np.arctanh(r)
            half = stats.norm.ppf(0.5 + CONFIDENCE / 2) / math.sqrt(n - 3)
            ci_low, ci_high = np.tanh(z - half), np.tanh(z + half)
        else:
            ci_low = ci_high = np.full_like(r, np.nan)
        if n > 2:
            t = r * np.sqrt((n - 2) / (1.0 - r**2))
            p_value = 2 * stats.t.sf(np.abs(t), n - 2)
        else:
            p_value = np.full_like(r, np.nan)
    return pd.DataFrame(
        {"r": r, "ci_low": ci_low, "ci_high": ci_high, "p_value": p_value},
        index=pd.Index(predictors, name="predictor"),
    )


def _corrected_composite_r(
    applicant_scores: pd.DataFrame,
    predictors: list[str],
    w_current: np.ndarray,
    composite: np.ndarray,
    composite_r: float,
    caveats: list[str],
) -> tuple[float | None, tuple[float, float] | None]:
    applicants = applicant_scores.set_axis([str(c) for c in applicant_scores.columns], axis=1)
    missing = sorted(set(predictors) - set(applicants.columns))
    if missing:
        raise ValueError(f"Applicant scores lack predictors {missing}.")
    pool = applicants[predictors].dropna().to_numpy(dtype=float) @ w_current
    sd_pool = float(np.std(pool, ddof=1)) if len(pool) > 1 else 0.0
    sd_selected = float(np.std(composite, ddof=1))
    if sd_pool <= _EPS or sd_selected <= _EPS:
        caveats.append("The composite has no spread among applicants or among those selected; no correction.")
        return None, None
    if sd_pool < sd_selected:
        caveats.append(
            "The composite varies less among all applicants than among those selected, "
            "so the range-restriction correction lowers the validity."
        )
    return (
        correct_range_restriction(composite_r, sd_pool, sd_selected),
        corrected_r_interval(composite_r, len(composite), sd_pool, sd_selected),
    )


def _power_note(composite_r: float, n: int, n_needed: int | None) -> str:
    if not np.isfinite(composite_r):
        return "There are too few observations with spread in the composite to estimate its validity."
    if n_needed is None:
        return (
            "The composite does not predict the outcome in the expected direction in this sample, "
            "so no sample size can be given for confirming it."
        )
    return (
        f"To detect a validity of r = {composite_r:.2f} with 80% power at the 5% level takes about "
        f"{n_needed} observations; this study has {n}."
    )


def _nnls_from_moments(cov_xx: np.ndarray, cov_xy: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Non-negative least squares on standardized predictors, returned as weights on the raw scale.

    Working from the covariance matrix keeps each fit p×p, which is what makes repeated CV and the
    bootstrap cheap; the square root via eigen-decomposition tolerates collinear predictors.
    """
    sd = np.sqrt(np.clip(np.diag(cov_xx), 0.0, None))
    usable = sd > _EPS
    if not usable.any():
        return fallback
    s = sd[usable]
    r_xx = cov_xx[np.ix_(usable, usable)] / np.outer(s, s)
    r_xy = cov_xy[usable] / s
    eigvals, eigvecs = np.linalg.eigh(r_xx)
    keep = eigvals > _EPS * max(1.0, float(eigvals.max()))
    root = np.sqrt(eigvals[keep])
    a = (eigvecs[:, keep] * root).T
    target = (eigvecs[:, keep].T @ r_xy) / root
    beta, _ = optimize.nnls(a, target)
    weights = np.zeros_like(sd)
    weights[usable] = beta / s
    total = weights.sum()
    if total <= _EPS:
        return fallback
    return weights / total


def _nnls_weights(x: np.ndarray, y: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    cov = np.cov(np.column_stack([x, y]), rowvar=False)
    return _nnls_from_moments(cov[:-1, :-1], cov[:-1, -1], fallback)


def _shrink(w_nnls: np.ndarray, w_current: np.ndarray, lam: float) -> np.ndarray:
    return (1.0 - lam) * w_nnls + lam * w_current


def _cv_r_by_shrinkage(
    x: np.ndarray, y: np.ndarray, w_current: np.ndarray, random_state: int, n_repeats: int
) -> np.ndarray:
    """Cross-validated r of the composite for each λ in the grid.

    Out-of-fold composites are pooled across a repeat and correlated once, rather than averaging
    per-fold correlations, which are noisy and biased low on the small folds typical here.
    """
    n = len(y)
    folds = RepeatedKFold(n_splits=CV_FOLDS, n_repeats=n_repeats, random_state=random_state)
    grid = SHRINKAGE_GRID[:, None]
    per_repeat = np.zeros((n_repeats, len(SHRINKAGE_GRID)))
    oof = np.zeros((len(SHRINKAGE_GRID), n))
    for i, (train, test) in enumerate(folds.split(x)):
        w_nnls = _nnls_weights(x[train], y[train], w_current)
        oof[:, test] = ((1.0 - grid) * w_nnls + grid * w_current) @ x[test].T
        if (i + 1) % CV_FOLDS == 0:
            per_repeat[i // CV_FOLDS] = [_corr(row, y) for row in oof]
    return np.nanmean(per_repeat, axis=0)


def _select_shrinkage(
    x: np.ndarray, y: np.ndarray, w_current: np.ndarray, random_state: int, n_repeats: int
) -> float:
    r_by_lam = _cv_r_by_shrinkage(x, y, w_current, random_state, n_repeats)
    if np.isnan(r_by_lam).all():
        return 1.0
    best = np.nanmax(r_by_lam)
    # On ties, stay closest to the current weights: moving needs the data's support.
    return float(SHRINKAGE_GRID[np.flatnonzero(r_by_lam >= best - _EPS).max()])


def _nested_cv_r(
    x: np.ndarray, y: np.ndarray, w_current: np.ndarray, random_state: int, n_repeats: int = CV_REPEATS
) -> tuple[float, float]:
    """Cross-validated r of the current and the proposed composite; λ is re-chosen inside each fold.

    With nothing fitted, the current composite's pooled out-of-fold r is its plain r; it is computed on
    the same folds anyway so the two numbers stay comparable.
    """
    n = len(y)
    folds = RepeatedKFold(n_splits=CV_FOLDS, n_repeats=n_repeats, random_state=random_state)
    r_current = np.zeros(n_repeats)
    r_proposed = np.zeros(n_repeats)
    oof = np.zeros(n)
    current = x @ w_current
    for i, (train, test) in enumerate(folds.split(x)):
        lam = _select_shrinkage(x[train], y[train], w_current, random_state + i + 1, INNER_CV_REPEATS)
        w = _shrink(_nnls_weights(x[train], y[train], w_current), w_current, lam)
        oof[test] = x[test] @ w
        if (i + 1) % CV_FOLDS == 0:
            r_current[i // CV_FOLDS] = _corr(current, y)
            r_proposed[i // CV_FOLDS] = _corr(oof, y)
    return float(np.nanmean(r_current)), float(np.nanmean(r_proposed))


def _bootstrap(
    x: np.ndarray,
    y: np.ndarray,
    w_current: np.ndarray,
    shrinkage: float,
    predictors: list[str],
    n_resamples: int,
    random_state: int,
    absorbed: int = 0,
) -> BootstrapIntervals:
    """Percentile intervals for the proposed weights; a normal bootstrap interval for the gain.

    The gain is ρ(best linear weights) − ρ(current weights) among hires, estimated from the moments by the
    adjusted R (Ezekiel) so it is close to unbiased; each resample recomputes it from its own moments (one
    p×p solve), so the interval reflects the whole estimate's sampling spread rather than one hold-out's.
    Weights re-fit NNLS with λ held at its full-sample value.
    """
    n, p = x.shape
    rng = np.random.default_rng(random_state)
    draws = rng.integers(0, n, size=(n_resamples, n))
    offsets = np.arange(n_resamples)[:, None] * n
    counts = np.bincount((draws + offsets).ravel(), minlength=n_resamples * n).reshape(n_resamples, n)
    counts_f = counts.astype(float)

    # Centring first keeps the raw-moment sums below free of cancellation error.
    x = x - x.mean(axis=0)
    y = y - y.mean()
    # One matrix product gives every resample's cross-products of predictors and outcome.
    xy = np.column_stack([x, y])
    iu, ju = np.triu_indices(p + 1)
    sums = counts_f @ xy / n
    cross = counts_f @ (xy[:, iu] * xy[:, ju]) / n
    weights = np.empty((n_resamples, p))
    gains = np.empty(n_resamples)
    for b in range(n_resamples):
        second = np.empty((p + 1, p + 1))
        second[iu, ju] = cross[b]
        second[ju, iu] = cross[b]
        cov = second - np.outer(sums[b], sums[b])
        w_nnls = _nnls_from_moments(cov[:p, :p], cov[:p, p], w_current)
        weights[b] = _shrink(w_nnls, w_current, shrinkage)
        gains[b] = _best_gain(cov, w_current, n - absorbed)

    gain_hat = _best_gain(np.cov(xy, rowvar=False), w_current, n - absorbed)
    tail = 100 * (1 - CONFIDENCE) / 2
    w_low, w_high = np.percentile(weights, [tail, 100 - tail], axis=0)
    finite = gains[np.isfinite(gains)]
    if not np.isfinite(gain_hat) or len(finite) < 2:
        imp_low = imp_high = float("nan")
    else:
        # Normal interval on the bootstrap SD: the estimate is near-unbiased and its bootstrap SD matches its
        # sampling SD, while percentile ends inherit the skew of the truncation at zero (coverage ~60 %).
        half = float(stats.norm.ppf(0.5 + CONFIDENCE / 2)) * float(np.std(finite, ddof=1))
        imp_low = max(0.0, gain_hat - half)
        imp_high = max(imp_low, gain_hat + half)
    return BootstrapIntervals(
        n_resamples=n_resamples,
        weights=pd.DataFrame(
            {"ci_low": w_low, "ci_high": w_high}, index=pd.Index(predictors, name="predictor")
        ),
        improvement_low=imp_low,
        improvement_high=imp_high,
        gain=gain_hat,
    )


def _best_gain(cov: np.ndarray, w_current: np.ndarray, n: int) -> float:
    """Adjusted multiple R of all criteria minus the current composite's r, from a (p+1)² covariance."""
    p = len(w_current)
    cxx, cxy, vy = cov[:p, :p], cov[:p, p], float(cov[p, p])
    vc = float(w_current @ cxx @ w_current)
    if vy <= _EPS or vc <= _EPS or n - p - 1 < 1:
        return float("nan")
    r_c = float(w_current @ cxy) / math.sqrt(vc * vy)
    try:
        r2 = float(cxy @ np.linalg.solve(cxx, cxy)) / vy
    except np.linalg.LinAlgError:  # collinear criteria: the pseudo-inverse gives the same fitted R²
        r2 = float(cxy @ np.linalg.pinv(cxx) @ cxy) / vy
    r2_adj = 1.0 - (1.0 - r2) * (n - 1) / (n - p - 1)
    return math.sqrt(max(r2_adj, r_c * r_c, 0.0)) - r_c
