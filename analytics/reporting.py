"""Aggregate tables for study and fairness pages, built from the pure statistics (no Django)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from stats.fairness import adverse_impact_introduced, impact_ratios, intersect, small_groups

DIMENSIONS = ("sex", "race_ethnicity", "intersection")


def composite(scores: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Weighted composite of complete rows only (a partly scored applicant has no composite)."""
    cols = list(scores.columns)
    w = np.array([float(weights.get(c, 0.0)) for c in cols])
    total = w.sum()
    if total > 0:
        w = w / total
    complete = scores.dropna()
    return pd.Series(complete.to_numpy(dtype=float) @ w, index=complete.index, name="composite")


def top_k(values: pd.Series, k: int) -> pd.Series:
    """The k highest values selected (ties broken by index order, so the count is exactly k)."""
    order = values.sort_values(ascending=False, kind="mergesort").index[:k]
    return pd.Series(values.index.isin(order), index=values.index)


def group_labels(groups: pd.DataFrame, dimension: str) -> pd.Series:
    if dimension == "intersection":
        return intersect(groups["sex"], groups["race_ethnicity"])
    return groups[dimension]


def impact_table(selected: pd.Series, groups: pd.Series) -> dict[str, Any]:
    """Impact ratios with groups under 2 % of rows reported apart (their rates only, no ratio)."""
    if len(selected) == 0:
        return {"rows": [], "small": [], "n": 0}
    small = set(small_groups(groups))
    main = ~groups.isin(small)
    rows: list[dict[str, Any]] = []
    if main.any():
        table = impact_ratios(selected[main], groups[main])
        rows = [_row(str(g), r) for g, r in table.iterrows()]
    small_rows = []
    for g in sorted(small, key=str):
        mask = groups == g
        n = int(mask.sum())
        chosen = int(selected[mask].sum())
        small_rows.append({"group": str(g), "n": n, "selected": chosen, "rate": chosen / n if n else None})
    return {"rows": rows, "small": small_rows, "n": int(len(selected))}


def _row(group: str, r: pd.Series) -> dict[str, Any]:
    return {
        "group": group,
        "n": int(r["n"]),
        "selected": int(r["selected"]),
        "rate": finite_or_none(r["rate"]),
        "impact_ratio": finite_or_none(r["impact_ratio"]),
        "flagged": bool(r["flagged"]),
        "p_value": finite_or_none(r["p_value"]),
        "small_numbers": bool(r["small_numbers"]),
    }


def finite_or_none(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def stage_fairness(stages: pd.DataFrame, groups: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per stage (columns of `stages`) and dimension: the impact table among all applicants."""
    out: dict[str, dict[str, Any]] = {}
    for stage in stages.columns:
        out[str(stage)] = {
            dim: impact_table(stages[stage].astype(bool), group_labels(groups, dim).reindex(stages.index))
            for dim in DIMENSIONS
        }
    return out


def composite_fairness(
    scores: pd.DataFrame,
    groups: pd.DataFrame,
    current: Mapping[str, float],
    proposed: Mapping[str, float] | None,
    cut: float,
) -> dict[str, Any]:
    """Pass/fail at the current cut, and with proposed weights passing the same number of the same applicants."""
    current_c = composite(scores, current)
    passed = current_c >= cut
    result: dict[str, Any] = {"cut": cut, "n": int(len(current_c)), "passed": int(passed.sum())}
    g = groups.reindex(current_c.index)
    result["current"] = {dim: impact_table(passed, group_labels(g, dim)) for dim in DIMENSIONS}
    introduced: list[str] = []
    introduced_small: list[str] = []
    if proposed is not None:
        proposed_c = composite(scores, proposed).reindex(current_c.index)
        passed_p = top_k(proposed_c, int(passed.sum()))
        result["proposed"] = {dim: impact_table(passed_p, group_labels(g, dim)) for dim in DIMENSIONS}
        for dim in DIMENSIONS:
            cur, prop = _frame(result["current"][dim]), _frame(result["proposed"][dim])
            if len(cur) and len(prop):
                new = adverse_impact_introduced(cur, prop)
                introduced += [f"{dim}: {grp}" for grp in new]
                introduced_small += [f"{dim}: {grp}" for grp in new if bool(prop.loc[grp, "small_numbers"])]
    result["introduced"] = introduced
    # Newly flagged groups whose flag one person's outcome would undo: still blocking, but said to be shaky.
    result["introduced_small"] = introduced_small
    return result


def _frame(table: Mapping[str, Any]) -> pd.DataFrame:
    rows = table["rows"]
    columns = ["group", "flagged", "small_numbers"]
    return pd.DataFrame(rows, columns=columns).set_index("group") if rows else pd.DataFrame()


def ramp_survival(
    *, scores: pd.DataFrame, weights: dict[str, float], ramp: pd.DataFrame, censored_on_leave: bool
) -> dict[str, Any]:
    """Cox model of time to ramp on today's composite (per SD), so hires who have not ramped still count.

    Hires still on the team who have not ramped are censored at the end of the window. Leavers who never
    ramped are censored when they left if the metric says `censored_on_leave`, else dropped.
    """
    from stats.survival import cox_hazard_ratios

    score = composite(scores, weights).rename("composite")
    table = ramp.join(score, how="inner").dropna()
    leavers = table["left"] & ~table["event"]
    dropped = 0
    if not censored_on_leave:
        dropped = int(leavers.sum())
        table = table[~leavers]
    sd = float(table["composite"].std(ddof=1)) if len(table) > 1 else 0.0
    summary: dict[str, Any] = {
        "n": int(len(table)),
        "events": int(table["event"].sum()),
        "censored": int((~table["event"]).sum()),
        "leavers_censored": int(leavers.sum()) if censored_on_leave else 0,
        "leavers_dropped": dropped,
        "censored_on_leave": bool(censored_on_leave),
        "median_days": float(table.loc[table["event"], "duration"].median())
        if table["event"].any()
        else None,
    }
    if len(table) < 10 or table["event"].sum() < 5 or sd <= 0:
        return summary | {"hazard_ratio": None, "ci_low": None, "ci_high": None, "p_value": None}
    fit = cox_hazard_ratios(
        table["duration"], table["event"], pd.DataFrame({"composite": (table["composite"] / sd).to_numpy()})
    ).loc["composite"]
    return summary | {
        "hazard_ratio": float(fit["hazard_ratio"]),
        "ci_low": float(fit["ci_low"]),
        "ci_high": float(fit["ci_high"]),
        "p_value": float(fit["p_value"]),
    }
