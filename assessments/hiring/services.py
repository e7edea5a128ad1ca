"""Writes for hiring: requisitions, candidates, interviews, scorecards, decisions and retention — audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import OrgUnit, User
from accounts.roles import Role
from accounts.services import audit_record, membership_add, role_grant, user_create
from assessments.rubrics.models import Criterion, Rubric, RubricVersion
from assessments.rubrics.services import rubric_version_mark_used
from core.concurrency import version_check, version_stamp
from core.notifications import notifications_resolve
from core.webhooks import webhook_emit

from .composites import candidate_composite_refresh, requisition_composites_refresh
from .cv import cv_check
from .models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    Candidate,
    Interview,
    InterviewPlanStep,
    Rating,
    Recommendation,
    Requisition,
    Scorecard,
    ScorecardAmendment,
    SelfIdentification,
    Stage,
    StageChange,
)
from .reminders import scorecard_overdue_key_prefix
from .selectors import (
    decision_readiness,
    requisition_can_decide,
    requisitions_managed_by,
    teams_for_new_requisition,
)


@transaction.atomic
def requisition_create(
    *,
    title: str,
    team: OrgUnit,
    hiring_manager: User,
    recruiter: User,
    rubric_version: RubricVersion,
    actor: User | None,
) -> Requisition:
    if team.kind != OrgUnit.Kind.TEAM:
        raise ValidationError({"team": _("A requisition belongs to a team, not a region.")})
    requisition = Requisition.objects.create(
        title=title,
        team=team,
        hiring_manager=hiring_manager,
        recruiter=recruiter,
        rubric_version=rubric_version,
    )
    audit_record(
        actor=actor, verb="requisition.create", obj=requisition, after={"rubric_version": rubric_version.pk}
    )
    return requisition


@transaction.atomic
def plan_step_add(
    *,
    requisition: Requisition,
    name: str,
    criteria: Sequence[Criterion],
    interviewers: Sequence[User],
    position: int = 0,
) -> InterviewPlanStep:
    foreign = [c for c in criteria if c.version_id != requisition.rubric_version_id]
    if foreign:
        raise ValidationError(
            {"criteria": _("Every criterion must come from the requisition's rubric version.")}
        )
    step = InterviewPlanStep.objects.create(requisition=requisition, name=name, position=position)
    step.criteria.set(criteria)
    step.interviewers.set(interviewers)
    return step


@dataclass(frozen=True)
class PlanStepInput:
    """One row of the interview plan form: ``step_id`` None for a new step; ``delete`` removes it."""

    step_id: int | None
    name: str
    criteria: Sequence[Criterion]
    interviewers: Sequence[User]
    delete: bool = False


@transaction.atomic
def requisition_plan_save(
    *,
    requisition: Requisition,
    rows: Sequence[PlanStepInput],
    actor: User | None,
    expected_version: int | None = None,
) -> list[InterviewPlanStep]:
    """Replace the interview plan in one go: update, add and remove steps; any bad row saves nothing.

    Errors are keyed ``row-<n>`` (1-based, in form order) so the form can show them on the right row.
    `expected_version` is the plan version the form was loaded at: a plan saved by someone else since is
    refused (``StaleEdit``) rather than overwritten.
    """
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    version_check(
        locked, expected=expected_version, what=_("This interview plan"), fields=Requisition.PLAN_VERSION
    )
    existing = {
        s.pk: s for s in InterviewPlanStep.objects.select_for_update().filter(requisition=requisition)
    }
    in_use = set(
        Interview.objects.filter(step__requisition=requisition, step__isnull=False).values_list(
            "step_id", flat=True
        )
    )
    errors: dict[str, list[str]] = {}
    for n, row in enumerate(rows, start=1):
        if row.step_id is not None and row.step_id not in existing:
            errors.setdefault(f"row-{n}", []).append(_("This step is not part of this requisition's plan."))
        if row.delete:
            if row.step_id in in_use:
                errors.setdefault(f"row-{n}", []).append(
                    _("Interviews were already scheduled for this step, so it cannot be removed.")
                )
            continue
        if not row.name.strip():
            errors.setdefault(f"row-{n}", []).append(_("Give the step a name."))
        if any(c.version_id != requisition.rubric_version_id for c in row.criteria):
            errors.setdefault(f"row-{n}", []).append(
                _("Every criterion must come from the requisition's rubric version.")
            )
    if errors:
        raise ValidationError(errors)
    before = [{"name": s.name, "id": s.pk} for s in existing.values()]
    kept: list[InterviewPlanStep] = []
    position = 0
    for row in rows:
        if row.delete:
            if row.step_id is not None:
                existing[row.step_id].delete()
            continue
        position += 1
        if row.step_id is None:
            kept.append(
                plan_step_add(
                    requisition=requisition,
                    name=row.name.strip(),
                    criteria=row.criteria,
                    interviewers=row.interviewers,
                    position=position,
                )
            )
            continue
        step = existing[row.step_id]
        step.name, step.position = row.name.strip(), position
        step.save(update_fields=["name", "position"])
        step.criteria.set(row.criteria)
        step.interviewers.set(row.interviewers)
        kept.append(step)
    locked.save(update_fields=version_stamp(locked, actor=actor, fields=Requisition.PLAN_VERSION))
    requisition.plan_version = locked.plan_version
    audit_record(
        actor=actor,
        verb="requisition.plan_save",
        obj=requisition,
        before={"steps": before},
        after={"steps": [{"name": s.name, "id": s.pk} for s in kept]},
    )
    return kept


@dataclass(frozen=True)
class RequisitionUpdate:
    requisition: Requisition
    changed: list[str]  # field names, empty when nothing changed
    unmatched_criteria: list[str]  # plan criteria with no namesake in the new rubric version (dropped)


@transaction.atomic
def requisition_update(
    *,
    requisition: Requisition,
    title: str,
    team: OrgUnit,
    hiring_manager: User,
    recruiter: User,
    rubric_version: RubricVersion,
    actor: User,
    expected_version: int | None = None,
) -> RequisitionUpdate:
    """Change a requisition's own fields, audited with before and after.

    The rubric version may change only while no scorecard (draft or submitted) exists for the requisition:
    scores are always read against the version they were given on. The interview plan then keeps each
    criterion whose name exists in the new version and drops the others.
    """
    if not requisitions_managed_by(actor).filter(pk=requisition.pk).exists():
        raise PermissionDenied
    requisition = (
        Requisition.objects.select_for_update().select_related("rubric_version").get(pk=requisition.pk)
    )
    # Someone else saved since this form was loaded: refuse rather than overwrite their change.
    version_check(requisition, expected=expected_version, what=_("This requisition"))
    errors: dict[str, list[str]] = {}
    title = title.strip()
    if not title:
        errors["title"] = [_("Give the requisition a role title.")]
    if team.kind != OrgUnit.Kind.TEAM:
        errors["team"] = [_("A requisition belongs to a team, not a region.")]
    elif team.pk != requisition.team_id and not teams_for_new_requisition(actor).filter(pk=team.pk).exists():
        errors["team"] = [_("You can move a requisition only to a team you may open requisitions for.")]
    if rubric_version.pk != requisition.rubric_version_id:
        if rubric_version.rubric.purpose != Rubric.Purpose.HIRING:
            errors["rubric_version"] = [_("Choose a version of a hiring rubric.")]
        else:
            started = Scorecard.objects.filter(candidate__requisition=requisition).count()
            if started:
                errors["rubric_version"] = [
                    ngettext(
                        "The rubric version cannot change: %(n)s scorecard was already started on "
                        "%(version)s. Open a new requisition to score on another version.",
                        "The rubric version cannot change: %(n)s scorecards were already started on "
                        "%(version)s. Open a new requisition to score on another version.",
                        started,
                    )
                    % {"n": started, "version": requisition.rubric_version}
                ]
    if errors:
        raise ValidationError(errors)
    new = {
        "title": title,
        "team": team,
        "hiring_manager": hiring_manager,
        "recruiter": recruiter,
        "rubric_version": rubric_version,
    }
    changed = [f for f, value in new.items() if getattr(requisition, f) != value]
    if not changed:
        return RequisitionUpdate(requisition, [], [])

    def snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            f: values[f] if f == "title" else {"id": values[f].pk, "label": str(values[f])} for f in changed
        }

    before = snapshot({f: getattr(requisition, f) for f in changed})
    unmatched: list[str] = []
    if "rubric_version" in changed:
        unmatched = _plan_criteria_remap(requisition=requisition, version=rubric_version)
    for f in changed:
        setattr(requisition, f, new[f])
    requisition.save(update_fields=[*changed, *version_stamp(requisition, actor=actor)])
    if "rubric_version" in changed:
        requisition_composites_refresh(requisition.pk)
    after = snapshot(new)
    if unmatched:
        after["plan_criteria_dropped"] = unmatched
    audit_record(actor=actor, verb="requisition.update", obj=requisition, before=before, after=after)
    return RequisitionUpdate(requisition, changed, unmatched)


def _plan_criteria_remap(*, requisition: Requisition, version: RubricVersion) -> list[str]:
    """Point every plan step at the same-named criteria of `version`; return the names that have none."""
    by_name = {c.name.casefold(): c for c in version.criteria.all()}
    unmatched: list[str] = []
    for step in requisition.steps.prefetch_related("criteria"):
        kept = []
        for criterion in step.criteria.all():
            match = by_name.get(criterion.name.casefold())
            if match is None:
                if criterion.name not in unmatched:
                    unmatched.append(criterion.name)
            else:
                kept.append(match)
        step.criteria.set(kept)
    return unmatched


@transaction.atomic
def requisition_status_set(*, requisition: Requisition, status: str, actor: User | None) -> Requisition:
    """Close or reopen a requisition (candidates and scores are kept either way)."""
    if status not in Requisition.Status.values:
        raise ValidationError({"status": _("Unknown requisition status.")})
    before = requisition.status
    if before != status:
        requisition.status = status
        requisition.save(update_fields=["status"])
        audit_record(
            actor=actor,
            verb="requisition.status",
            obj=requisition,
            before={"status": before},
            after={"status": status},
        )
    return requisition


def _stage_change(
    *,
    candidate: Candidate,
    to: str,
    reason: str,
    actor: User | None,
    at: dt.datetime | None = None,
    missing_scorecards: Sequence[str] = (),
    missing_scorecards_reason: str = "",
) -> None:
    at = at or timezone.now()
    StageChange.objects.create(
        candidate=candidate,
        from_stage=candidate.stage,
        to_stage=to,
        reason=reason,
        actor=actor,
        at=at,
        missing_scorecards=list(missing_scorecards),
        missing_scorecards_reason=missing_scorecards_reason,
    )
    candidate.stage, candidate.stage_reason, candidate.stage_changed_at = to, reason, at
    candidate.save(update_fields=["stage", "stage_reason", "stage_changed_at"])


@transaction.atomic
def candidate_create(
    *,
    requisition: Requisition,
    name: str,
    email: str = "",
    phone: str = "",
    source: str = Candidate.Source.OTHER,
    actor: User | None,
    self_identification: Mapping[str, str] | None = None,
    cv: Any = None,
) -> Candidate:
    email = email.strip().lower()
    if email and Candidate.objects.filter(requisition=requisition, email=email).exists():
        raise ValidationError(
            {"email": _("A candidate with this email already applied to this requisition.")}
        )
    now = timezone.now()
    candidate = Candidate(
        requisition=requisition,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        source=source,
        stage_changed_at=now,
    )
    if cv:
        # The form checks too; this keeps any other caller (API, scripts) to the same file rules.
        try:
            cv_check(cv)
        except ValidationError as exc:
            raise ValidationError({"cv": exc.messages}) from exc
        candidate.cv = cv
    candidate.full_clean(exclude=["user", "stage_changed_at"])
    candidate.save()
    StageChange.objects.create(candidate=candidate, to_stage=Stage.APPLIED, actor=actor, at=now)
    if self_identification:
        SelfIdentification.objects.create(candidate=candidate, **self_identification)
    return candidate


@transaction.atomic
def interview_assign(
    *,
    candidate: Candidate,
    interviewer: User,
    step: InterviewPlanStep | None = None,
    actor: User | None,
    scheduled_at: dt.datetime | None = None,
) -> Interview:
    interview, created = Interview.objects.get_or_create(
        candidate=candidate, interviewer=interviewer, defaults={"step": step, "scheduled_at": scheduled_at}
    )
    if created:
        audit_record(
            actor=actor, verb="interview.assign", obj=interview, after={"interviewer": interviewer.email}
        )
    return interview


@transaction.atomic
def interviews_from_plan(*, candidate: Candidate, actor: User | None) -> list[Interview]:
    """Assign every interviewer of the requisition's plan to the candidate (once each, first step wins)."""
    created = []
    for step in candidate.requisition.steps.prefetch_related("interviewers").order_by("position", "id"):
        for interviewer in step.interviewers.all():
            if not Interview.objects.filter(candidate=candidate, interviewer=interviewer).exists():
                created.append(
                    interview_assign(candidate=candidate, interviewer=interviewer, step=step, actor=actor)
                )
    if candidate.stage in (Stage.APPLIED, Stage.SCREEN) and created:
        _stage_change(candidate=candidate, to=Stage.INTERVIEWS, reason="", actor=actor)
    return created


