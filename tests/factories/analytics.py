"""Hiring histories with known validity, built with bulk inserts so studies of 100+ candidates stay fast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from accounts.models import User
from analytics.models import Metric, PerformanceRecord
from assessments.hiring.models import (
    Candidate,
    Interview,
    Rating,
    Requisition,
    Scorecard,
    SelfIdentification,
    Stage,
    StageChange,
)
from assessments.rubrics.models import RubricVersion
from tests.factories.hiring import make_requisition
from tests.factories.rubrics import make_rubric_version

CRITERIA = ("Discovery", "Coachability", "Charisma")
# Current weights over-weight Charisma, which (below) does not predict quota attainment.
CURRENT_WEIGHTS = (0.2, 0.2, 0.6)
WINDOW = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

_serial = {"n": 0}


@dataclass
class History:
    version: RubricVersion
    requisition: Requisition
    hires: list[Candidate]
    others: list[Candidate]


def make_history(
    *, hires: int = 60, others: int = 40, signal: bool = True, seed: int = 1, months: int = 3
) -> History:
    """Candidates scored on three criteria; hires get quota attainment driven by Discovery and Coachability."""
    rng = np.random.default_rng(seed)
    version = make_rubric_version(names=CRITERIA, weights=CURRENT_WEIGHTS)
    req = make_requisition(rubric_version=version)
    interviewer = req.hiring_manager
    criteria = {c.name: c for c in version.criteria.all()}
    now = timezone.now()
    _serial["n"] += 1
    batch = _serial["n"]
    total = hires + others
    users = User.objects.bulk_create(
        [User(email=f"hire{batch}-{i}@example.com", first_name=f"Hire {i}") for i in range(hires)]
    )
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                requisition=req,
                name=f"Applicant {batch}-{i}",
                email=f"applicant{batch}-{i}@example.com",
                stage=Stage.HIRED if i < hires else Stage.REJECTED,
                stage_changed_at=now,
                user=users[i] if i < hires else None,
            )
            for i in range(total)
        ]
    )
    StageChange.objects.bulk_create(
        [StageChange(candidate=c, from_stage=Stage.INTERVIEWS, to_stage=c.stage, at=now) for c in candidates]
        + [
            StageChange(candidate=c, from_stage=Stage.SCREEN, to_stage=Stage.INTERVIEWS, at=now)
            for c in candidates
        ]
    )
    sexes = ["female", "male"]
    SelfIdentification.objects.bulk_create(
        [
            SelfIdentification(candidate=c, sex=sexes[i % 2], race_ethnicity=["asian", "white"][(i // 2) % 2])
            for i, c in enumerate(candidates)
        ]
    )
    interviews = Interview.objects.bulk_create(
        [Interview(candidate=c, interviewer=interviewer) for c in candidates]
    )
    cards = Scorecard.objects.bulk_create(
        [
            Scorecard(
                interview=iv,
                candidate=iv.candidate,
                interviewer=interviewer,
                rubric_version=version,
                recommendation="yes",
                submitted_at=now,
                locked=True,
            )
            for iv in interviews
        ]
    )
    latent = rng.normal(size=(total, 3))
    ratings = np.clip(np.round(3 + latent), 1, 5)
    Rating.objects.bulk_create(
        [
            Rating(scorecard=card, criterion=criteria[name], value=int(ratings[i, j]))
            for i, card in enumerate(cards)
            for j, name in enumerate(CRITERIA)
        ]
    )
    metric = Metric.objects.get(code="quota_attainment")
    records = []
    for i in range(hires):
        base = 80 + (12 * ratings[i, 0] + 12 * ratings[i, 1] - 72 if signal else 0) + rng.normal(0, 6)
        for m in range(months):
            start = dt.date(2026, m + 1, 1)
            value = float(np.clip(base + rng.normal(0, 4), 0, 1000))
            records.append(
                PerformanceRecord(
                    person=users[i],
                    metric=metric,
                    period_start=start,
                    period_end=start + dt.timedelta(days=27),
                    value=value,
                    source=PerformanceRecord.Source.DEMO,
                )
            )
    PerformanceRecord.objects.bulk_create(records)
    return History(version=version, requisition=req, hires=candidates[:hires], others=candidates[hires:])
