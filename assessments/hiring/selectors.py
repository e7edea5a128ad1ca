"""Reads for hiring, each filtered by who is asking: the independence rule and the per-role visibility live here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, User
from accounts.roles import Role
from accounts.selectors import user_has_role
from assessments.rubrics.models import Criterion, Rubric, RubricVersion
from core.dashboard import Card
from stats.scoring import Composite, CriterionSpec, composite_score

from .models import (
    OPEN_STAGES,
    Candidate,
    Interview,
    InterviewPlanStep,
    Rating,
    Recommendation,
    Requisition,
    ScheduledInterview,
    Scorecard,
    SelfIdentification,
    Stage,
)

HIRING_ROLES = frozenset({Role.RECRUITER, Role.COACH, Role.ANALYST, Role.ADMIN})
AGGREGATE_ROLES = frozenset({Role.ANALYST, Role.ADMIN})


def _is_admin(user: User) -> bool:
    return user.is_superuser or user_has_role(user, Role.ADMIN)


def _managed_team_ids(user: User) -> QuerySet[OrgUnit, Any]:
    return OrgUnit.objects.filter(Q(manager=user) | Q(parent__manager=user)).values("pk")


def requisitions_managed_by(user: User) -> QuerySet[Requisition]:
    """Requisitions whose pipeline the user runs: admins all; recruiters theirs; hiring managers their team's."""
    qs = Requisition.objects.select_related("team", "hiring_manager", "recruiter", "rubric_version__rubric")
    if _is_admin(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(Q(recruiter=user) | Q(hiring_manager=user) | Q(team__in=_managed_team_ids(user)))


def requisitions_for_calibration(user: User) -> QuerySet[Requisition]:
    """Calibration shows only aggregates, so analysts see every requisition there."""
    if user_has_role(user, *AGGREGATE_ROLES) or user.is_superuser:
        return Requisition.objects.select_related("team", "rubric_version__rubric")
    return requisitions_managed_by(user)


def requisition_can_decide(*, user: User, requisition: Requisition) -> bool:
    """Hire / reject / decline belongs to the hiring manager (or the team's manager), and admins."""
    if _is_admin(user):
        return True
    if requisition.hiring_manager_id == user.pk:
        return True
    return (
        OrgUnit.objects.filter(pk=requisition.team_id)
        .filter(Q(manager=user) | Q(parent__manager=user))
        .exists()
    )


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    """Candidates the user may open: those they interview, plus the pipelines they run. Analysts: none (aggregates only)."""
    qs = Candidate.objects.select_related("requisition__team", "requisition__rubric_version__rubric", "user")
    if _is_admin(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(requisition__in=requisitions_managed_by(user).values("pk"))
        | Q(pk__in=Interview.objects.filter(interviewer=user).values("candidate_id"))
    )


def hiring_home_allowed(user: User) -> bool:
    return (
        user.is_superuser
        or user_has_role(user, *HIRING_ROLES)
        or Interview.objects.filter(interviewer=user).exists()
    )


def interviews_to_score(user: User) -> QuerySet[Interview]:
    """The user's interviews still waiting for their scorecard, soonest first (the hiring home's to-do)."""
    return (
        _own_scorecard_pending(user)
        .select_related("candidate__requisition", "step")
        .exclude(candidate__anonymised_at__isnull=False)
        .filter(candidate__stage__in=OPEN_STAGES)
        .order_by(F("scheduled_at").asc(nulls_last=True), "candidate__name", "id")
    )


def interviews_scored(user: User) -> QuerySet[Interview]:
    """The user's interviews with a submitted scorecard, newest first (finished work, paginated)."""
    return (
        Interview.objects.filter(interviewer=user, scorecard__submitted_at__isnull=False)
        .select_related("candidate__requisition", "step", "scorecard")
        .exclude(candidate__anonymised_at__isnull=False)
        .order_by("-scorecard__submitted_at", "-id")
    )


def decisions_waiting_on(user: User) -> QuerySet[Candidate]:
    """Open candidates of open requisitions the user decides on whose panel is complete (every scorecard in)."""
    if not user.is_authenticated:
        return Candidate.objects.none()
    reqs = Requisition.objects.filter(status=Requisition.Status.OPEN)
    if not _is_admin(user):
        reqs = reqs.filter(Q(hiring_manager=user) | Q(team__in=_managed_team_ids(user)))
    missing = Interview.objects.filter(candidate=OuterRef("pk")).exclude(
        scorecard__submitted_at__isnull=False
    )
    return (
        Candidate.objects.filter(requisition__in=reqs.values("pk"), stage__in=[Stage.INTERVIEWS, Stage.OFFER])
        .annotate(n_scorecards=Count("scorecards", filter=Q(scorecards__submitted_at__isnull=False)))
        .filter(n_scorecards__gt=0)
        .exclude(Exists(missing))
        .select_related("requisition")
        .order_by("stage_changed_at", "id")
    )


def _own_scorecard_pending(user: User) -> QuerySet[Interview]:
    """The user's interviews whose scorecard is not submitted yet (none started, or a draft)."""
    return Interview.objects.filter(interviewer=user).exclude(scorecard__submitted_at__isnull=False)


def candidates_held_from(user: User) -> QuerySet[Interview, Any]:
    """Ids of the candidates whose other scorecards the user may not see yet: their own is still pending.

    The independence rule, in one place: the candidate page, the board, the scorecards API and the
    calibration page all leave these candidates' scores out for this user, so no page (and no difference
    between two loads of a page) tells them what the other interviewers said before they commit.
    """
    return _own_scorecard_pending(user).values("candidate_id")


def _pending_for(user: User) -> Exists:
    return Exists(_own_scorecard_pending(user).filter(candidate=OuterRef("pk")))


def scorecards_visible_to(*, user: User, candidate: Candidate) -> QuerySet[Scorecard]:
    """Independence: while the user's own scorecard for this candidate is not submitted, they see only their own.

    Otherwise they see every submitted scorecard (and their own draft). Others' drafts are never visible.
    """
    own = Q(interviewer=user)
    base = (
        Scorecard.objects.filter(candidate=candidate)
        .select_related("interviewer", "interview__step")
        .prefetch_related(
            Prefetch(
                "ratings", queryset=Rating.objects.select_related("criterion").order_by("criterion__position")
            ),
            "amendments",
        )
        .order_by("submitted_at", "id")
    )
    if not candidates_visible_to(user).filter(pk=candidate.pk).exists():
        return base.none()
    if _own_scorecard_pending(user).filter(candidate=candidate).exists():
        return base.filter(own)
    return base.filter(own | Q(submitted_at__isnull=False))


def criteria_specs(criteria: list[Criterion]) -> list[CriterionSpec]:
    return [CriterionSpec(c.pk, c.weight, c.scale_min, c.scale_max) for c in criteria]


def composite_of(criteria: list[Criterion], scorecards: list[Scorecard]) -> Composite:
    """Composite over the submitted scorecards among `scorecards` (ratings must be prefetched)."""
    ratings: dict[int, list[float]] = {}
    for card in scorecards:
        if card.submitted_at is None:
            continue
        for r in card.ratings.all():
            if r.value is not None:
                ratings.setdefault(r.criterion_id, []).append(r.value)
    return composite_score(criteria_specs(criteria), ratings)


@dataclass
class CandidateView:
    candidate: Candidate
    criteria: list[Criterion]
    scorecards: list[Scorecard]
    own_interview: Interview | None
    independence_hold: bool  # the viewer must submit before seeing others
    composite: Composite
    recommendations: dict[str, int]
    timeline: list[dict[str, Any]]


def candidate_page(*, user: User, candidate: Candidate) -> CandidateView:
    criteria = list(candidate.requisition.rubric_version.criteria.order_by("position", "id"))
    scorecards = list(scorecards_visible_to(user=user, candidate=candidate))
    own = (
        Interview.objects.filter(candidate=candidate, interviewer=user)
        .select_related("scorecard", "step", "scheduled")
        .first()
    )
    hold = own is not None and not (hasattr(own, "scorecard") and own.scorecard.submitted_at is not None)
    submitted = [s for s in scorecards if s.submitted_at is not None]
    recs = {label: 0 for label in Recommendation.values}
    for s in submitted:
        if s.recommendation:
            recs[s.recommendation] += 1
    # Stage moves and submitted scorecards, oldest first.
    timeline: list[dict[str, Any]] = [
        {
            "at": c.at,
            "stage": c.get_to_stage_display(),
            "actor": c.actor,
            "reason": c.reason,
            "missing": ", ".join(c.missing_scorecards),
            "missing_reason": c.missing_scorecards_reason,
        }
        for c in candidate.stage_changes.select_related("actor").order_by("at", "id")
    ]
    timeline += [{"at": s.submitted_at, "scorecard_by": s.interviewer} for s in submitted]
    timeline.sort(key=lambda e: e["at"])
    return CandidateView(
        candidate=candidate,
        criteria=criteria,
        scorecards=scorecards,
        own_interview=own,
        independence_hold=hold,
        composite=composite_of(criteria, submitted),
        recommendations=recs,
        timeline=timeline,
    )


@dataclass(frozen=True)
class DecisionReadiness:
    """What stands between the decider and a hire/reject: their own scorecard, and whose others are missing."""

    own_pending: bool
    missing: list[Interview]  # other interviewers' interviews without a submitted scorecard

    @property
    def missing_names(self) -> list[str]:
        return [
            f"{i.interviewer.display_name} ({i.step.name})" if i.step else i.interviewer.display_name
            for i in self.missing
        ]


def decision_readiness(*, user: User, candidate: Candidate) -> DecisionReadiness:
    pending = list(
        Interview.objects.filter(candidate=candidate)
        .exclude(scorecard__submitted_at__isnull=False)
        .select_related("interviewer", "step")
        .order_by("step__position", "interviewer__last_name", "interviewer__first_name", "id")
    )
    return DecisionReadiness(
        own_pending=any(i.interviewer_id == user.pk for i in pending),
        missing=[i for i in pending if i.interviewer_id != user.pk],
    )


@dataclass
class BoardCard:
    candidate: Candidate
    composite: Composite | None  # None while the viewer's own scorecard is pending (independence)
    submitted: int
    interviews: int


def _board_candidates(*, user: User, requisition: Requisition, sort: str) -> QuerySet[Candidate]:
    """The requisition's candidates in board order, sorted in the database.

    By composite: best first, then those with no score (none submitted, or the viewer's own scorecard still
    pending — independence), each tie by name. The composite is the SQL twin of `stats.scoring.composite_score`:
    Σ weight × (mean rating − lowest) / (highest − lowest) over the criteria rated on submitted scorecards.
    """
    candidates = Candidate.objects.filter(requisition=requisition)
    if sort != "composite":
        return candidates.order_by("name", "id")
    criteria = list(requisition.rubric_version.criteria.order_by("position", "id"))
    submitted = Q(scorecards__submitted_at__isnull=False, scorecards__ratings__value__isnull=False)
    means = {
        f"mean_{c.pk}": Avg(
            "scorecards__ratings__value", filter=submitted & Q(scorecards__ratings__criterion=c)
        )
        for c in criteria
    }
    candidates = candidates.annotate(**means)
    terms = [
        Coalesce(
            Value(float(c.weight))
            * (F(f"mean_{c.pk}") - Value(float(c.scale_min)))
            / Value(float(c.scale_max - c.scale_min)),
            Value(0.0),
        )
        for c in criteria
    ]
    rated = [Q(**{f"mean_{c.pk}__isnull": False}) for c in criteria]
    if not terms:
        return candidates.order_by("name", "id")
    score: Any = terms[0]
    for term in terms[1:]:
        score = score + term
    any_rated = rated[0]
    for q in rated[1:]:
        any_rated |= q
    key = Case(
        When(_pending_for(user), then=Value(-1.0)),
        When(any_rated, then=score),
        default=Value(-1.0),
        output_field=FloatField(),
    )
    return candidates.annotate(board_key=key).order_by("-board_key", "name", "id")


def _board_cards(*, user: User, requisition: Requisition, candidates: list[Candidate]) -> list[BoardCard]:
    """Cards for the candidates shown (one page or a column's top), in their order: 2 queries."""
    criteria = list(requisition.rubric_version.criteria.order_by("position", "id"))
    by_id = {
        c.pk: c
        for c in Candidate.objects.filter(pk__in=[c.pk for c in candidates])
        .annotate(viewer_pending=_pending_for(user), n_interviews=Count("interviews", distinct=True))
        .prefetch_related(
            Prefetch(
                "scorecards",
                queryset=Scorecard.objects.filter(submitted_at__isnull=False).prefetch_related("ratings"),
                to_attr="submitted_cards",
            )
        )
    }
    cards = []
    for shown in candidates:
        c = by_id[shown.pk]
        composite = None if c.viewer_pending else composite_of(criteria, c.submitted_cards)  # type: ignore[attr-defined]
        cards.append(BoardCard(c, composite, len(c.submitted_cards), c.n_interviews))  # type: ignore[attr-defined]
    return cards


def pipeline_board(
    *, user: User, requisition: Requisition, sort: str = "composite", per_column: int = 20
) -> dict[str, tuple[list[BoardCard], int]]:
    """Stages as columns, each its top `per_column` cards and its size: the database ranks within each stage
    (a window function) and counts them, so the queries and the rows read stay fixed whatever the pipeline's size."""
    ranked = _board_candidates(user=user, requisition=requisition, sort=sort)
    ordering = ranked.query.order_by
    top = list(
        ranked.annotate(
            board_rank=Window(RowNumber(), partition_by=[F("stage")], order_by=[_order(o) for o in ordering])
        )
        .filter(board_rank__lte=per_column)
        .only("id", "stage")
    )
    totals = dict(
        Candidate.objects.filter(requisition=requisition)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("stage", "n")
    )
    top.sort(key=lambda c: c.board_rank)  # type: ignore[attr-defined]
    cards = _board_cards(user=user, requisition=requisition, candidates=list[Candidate](top))
    columns: dict[str, tuple[list[BoardCard], int]] = {
        stage: ([], totals.get(stage, 0)) for stage in Stage.values
    }
    for card in cards:
        columns[card.candidate.stage][0].append(card)
    return columns


def _order(name: Any) -> Any:
    """An order_by entry as an expression: a "-field" string, or an expression already."""
    if not isinstance(name, str):
        return name
    return F(name[1:]).desc() if name.startswith("-") else F(name).asc()


def stage_candidates(*, user: User, requisition: Requisition, stage: str, sort: str) -> QuerySet[Candidate]:
    """Every candidate of one stage in board order, for the paginated stage list."""
    return (
        _board_candidates(user=user, requisition=requisition, sort=sort)
        .filter(stage=stage)
        .only("id", "stage")
    )


def board_cards(*, user: User, requisition: Requisition, candidates: list[Candidate]) -> list[BoardCard]:
    return _board_cards(user=user, requisition=requisition, candidates=candidates)


def requisitions_summary(user: User) -> list[dict[str, Any]]:
    """The requisitions the user runs, with candidate counts per open stage (one query)."""
    stages = [str(s.value) for s in (*OPEN_STAGES, Stage.HIRED)]
    counts: dict[str, Any] = {s: Count("candidates", filter=Q(candidates__stage=s)) for s in stages}
    rows = (
        requisitions_managed_by(user)
        .annotate(total=Count("candidates"), **counts)
        .order_by("status", "title")
    )
    return [
        {"requisition": r, "total": r.total, "stages": [getattr(r, s) for s in stages]}  # type: ignore[attr-defined]
        for r in rows
    ]


def self_identification_selection_rates(
    *, requisition: Requisition | None = None, dimension: str = "sex"
) -> list[dict[str, Any]]:
    """Per self-identified group: decided candidates and hires (aggregates only; never one person's answer)."""
    if dimension not in ("sex", "race_ethnicity", "age_band"):
        raise ValueError(f"unknown dimension {dimension!r}")
    qs = SelfIdentification.objects.filter(candidate__stage__in=[Stage.HIRED, Stage.REJECTED, Stage.DECLINED])
    if requisition is not None:
        qs = qs.filter(candidate__requisition=requisition)
    rows = (
        qs.values(dimension)
        .annotate(decided=Count("pk"), hired=Count("pk", filter=Q(candidate__stage=Stage.HIRED)))
        .order_by(dimension)
    )
    return [{"group": r[dimension], "decided": r["decided"], "hired": r["hired"]} for r in rows]


def hiring_dashboard_card(user: User) -> Card:
    """The dashboard's Hiring card: open requisitions the user runs, candidates in them, their own scorecards to do."""
    from django.urls import reverse

    open_reqs = (
        requisitions_managed_by(user)
        .filter(status=Requisition.Status.OPEN)
        .aggregate(
            n=Count("pk", distinct=True),
            active=Count("candidates", filter=Q(candidates__stage__in=OPEN_STAGES)),
        )
    )
    to_do = Interview.objects.filter(interviewer=user).exclude(scorecard__submitted_at__isnull=False).count()
    if not open_reqs["n"] and not to_do:
        return Card(
            title=_("Hiring"),
            empty=_("No requisitions are open yet."),
            link=reverse("hiring:home"),
            link_label=_("Open hiring"),
        )
    return Card(
        title=_("Hiring"),
        value=open_reqs["n"],
        caption=_("open requisitions you run"),
        rows=[(_("Candidates in progress"), open_reqs["active"]), (_("Scorecards for you to submit"), to_do)],
        link=reverse("hiring:home"),
        link_label=_("Open hiring"),
    )


MIN_GROUP_SIZE = 5  # smaller groups are not shown: a count of one or two would point at a person


def selection_rates_table(*, requisition: Requisition | None = None) -> list[dict[str, Any]]:
    """Per dimension: each self-identified group's selection rate and impact ratio against the best-selected group."""
    dimensions = [
        ("sex", _("Sex"), SelfIdentification.Sex),
        ("race_ethnicity", _("Race/ethnicity"), SelfIdentification.Ethnicity),
        ("age_band", _("Age band"), SelfIdentification.AgeBand),
    ]
    table = []
    for key, label, choices in dimensions:
        rows = [
            r
            for r in self_identification_selection_rates(requisition=requisition, dimension=key)
            if r["group"] != "undisclosed" and r["decided"] >= MIN_GROUP_SIZE
        ]
        best = max((r["hired"] / r["decided"] for r in rows), default=0.0)
        groups = []
        for r in rows:
            rate = r["hired"] / r["decided"]
            ratio = rate / best if best else None
            groups.append(
                {
                    "label": choices(r["group"]).label,
                    "decided": r["decided"],
                    "hired": r["hired"],
                    "rate": rate,
                    "ratio": ratio,
                    "flag": ratio is not None and ratio < 0.8,
                }
            )
        table.append({"label": label, "groups": groups})
    return table


# --- Requisition authoring (front-end create, interview plan, close/reopen) ---


def requisition_create_allowed(user: User) -> bool:
    """Recruiters and admins open requisitions for any team; a manager only for the teams they run."""
    if not user.is_authenticated:
        return False
    if _is_admin(user) or user_has_role(user, Role.RECRUITER):
        return True
    return OrgUnit.objects.filter(pk__in=_managed_team_ids(user), kind=OrgUnit.Kind.TEAM).exists()


def teams_for_new_requisition(user: User) -> QuerySet[OrgUnit]:
    teams = OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).select_related("parent").order_by("name")
    if _is_admin(user) or user_has_role(user, Role.RECRUITER):
        return teams
    return teams.filter(pk__in=_managed_team_ids(user))


