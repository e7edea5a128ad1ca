"""Reads for analytics: the data a study needs, gathered in a fixed number of queries, and list pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from assessments.hiring.models import (
    Candidate,
    Rating,
    Requisition,
    SelfIdentification,
    Stage,
    StageChange,
)
from assessments.rubrics.models import RubricVersion

from .models import METRIC_LABELS, Metric, PerformanceRecord, ValidityStudy, WeightProposal
from .tallies import PathPlan, Tally, completion_tallies, path_plan

# pandas is imported inside the functions that build a study's data: AppConfig.ready imports this module, and every
# process (migrate, seed_demo, runserver, each test worker) would otherwise pay for pandas' import up front.
if TYPE_CHECKING:
    import pandas as pd

ANALYTICS_ROLES = (Role.ANALYST, Role.ADMIN)
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


def _no_requisitions() -> pd.Series:
    import pandas as pd

    return pd.Series(dtype=int)


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
    requisition: pd.Series = field(default_factory=_no_requisitions)  # candidate id → requisition id
    ramp: pd.DataFrame | None = None  # for ramp days: candidate id → duration, event, left (see ramp_outcome)


def requisitions_for_pooling(*, rubric_version: RubricVersion | None = None) -> QuerySet[Requisition]:
    """Requisitions a hiring study may pool: those scored on any version of the same rubric (its family)."""
    qs = Requisition.objects.select_related("team", "rubric_version__rubric").order_by("-opened_at", "-id")
    if rubric_version is not None:
        qs = qs.filter(rubric_version__rubric_id=rubric_version.rubric_id)
    return qs


def hiring_study_data(
    *,
    rubric_version: RubricVersion,
    metric: Metric,
    period_from: dt.date,
    period_to: dt.date,
    requisition_ids: Sequence[int] | None = None,
) -> HiringStudyData:
    """Six queries: criteria, per-criterion mean ratings, candidates, stage history, self-ID, outcomes.

    Without `requisition_ids` the study reads every requisition on `rubric_version`; with them it pools
    those requisitions (any version of the same rubric, matched on criterion name) and `requisition` says
    which one each candidate came through, for the study's strata.
    """
    import pandas as pd

    criteria = list(rubric_version.criteria.order_by("position", "id").values_list("name", "weight"))
    current_weights = {name: float(w) for name, w in criteria}
    names = [name for name, _w in criteria]

    if requisition_ids:
        rating_scope: dict[str, Any] = {
            "scorecard__candidate__requisition_id__in": list(requisition_ids),
            "scorecard__rubric_version__rubric_id": rubric_version.rubric_id,
            "criterion__name__in": names,
        }
        candidate_scope: dict[str, Any] = {"requisition_id__in": list(requisition_ids)}
    else:
        rating_scope = {"scorecard__rubric_version": rubric_version}
        candidate_scope = {"requisition__rubric_version": rubric_version}
    ratings = (
        Rating.objects.filter(
            scorecard__submitted_at__isnull=False,
            value__isnull=False,
            **rating_scope,
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

    rows = list(
        Candidate.objects.filter(**candidate_scope).values_list("pk", "stage", "user_id", "requisition_id")
    )
    candidates = [(pk, stage, user_id) for pk, stage, user_id, _r in rows]
    requisition = pd.Series({pk: req for pk, _s, _u, req in rows}, dtype=int, name="requisition").rename_axis(
        "candidate"
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
    ramp = None
    if metric.code == RAMP_METRIC:
        ramp = ramp_outcome(hired=hired, period_from=period_from, period_to=period_to)
        outcome = ramp.loc[ramp["event"], "duration"].astype(float).rename("outcome")
    else:
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
        hires_without_outcome=len(hired) - len(outcome) if ramp is None else len(hired) - len(ramp),
        requisition=requisition,
        ramp=ramp,
    )


RAMP_METRIC = "ramp_days"
QUOTA_METRIC = "quota_attainment"


def ramp_outcome(
    *,
    hired: Sequence[tuple[int, int]],
    period_from: dt.date,
    period_to: dt.date,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Ramp days derived from monthly quota records (one query), per hired candidate.

    Columns `duration` (days from start), `event` (reached RAMPED_AT % in a month) and `left` (the account
    is deactivated: a leaver, whose follow-up ends the day it was deactivated, or with their last quota month
    for an account deactivated before that day was recorded). Start is the person's start
    date, else their first quota month. Nobody is dropped here; whether a leaver who never ramped is
    censored or dropped is the metric's `censored_on_leave` choice, made by the study.
    """
    import pandas as pd
    from django.utils import timezone

    from stats.survival import ramp_table

    users = {u: c for c, u in hired}
    rows = list(
        PerformanceRecord.objects.filter(
            metric__code=QUOTA_METRIC,
            person_id__in=list(users),
            period_start__gte=period_from,
            period_end__lte=period_to,
        )
        .order_by("person_id", "period_start")
        .values_list(
            "person_id",
            "period_start",
            "period_end",
            "value",
            "person__start_date",
            "person__is_active",
            "person__deactivated_on",
        )
    )
    records = pd.DataFrame(
        [(users[u], s, e, v) for u, s, e, v, _d, _a, _o in rows],
        columns=["person", "period_start", "period_end", "value"],
    )
    starts: dict[int, dt.date] = {}
    left_on: dict[int, dt.date] = {}
    for u, s, e, _v, start_date, active, deactivated_on in rows:
        c = users[u]
        starts.setdefault(c, start_date or s)
        if not active:
            left_on[c] = deactivated_on or max(left_on.get(c, e), e)
    as_of = min(period_to, today or timezone.localdate())
    table = ramp_table(
        records, pd.Series(starts, dtype=object), pd.Series(left_on, dtype=object), as_of=as_of
    )
    table["left"] = [c in left_on for c in table.index]
    table.index.name = "candidate"
    return table


