"""Time to ramp as a survival outcome: ramp days from monthly quota records, leavers censored, Cox model via lifelines."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

RAMPED_AT = 100.0  # % of quota: the first month at or above it is the month the seller ramped


def ramp_table(
    records: pd.DataFrame, starts: pd.Series, left_on: pd.Series | None = None, *, as_of: dt.date
) -> pd.DataFrame:
    """Per person (index of `starts`): `duration` in days from start and `event` (True = ramped).

    `records` has columns person, period_start, period_end, value (quota attainment in %). The duration of
    a ramped seller runs to the end of their first month at ≥ RAMPED_AT; anyone else is censored at the day
    they left (`left_on`, when given and earlier) or at `as_of` — leaving before ramping means "not reached
    yet", never "zero", so they stay in the risk set until they go instead of being dropped.
    """
    out = []
    for person, start in starts.items():
        mine = records[(records["person"] == person) & (records["period_start"] >= start)]
        hit = mine[mine["value"] >= RAMPED_AT].sort_values("period_start")
        left = None if left_on is None else left_on.get(person)
        left = None if left is None or pd.isna(left) else left
        end_of_follow_up = min(as_of, left) if left is not None else as_of
        if len(hit) and hit["period_end"].iloc[0] <= end_of_follow_up:
            out.append((person, (hit["period_end"].iloc[0] - start).days, True))
        else:
            out.append((person, (end_of_follow_up - start).days, False))
    table = pd.DataFrame(out, columns=["person", "duration", "event"]).set_index("person")
    return table[table["duration"] > 0]


def cox_hazard_ratios(durations: pd.Series, events: pd.Series, covariates: pd.DataFrame) -> pd.DataFrame:
    """Cox proportional-hazards fit (lifelines' CoxPHFitter, Efron ties): per covariate the hazard ratio of
    ramping, its 95 % interval and p-value. A ratio above 1 means a higher score ramps sooner."""
    from lifelines import CoxPHFitter  # imported here: lifelines is slow to import and only this needs it

    data = covariates.copy()
    data["__duration__"] = durations.to_numpy(dtype=float)
    data["__event__"] = events.to_numpy(dtype=bool)
    fitter = CoxPHFitter()
    fitter.fit(data, duration_col="__duration__", event_col="__event__")
    summary = fitter.summary
    return pd.DataFrame(
        {
            "hazard_ratio": np.exp(summary["coef"]),
            "ci_low": np.exp(summary["coef lower 95%"]),
            "ci_high": np.exp(summary["coef upper 95%"]),
            "p_value": summary["p"],
        },
        index=pd.Index(covariates.columns, name="predictor"),
    )
