"""Classical test theory for an exam: item facility, discrimination, weights and reliability; distractor use."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

# Whole marks (0/1 items) count in the fewest bins; quarters cover half marks; sixtieths add thirds, fifths,
# sixths, tenths and twelfths.
MARK_GRIDS = (1.0, 4.0, 60.0)
GRID_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ItemAnalysis:
    """`items`: one row per item, in input order; `test`: statistics of the whole test."""

    items: pd.DataFrame
    test: dict[str, float]


def item_analysis(marks: npt.ArrayLike, max_marks: npt.ArrayLike) -> ItemAnalysis:
    """Item and test statistics for an `(n_attempts, n_items)` matrix of marks out of `max_marks` per item.

    Per item: `facility` (mean mark / max mark), `sd` (sample SD / max mark), `discrimination` (correlation
    with the rest of the test), `discriminative_efficiency` (covariance with the rest over the largest
    covariance the same two sets of scores could have; it can fall below −1 for a negatively discriminating
    item), `effective_weight` (√cov(item, total) / Σ √cov(item, total); all NaN if any covariance is negative)
    and `alpha_if_item_deleted`. Test: `n`, `mean` and `sd` of the total as fractions of the maximum total,
    sample-corrected `skewness` and excess `kurtosis`, Cronbach's `alpha` (KR-20 for 0/1 items),
    `error_ratio` = √(1 − alpha) and `standard_error` = error_ratio × sd.
    Anything undefined (a constant item or total, too few attempts or items) is NaN.
    """
    scores = np.asarray(marks, dtype=np.float64)
    maxima = np.asarray(max_marks, dtype=np.float64)
    if scores.ndim != 2 or scores.shape[0] < 1 or scores.shape[1] < 1:
        raise ValueError(
            f"marks must be a non-empty 2-D (n_attempts, n_items) array; got shape {scores.shape}."
        )
    n, k = scores.shape
    if maxima.shape != (k,):
        raise ValueError(f"max_marks must have one entry per item ({k}); got shape {maxima.shape}.")
    if not np.isfinite(scores).all():
        raise ValueError("marks must be finite; score an unanswered item as 0.")
    if not (np.isfinite(maxima).all() and (maxima > 0).all()):
        raise ValueError("max_marks must be positive and finite.")

    total = scores.sum(axis=1)
    item_mean = scores.mean(axis=0)
    total_mean = float(total.mean())
    total_varies = bool(total.max() > total.min())
    dof = np.float64(n - 1)
    sorted_cross, item_varies, rest_varies = _sorted_cross_products(scores, total, item_mean, total_mean)

    centered = scores - item_mean
    # The mean of a constant column need not round back to its value; zero it so its covariances are exactly 0.
    centered[:, ~item_varies] = 0.0
    centered_total = total - total_mean if total_varies else np.zeros(n)

    with np.errstate(divide="ignore", invalid="ignore"):
        # Every item statistic below derives from this one covariance matrix, the only O(n·k²) step.
        cov = (centered.T @ centered) / dof
        item_var = np.diag(cov).copy()
        cov_item_total = cov.sum(axis=1)
        total_var = float((centered_total @ centered_total) / dof)
        cov_item_rest = cov_item_total - item_var
        # A constant rest score would otherwise keep the rounding residue of this difference of sums.
        rest_var = np.where(rest_varies, total_var - 2.0 * cov_item_total + item_var, 0.0)
        both_vary = item_varies & rest_varies

        discrimination = np.where(
            both_vary, np.clip(cov_item_rest / np.sqrt(item_var * rest_var), -1.0, 1.0), np.nan
        )
        # Pairing both columns in ascending order gives the largest covariance their values allow.
        discriminative_efficiency = np.where(both_vary, cov_item_rest / (sorted_cross / dof), np.nan)

        if total_varies and not (cov_item_total < 0).any():
            root = np.sqrt(cov_item_total)
            effective_weight = root / root.sum()
        else:
            effective_weight = np.full(k, np.nan)

        sum_item_var = float(item_var.sum())
        alpha = k / (k - 1) * (1.0 - sum_item_var / total_var) if k > 1 and total_varies else np.nan
        alpha_if_deleted = (
            np.where(rest_varies, (k - 1) / (k - 2) * (1.0 - (sum_item_var - item_var) / rest_var), np.nan)
            if k > 2
            else np.full(k, np.nan)
        )
        items = pd.DataFrame(
            {
                "facility": item_mean / maxima,
                "sd": np.sqrt(item_var) / maxima,
                "discrimination": discrimination,
                "discriminative_efficiency": discriminative_efficiency,
                "effective_weight": effective_weight,
                "alpha_if_item_deleted": alpha_if_deleted,
            },
            index=pd.RangeIndex(k, name="item"),
        )

    skewness, kurtosis = _shape_of(centered_total, n) if total_varies else (np.nan, np.nan)
    max_total = float(maxima.sum())
    sd = float(np.sqrt(total_var)) / max_total
    error_ratio = float(np.sqrt(max(0.0, 1.0 - alpha))) if np.isfinite(alpha) else np.nan
    test = {
        "n": n,
        "mean": total_mean / max_total,
        "sd": sd,
        "skewness": skewness,
        "kurtosis": kurtosis,
        "alpha": alpha,
        "error_ratio": error_ratio,
        "standard_error": error_ratio * sd,
    }
    return ItemAnalysis(items=items, test=test)


def _sorted_cross_products(
    scores: npt.NDArray[np.float64],
    total: npt.NDArray[np.float64],
    item_mean: npt.NDArray[np.float64],
    total_mean: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per item, Σ (x − x̄)(r − r̄) over its marks x and rest scores r = total − x, each sorted ascending on its own.

    Also says which items, and which rest scores, vary at all.
    """
    n = scores.shape[0]
    rest_mean = total_mean - item_mean
    largest = float(np.abs(total).max()) + float(np.abs(scores).max())
    for scale in MARK_GRIDS:
        if largest * scale > np.iinfo(np.int16).max:
            break
        scaled = scores * scale if scale != 1.0 else scores
        whole = np.rint(scaled)
        if np.array_equal(scaled, whole):
            on_grid = True
        else:
            # Marks made by arithmetic (0.7 − 0.3) miss the grid by rounding error alone, so snap them onto it.
            miss = scaled - whole
            on_grid = bool((np.abs(miss, out=miss) <= GRID_TOLERANCE).all())
        if on_grid:
            # On a grid, marks are 16-bit whole numbers of 1/scale, which numpy sorts by radix in linear
            # time: several times faster than a float sort, and the sorts dominate the runtime.
            totals = np.rint(total * scale).astype(np.int64)
            counted = _counted_cross_products(whole, totals)
            if counted is not None:
                raw, item_varies, rest_varies = counted
                cross = (raw - n * (scale * item_mean) * (scale * rest_mean)) / scale**2
                return cross, item_varies, rest_varies
            items = np.ascontiguousarray(whole.astype(np.int16).T)
            rest = totals.astype(np.int16)[np.newaxis, :] - items
            items.sort(axis=1, kind="stable")
            rest.sort(axis=1, kind="stable")
            # Whole-number products sum exactly in float64, so the uncentred form loses nothing to
            # cancellation and spares two float copies of the matrix.
            raw = np.einsum("ij,ij->i", items, rest, dtype=np.float64)
            cross = (raw - n * (scale * item_mean) * (scale * rest_mean)) / scale**2
            return cross, items[:, -1] > items[:, 0], rest[:, -1] > rest[:, 0]
    # Centred before sorting (a shift keeps the order), with items as rows: sorting along contiguous memory
    # is several times faster than down strided columns.
    centered = np.subtract(scores.T, item_mean[:, np.newaxis], out=np.empty(scores.T.shape))
    centered_rest = (total - total_mean)[np.newaxis, :] - centered
    centered.sort(axis=1)
    centered_rest.sort(axis=1)
    cross = np.einsum("ij,ij->i", centered, centered_rest)
    return cross, centered[:, -1] > centered[:, 0], centered_rest[:, -1] > centered_rest[:, 0]