def performance_summary() -> list[dict[str, Any]]:
    """Per metric: how many records and people (one query)."""
    from django.db.models import Count, Max

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


def held_certifications(*, now: dt.datetime | None = None) -> QuerySet[Any]:
    """User ids holding a certification now (valid or due for recertification, not past its expiry date)."""
    from assessments.exams.models import Certification

    return (
        Certification.objects.filter(status__in=[Certification.Status.VALID, Certification.Status.RECERT_DUE])
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now()))
        .order_by()
        .values("user_id")
    )


def funnel_by_requisition(*, plan: PathPlan | None = None) -> list[dict[str, Any]]:
    """Candidates → hired → onboarding complete → certified → ramped per requisition, with conversion rates.

    Each stage counts people of the stage before it, so the counts can only go down: "certified" means
    onboarded and holding a valid certification, "ramped" means certified and at quota. (Counted
    independently, a hire certified before finishing the path made "certified" exceed "onboarded".)
    Two queries (the requisitions with their counts, the hires' onboarding tallied in the database), plus the
    path plan's 2 unless the caller passes it in.
    """
    from assessments.hiring.models import Requisition

    now = timezone.now()
    # One join to candidates only, so plain counts are the distinct ones (no DISTINCT sort over every candidate).
    rows = list(
        Requisition.objects.select_related("team")
        .annotate(
            n_candidates=Count("candidates"),
            n_hired=Count("candidates", filter=Q(candidates__stage=Stage.HIRED)),
        )
        .order_by("-opened_at", "-id")
    )
    hires = Candidate.objects.filter(stage=Stage.HIRED, user__isnull=False)
    ramped = (
        PerformanceRecord.objects.filter(metric__code=QUOTA_METRIC, value__gte=RAMP_TARGET)
        .order_by()
        .values("person_id")
    )
    tallies = completion_tallies(
        hires,
        group="requisition_id",
        plan=plan or path_plan(),
        flags={"certified": held_certifications(now=now), "ramped": ramped},
        chains=(("certified",), ("certified", "ramped")),
        now=now,
    )
    out = []
    for r in rows:
        tally = tallies.get(r.pk, Tally())
        chained = tally.complete_flagged or {}
        onboarded = tally.complete
        certified = chained.get(("certified",), 0)
        at_quota = chained.get(("certified", "ramped"), 0)
        out.append(
            {
                "requisition": r.title,
                "team": str(r.team),
                "cohort": r.opened_at.strftime("%Y-%m"),
                "candidates": r.n_candidates,
                "hired": r.n_hired,
                "onboarded": onboarded,
                "certified": certified,
                "ramped": at_quota,
                "hire_rate": _rate(r.n_hired, r.n_candidates),
                "onboarded_rate": _rate(onboarded, r.n_hired),
                "certified_rate": _rate(certified, r.n_hired),
                "ramped_rate": _rate(at_quota, r.n_hired),
            }
        )
    return out


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


