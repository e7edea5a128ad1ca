"""Modified-Angoff cut score arithmetic: per rater, the mark-weighted mean probability that a minimally
competent seller answers each item correctly; the suggestion is the mean over complete raters."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RaterCut:
    rater_id: int
    rated: int
    cut: float | None  # % of marks; None until the rater has rated every item


@dataclass(frozen=True)
class AngoffCut:
    items: int
    raters: list[RaterCut] = field(default_factory=list)

    @property
    def complete(self) -> list[float]:
        return [r.cut for r in self.raters if r.cut is not None]

    @property
    def suggested(self) -> float | None:
        return statistics.fmean(self.complete) if self.complete else None

    @property
    def sd(self) -> float | None:
        return statistics.stdev(self.complete) if len(self.complete) >= 2 else None

    @property
    def low(self) -> float | None:
        return min(self.complete) if self.complete else None

    @property
    def high(self) -> float | None:
        return max(self.complete) if self.complete else None


def angoff_cut(ratings: Mapping[int, Mapping[int, float]], marks: Mapping[int, float]) -> AngoffCut:
    """ratings: rater → item → probability (0..1); marks: item → mark. Pure arithmetic, no database.

    A rater counts toward the suggestion only once they have rated every item (the method asks each judge
    for a judgement on every item); partial raters are reported with their progress."""
    total = sum(marks.values())
    raters = []
    for rater_id, mine in sorted(ratings.items()):
        rated = [item for item in marks if item in mine]
        cut = None
        if total > 0 and len(rated) == len(marks):
            cut = 100 * sum(mine[item] * mark for item, mark in marks.items()) / total
        raters.append(RaterCut(rater_id, len(rated), cut))
    return AngoffCut(items=len(marks), raters=raters)