# Above this many histogram cells (items × distinct rest scores) the sorts are cheaper than counting.
MAX_COUNT_CELLS = 4_000_000


def _counted_cross_products(
    whole: npt.NDArray[np.float64], totals: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]] | None:
    """Σ x_(i) · r_(i) per item (marks x and rest scores r = total − x, each sorted ascending), by counting.

    `whole` holds the marks as whole numbers of the grid (attempts × items), `totals` the attempts' totals.
    Marks on a grid take few values, so an item's sorted marks are runs of equal values: run v covers sorted
    positions [C(v−1), C(v)) of its cumulative counts, and the rest scores in those positions sum to
    S(C(v)) − S(C(v−1)), where S(m), the sum of the m smallest rest scores, comes from the rest scores'
    cumulative counts and sums. One joint histogram of (total, mark) per item gives both; all in integers,
    so exact. None when the histogram would be too large (then sorting is cheaper).
    """
    n, k = whole.shape
    x_low, t_low = int(whole.min()), int(totals.min())
    x_bins, t_bins = int(whole.max()) - x_low + 1, int(totals.max()) - t_low + 1
    if k * t_bins * x_bins > MAX_COUNT_CELLS:
        return None
    # One bincount over every (attempt, item): cell = item · t_bins · x_bins + total bin · x_bins + mark bin.
    # Whole numbers are exact in float64, so the cell numbers are built in floats and converted once.
    cells = whole + (np.arange(k, dtype=np.float64) * (t_bins * x_bins) - x_low)
    cells += ((totals - t_low) * x_bins).astype(np.float64)[:, np.newaxis]
    joint = np.bincount(cells.astype(np.intp).ravel(), minlength=k * t_bins * x_bins).reshape(
        k, t_bins, x_bins
    )
    x_hist = joint.sum(axis=1)
    # r = t − x: mark bin v shifts the totals' bins down by v.
    r_bins = t_bins + x_bins - 1
    r_hist = np.zeros((k, r_bins), dtype=np.int64)
    for v in range(x_bins):
        r_hist[:, x_bins - 1 - v : x_bins - 1 - v + t_bins] += joint[:, :, v]
    x_values = np.arange(x_low, x_low + x_bins, dtype=np.int64)
    r_values = np.arange(t_low - (x_low + x_bins - 1), t_low - x_low + t_bins, dtype=np.int64)
    r_count = np.cumsum(r_hist, axis=1)
    r_sum = np.cumsum(r_hist * r_values, axis=1)
    # S(m) at every run boundary m = C(v) of every item, found in one search: offsetting item j's cumulative
    # counts (all within 0..n) by j·(n + 1) makes the flattened array sorted.
    rows = np.arange(k, dtype=np.int64)[:, np.newaxis]
    bounds = np.cumsum(x_hist, axis=1)
    offset = rows * (n + 1)
    where = np.searchsorted((r_count + offset).ravel(), (bounds + offset).ravel(), side="left")
    where = where.reshape(k, x_bins) - rows * r_bins  # the rest bin holding the m-th smallest
    before = np.maximum(where - 1, 0)
    count_before = np.where(where > 0, np.take_along_axis(r_count, before, axis=1), 0)
    sum_before = np.where(where > 0, np.take_along_axis(r_sum, before, axis=1), 0)
    smallest = sum_before + (bounds - count_before) * r_values[np.minimum(where, r_bins - 1)]
    smallest = np.where(bounds > 0, smallest, 0)
    run_sums = np.diff(smallest, axis=1, prepend=0)
    raw = (run_sums * x_values).sum(axis=1).astype(np.float64)
    return raw, (x_hist > 0).sum(axis=1) > 1, (r_hist > 0).sum(axis=1) > 1


