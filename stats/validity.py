"""Criterion validity of a weighted predictor composite, and better weights when the data support them."""

from __future__ import annotations

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

_EPS = 1e-12


@dataclass(frozen=True)
class BootstrapIntervals:
    n_resamples: int
    weights: pd.DataFrame
    """Indexed by predictor, columns `ci_low`, `ci_high` for the proposed weights."""
    improvement_low: float
    improvement_high: float
    """Percentile interval for r(proposed) − r(current) on out-of-bag rows."""


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
) -> ValidityStudy:
    """How well the current composite predicts the outcome, and whether re-weighting would do better.

    Weights, current and proposed, apply to the scores as given, so proposed weights are a drop-in
    replacement for the current ones.
    """
    predictors = [str(c) for c in scores.columns]
    scores = scores.set_axis(predictors, axis=1)
    w_current = _normalised_weights(current_weights, predictors)

    data = pd.concat([scores, outcome.rename("__outcome__")], axis=1, join="inner")
    total = len(data)
    data = data.dropna()
    dropped = total - len(data)
    x = data[predictors].to_numpy(dtype=float)
    y = data["__outcome__"].to_numpy(dtype=float)
    n, p = x.shape

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
    if applicant_scores is not None and np.isfinite(composite_r):
        corrected_r = _corrected_composite_r(
            applicant_scores, predictors, w_current, composite, composite_r, caveats
        )

    n_needed = sample_size_for_correlation(composite_r) if composite_r > 0 else None
    power_note = _power_note(composite_r, n, n_needed)

    if n < max(MIN_OBSERVATIONS, MIN_OBSERVATIONS_PER_PREDICTOR * p):
        caveats.append(
            f"Re-weighting needs at least {max(MIN_OBSERVATIONS, MIN_OBSERVATIONS_PER_PREDICTOR * p)} "
            f"complete rows for {p} predictors; there are {n}."
        )
        return ValidityStudy(
            n=n,
            dropped=dropped,
            criteria=criteria,
            composite_r=composite_r,
            corrected_r=corrected_r,
            proposed_weights=dict(zip(predictors, w_current.tolist(), strict=True)),
            shrinkage=None,
            cv_r_current=None,
            cv_r_proposed=None,
            bootstrap=None,
            recommendation="insufficient_data",
            n_needed=n_needed,
            power_note=power_note,
            caveats=caveats,
        )

    shrinkage = _select_shrinkage(x, y, w_current, random_state, CV_REPEATS)
    w_proposed = _shrink(_nnls_weights(x, y, w_current), w_current, shrinkage)
    cv_r_current, cv_r_proposed = _nested_cv_r(x, y, w_current, random_state)
    boot = _bootstrap(x, y, w_current, shrinkage, predictors, n_bootstrap, random_state)

    material = cv_r_proposed - cv_r_current >= MATERIAL_IMPROVEMENT
    # λ = 1 proposes the current weights; their bootstrap "gain" is rounding noise around zero.
    changed = shrinkage < 1.0
    recommendation: Recommendation = "adopt" if material and changed and boot.improvement_low > 0 else "keep"

    return ValidityStudy(
        n=n,
        dropped=dropped,
        criteria=criteria,
        composite_r=composite_r,
        corrected_r=corrected_r,
        proposed_weights=dict(zip(predictors, w_proposed.tolist(), strict=True)),
        shrinkage=shrinkage,
        cv_r_current=cv_r_current,
        cv_r_proposed=cv_r_proposed,
        bootstrap=boot,
        recommendation=recommendation,
        n_needed=n_needed,
        power_note=power_note,
        caveats=caveats,
    )


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
) -> float | None:
    applicants = applicant_scores.set_axis([str(c) for c in applicant_scores.columns], axis=1)
    missing = sorted(set(predictors) - set(applicants.columns))
    if missing:
        raise ValueError(f"Applicant scores lack predictors {missing}.")
    pool = applicants[predictors].dropna().to_numpy(dtype=float) @ w_current
    sd_pool = float(np.std(pool, ddof=1)) if len(pool) > 1 else 0.0
    sd_selected = float(np.std(composite, ddof=1))
    if sd_pool <= _EPS or sd_selected <= _EPS:
        caveats.append("The composite has no spread among applicants or among those selected; no correction.")
        return None
    if sd_pool < sd_selected:
        caveats.append(
            "The composite varies less among all applicants than among those selected, "
            "so the range-restriction correction lowers the validity."
        )
    return correct_range_restriction(composite_r, sd_pool, sd_selected)


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
    x: np.ndarray, y: np.ndarray, w_current: np.ndarray, random_state: int
) -> tuple[float, float]:
    """Cross-validated r of the current and the proposed composite; λ is re-chosen inside each fold.

    With nothing fitted, the current composite's pooled out-of-fold r is its plain r; it is computed on
    the same folds anyway so the two numbers stay comparable.
    """
    n = len(y)
    folds = RepeatedKFold(n_splits=CV_FOLDS, n_repeats=CV_REPEATS, random_state=random_state)
    r_current = np.zeros(CV_REPEATS)
    r_proposed = np.zeros(CV_REPEATS)
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
) -> BootstrapIntervals:
    """Percentile intervals for the proposed weights and for their gain over the current weights.

    Re-running the nested CV per resample would cost minutes, so each resample re-fits NNLS (with λ
    held at its full-sample value) and scores both composites on its out-of-bag rows — an honest
    hold-out that costs one p×p fit. Holding λ fixed understates the uncertainty slightly.
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
    for b in range(n_resamples):
        second = np.empty((p + 1, p + 1))
        second[iu, ju] = cross[b]
        second[ju, iu] = cross[b]
        cov = second - np.outer(sums[b], sums[b])
        w_nnls = _nnls_from_moments(cov[:p, :p], cov[:p, p], w_current)
        weights[b] = _shrink(w_nnls, w_current, shrinkage)

    out_of_bag = (counts == 0).astype(float)
    improvement = _masked_corr(x @ weights.T, y, out_of_bag) - _masked_corr(x @ w_current, y, out_of_bag)

    tail = 100 * (1 - CONFIDENCE) / 2
    w_low, w_high = np.percentile(weights, [tail, 100 - tail], axis=0)
    if np.isnan(improvement).all():
        imp_low = imp_high = float("nan")
    else:
        imp_low, imp_high = (float(v) for v in np.nanpercentile(improvement, [tail, 100 - tail]))
    return BootstrapIntervals(
        n_resamples=n_resamples,
        weights=pd.DataFrame(
            {"ci_low": w_low, "ci_high": w_high}, index=pd.Index(predictors, name="predictor")
        ),
        improvement_low=imp_low,
        improvement_high=imp_high,
    )


def _masked_corr(composites: np.ndarray, y: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Correlation with `y` over the rows flagged in each row of `mask` (B×n).

    `composites` is one composite (n) shared by all resamples or one per resample (n×B).
    """
    m = mask.sum(axis=1)
    if composites.ndim == 1:
        s_c = mask @ composites
        s_cc = mask @ composites**2
        s_cy = mask @ (composites * y)
    else:
        s_c = np.einsum("bn,nb->b", mask, composites)
        s_cc = np.einsum("bn,nb->b", mask, composites**2)
        s_cy = np.einsum("bn,nb->b", mask, composites * y[:, None])
    s_y = mask @ y
    s_yy = mask @ (y**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = s_cy - s_c * s_y / m
        var_c = s_cc - s_c**2 / m
        var_y = s_yy - s_y**2 / m
        r = cov / np.sqrt(var_c * var_y)
    r[(m < 3) | (var_c <= _EPS) | (var_y <= _EPS)] = np.nan
    return r
