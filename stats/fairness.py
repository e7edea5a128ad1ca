"""Adverse-impact checks on selection outcomes: four-fifths rule impact ratios with Fisher exact tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

FOUR_FIFTHS = 0.8
SMALL_GROUP_SHARE = 0.02
# Below this many people in a group or its comparison group the flag is marked as resting on small numbers
# whatever the flip test says: a working convention (the Guidelines set no number), the usual n ≥ 30.
SMALL_NUMBERS_N = 30
UNKNOWN = "unknown"
INTERSECTION_SEPARATOR = " · "


def impact_ratios(selected: pd.Series, groups: pd.Series) -> pd.DataFrame:
    """Selection rate per group against the highest-rate group.

    A missing group label counts as "unknown", which bias-audit rules report as a group of its own.

    `small_numbers` follows the Uniform Guidelines, 29 CFR 1607.4(D) ("greater differences in selection
    rate may not constitute adverse impact where the differences are based on small numbers and are not
    statistically significant") and the agencies' Questions and Answers no. 21 (if selecting one different
    person would turn the finding around, the numbers are too small to rely on): it is true when one
    person's changed outcome — one more or one fewer selected in the group, or in the comparison group —
    flips the four-fifths conclusion, or when either group has fewer than SMALL_NUMBERS_N people.
    """
    if not selected.index.equals(groups.index):
        raise ValueError("`selected` and `groups` must share one index.")
    if selected.isna().any():
        raise ValueError("Every row needs a selection decision; `selected` has missing values.")
    frame = pd.DataFrame({"selected": selected.astype(bool), "group": _labels(groups)})
    counts = frame.groupby("group", observed=True, sort=True)["selected"].agg(["size", "sum"])
    n = counts["size"].to_numpy(dtype=int)
    chosen = counts["sum"].to_numpy(dtype=int)
    rate = chosen / n

    top = int(np.argmax(rate))
    # Ratios from integer counts, so a ratio of exactly 4/5 is not nudged below it by rounding.
    if chosen[top] == 0:
        ratio = np.full(len(n), np.nan)
        flagged = np.zeros(len(n), dtype=bool)
    else:
        ratio = (chosen * n[top]) / (n * chosen[top])
        flagged = (chosen * n[top] * 5) < (n * chosen[top] * 4)

    small = _small_numbers(n, chosen, top)

    p_value = np.full(len(n), np.nan)
    for i in range(len(n)):
        if i != top:
            table = [[chosen[i], n[i] - chosen[i]], [chosen[top], n[top] - chosen[top]]]
            p_value[i] = stats.fisher_exact(table, alternative="two-sided").pvalue

    return pd.DataFrame(
        {
            "n": n,
            "selected": chosen,
            "rate": rate,
            "impact_ratio": ratio,
            "flagged": flagged,
            "p_value": p_value,
            "small_numbers": small,
        },
        index=pd.Index(counts.index, name="group"),
    )


def _flags(n: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The four-fifths flags against the highest-rate group, from integer counts."""
    top = int(np.argmax(chosen / n))
    if chosen[top] == 0:
        return np.zeros(len(n), dtype=bool)
    return (chosen * n[top] * 5) < (n * chosen[top] * 4)


def _small_numbers(n: np.ndarray, chosen: np.ndarray, top: int) -> np.ndarray:
    """Per group: would one person's changed outcome flip its four-fifths conclusion (Q&A no. 21)?

    Each change (one more or one fewer selected, in the group or in the comparison group) is re-scored in
    full, so a change that makes another group the comparison group is judged against that group.
    """
    base = _flags(n, chosen)
    out = np.zeros(len(n), dtype=bool)
    for i in range(len(n)):
        if min(n[i], n[top]) < SMALL_NUMBERS_N:
            out[i] = True
            continue
        for j in {i, top}:
            for d in (-1, 1):
                if 0 <= chosen[j] + d <= n[j]:
                    changed = chosen.copy()
                    changed[j] += d
                    if _flags(n, changed)[i] != base[i]:
                        out[i] = True
    return out


def intersect(*series: pd.Series) -> pd.Series:
    """Intersectional labels such as "female · asian"; a missing part reads as "unknown"."""
    if not series:
        raise ValueError("Give at least one series of group labels.")
    parts = pd.concat([_labels(s).astype(object).rename(i) for i, s in enumerate(series)], axis=1)
    parts = parts.fillna(UNKNOWN).astype(str)
    return parts.agg(INTERSECTION_SEPARATOR.join, axis=1).rename("group")


def small_groups(groups: pd.Series, threshold: float = SMALL_GROUP_SHARE) -> list[object]:
    """Groups holding under `threshold` of the rows; audit rules let these be reported apart."""
    labels = _labels(groups)
    if len(labels) == 0:
        return []
    share = labels.value_counts(sort=False) / len(labels)
    share = share[share > 0].sort_index()
    return share[share < threshold].index.tolist()


def adverse_impact_introduced(current: pd.DataFrame, proposed: pd.DataFrame) -> list[str]:
    """Groups flagged under the proposed selection that were not flagged under the current one."""
    was_flagged = set(current.index[current["flagged"].astype(bool)])
    now_flagged = proposed.index[proposed["flagged"].astype(bool)]
    return [str(g) for g in now_flagged if g not in was_flagged]


def _labels(groups: pd.Series) -> pd.Series:
    if isinstance(groups.dtype, pd.CategoricalDtype):
        if UNKNOWN not in groups.cat.categories:
            groups = groups.cat.add_categories([UNKNOWN])
        return groups.fillna(UNKNOWN)
    return groups.astype(object).where(groups.notna(), UNKNOWN)
