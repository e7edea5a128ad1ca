"""The composite score: pure arithmetic over criterion weights and interviewers' ratings (no Django)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: float
    scale_min: float
    scale_max: float


@dataclass(frozen=True)
class CriterionSummary:
    mean: float | None
    spread: float | None  # highest minus lowest rating across interviewers
    n: int


@dataclass(frozen=True)
class Composite:
    score: float | None  # 0–1, or None when nothing is rated
    coverage: float  # share of the total weight that has at least one rating
    missing: tuple[int, ...]  # criterion ids without any rating
    per_criterion: dict[int, CriterionSummary] = field(default_factory=dict)


def composite_score(criteria: Sequence[CriterionSpec], ratings: Mapping[int, Iterable[float]]) -> Composite:
    """Σ weight × (mean rating rescaled to 0–1) over rated criteria; unrated criteria add nothing and show in `missing`.

    Weights are used as given (rubric versions store them normalised to sum to 1), so a candidate with
    missing criteria gets a lower score and a coverage below 1 that says why.
    """
    score = 0.0
    covered = 0.0
    total_weight = sum(c.weight for c in criteria)
    missing: list[int] = []
    per: dict[int, CriterionSummary] = {}
    for c in criteria:
        values = [float(v) for v in ratings.get(c.id, ())]
        if not values:
            missing.append(c.id)
            per[c.id] = CriterionSummary(mean=None, spread=None, n=0)
            continue
        mean = sum(values) / len(values)
        per[c.id] = CriterionSummary(mean=mean, spread=max(values) - min(values), n=len(values))
        score += c.weight * (mean - c.scale_min) / (c.scale_max - c.scale_min)
        covered += c.weight
    rated_any = len(missing) < len(criteria)
    return Composite(
        score=score if rated_any else None,
        coverage=(covered / total_weight) if total_weight > 0 else 0.0,
        missing=tuple(missing),
        per_criterion=per,
    )