def readiness_by_team(*, plan: PathPlan | None = None) -> list[dict[str, Any]]:
    """Per team: members, path progress, and how many finished onboarding, hold a valid certification, are
    being coached and hold a qualification.

    Two queries (the teams, their members tallied in the database), plus the path plan's 2 unless the caller
    passes it in.
    """
    from accounts.models import Membership, OrgUnit
    from coaching.models import Engagement, QualificationGrant

    now = timezone.now()
    teams = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).order_by("name").values_list("pk", "name"))
    # A membership is unique per person and team, so each row is one member.
    members = Membership.objects.filter(org_unit__kind=OrgUnit.Kind.TEAM)
    tallies = completion_tallies(
        members,
        group="org_unit_id",
        plan=plan or path_plan(),
        flags={
            "certified": held_certifications(now=now),
            "coached": Engagement.objects.order_by().values("seller_id"),
            "qualified": QualificationGrant.objects.filter(revoked_at__isnull=True)
            .order_by()
            .values("seller_id"),
        },
        now=now,
    )
    out = []
    for pk, name in teams:
        tally = tallies.get(pk, Tally())
        flagged = tally.flagged or {}
        n = tally.people
        certified, coached, qualified = (flagged.get(f, 0) for f in ("certified", "coached", "qualified"))
        out.append(
            {
                "team": name,
                "members": n,
                "path_progress": (100 * tally.done) // tally.total if tally.total else None,
                "onboarded": tally.complete,
                "onboarded_rate": _rate(tally.complete, n),
                "certified": certified,
                "coached": coached,
                "qualified": qualified,
                "certified_rate": _rate(certified, n),
                "coached_rate": _rate(coached, n),
                "qualified_rate": _rate(qualified, n),
            }
        )
    return out


# --- exam and coaching predictor families ----------------------------------------------------------


class ScoreRule:
    BEST = "best"
    FIRST = "first"


@dataclass
class PredictorStudyData:
    """Scores of one predictor family: one row per person (user id), one column per predictor."""

    current_weights: dict[str, float]
    scores: pd.DataFrame
    outcome: pd.Series  # indexed by user id (people with scores and a value in the window only)
    scored_without_outcome: int


def _mean_outcomes(
    *, metric: Metric, person_ids: list[int], period_from: dt.date, period_to: dt.date
) -> dict[int, float]:
    return {
        person: float(mean)
        for person, mean in PerformanceRecord.objects.filter(
            metric=metric,
            person_id__in=person_ids,
            period_start__gte=period_from,
            period_end__lte=period_to,
        )
        .values("person_id")
        .annotate(mean=Avg("value"))
        .order_by()
        .values_list("person_id", "mean")
    }


def _predictor_data(
    long: pd.DataFrame, names: list[str], weights: dict[str, float], outcomes: dict[int, float]
) -> PredictorStudyData:
    import pandas as pd

    if long.empty:
        scores = pd.DataFrame(columns=names, dtype=float)
    else:
        scores = long.pivot_table(index="person", columns="predictor", values="score").reindex(columns=names)
    scores = scores.astype(float)
    scores.index.name = "person"
    scores.columns.name = None
    outcome = pd.Series(
        {p: outcomes[p] for p in scores.index if p in outcomes}, name="outcome", dtype=float
    ).rename_axis("person")
    return PredictorStudyData(
        current_weights=weights,
        scores=scores,
        outcome=outcome,
        scored_without_outcome=int(len(scores) - len(outcome)),
    )


def exam_label(title: str, slug: str, titles: list[str]) -> str:
    """Exam titles label the predictors; two exams with one title are told apart by their slug."""
    return f"{title} ({slug})" if titles.count(title) > 1 else title


def certifying_exams_with_scores() -> QuerySet[Any]:
    """Certifying exams that have at least one scored, submitted attempt (the choices for an exam study)."""
    from assessments.exams.models import Attempt, Exam

    return (
        Exam.objects.filter(
            certifying=True,
            attempts__state=Attempt.State.SUBMITTED,
            attempts__score__isnull=False,
        )
        .distinct()
        .order_by("title_en", "pk")  # one order in every language: the English original
    )