def _shape_of(centered_total: npt.NDArray[np.float64], n: int) -> tuple[float, float]:
    """Sample-corrected skewness and excess kurtosis (as scipy's `bias=False`); NaN where the correction is undefined."""
    squared = centered_total**2
    m2 = float(squared.mean())
    m3 = float((squared * centered_total).mean())
    m4 = float((squared**2).mean())
    skewness = np.sqrt(n * (n - 1.0)) / (n - 2.0) * m3 / m2**1.5 if n > 2 else np.nan
    kurtosis = (
        ((n * n - 1.0) * m4 / m2**2 - 3.0 * (n - 1.0) ** 2) / ((n - 2.0) * (n - 3.0)) if n > 3 else np.nan
    )
    return float(skewness), float(kurtosis)


def distractor_analysis(choices: npt.ArrayLike, total: npt.ArrayLike, n_groups: int = 3) -> pd.DataFrame:
    """How often each option of one item was chosen: overall, by the top and by the bottom 1/n_groups on total.

    The groups are the ⌊n / n_groups⌋ attempts with the highest and the lowest totals; ties at a group's edge
    are settled by attempt order. Shares are of all attempts in the group, so an unanswered attempt (None or
    NaN) counts in the denominator and a column sums to less than 1 when some attempts left the item blank.
    Returns one row per option chosen at least once, sorted by label, with `n`, `share`, `share_top` and
    `share_bottom`.
    """
    picked = pd.Series(np.asarray(choices, dtype=object))
    totals = np.asarray(total, dtype=np.float64)
    if totals.ndim != 1 or totals.shape[0] != len(picked):
        raise ValueError(
            f"total must be 1-D with one entry per choice ({len(picked)}); got shape {totals.shape}."
        )
    if np.isnan(totals).any():
        raise ValueError("total must not contain NaN.")
    if n_groups < 2:
        raise ValueError(f"n_groups must be at least 2; got {n_groups}.")

    n = len(picked)
    group_size = n // n_groups
    order = np.argsort(totals, kind="stable")
    counts = picked.value_counts(dropna=True).sort_index()
    top = picked.iloc[order[n - group_size :]].value_counts().reindex(counts.index, fill_value=0)
    bottom = picked.iloc[order[:group_size]].value_counts().reindex(counts.index, fill_value=0)
    result = pd.DataFrame(
        {
            "n": counts,
            "share": counts / n,
            # With fewer attempts than groups the groups are empty: pandas makes 0/0 NaN, without a warning.
            "share_top": top / group_size,
            "share_bottom": bottom / group_size,
        }
    )
    result.index.name = "option"
    return result


def random_guess_score(kind: str, fractions: list[float], *, single: bool = True) -> float | None:
    """Moodle's "Random guess score": the fraction of the mark a learner would earn by guessing at random.

    As Moodle defines it (question/type/*/questiontype.php, get_random_guess_score; Moodle docs "Quiz statistics
    calculations": "the mean score students would get by guessing at random"):
    - multiple choice, one answer: the mean of the choices' fractions (1/n choices when one choice is right);
    - multiple choice, several answers: none — Moodle returns null ("pretty much impossible to compute");
    - true/false: 0.5;
    - every other type here (short answer, numerical, essay, ordering, Cloze…): none.
    Multiply by the question's mark for marks; `fractions` are the choices' fractions (0..1, may be negative).
    """
    if kind == "truefalse":
        return 0.5
    if kind == "multichoice" and single and fractions:
        return float(sum(fractions)) / len(fractions)
    return None
