"""Timings of the pure statistics: item analysis against one numpy.cov, and a full validity study."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from stats.psychometrics import item_analysis
from stats.validity import validity_study


def _median_seconds(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def marks_matrix(attempts: int, items: int, seed: int = 1) -> np.ndarray:
    """0/1 marks from a one-parameter logistic model, so items discriminate as real ones do."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=(attempts, 1))
    difficulty = rng.normal(scale=1.2, size=(1, items))
    p = 1.0 / (1.0 + np.exp(-(ability - difficulty)))
    return (rng.random((attempts, items)) < p).astype(np.float64)


def bench_item_analysis(attempts: int = 10_000, items: int = 150, runs: int = 21) -> dict[str, Any]:
    marks = marks_matrix(attempts, items)
    maxima = np.ones(items)
    item_analysis(marks, maxima)  # warm-up: imports, allocator
    np.cov(marks, rowvar=False)
    # Both take milliseconds, so they are timed in alternation: a burst of load from elsewhere on the machine
    # then slows both rather than skewing their ratio.
    times: dict[str, list[float]] = {"analysis": [], "cov": []}
    for _ in range(runs):
        for name, fn in (
            ("analysis", lambda: item_analysis(marks, maxima)),
            ("cov", lambda: np.cov(marks, rowvar=False)),
        ):
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    seconds, cov_seconds = statistics.median(times["analysis"]), statistics.median(times["cov"])
    return {
        "seconds": round(seconds, 4),
        "ratio_to_cov": round(seconds / cov_seconds, 2),
        "cov_seconds": round(cov_seconds, 4),
        "attempts": attempts,
        "items": items,
        "runs": runs,
    }


def bench_validity_study(n: int = 5_000, criteria: int = 10, resamples: int = 1_000) -> dict[str, Any]:
    rng = np.random.default_rng(2)
    names = [f"criterion_{i + 1}" for i in range(criteria)]
    # Correlated ratings on a 1–5 scale, and an outcome driven by a few of them.
    latent = rng.normal(size=(n, 1))
    raw = 0.6 * latent + 0.8 * rng.normal(size=(n, criteria))
    scores = pd.DataFrame(np.clip(np.round(3 + raw), 1, 5), columns=names)
    beta = np.linspace(0.4, 0.0, criteria)
    outcome = pd.Series(raw @ beta + rng.normal(scale=1.5, size=n), name="quota_attainment")
    weights = dict.fromkeys(names, 1.0)
    started = time.perf_counter()
    result = validity_study(scores, outcome, weights, n_bootstrap=resamples, random_state=0)
    seconds = time.perf_counter() - started
    assert result.bootstrap is not None, "the study ran its bootstrap"
    return {
        "seconds": round(seconds, 3),
        "n": n,
        "criteria": criteria,
        "resamples": resamples,
    }
