"""Ramp days from quota records with leavers censored, and the Cox model recovering a known hazard ratio."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from stats.survival import RAMPED_AT, cox_hazard_ratios, ramp_table

START = dt.date(2026, 1, 1)


def _months(person: int, values: list[float]) -> list[tuple[int, dt.date, dt.date, float]]:
    rows = []
    for i, v in enumerate(values):
        start = dt.date(2026, 1 + i, 1)
        end = dt.date(2026, 2 + i, 1) - dt.timedelta(days=1)
        rows.append((person, start, end, v))
    return rows


def test_first_month_at_quota_is_the_ramp_and_leavers_are_censored() -> None:
    records = pd.DataFrame(
        _months(1, [60, 95, RAMPED_AT, 80]) + _months(2, [50, 70, 90]) + _months(3, [40, 60, 120]),
        columns=["person", "period_start", "period_end", "value"],
    )
    starts = pd.Series({1: START, 2: START, 3: START})
    left = pd.Series({2: dt.date(2026, 3, 20), 3: dt.date(2026, 2, 15)})
    table = ramp_table(records, starts, left, as_of=dt.date(2026, 6, 30))

    assert table.loc[1].tolist() == [(dt.date(2026, 3, 31) - START).days, True]
    # Left in March without reaching quota: censored on the day they left, not dropped, not zero.
    assert table.loc[2].tolist() == [(dt.date(2026, 3, 20) - START).days, False]
    # Reached quota in March but had left in February: that month is not theirs; censored at leaving.
    assert table.loc[3].tolist() == [(dt.date(2026, 2, 15) - START).days, False]


def test_cox_model_recovers_a_known_hazard_ratio_from_censored_data() -> None:
    rng = np.random.default_rng(4)
    n, true_hr = 800, 2.0
    score = rng.normal(size=n)
    # Exponential times to ramp, hazard × 2 per SD of score; independent exponential leaving censors ~30 %.
    ramp = rng.exponential(120 / np.exp(math.log(true_hr) * score))
    leave = rng.exponential(300, size=n)
    durations = pd.Series(np.minimum(ramp, leave))
    events = pd.Series(ramp <= leave)
    assert 0.15 < 1 - events.mean() < 0.5  # the scenario really is censored

    fit = cox_hazard_ratios(durations, events, pd.DataFrame({"score": score}))

    assert fit.loc["score", "ci_low"] < true_hr < fit.loc["score", "ci_high"]
    assert fit.loc["score", "hazard_ratio"] == pytest.approx(true_hr, rel=0.12)
    # Dropping the leavers (the old way) biases the same data: it keeps the fast rampers only.
    dropped = cox_hazard_ratios(durations[events], events[events], pd.DataFrame({"score": score[events]}))
    assert abs(dropped.loc["score", "hazard_ratio"] - true_hr) > abs(
        fit.loc["score", "hazard_ratio"] - true_hr
    )
