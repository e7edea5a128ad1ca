"""Reads for analytics: the data a study needs, gathered in a fixed number of queries, and list pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db.models import Avg, QuerySet

from accounts.models import User
from accounts.selectors import user_has_role
from assessments.hiring.models import Candidate, Rating, SelfIdentification, Stage, StageChange
from assessments.rubrics.models import RubricVersion

from .models import Metric, PerformanceRecord, ValidityStudy, WeightProposal

ANALYTICS_ROLES = ("analyst", "admin")
PASSED_SCREEN = {Stage.INTERVIEWS, Stage.OFFER, Stage.HIRED}
OFFERED = {Stage.OFFER, Stage.HIRED}


def analytics_allowed(user: User) -> bool:
    return bool(user.is_superuser or user_has_role(user, *ANALYTICS_ROLES))


def metrics() -> QuerySet[Metric]:
    return Metric.objects.order_by("name")


def studies() -> QuerySet[ValidityStudy]:
    return ValidityStudy.objects.select_related("outcome", "rubric_version__rubric", "exam", "created_by")


def study_with_proposals(*, pk: int) -> ValidityStudy | None:
    return studies().prefetch_related("proposals__reviewer").filter(pk=pk).first()


def proposal(*, pk: int) -> WeightProposal | None:
    return (
        WeightProposal.objects.select_related("study__outcome", "study__rubric_version__rubric", "reviewer")
        .filter(pk=pk)
        .first()
    )


def rubric_versions_for_studies() -> QuerySet[RubricVersion]:
    """Hiring rubric versions that have been used for at least one requisition."""
    return (
        RubricVersion.objects.select_related("rubric")
        .filter(requisitions__isnull=False)
        .distinct()
        .order_by("rubric__name", "-number")
    )


@dataclass
class HiringStudyData:
    """Everything a hiring study reads; frames are indexed by candidate id."""

    current_weights: dict[str, float]
    applicant_scores: pd.DataFrame
    hires: pd.DataFrame  # candidate id → user id
    outcome: pd.Series  # indexed by candidate id (hires with a value in the window only)
    stages: pd.DataFrame  # candidate id → passed_screen, offered, hired (bool)
    groups: pd.DataFrame  # candidate id → sex, race_ethnicity (aggregates are computed from it, never shown)
    declined: int
    hires_without_outcome: int
    notes: list[str] = field(default_factory=list)


def hiring_study_data(
    *, rubric_version: RubricVersion, metric: Metric, period_from: dt.date, period_to: dt.date
) -> HiringStudyData:
    """Six queries: criteria, per-criterion mean ratings, candidates, stage history, self-ID, outcomes."""
    criteria = list(rubric_version.criteria.order_by("position", "id").values_list("name", "weight"))
    current_weights = {name: float(w) for name, w in criteria}
    names = [name for name, _w in criteria]

    ratings = (
        Rating.objects.filter(
            scorecard__rubric_version=rubric_version,
            scorecard__submitted_at__isnull=False,
            value__isnull=False,
        )
        .values("scorecard__candidate_id", "criterion__name")
        .annotate(mean=Avg("value"))
        .order_by()
    )
    long = pd.DataFrame.from_records(
        list(ratings), columns=["scorecard__candidate_id", "criterion__name", "mean"]
    )
    applicant_scores = (
        long.pivot_table(index="scorecard__candidate_id", columns="criterion__name", values="mean")
        .reindex(columns=names)
        .astype(float)
    )
    applicant_scores.index.name = "candidate"
    applicant_scores.columns.name = None

    candidates = list(
        Candidate.objects.filter(requisition__rubric_version=rubric_version).values_list(
            "pk", "stage", "user_id"
        )
    )
    ids = [pk for pk, _s, _u in candidates]
    reached: dict[int, set[str]] = {pk: {stage} for pk, stage, _u in candidates}
    for cand_id, to_stage in StageChange.objects.filter(candidate_id__in=ids).values_list(
        "candidate_id", "to_stage"
    ):
        reached[cand_id].add(to_stage)
    stages = pd.DataFrame(
        {
            "passed_screen": [bool(reached[pk] & PASSED_SCREEN) for pk in ids],
            "offered": [bool(reached[pk] & OFFERED) for pk in ids],
            "hired": [stage == Stage.HIRED for _pk, stage, _u in candidates],
        },
        index=pd.Index(ids, name="candidate"),
    )
    declined = sum(1 for _pk, stage, _u in candidates if stage == Stage.DECLINED)

    self_id = dict(
        (cid, (sex, eth))
        for cid, sex, eth in SelfIdentification.objects.filter(candidate_id__in=ids).values_list(
            "candidate_id", "sex", "race_ethnicity"
        )
    )
    groups = pd.DataFrame(
        {
            "sex": [self_id.get(pk, ("unknown", "unknown"))[0] for pk in ids],
            "race_ethnicity": [self_id.get(pk, ("unknown", "unknown"))[1] for pk in ids],
        },
        index=pd.Index(ids, name="candidate"),
    )

    hired = [(pk, user_id) for pk, stage, user_id in candidates if stage == Stage.HIRED and user_id]
    hires = pd.DataFrame(
        {"user": [u for _c, u in hired]}, index=pd.Index([c for c, _u in hired], name="candidate")
    )
    means = dict(
        PerformanceRecord.objects.filter(
            metric=metric,
            person_id__in=[u for _c, u in hired],
            period_start__gte=period_from,
            period_end__lte=period_to,
        )
        .values("person_id")
        .annotate(mean=Avg("value"))
        .order_by()
        .values_list("person_id", "mean")
    )
    outcome = pd.Series(
        {c: float(means[u]) for c, u in hired if u in means}, name="outcome", dtype=float
    ).rename_axis("candidate")
    return HiringStudyData(
        current_weights=current_weights,
        applicant_scores=applicant_scores,
        hires=hires,
        outcome=outcome,
        stages=stages,
        groups=groups,
        declined=declined,
        hires_without_outcome=len(hired) - len(outcome),
    )


def performance_summary() -> list[dict[str, Any]]:
    """Per metric: how many records and people (one query)."""
    from django.db.models import Count, Max

    from .models import METRIC_LABELS

    rows = list(
        Metric.objects.annotate(
            record_count=Count("records"),
            people=Count("records__person", distinct=True),
            latest=Max("records__period_end"),
        )
        .order_by("name")
        .values("pk", "code", "name", "unit", "record_count", "people", "latest")
    )
    for row in rows:
        row["label"] = METRIC_LABELS.get(row["code"], row["name"])
    return rows


RAMP_TARGET = 100.0  # quota attainment %, the "ramped" bar for the funnel


def funnel_by_requisition() -> list[dict[str, Any]]:
    """Candidates → hired → certified → ramped per requisition, with conversion rates (one query)."""
    from django.db.models import Count, Q

    from assessments.exams.models import Certification
    from assessments.hiring.models import Requisition

    hired = Q(candidates__stage=Stage.HIRED)
    certified = hired & Q(
        candidates__user__certifications__status__in=[
            Certification.Status.VALID,
            Certification.Status.RECERT_DUE,
        ]
    )
    ramped = hired & Q(
        candidates__user__performance_records__metric__code="quota_attainment",
        candidates__user__performance_records__value__gte=RAMP_TARGET,
    )
    rows = list(
        Requisition.objects.select_related("team")
        .annotate(
            n_candidates=Count("candidates", distinct=True),
            n_hired=Count("candidates", filter=hired, distinct=True),
            n_certified=Count("candidates", filter=certified, distinct=True),
            n_ramped=Count("candidates", filter=ramped, distinct=True),
        )
        .order_by("-opened_at", "-id")
    )
    return [
        {
            "requisition": r.title,
            "team": str(r.team),
            "cohort": r.opened_at.strftime("%Y-%m"),
            "candidates": r.n_candidates,
            "hired": r.n_hired,
            "certified": r.n_certified,
            "ramped": r.n_ramped,
            "hire_rate": _rate(r.n_hired, r.n_candidates),
            "certified_rate": _rate(r.n_certified, r.n_hired),
            "ramped_rate": _rate(r.n_ramped, r.n_hired),
        }
        for r in rows
    ]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def exam_health() -> list[dict[str, Any]]:
    """Per exam with an item analysis: items analysed and items flagged (one query)."""
    from assessments.exams.models import ItemAnalysisResult

    rows = []
    for result in ItemAnalysisResult.objects.select_related("exam").order_by("exam_id"):
        items = result.payload.get("items", []) if isinstance(result.payload, dict) else []
        rows.append(
            {
                "exam": str(result.exam),
                "attempts": result.attempts_count,
                "items": len(items),
                "flagged": sum(1 for item in items if item.get("flags")),
                "computed_at": result.computed_at,
            }
        )
    return rows


def readiness_by_team() -> list[dict[str, Any]]:
    """Per team: members, and how many hold a valid certification, are being coached, hold a qualification (one query)."""
    from django.db.models import Count, Q

    from accounts.models import OrgUnit
    from assessments.exams.models import Certification

    member = "memberships__user"
    rows = (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM)
        .annotate(
            n_members=Count(member, distinct=True),
            n_certified=Count(
                member,
                filter=Q(
                    memberships__user__certifications__status__in=[
                        Certification.Status.VALID,
                        Certification.Status.RECERT_DUE,
                    ]
                ),
                distinct=True,
            ),
            n_coached=Count(
                member, filter=Q(memberships__user__coaching_received__isnull=False), distinct=True
            ),
            n_qualified=Count(
                member,
                filter=Q(
                    memberships__user__qualification_grants__isnull=False,
                    memberships__user__qualification_grants__revoked_at__isnull=True,
                ),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    return [
        {
            "team": team.name,
            "members": team.n_members,
            "certified": team.n_certified,
            "coached": team.n_coached,
            "qualified": team.n_qualified,
            "certified_rate": _rate(team.n_certified, team.n_members),
            "coached_rate": _rate(team.n_coached, team.n_members),
            "qualified_rate": _rate(team.n_qualified, team.n_members),
        }
        for team in rows
    ]