def users_with_roles(*roles: str) -> QuerySet[User]:
    """Active people holding any of the roles (roles are groups named after them)."""
    return (
        User.objects.filter(Q(groups__name__in=roles) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def hiring_rubric_versions() -> QuerySet[RubricVersion]:
    return RubricVersion.objects.filter(rubric__purpose=Rubric.Purpose.HIRING).select_related("rubric")


def default_hiring_rubric_version() -> RubricVersion | None:
    """The newest version of a hiring rubric: the one a new requisition should normally score against."""
    return hiring_rubric_versions().order_by("-created_at", "-pk").first()


def requisition_plan_steps(requisition: Requisition) -> QuerySet[InterviewPlanStep]:
    return (
        InterviewPlanStep.objects.filter(requisition=requisition)
        .prefetch_related("criteria", "interviewers")
        # Interviews point at their step (PROTECT), so a step in use cannot be removed from the plan.
        .annotate(in_use=Exists(Interview.objects.filter(step=OuterRef("pk"))))
        .order_by("position", "id")
    )


def requisition_rubric_locked(requisition: Requisition) -> bool:
    """Once any scorecard (even a draft) exists, the requisition's rubric version is fixed."""
    return Scorecard.objects.filter(candidate__requisition=requisition).exists()


@dataclass(frozen=True)
class ScheduleRow:
    step: InterviewPlanStep
    scheduled: ScheduledInterview | None
    interviewers: list[User]


def candidate_schedule(candidate: Candidate) -> list[ScheduleRow]:
    """Each step of the interview plan with its live scheduled interview (or none) and who takes part."""
    steps = list(candidate.requisition.steps.order_by("position", "id"))
    live = {
        s.step_id: s
        for s in ScheduledInterview.objects.filter(
            candidate=candidate, cancelled_at__isnull=True
        ).prefetch_related(
            Prefetch("attendances", queryset=Interview.objects.select_related("interviewer").order_by("id"))
        )
    }
    return [
        ScheduleRow(
            step,
            live.get(step.pk),
            [a.interviewer for a in live[step.pk].attendances.all()] if step.pk in live else [],
        )
        for step in steps
    ]
