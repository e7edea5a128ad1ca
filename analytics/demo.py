"""Demo performance: 12 months of quota and manager ratings for the demo hires with known validity, and a study of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Avg, Count, Max
from django.utils import timezone

from assessments.hiring.models import Candidate, Rating, Stage
from assessments.rubrics.demo import sales_hiring_version

from . import selectors
from .demo_history import MONTHS_BACK, seed_hiring_history
from .models import Metric, PerformanceRecord, PredictorFamily, ValidityStudy
from .services import study_create, study_run

DEMO_PREFIX = "demo-perf-"
# Records for people who were not hired through the demo requisitions but took exams or were coached.
OTHERS_PREFIX = "demo-perf-x-"
# Two criteria carry the signal, one (weighted heavily by the demo rubric) carries none.
PREDICTIVE = ("Coachability", "Discovery")
USELESS = "Prior success"
MONTHS = 12
# Quota points per rating point of signal, and the person-level noise: a composite validity near .3, as sales
# hiring sees (not .9); 80 hires alone cannot show it, the pooled history (demo_history) can.
EFFECT = 5.0
NOISE = 12.0
# Exam takers' and coached sellers' quota keeps its earlier, tighter link to their scores.
PREDICTOR_NOISE = 4.0


def _month_starts(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(MONTHS, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        starts.append(dt.date(year, month + 1, 1))
    return starts


def _month_end(start: dt.date) -> dt.date:
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@transaction.atomic
def seed_performance(*, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    starts = _month_starts(today)
    seed_hiring_history(today=today)
    _seed_hiring_performance(starts)
    _seed_predictor_performance(starts)


def _seed_hiring_performance(starts: list[dt.date]) -> None:
    if (
        PerformanceRecord.objects.filter(external_id__startswith=DEMO_PREFIX)
        .exclude(external_id__startswith=OTHERS_PREFIX)
        .exists()
    ):
        return
    hires = list(
        Candidate.objects.filter(stage=Stage.HIRED, user__isnull=False)
        .order_by("pk")
        .values_list("pk", "user_id")
    )
    if not hires:
        return
    means: dict[tuple[int, str], float] = {
        (row["scorecard__candidate_id"], row["criterion__name"]): float(row["mean"])
        for row in Rating.objects.filter(
            scorecard__candidate_id__in=[c for c, _u in hires],
            scorecard__submitted_at__isnull=False,
            value__isnull=False,
        )
        .values("scorecard__candidate_id", "criterion__name")
        .annotate(mean=Avg("value"))
        .order_by()
    }
    quota = Metric.objects.get(code="quota_attainment")
    rating = Metric.objects.get(code="manager_rating")
    rng = np.random.default_rng(2026)
    records: list[PerformanceRecord] = []
    for candidate_id, user_id in hires:
        signal = sum(means.get((candidate_id, name), 3.0) - 3.0 for name in PREDICTIVE)
        # Deliberately no term for USELESS: its ratings vary but do not move performance.
        level = 85 + EFFECT * signal + rng.normal(0, NOISE)
        for start in starts:
            value = float(np.clip(level + rng.normal(0, 6), 0, 300))
            records.append(
                PerformanceRecord(
                    person_id=user_id,
                    metric=quota,
                    period_start=start,
                    period_end=_month_end(start),
                    value=round(value, 1),
                    source=PerformanceRecord.Source.DEMO,
                    external_id=f"{DEMO_PREFIX}{user_id}-quota-{start:%Y-%m}",
                )
            )
        manager = float(np.clip(np.round(3 + 0.6 * signal + rng.normal(0, 0.6)), 1, 5))
        records.append(
            PerformanceRecord(
                person_id=user_id,
                metric=rating,
                period_start=starts[0],
                period_end=_month_end(starts[-1]),
                value=manager,
                source=PerformanceRecord.Source.DEMO,
                external_id=f"{DEMO_PREFIX}{user_id}-rating",
            )
        )
    PerformanceRecord.objects.bulk_create(records)
    _seed_study(starts)


def _seed_study(starts: list[dt.date]) -> ValidityStudy | None:
    """Two finished quota studies, run here rather than on a worker so the analyst sees results straight away.

    One recent requisition on its own (too few hires: "insufficient — N more hires") and every requisition of
    the rubric pooled over 18 months (several hundred hires: enough to show the re-weighting helps).
    """
    from assessments.hiring.models import Requisition

    version = sales_hiring_version()
    if version is None:
        return None
    quota = Metric.objects.get(code="quota_attainment")
    requisitions = list(Requisition.objects.filter(rubric_version=version).order_by("pk"))
    recent = [r for r in requisitions if r.status == Requisition.Status.OPEN][:1]
    study = None
    for chosen, first in ((recent, starts[0]), (requisitions, _months_before(starts[-1], MONTHS_BACK - 1))):
        if not chosen:
            continue
        study = study_create(
            family=PredictorFamily.HIRING,
            metric=quota,
            period_from=first,
            period_to=_month_end(starts[-1]),
            actor=None,
            rubric_version=version,
            requisitions=chosen,
        )
        # The queued task that fires on commit finds the study done and leaves it alone.
        study = study_run(study_id=study.pk)
    return study


def _months_before(start: dt.date, months: int) -> dt.date:
    year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
    return dt.date(year, month + 1, 1)


def _seed_predictor_performance(starts: list[dt.date]) -> None:
    """Performance for exam takers and coached sellers who have none, loosely following their scores.

    Then one finished exam study and one coaching study, so both family pages open on a result.
    """
    from assessments.exams.models import Attempt
    from coaching.models import SessionRating

    if PerformanceRecord.objects.filter(external_id__startswith=OTHERS_PREFIX).exists():
        return
    best: dict[int, list[float]] = {}
    for user_id, score in (
        Attempt.objects.filter(state=Attempt.State.SUBMITTED, score__isnull=False)
        .values("user_id", "exam_id")
        .annotate(best=Max("score"))
        .order_by()
        .values_list("user_id", "best")
    ):
        best.setdefault(user_id, []).append(float(score))
    exam_means = {user_id: sum(scores) / len(scores) for user_id, scores in best.items()}
    coach_means = dict(
        SessionRating.objects.filter(
            rater=SessionRating.Rater.COACH, session__coach_submitted_at__isnull=False
        )
        .values("session__engagement__seller_id")
        .annotate(mean=Avg("rating"))
        .order_by()
        .values_list("session__engagement__seller_id", "mean")
    )
    have = set(
        PerformanceRecord.objects.filter(person_id__in=set(exam_means) | set(coach_means)).values_list(
            "person_id", flat=True
        )
    )
    people = sorted((set(exam_means) | set(coach_means)) - have)
    quota = Metric.objects.get(code="quota_attainment")
    rng = np.random.default_rng(2027)
    records: list[PerformanceRecord] = []
    for user_id in people:
        # Exam knowledge and coached skill both help; the noise keeps either from explaining everything.
        level = (
            85 + 0.8 * (exam_means.get(user_id, 70.0) - 70) + 8 * (float(coach_means.get(user_id, 3.0)) - 3)
        )
        level += rng.normal(0, PREDICTOR_NOISE)
        for start in starts:
            records.append(
                PerformanceRecord(
                    person_id=user_id,
                    metric=quota,
                    period_start=start,
                    period_end=_month_end(start),
                    value=round(float(np.clip(level + rng.normal(0, 6), 0, 300)), 1),
                    source=PerformanceRecord.Source.DEMO,
                    external_id=f"{OTHERS_PREFIX}{user_id}-quota-{start:%Y-%m}",
                )
            )
    PerformanceRecord.objects.bulk_create(records)
    window: dict[str, Any] = {
        "metric": quota,
        "period_from": starts[0],
        "period_to": _month_end(starts[-1]),
        "actor": None,
    }
    exams = list(selectors.certifying_exams_with_scores())
    if exams and not ValidityStudy.objects.filter(family=PredictorFamily.EXAM).exists():
        # The exam most people took: people who skipped a chosen exam drop out of the comparison.
        taken = dict(
            Attempt.objects.filter(exam__in=exams, state=Attempt.State.SUBMITTED)
            .values("exam_id")
            .annotate(n=Count("user_id", distinct=True))
            .order_by()
            .values_list("exam_id", "n")
        )
        widest = max(exams, key=lambda e: (taken.get(e.pk, 0), -e.pk))
        study = study_create(family=PredictorFamily.EXAM, exams=[widest], **window)
        study_run(study_id=study.pk)
    version = selectors.coaching_versions_for_studies().first()
    if version is not None and not ValidityStudy.objects.filter(family=PredictorFamily.COACHING).exists():
        study = study_create(family=PredictorFamily.COACHING, rubric_version=version, **window)
        study_run(study_id=study.pk)
