"""Reads for hiring, each filtered by who is asking: the independence rule and the per-role visibility live here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
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
)
from django.db.models.functions import Coalesce
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


@dataclass(frozen=True)
class BoardScore:
    """A candidate's stored composite (see `composites`): 0–1 or None when nothing is rated, and its coverage."""

    score: float | None
    coverage: float


@dataclass
class BoardCard:
    candidate: Candidate
    composite: BoardScore | None  # None while the viewer's own scorecard is pending (independence)
    submitted: int
    interviews: int


def _held_ids(*, user: User, requisition: Requisition) -> list[int]:
    """The requisition's candidates whose scores the viewer may not see yet (their own scorecard pending): 1 query."""
    return list(
        _own_scorecard_pending(user)
        .filter(candidate__requisition=requisition)
        .values_list("candidate_id", flat=True)
    )


def _board_key(held: list[int]) -> Any:
    """The stored composite, -1 for no score: none submitted, or the viewer's own scorecard still pending.

    Without held candidates this is the expression the `candidate_board_by_composite` index is built on, so a
    column's top and any page of a stage are read from the index in order.
    """
    key: Any = Coalesce("composite_score", Value(-1.0))
    if held:
        key = Case(When(pk__in=held, then=Value(-1.0)), default=key, output_field=FloatField())
    return key


def _board_candidates(*, requisition: Requisition, sort: str, held: list[int]) -> QuerySet[Candidate]:
    """The requisition's candidates in board order, sorted in the database: by composite, best first, then those
    with no score, each tie by name; or by name."""
    candidates = Candidate.objects.filter(requisition=requisition)
    if sort != "composite":
        return candidates.order_by("name", "id")
    return candidates.order_by(_board_key(held).desc(), "name", "id")


# What a card shows of its candidate (and the board's column): reading no other column keeps the board's
# queries short to build, send and turn into objects.
_CARD_FIELDS = ("id", "name", "stage", "composite_score", "composite_coverage")


def _with_card_counts(candidates: QuerySet[Candidate], held: list[int]) -> QuerySet[Candidate]:
    return candidates.only(*_CARD_FIELDS).annotate(
        n_interviews=Count("interviews", distinct=True),
        n_submitted=Count("scorecards", filter=Q(scorecards__submitted_at__isnull=False), distinct=True),
        viewer_held=Case(When(pk__in=held, then=Value(True)), default=Value(False)) if held else Value(False),
    )


def _card(c: Candidate) -> BoardCard:
    held: bool = c.viewer_held  # type: ignore[attr-defined]
    composite = None if held else BoardScore(c.composite_score, c.composite_coverage)
    return BoardCard(c, composite, c.n_submitted, c.n_interviews)  # type: ignore[attr-defined]


def pipeline_board(
    *, user: User, requisition: Requisition, sort: str = "composite", per_column: int = 20
) -> dict[str, tuple[list[BoardCard], int]]:
    """Stages as columns, each its top `per_column` cards and its size, in 3 queries whatever the pipeline's
    size: the viewer's held candidates; every column's top (one query: per stage, the first `per_column` in
    board order, read from the index, with their scorecard counts); and the stage counts."""
    held = _held_ids(user=user, requisition=requisition)
    ranked = _board_candidates(requisition=requisition, sort=sort, held=held)
    parts = [
        _with_card_counts(
            Candidate.objects.filter(pk__in=ranked.filter(stage=stage).values("pk")[:per_column]), held
        )
        .annotate(board_key=_board_key(held))
        .order_by()
        for stage in Stage.values
    ]
    order = ["-board_key", "name", "id"] if sort == "composite" else ["name", "id"]
    top = list(parts[0].union(*parts[1:], all=True).order_by(*order))
    totals = dict(
        Candidate.objects.filter(requisition=requisition)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("stage", "n")
    )
    columns: dict[str, tuple[list[BoardCard], int]] = {
        stage: ([], totals.get(stage, 0)) for stage in Stage.values
    }
    for candidate in top:
        columns[candidate.stage][0].append(_card(candidate))
    return columns


@dataclass(frozen=True)
class StageList:
    """One stage's candidates in board order (a queryset to paginate: ids only) and the viewer's held ones."""

    candidates: QuerySet[Candidate]
    held: list[int]


def stage_candidates(*, user: User, requisition: Requisition, stage: str, sort: str) -> StageList:
    """Every candidate of one stage in board order, for the paginated stage list (the page reads only ids)."""
    held = _held_ids(user=user, requisition=requisition)
    ranked = _board_candidates(requisition=requisition, sort=sort, held=held).filter(stage=stage)
    return StageList(ranked.only("id"), held)


def board_cards(*, stage_list: StageList, candidates: list[Candidate]) -> list[BoardCard]:
    """Cards for one page of a stage list, in its order: 1 query."""
    by_id = {
        c.pk: c
        for c in _with_card_counts(
            Candidate.objects.filter(pk__in=[c.pk for c in candidates]).order_by(), stage_list.held
        )
    }
    return [_card(by_id[c.pk]) for c in candidates]


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
