"""Simulated sales hiring for checking the validity study: correlated criteria, top-share selection, skewed outcome."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

TRUTH_SAMPLE = 200_000


@dataclass(frozen=True)
class HiringWorld:
    """One population: criteria with correlation `inter_r`, outcome = true composite + skewed noise.

    `validity` is the true composite's r with the outcome among all applicants; selection keeps the top
    `selection_ratio` of applicants on the *current* composite, and only those get an outcome.
    """

    true_weights: np.ndarray
    current_weights: np.ndarray
    inter_r: float = 0.35
    validity: float = 0.3
    selection_ratio: float = 0.3

    @property
    def p(self) -> int:
        return len(self.true_weights)

    def _correlation(self) -> np.ndarray:
        return np.full((self.p, self.p), self.inter_r) + (1 - self.inter_r) * np.eye(self.p)

    def applicants(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        x = rng.multivariate_normal(np.zeros(self.p), self._correlation(), size=n)
        w = self.true_weights / math.sqrt(self.true_weights @ self._correlation() @ self.true_weights)
        # Gamma noise, standardised: quota attainment is right-skewed (a few sellers far above plan).
        shape = 4.0
        noise = (rng.gamma(shape, size=n) - shape) / math.sqrt(shape)
        y = self.validity * (x @ w) + math.sqrt(1 - self.validity**2) * noise
        return x, y

    def hires(self, n_hires: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(hires' scores, hires' outcomes, all applicants' scores) for `n_hires` hires."""
        n_applicants = math.ceil(n_hires / self.selection_ratio)
        x, y = self.applicants(n_applicants, rng)
        order = np.argsort(-(x @ self.current_weights), kind="stable")[:n_hires]
        return x[order], y[order], x

    def true_gain(self, seed: int = 12345) -> float:
        """ρ(best linear weights) − ρ(current weights) among hires, from one very large draw."""
        x, y, _ = self.hires(TRUTH_SAMPLE, np.random.default_rng(seed))
        xc, yc = x - x.mean(axis=0), y - y.mean()
        beta, *_ = np.linalg.lstsq(xc, yc, rcond=None)
        r_best = float(np.corrcoef(xc @ beta, yc)[0, 1])
        r_current = float(np.corrcoef(xc @ self.current_weights, yc)[0, 1])
        return r_best - r_current


def frames(
    x: np.ndarray, y: np.ndarray, applicants: np.ndarray
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    columns = [f"c{i}" for i in range(x.shape[1])]
    return (
        pd.DataFrame(x, columns=columns),
        pd.Series(y, name="outcome"),
        pd.DataFrame(applicants, columns=columns),
    )


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / math.sqrt(float(a @ a) * float(b @ b)))