def interview_criteria(interview: Interview) -> list[Criterion]:
    """The criteria this interview covers: its plan step's subset, or the whole rubric version."""
    version = interview.candidate.requisition.rubric_version
    if interview.step_id:
        chosen = list(interview.step.criteria.order_by("position", "id"))  # type: ignore[union-attr]
        if chosen:
            return chosen
    return list(version.criteria.order_by("position", "id"))


@transaction.atomic
def scorecard_for_interview(*, interview: Interview) -> Scorecard:
    """The interview's scorecard, created with one empty rating per covered criterion the first time."""
    existing = Scorecard.objects.filter(interview=interview).first()
    if existing is not None:
        return existing
    card = Scorecard.objects.create(
        interview=interview,
        candidate=interview.candidate,
        interviewer=interview.interviewer,
        rubric_version=interview.candidate.requisition.rubric_version,
    )
    Rating.objects.bulk_create([Rating(scorecard=card, criterion=c) for c in interview_criteria(interview)])
    return card


@transaction.atomic
def scorecard_save(
    *,
    scorecard: Scorecard,
    ratings: Mapping[int, tuple[int | None, str]],
    recommendation: str,
    summary: str = "",
    submit: bool,
    actor: User,
    expected_version: int | None = None,
) -> Scorecard:
    """Save the interviewer's draft; with `submit`, check it is complete, lock it and lock the rubric version.

    `expected_version` is the version the form was loaded at: a draft saved since (another tab, another
    device) is refused with ``StaleEdit`` instead of being overwritten.
    """
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.interviewer_id != actor.pk:
        raise PermissionDenied
    version_check(scorecard, expected=expected_version, what=_("This scorecard"))
    if scorecard.locked:
        raise ValidationError(_("This scorecard is submitted and locked; ask for an amendment instead."))
    rows = {r.criterion_id: r for r in scorecard.ratings.select_related("criterion")}
    errors: dict[str, str] = {}
    for criterion_id, row in rows.items():
        value, evidence = ratings.get(criterion_id, (None, ""))
        c = row.criterion
        if value is not None and not (c.scale_min <= value <= c.scale_max):
            errors[f"criterion_{criterion_id}"] = _("%(name)s: choose a rating from %(low)s to %(high)s.") % {
                "name": c.name,
                "low": c.scale_min,
                "high": c.scale_max,
            }
        elif submit and value is None:
            errors[f"criterion_{criterion_id}"] = _("%(name)s: a rating is required to submit.") % {
                "name": c.name
            }
        row.value, row.evidence = value, evidence.strip()
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = _("Choose one of the recommendations.")
    elif submit and not recommendation:
        errors["recommendation"] = _("An overall recommendation is required to submit.")
    if errors:
        raise ValidationError(errors)
    Rating.objects.bulk_update(list(rows.values()), ["value", "evidence"])
    scorecard.recommendation, scorecard.summary = recommendation, summary.strip()
    if submit:
        scorecard.submitted_at, scorecard.locked = timezone.now(), True
    version_stamp(scorecard, actor=actor)
    scorecard.save()
    if submit:
        candidate_composite_refresh(scorecard.candidate_id)
        rubric_version_mark_used(version=scorecard.rubric_version, actor=actor)
        # The chasing stops: a reminder still unread in the bell is done with.
        notifications_resolve(
            user=actor, event_key_prefix=scorecard_overdue_key_prefix(scorecard.interview_id)
        )
        audit_record(
            actor=actor,
            verb="scorecard.submit",
            obj=scorecard,
            after={
                "recommendation": recommendation,
                "ratings": {str(r.criterion_id): r.value for r in rows.values()},
            },
        )
    return scorecard


