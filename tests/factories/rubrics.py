"""Rubric versions built through the service, so weights are normalised as in real use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assessments.rubrics.models import Rubric, RubricVersion
from assessments.rubrics.services import rubric_create, rubric_version_create


def criterion_spec(name: str, weight: float = 1.0, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "weight": weight,
        "scale_min": 1,
        "scale_max": 5,
        "anchor_low": f"{name}: weak",
        "anchor_mid": f"{name}: solid",
        "anchor_high": f"{name}: outstanding",
        **extra,
    }


def make_rubric_version(
    *,
    names: Sequence[str] = ("Coachability", "Curiosity", "Discovery"),
    weights: Sequence[float] | None = None,
    rubric: Rubric | None = None,
) -> RubricVersion:
    rubric = rubric or rubric_create(name="Test rubric", actor=None)
    weights = weights or [1.0] * len(names)
    return rubric_version_create(
        rubric=rubric,
        criteria=[criterion_spec(n, w) for n, w in zip(names, weights, strict=True)],
        change_note="Test version.",
        actor=None,
    )
