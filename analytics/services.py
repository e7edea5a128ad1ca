"""Writes for analytics: queue and run validity studies, decide weight proposals; every change audited."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from accounts.services import audit_record
from assessments.exams.models import Exam
from assessments.rubrics.models import Rubric, RubricVersion
from assessments.rubrics.services import criteria_from_version, rubric_version_create

from . import reporting, selectors
from .labels import adverse_impact_message
from .models import Metric, PredictorFamily, ValidityStudy, WeightProposal
from .validity import validity_study

logger = logging.getLogger(__name__)

DEFAULT_CUT = 3.0
DEFAULT_BOOTSTRAP = 1000


@transaction.atomic
def study_create(
    *,
    family: str,
    metric: Metric,
    period_from: dt.date,
    period_to: dt.date,
    actor: User | None,
    rubric_version: RubricVersion | None = None,
    exams: list[Exam] | None = None,
    score_rule: str = selectors.ScoreRule.BEST,
    cut: float = DEFAULT_CUT,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
) -> ValidityStudy:
    """Queue a study of one predictor family; the analytics worker runs it once the transaction commits.

    Hiring studies read scorecards on `rubric_version`; coaching studies read coach ratings of sessions on
    `rubric_version`; exam studies read each person's best or first score on each of `exams`.
    """
    if family not in PredictorFamily.values:
        raise ValidationError({"family": _("Unknown predictor family.")})
    inputs: dict[str, Any] = {
        "period_from": period_from.isoformat(),
        "period_to": period_to.isoformat(),
        "n_bootstrap": n_bootstrap,
    }
    if family == PredictorFamily.EXAM:
        if not exams:
            raise ValidationError({"exams": _("Choose at least one certifying exam.")})
        if score_rule not in (selectors.ScoreRule.BEST, selectors.ScoreRule.FIRST):
            raise ValidationError({"score_rule": _("Choose the best or the first score.")})
        inputs["exams"] = sorted(e.pk for e in exams)
        inputs["score_rule"] = score_rule
        rubric_version = None
    else:
        purpose = Rubric.Purpose.HIRING if family == PredictorFamily.HIRING else Rubric.Purpose.COACHING
        if rubric_version is None:
            raise ValidationError({"rubric_version": _("Choose the rubric version whose scores to study.")})
        if rubric_version.rubric.purpose != purpose:
            raise ValidationError(
                {"rubric_version": _("This rubric version is not used for this kind of score.")}
            )
        if family == PredictorFamily.HIRING:
            inputs["cut"] = cut
    if period_to < period_from:
        raise ValidationError({"period_to": _("The window ends before it starts.")})
    study = ValidityStudy.objects.create(
        family=family,
        rubric_version=rubric_version,
        exam=exams[0] if family == PredictorFamily.EXAM and exams and len(exams) == 1 else None,
        outcome=metric,
        created_by=actor,
        inputs=inputs,
    )
    audit_record(actor=actor, verb="validity_study.create", obj=study, after=study.inputs)
    from .tasks import study_run_task

    transaction.on_commit(lambda: study_run_task.delay(study.pk))
    return study


def _progress(study_id: int, value: int, status: str = ValidityStudy.Status.RUNNING) -> None:
    ValidityStudy.objects.filter(pk=study_id).update(progress=value, status=status, updated_at=timezone.now())


def study_run(*, study_id: int) -> ValidityStudy:
    """Run a queued study and store its results; a finished study is returned untouched (redelivery is harmless)."""
    study = ValidityStudy.objects.select_related("rubric_version", "outcome").get(pk=study_id)
    if study.status == ValidityStudy.Status.DONE:
        return study
    _progress(study.pk, 5)
    try:
        progress = lambda v: _progress(study.pk, v)  # noqa: E731
        if study.family == PredictorFamily.HIRING:
            results, proposal = _hiring_results(study, progress)
        else:
            results, proposal = _predictor_results(study, progress), None
    except Exception as exc:
        # The page shows the failure; raising would only turn an eager run into a server error.
        logger.exception("validity study %s failed", study.pk)
        ValidityStudy.objects.filter(pk=study.pk).update(
            status=ValidityStudy.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        study.refresh_from_db()
        return study
    with transaction.atomic():
        study = ValidityStudy.objects.select_for_update().get(pk=study.pk)
        if study.status == ValidityStudy.Status.DONE:
            return study
        study.results = results
        study.status = ValidityStudy.Status.DONE
        study.progress = 100
        study.error = ""
        study.finished_at = timezone.now()
        study.save()
        if proposal is not None:
            created = WeightProposal.objects.create(study=study, **proposal)
            audit_record(
                actor=None, verb="weight_proposal.create", obj=created, after={"weights": created.weights}
            )
        audit_record(
            actor=None,
            verb="validity_study.done",
            obj=study,
            after={"n": results["n"], "recommendation": results["recommendation"]},
        )
    return study


def _hiring_results(
    study: ValidityStudy, progress: Callable[[int], None]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    assert study.rubric_version is not None
    inputs = study.inputs
    data = selectors.hiring_study_data(
        rubric_version=study.rubric_version,
        metric=study.outcome,
        period_from=dt.date.fromisoformat(inputs["period_from"]),
        period_to=dt.date.fromisoformat(inputs["period_to"]),
    )
    progress(30)
    if data.applicant_scores.empty:
        raise ValueError(_("No submitted scorecards use this rubric version yet."))
    hires_scores = data.applicant_scores.reindex(data.outcome.index)
    outcome = data.outcome
    if study.outcome.direction == "lower":
        # Fewer ramp days is better; flipping the sign keeps "positive validity = good" on every page.
        outcome = -outcome
    result = validity_study(
        hires_scores,
        outcome,
        data.current_weights,
        applicant_scores=data.applicant_scores.dropna() if len(data.applicant_scores) else None,
        n_bootstrap=int(inputs.get("n_bootstrap", DEFAULT_BOOTSTRAP)),
    )
    progress(80)
    cut = float(inputs.get("cut", DEFAULT_CUT))
    changed = result.recommendation != "insufficient_data" and not np.allclose(
        [result.proposed_weights[k] for k in data.current_weights],
        [data.current_weights[k] for k in data.current_weights],
        atol=0.005,
    )
    fairness_current = reporting.composite_fairness(
        data.applicant_scores,
        data.groups,
        data.current_weights,
        result.proposed_weights if changed else None,
        cut,
    )
    hires_composite = reporting.composite(hires_scores, data.current_weights)
    paired = hires_composite.to_frame().join(data.outcome, how="inner")
    results: dict[str, Any] = {
        **_study_stats(result, data.current_weights),
        "applicants": int(len(data.stages)),
        "hires": int(len(data.hires)),
        "hires_without_outcome": data.hires_without_outcome,
        "declined": data.declined,
        "outcome_reversed": study.outcome.direction == "lower",
        # Unlabelled pairs for the scatter plot: no names, no ids.
        "scatter": [[round(float(a), 4), round(float(b), 4)] for a, b in paired.to_numpy()],
        "stage_fairness": reporting.stage_fairness(data.stages, data.groups),
        "composite_fairness": {k: v for k, v in fairness_current.items() if k != "proposed"},
    }
    proposal = None
    if changed:
        proposal = {
            "weights": result.proposed_weights,
            "evidence": {
                k: results[k]
                for k in (
                    "n",
                    "composite_r",
                    "cv_r_current",
                    "cv_r_proposed",
                    "improvement_ci",
                    "recommendation",
                )
            }
            | {"weight_ci": results["weight_ci"], "current_weights": data.current_weights},
            "fairness": fairness_current,
        }
    return results, proposal


def _study_stats(result: Any, current_weights: dict[str, float]) -> dict[str, Any]:
    """The parts of a validity study every family stores alike."""
    weight_ci = (
        {k: [float(r["ci_low"]), float(r["ci_high"])] for k, r in result.bootstrap.weights.iterrows()}
        if result.bootstrap is not None
        else {}
    )
    return {
        "n": result.n,
        "dropped": result.dropped,
        "criteria": [
            {
                "name": str(name),
                "r": reporting.finite_or_none(row["r"]),
                "ci_low": reporting.finite_or_none(row["ci_low"]),
                "ci_high": reporting.finite_or_none(row["ci_high"]),
                "p_value": reporting.finite_or_none(row["p_value"]),
            }
            for name, row in result.criteria.iterrows()
        ],
        "composite_r": reporting.finite_or_none(result.composite_r),
        "corrected_r": reporting.finite_or_none(result.corrected_r),
        "current_weights": current_weights,
        "proposed_weights": result.proposed_weights,
        "weight_ci": weight_ci,
        "shrinkage": result.shrinkage,
        "cv_r_current": reporting.finite_or_none(result.cv_r_current),
        "cv_r_proposed": reporting.finite_or_none(result.cv_r_proposed),
        "improvement_ci": (
            [result.bootstrap.improvement_low, result.bootstrap.improvement_high]
            if result.bootstrap
            else None
        ),
        "recommendation": result.recommendation,
        "n_needed": result.n_needed,
        "power_note": result.power_note,
        "caveats": result.caveats,
    }


def _predictor_results(study: ValidityStudy, progress: Callable[[int], None]) -> dict[str, Any]:
    """Exam scores or coaching ratings against the outcome: the same statistics, no weight proposal."""
    inputs = study.inputs
    window: dict[str, Any] = {
        "metric": study.outcome,
        "period_from": dt.date.fromisoformat(inputs["period_from"]),
        "period_to": dt.date.fromisoformat(inputs["period_to"]),
    }
    if study.family == PredictorFamily.EXAM:
        data = selectors.exam_study_data(
            exam_ids=list(inputs.get("exams", [])), rule=inputs.get("score_rule", "best"), **window
        )
        if data.scores.empty:
            raise ValueError(_("Nobody has a submitted score on these exams yet."))
    else:
        assert study.rubric_version is not None
        data = selectors.coaching_study_data(rubric_version=study.rubric_version, **window)
        if data.scores.empty:
            raise ValueError(_("No coach has rated a session on this rubric version yet."))
    progress(30)
    if data.outcome.empty:
        raise ValueError(_("Nobody with these scores has a value for this metric in the window."))
    outcome = -data.outcome if study.outcome.direction == "lower" else data.outcome
    scores = data.scores.reindex(data.outcome.index)
    result = validity_study(
        scores,
        outcome,
        data.current_weights,
        n_bootstrap=int(inputs.get("n_bootstrap", DEFAULT_BOOTSTRAP)),
    )
    progress(80)
    paired = reporting.composite(scores, data.current_weights).to_frame().join(data.outcome, how="inner")
    return _study_stats(result, data.current_weights) | {
        "people": int(len(data.scores)),
        "scored_without_outcome": data.scored_without_outcome,
        "outcome_reversed": study.outcome.direction == "lower",
        "scatter": [[round(float(a), 4), round(float(b), 4)] for a, b in paired.to_numpy()],
    }


def _require_analytics(actor: User) -> None:
    if not selectors.analytics_allowed(actor):
        raise PermissionDenied


@transaction.atomic
def proposal_adopt(
    *, proposal: WeightProposal, reason: str, actor: User, override_reason: str = "", study_url: str = ""
) -> WeightProposal:
    """Adopt: a new rubric version with the proposed weights (only requisitions opened later use it)."""
    _require_analytics(actor)
    proposal = (
        WeightProposal.objects.select_for_update()
        .select_related("study__rubric_version__rubric")
        .get(pk=proposal.pk)
    )
    if proposal.status != WeightProposal.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the decision.")})
    introduced = proposal.groups_newly_flagged
    if introduced:
        if not (actor.is_superuser or user_has_role(actor, Role.ANALYST)):
            raise PermissionDenied
        if not override_reason.strip():
            raise ValidationError(
                {
                    "override_reason": f"{adverse_impact_message(proposal.fairness)} "
                    f"{_('Adopting them needs a written override reason.')}"
                }
            )
    version = proposal.study.rubric_version
    assert version is not None
    note = _("Weights from validity study #%(study)s %(url)s: %(reason)s") % {
        "study": proposal.study_id,
        "url": study_url,
        "reason": reason.strip(),
    }
    new_version = rubric_version_create(
        rubric=version.rubric,
        criteria=criteria_from_version(version, weights=proposal.weights),
        change_note=" ".join(note.split()),
        actor=actor,
    )
    proposal.status = WeightProposal.Status.ADOPTED
    proposal.reviewer = actor
    proposal.decision_reason = reason.strip()
    proposal.override_reason = override_reason.strip() if introduced else ""
    proposal.decided_at = timezone.now()
    proposal.rubric_version = new_version
    proposal.save()
    if introduced:
        audit_record(
            actor=actor,
            verb="weight_proposal.override",
            obj=proposal,
            after={"groups": introduced},
            note=proposal.override_reason,
        )
    audit_record(
        actor=actor,
        verb="weight_proposal.adopt",
        obj=proposal,
        before={"status": WeightProposal.Status.PROPOSED},
        after={"status": proposal.status, "rubric_version": new_version.pk, "weights": proposal.weights},
        note=proposal.decision_reason,
    )
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: WeightProposal, reason: str, actor: User) -> WeightProposal:
    _require_analytics(actor)
    proposal = WeightProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != WeightProposal.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the decision.")})
    proposal.status = WeightProposal.Status.REJECTED
    proposal.reviewer = actor
    proposal.decision_reason = reason.strip()
    proposal.decided_at = timezone.now()
    proposal.save()
    audit_record(
        actor=actor,
        verb="weight_proposal.reject",
        obj=proposal,
        before={"status": WeightProposal.Status.PROPOSED},
        after={"status": proposal.status},
        note=proposal.decision_reason,
    )
    return proposal