@transaction.atomic
def scorecard_amend(
    *,
    scorecard: Scorecard,
    reason: str,
    actor: User,
    criterion: Criterion | None = None,
    value: int | None = None,
    recommendation: str | None = None,
) -> ScorecardAmendment:
    """Correct one rating (or the recommendation) of a submitted scorecard; the old value is kept and audited."""
    if scorecard.interviewer_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied
    if not scorecard.locked:
        raise ValidationError(_("Only a submitted scorecard is amended; edit the draft instead."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the scorecard is being corrected.")})
    if criterion is not None:
        rating = Rating.objects.filter(scorecard=scorecard, criterion=criterion).first()
        if rating is None:
            raise ValidationError({"criterion": _("This scorecard does not cover that criterion.")})
        if value is None or not (criterion.scale_min <= value <= criterion.scale_max):
            raise ValidationError(
                {
                    "value": _("Choose a rating from %(low)s to %(high)s.")
                    % {"low": criterion.scale_min, "high": criterion.scale_max}
                }
            )
        field, before, after = "rating", str(rating.value), str(value)
        rating.value = value
        rating.save(update_fields=["value"])
        candidate_composite_refresh(scorecard.candidate_id)
    elif recommendation is not None:
        if recommendation not in Recommendation.values:
            raise ValidationError({"recommendation": _("Choose one of the recommendations.")})
        field, before, after = "recommendation", scorecard.recommendation, recommendation
        Scorecard.objects.filter(pk=scorecard.pk).update(recommendation=recommendation)
        scorecard.recommendation = recommendation
    else:
        raise ValidationError(_("Say what to correct: a criterion's rating or the recommendation."))
    amendment = ScorecardAmendment.objects.create(
        scorecard=scorecard,
        criterion=criterion,
        field=field,
        before=before,
        after=after,
        reason=reason.strip(),
        actor=actor,
    )
    audit_record(
        actor=actor,
        verb="scorecard.amend",
        obj=scorecard,
        before={"field": field, "criterion": criterion.pk if criterion else None, "value": before},
        after={"field": field, "criterion": criterion.pk if criterion else None, "value": after},
        note=reason.strip(),
    )
    return amendment


@transaction.atomic
def candidate_stage_move(*, candidate: Candidate, stage: str, reason: str = "", actor: User) -> Candidate:
    """Move an open candidate between the open stages (applied, screen, interviews, offer)."""
    if candidate.stage not in OPEN_STAGES:
        raise ValidationError(_("This candidate's application is closed."))
    if stage not in OPEN_STAGES:
        raise ValidationError({"stage": _("Use a decision to hire, reject, decline or withdraw.")})
    if stage != candidate.stage:
        _stage_change(candidate=candidate, to=stage, reason=reason.strip(), actor=actor)
        audit_record(actor=actor, verb="candidate.stage", obj=candidate, after={"stage": stage})
    return candidate


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = name.strip().partition(" ")
    return first[:150], last[:150]


@transaction.atomic
def candidate_decide(
    *,
    candidate: Candidate,
    decision: str,
    reason: str,
    actor: User,
    start_date: dt.date | None = None,
    missing_scorecards_reason: str = "",
) -> Candidate:
    """Hire, reject, decline or withdraw. Scores stay whatever the outcome; a hire becomes a learner in the team.

    Hire and reject are judgements on the panel's evidence, so they wait for the decider's own scorecard
    (if they interviewed), and deciding while other interviewers' scorecards are missing needs a stated
    reason, stored on the timeline with the missing names and audited. Declined and withdrawn are the
    candidate's choice and are recorded whatever the scorecards.
    """
    if decision not in CLOSED_STAGES:
        raise ValidationError({"decision": _("Choose hire, reject, decline or withdraw.")})
    if not requisition_can_decide(user=actor, requisition=candidate.requisition):
        raise PermissionDenied
    if candidate.stage in CLOSED_STAGES:
        raise ValidationError(_("A decision has already been recorded for this candidate."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the decision.")})
    missing: list[str] = []
    missing_scorecards_reason = missing_scorecards_reason.strip()
    if decision in (Stage.HIRED, Stage.REJECTED):
        readiness = decision_readiness(user=actor, candidate=candidate)
        if readiness.own_pending:
            raise ValidationError(
                {"decision": _("Submit your own scorecard for this candidate before deciding.")}
            )
        missing = readiness.missing_names
        if missing and not missing_scorecards_reason:
            raise ValidationError(
                {
                    "missing_scorecards_reason": _(
                        "These scorecards are not submitted yet: %(names)s. Say why you decide without them."
                    )
                    % {"names": ", ".join(missing)}
                }
            )
    if not missing:
        missing_scorecards_reason = ""
    if decision == Stage.HIRED:
        if not candidate.email:
            raise ValidationError({"email": _("A hire needs an email address for their learner account.")})
        start = start_date or timezone.localdate()
        user = candidate.user or User.objects.filter(email=candidate.email).first()
        if user is None:
            first, last = _split_name(candidate.name)
            user = user_create(
                email=candidate.email,
                password=None,
                first_name=first,
                last_name=last,
                roles=[Role.LEARNER],
                verified=True,
                actor=actor,
                start_date=start,
            )
        else:
            if user.start_date is None:
                User.objects.filter(pk=user.pk).update(start_date=start)
                user.start_date = start
            role_grant(user=user, role=Role.LEARNER, actor=actor)
        candidate.user = user
        candidate.save(update_fields=["user"])
        # courses listens for the membership signal and assigns the team's onboarding path.
        membership_add(user=user, org_unit=candidate.requisition.team, actor=actor)
    before = candidate.stage
    _stage_change(
        candidate=candidate,
        to=decision,
        reason=reason.strip(),
        actor=actor,
        missing_scorecards=missing,
        missing_scorecards_reason=missing_scorecards_reason,
    )
    after: dict[str, Any] = {"stage": decision, "user": candidate.user_id}
    if missing:
        after |= {"missing_scorecards": missing, "missing_scorecards_reason": missing_scorecards_reason}
    audit_record(
        actor=actor,
        verb=f"candidate.{decision}",
        obj=candidate,
        before={"stage": before},
        after=after,
        note=reason.strip(),
    )
    if decision == Stage.HIRED:
        webhook_emit(
            event="candidate.hired",
            data={
                "candidate_id": candidate.pk,
                "requisition_id": candidate.requisition_id,
                "user_id": candidate.user_id,
                "email": candidate.email,
                "start_date": candidate.user.start_date if candidate.user else None,
            },
        )
    return candidate