def exam_study_data(
    *, exam_ids: list[int], metric: Metric, period_from: dt.date, period_to: dt.date, rule: str
) -> PredictorStudyData:
    """Three queries: the exams, every scored submitted attempt on them, outcomes. Exams weigh equally."""
    import pandas as pd

    from assessments.exams.models import Attempt, Exam

    exams = list(
        Exam.objects.filter(pk__in=exam_ids).order_by("title_en", "pk").values_list("pk", "title", "slug")
    )
    titles = [t for _pk, t, _s in exams]
    label = {pk: exam_label(title, slug, titles) for pk, title, slug in exams}
    names = [label[pk] for pk, _t, _s in exams]
    picked: dict[tuple[int, int], float] = {}
    attempts = (
        Attempt.objects.filter(exam_id__in=list(label), state=Attempt.State.SUBMITTED, score__isnull=False)
        .order_by("submitted_at", "number", "pk")
        .values_list("user_id", "exam_id", "score")
    )
    for user_id, exam_id, score in attempts:
        if score is None:  # excluded by the filter; narrows the type
            continue
        key = (user_id, exam_id)
        if rule == ScoreRule.FIRST:
            picked.setdefault(key, float(score))
        else:
            picked[key] = max(picked.get(key, float("-inf")), float(score))
    long = pd.DataFrame.from_records(
        [(u, label[e], s) for (u, e), s in picked.items()], columns=["person", "predictor", "score"]
    )
    people = sorted({u for u, _e in picked})
    outcomes = _mean_outcomes(metric=metric, person_ids=people, period_from=period_from, period_to=period_to)
    weights = {name: 1.0 / len(names) for name in names} if names else {}
    return _predictor_data(long, names, weights, outcomes)


def coaching_versions_for_studies() -> QuerySet[RubricVersion]:
    """Coaching rubric versions that at least one coach-rated session was scored on."""
    from coaching.models import CoachingSession

    used = CoachingSession.objects.filter(coach_submitted_at__isnull=False).values("rubric_version_id")
    return (
        RubricVersion.objects.select_related("rubric").filter(pk__in=used).order_by("rubric__name", "-number")
    )


def coaching_study_data(
    *, rubric_version: RubricVersion, metric: Metric, period_from: dt.date, period_to: dt.date
) -> PredictorStudyData:
    """Three queries: criteria, each seller's mean coach rating per criterion, outcomes. Rubric weights apply."""
    import pandas as pd

    from coaching.models import SessionRating

    criteria = list(rubric_version.criteria.order_by("position", "id").values_list("name", "weight"))
    names = [name for name, _w in criteria]
    total = sum(float(w) for _n, w in criteria)
    weights = {name: (float(w) / total if total else 1.0 / len(criteria)) for name, w in criteria}
    rows = list(
        SessionRating.objects.filter(
            session__rubric_version=rubric_version,
            session__coach_submitted_at__isnull=False,
            rater=SessionRating.Rater.COACH,
        )
        .values("session__engagement__seller_id", "criterion__name")
        .annotate(mean=Avg("rating"))
        .order_by()
        .values_list("session__engagement__seller_id", "criterion__name", "mean")
    )
    long = pd.DataFrame.from_records(rows, columns=["person", "predictor", "score"])
    people = sorted({p for p, _c, _m in rows})
    outcomes = _mean_outcomes(metric=metric, person_ids=people, period_from=period_from, period_to=period_to)
    return _predictor_data(long, names, weights, outcomes)


def performance_record_measures(
    seller_ids: Sequence[int] | QuerySet[Any], start: dt.date, end: dt.date
) -> list[tuple[int, dt.date, str, float, str]]:
    """Every PerformanceRecord of these sellers as a weekly measure for coaching's measures pages (one query).

    A record counts in the ISO week in which its period ends, once: that is when its number is known, and
    spreading a monthly total over four or five weeks would repeat it (sums inflated, means weighted by period
    length). Two records of one metric ending in the same week are averaged by coaching.
    """
    first = start - dt.timedelta(days=start.weekday())
    last = end + dt.timedelta(days=6 - end.weekday())
    rows = PerformanceRecord.objects.filter(
        person_id__in=seller_ids if isinstance(seller_ids, QuerySet) else list(seller_ids),
        period_end__range=(first, last),
    ).values_list("person_id", "period_end", "value", "metric__code", "metric__name", "metric__unit")
    return [
        (
            person_id,
            period_end - dt.timedelta(days=period_end.weekday()),
            str(METRIC_LABELS.get(code, name)),
            value,
            unit,
        )
        for person_id, period_end, value, code, name, unit in rows
    ]
