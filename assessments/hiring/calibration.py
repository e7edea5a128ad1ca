"""Rater calibration for a requisition: loads the submitted ratings in one query and hands them to stats.reliability."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Candidate, Rating, Requisition
from .selectors import candidates_held_from

LENIENCY_FLAG = 0.5  # scale points away from the panel mean


def alpha_interpretation(alpha: float) -> tuple[str | Promise, str]:
    """Krippendorff's own thresholds: ≥ .800 reliable, ≥ .667 tentative conclusions only, below that unreliable."""
    if math.isnan(alpha):
        return _("not enough overlapping ratings"), ""
    if alpha >= 0.8:
        return _("reliable"), "ok"
    if alpha >= 0.667:
        return _("tentative — draw only cautious conclusions"), "warn"
    return _("unreliable — interviewers disagree; calibrate before relying on this criterion"), "bad"


@dataclass
class RaterRow:
    name: str
    n: int
    leniency: float | None
    sd: float | None
    flagged: bool


@dataclass
class CriterionCalibration:
    name: str
    scale: list[int]
    n_ratings: int
    alpha: float
    interpretation: str | Promise
    tone: str
    raters: list[RaterRow]
    distribution: list[tuple[int, int, float]]  # (rating, count, share of the largest bar 0–100)


def requisition_calibration(*, requisition: Requisition, viewer: User) -> list[CriterionCalibration]:
    """Agreement per criterion over the submitted ratings `viewer` may already see.

    Candidates for whom the viewer's own scorecard is still pending are left out entirely (the candidate
    page's independence rule, `selectors.candidates_held_from`): otherwise reloading this page after a
    colleague submits would reveal their ratings through the changed counts, bars and leniencies.
    """
    import numpy as np
    import pandas as pd

    from stats.reliability import krippendorff_alpha, rater_effects

    criteria = list(requisition.rubric_version.criteria.order_by("position", "id"))
    rows = list(
        Rating.objects.filter(
            scorecard__candidate__requisition=requisition,
            scorecard__submitted_at__isnull=False,
            value__isnull=False,
        )
        .exclude(scorecard__candidate_id__in=candidates_held_from(viewer))
        .values_list("scorecard__interviewer_id", "scorecard__candidate_id", "criterion_id", "value")
    )
    names = {
        u.pk: u.display_name
        for u in User.objects.filter(pk__in={r[0] for r in rows}).only("first_name", "last_name", "email")
    }
    frame = pd.DataFrame(rows, columns=["rater", "unit", "criterion", "rating"])
    result = []
    for c in criteria:
        part = frame[frame["criterion"] == c.pk]
        alpha = float("nan")
        raters: list[RaterRow] = []
        if len(part):
            matrix = part.pivot_table(index="rater", columns="unit", values="rating", aggfunc="mean")
            if matrix.shape[0] >= 2:
                alpha = krippendorff_alpha(matrix.to_numpy(dtype=np.float64), level="interval")
            effects = rater_effects(part, scale_min=c.scale_min, scale_max=c.scale_max)
            for rater_id, eff in effects.sort_values("leniency", na_position="last").iterrows():
                leniency = None if pd.isna(eff["leniency"]) else float(eff["leniency"])
                raters.append(
                    RaterRow(
                        name=names.get(int(rater_id), "?"),
                        n=int(eff["n"]),
                        leniency=leniency,
                        sd=None if pd.isna(eff["sd"]) else float(eff["sd"]),
                        flagged=leniency is not None and abs(leniency) > LENIENCY_FLAG,
                    )
                )
        counts = part["rating"].value_counts().to_dict() if len(part) else {}
        top = max(counts.values(), default=0)
        distribution = [
            (v, int(counts.get(v, 0)), (100.0 * counts.get(v, 0) / top) if top else 0.0) for v in c.scale
        ]
        label, tone = alpha_interpretation(alpha)
        result.append(
            CriterionCalibration(
                name=c.name,
                scale=c.scale,
                n_ratings=int(len(part)),
                alpha=alpha,
                interpretation=label,
                tone=tone,
                raters=raters,
                distribution=distribution,
            )
        )
    return result


def calibration_context(*, requisition: Requisition, viewer: User) -> dict[str, Any]:
    # Depends only on the viewer's own scorecards, so showing it reveals nothing about anyone else's.
    held = Candidate.objects.filter(requisition=requisition, pk__in=candidates_held_from(viewer)).count()
    return {
        "criteria": requisition_calibration(requisition=requisition, viewer=viewer),
        "flag": LENIENCY_FLAG,
        "held": held,
    }
