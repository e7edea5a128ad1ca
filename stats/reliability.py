"""Rater reliability: Krippendorff's alpha over a rating matrix and per-rater effects from long-format ratings."""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = get_args(Level)

RATER_EFFECT_COLUMNS = ["n", "leniency", "sd", "share_top", "share_bottom"]


def krippendorff_alpha(ratings: npt.ArrayLike, level: Level = "interval") -> float:
    """Krippendorff's alpha for a `(n_raters, n_units)` matrix of ratings, NaN marking a missing rating.

    Units rated fewer than twice are not pairable and are ignored. Returns NaN when alpha is undefined:
    no pairable unit, or every pairable rating has the same value (no expected disagreement).
    The distinct rated values form the coincidence matrix, so ratings are meant to sit on a scale with a
    modest number of distinct values (the work grows with their square).
    """
    if level not in LEVELS:
        raise ValueError(f"Unknown level of measurement {level!r}; expected one of {', '.join(LEVELS)}.")
    data = np.asarray(ratings, dtype=np.float64)
    if data.ndim != 2 or data.shape[0] < 2:
        raise ValueError(
            f"ratings must be a 2-D (n_raters, n_units) array with at least two raters; got shape {data.shape}."
        )
    if np.isinf(data).any():
        raise ValueError("ratings must be finite numbers, with NaN for a missing rating.")

    observed = ~np.isnan(data)
    kept_units = observed.sum(axis=0) >= 2
    pairable = observed & kept_units[np.newaxis, :]
    if not pairable.any():
        return float("nan")

    n_units = int(kept_units.sum())
    unit_index = (np.cumsum(kept_units) - 1)[np.nonzero(pairable)[1]]
    rated = data[pairable]
    # unique + searchsorted: return_inverse would argsort every rating, several times slower.
    values = np.unique(rated)
    value_index = np.searchsorted(values, rated)
    n_values = values.size

    # counts[u, c]: how many raters gave value c to unit u.
    counts = np.bincount(unit_index * n_values + value_index, minlength=n_units * n_values).reshape(
        n_units, n_values
    )
    pair_weight = 1.0 / (counts.sum(axis=1) - 1.0)
    weighted = counts * pair_weight[:, np.newaxis]
    # A rating is never paired with itself, hence the diagonal correction.
    coincidences = weighted.T @ counts - np.diag(weighted.sum(axis=0))
    value_totals = coincidences.sum(axis=0)

    distances = _distances(values, value_totals, level)
    expected = value_totals @ distances @ value_totals
    if expected == 0:
        return float("nan")
    observed_disagreement = float((coincidences * distances).sum())
    return float(1.0 - (value_totals.sum() - 1.0) * observed_disagreement / expected)


def _distances(
    values: npt.NDArray[np.float64], value_totals: npt.NDArray[np.float64], level: Level
) -> npt.NDArray[np.float64]:
    """Squared distance δ²(c, k) between every pair of sorted distinct values."""
    c = values[:, np.newaxis]
    k = values[np.newaxis, :]
    if level == "nominal":
        return (c != k).astype(np.float64)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        ratio = np.divide(c - k, total, out=np.zeros((values.size, values.size)), where=total != 0)
        return ratio**2
    # Ordinal: the number of pairable ratings from c to k inclusive, less half of each end.
    cumulative = np.cumsum(value_totals)
    index = np.arange(values.size)
    low = np.minimum(index[:, np.newaxis], index[np.newaxis, :])
    high = np.maximum(index[:, np.newaxis], index[np.newaxis, :])
    between = cumulative[high] - cumulative[low] + value_totals[low]
    return (between - (value_totals[:, np.newaxis] + value_totals[np.newaxis, :]) / 2.0) ** 2


def rater_effects(
    ratings_long: pd.DataFrame, *, scale_min: float | None = None, scale_max: float | None = None
) -> pd.DataFrame:
    """Per-rater leniency, spread and use of the scale ends from long ratings (`rater`, `unit`, `criterion`, `rating`).

    `leniency` is the mean of (rating − panel mean for that unit and criterion), counting only unit/criterion
    cells that more than one rating fell on; `sd` is the sample SD of the rater's ratings (a small value hints at
    central tendency); `share_top`/`share_bottom` are the shares of the rater's ratings at the scale's ends,
    which default to the highest and lowest rating observed. Missing ratings are dropped; a rating outside
    an explicit scale is an error.
    """
    missing = {"rater", "unit", "criterion", "rating"} - set(ratings_long.columns)
    if missing:
        raise ValueError(f"ratings_long lacks column(s): {', '.join(sorted(missing))}.")

    frame = ratings_long[["rater", "unit", "criterion", "rating"]].dropna(subset=["rating"])
    rating = frame["rating"].astype(np.float64)
    if frame.empty:
        return pd.DataFrame(columns=RATER_EFFECT_COLUMNS, index=pd.Index([], name="rater"), dtype=np.float64)

    low = float(rating.min()) if scale_min is None else scale_min
    high = float(rating.max()) if scale_max is None else scale_max
    if low > high:
        raise ValueError(f"scale_min ({low}) is above scale_max ({high}).")
    if rating.min() < low or rating.max() > high:
        raise ValueError(f"ratings fall outside the scale {low}..{high}.")

    panel = frame.groupby(["unit", "criterion"], sort=False)["rating"]
    panel_mean = panel.transform("mean").astype(np.float64)
    panel_size = panel.transform("size")
    deviation = (rating - panel_mean).where(panel_size >= 2)

    by_rater = pd.DataFrame(
        {
            "rater": frame["rater"],
            "rating": rating,
            "deviation": deviation,
            "top": (rating == high).astype(np.float64),
            "bottom": (rating == low).astype(np.float64),
        }
    ).groupby("rater")
    result = pd.DataFrame(
        {
            "n": by_rater["rating"].size(),
            "leniency": by_rater["deviation"].mean(),
            "sd": by_rater["rating"].std(ddof=1),
            "share_top": by_rater["top"].mean(),
            "share_bottom": by_rater["bottom"].mean(),
        }
    )
    result.index.name = "rater"
    return result
