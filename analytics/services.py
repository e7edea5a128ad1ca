"""Writes for analytics: queue and run validity studies, decide weight proposals; every change audited."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from accounts.services import audit_record
from assessments.exams.models import Exam
from assessments.hiring.models import Requisition
from assessments.rubrics.models import Rubric, RubricVersion
from assessments.rubrics.services import criteria_from_version, rubric_version_create
from core.webhooks import webhook_emit
from stats.validity import date_reached, validity_study

from . import reporting, selectors
from .imports import ImportRow, import_row_check
from .kinds import STUDY_DECIDED
from .labels import adverse_impact_message
from .models import Metric, PerformanceRecord, PredictorFamily, ValidityStudy, WeightProposal

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
    rerun_of: ValidityStudy | None = None,
    requisitions: list[Requisition] | None = None,
) -> ValidityStudy:
    """Queue a study of one predictor family; the analytics worker runs it once the transaction commits.

    Hiring studies read scorecards on `rubric_version`; coaching studies read coach ratings of sessions on
    `rubric_version`; exam studies read each person's best or first score on each of `exams`. A hiring study
    given `requisitions` pools their hires (any version of the same rubric), each requisition a stratum.
    """
    if family not in PredictorFamily.values:
        raise ValidationError({"family": _("Unknown predictor family.")})
    inputs: dict[str, Any] = {
        "period_from": period_from.isoformat(),
        "period_to": period_to.isoformat(),
        "n_bootstrap": n_bootstrap,
    }
    if rerun_of is not None:
        inputs["rerun_of"] = rerun_of.pk
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
            if requisitions:
                foreign = [r for r in requisitions if r.rubric_version.rubric_id != rubric_version.rubric_id]
                if foreign:
                    raise ValidationError(
                        {
                            "requisitions": _(
                                "%(titles)s use another rubric; only requisitions scored on %(rubric)s can "
                                "be pooled."
                            )
                            % {
                                "titles": ", ".join(str(r) for r in foreign),
                                "rubric": rubric_version.rubric,
                            }
                        }
                    )
                inputs["requisitions"] = sorted(r.pk for r in requisitions)
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
    from core.outbox import enqueue

    enqueue("analytics.study_run", args=[study.pk], queue="analytics")
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
        transaction.on_commit(lambda: _notify_if_decided(study))
    return study


RERUN_AFTER = dt.timedelta(days=28)


def _lineage(study: ValidityStudy) -> tuple[Any, ...]:
    """Studies of the same scores against the same outcome from the same start: one evidence series."""
    i = study.inputs
    return (
        study.family,
        study.rubric_version_id,
        study.outcome_id,
        tuple(i.get("exams", [])),
        i.get("period_from"),
        tuple(i.get("requisitions", [])),
    )


def studies_rerun_due(*, today: dt.date | None = None) -> list[ValidityStudy]:
    """Re-run every study series whose newest run finished RERUN_AFTER ago, its window extended to today.

    Each re-run is queued like any study; when it finishes, `_notify_if_decided` tells the analyst who
    started the series if it moved from "insufficient data" to a decision.
    """
    today = today or timezone.localdate()
    newest: dict[tuple[Any, ...], ValidityStudy] = {}
    for study in ValidityStudy.objects.select_related("rubric_version", "outcome").order_by(
        "-created_at", "-id"
    ):
        newest.setdefault(_lineage(study), study)
    queued = []
    for study in newest.values():
        if study.status != ValidityStudy.Status.DONE or study.finished_at is None:
            continue
        if timezone.localtime(study.finished_at).date() > today - RERUN_AFTER:
            continue
        inputs = study.inputs
        queued.append(
            study_create(
                family=study.family,
                metric=study.outcome,
                period_from=dt.date.fromisoformat(inputs["period_from"]),
                period_to=today,
                actor=study.created_by,
                rubric_version=study.rubric_version,
                exams=list(Exam.objects.filter(pk__in=inputs.get("exams", []))),
                score_rule=inputs.get("score_rule", selectors.ScoreRule.BEST),
                cut=float(inputs.get("cut", DEFAULT_CUT)),
                n_bootstrap=int(inputs.get("n_bootstrap", DEFAULT_BOOTSTRAP)),
                rerun_of=study,
                requisitions=list(
                    Requisition.objects.select_related("rubric_version").filter(
                        pk__in=inputs.get("requisitions", [])
                    )
                ),
            )
        )
    return queued


def _notify_if_decided(study: ValidityStudy) -> None:
    """Tell the analyst who started the series when a re-run crosses from "insufficient data" to a decision."""
    previous_id = study.inputs.get("rerun_of")
    if not previous_id or study.created_by is None:
        return
    previous = ValidityStudy.objects.filter(pk=previous_id).only("results").first()
    if previous is None or previous.results.get("recommendation") != "insufficient_data":
        return
    decision = study.results.get("recommendation")
    if decision not in ("adopt", "keep"):
        return
    from django.urls import reverse

    from core.notifications import in_language_of, notify

    recipient = study.created_by
    with in_language_of(recipient):
        title = _("Validity study #%(pk)s can now decide") % {"pk": study.pk}
        body = _(
            "The monthly re-run of study #%(previous)s now has %(n)s observations, enough to decide: "
            "%(decision)s. Open study #%(pk)s in Analytics to read what it found."
        ) % {
            "previous": previous_id,
            "n": study.results.get("n"),
            "decision": _("adopt the proposed weights")
            if decision == "adopt"
            else _("keep the current weights"),
            "pk": study.pk,
        }
    notify(
        recipient=recipient,
        kind=STUDY_DECIDED,
        event_key=f"validity-study-decided:{study.pk}",
        title=title,
        body=body,
        link=reverse("analytics:study", kwargs={"pk": study.pk}),
    )


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
        requisition_ids=inputs.get("requisitions") or None,
    )
    progress(30)
    if data.applicant_scores.empty:
        raise ValueError(_("No submitted scorecards use this rubric version yet."))
    hires_scores = data.applicant_scores.reindex(data.outcome.index)
    outcome = data.outcome
    if study.outcome.direction == "lower":
        # Fewer ramp days is better; flipping the sign keeps "positive validity = good" on every page.
        outcome = -outcome
    # Several requisitions pooled: each is a stratum, so their different score and outcome levels do not
    # pose as validity (see stats.validity.within_strata).
    pooled = data.requisition.reindex(data.applicant_scores.index).nunique() > 1
    result = validity_study(
        hires_scores,
        outcome,
        data.current_weights,
        applicant_scores=data.applicant_scores.dropna() if len(data.applicant_scores) else None,
        n_bootstrap=int(inputs.get("n_bootstrap", DEFAULT_BOOTSTRAP)),
        strata=data.requisition if pooled else None,
        applicant_strata=data.requisition if pooled else None,
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
    stats_ = _study_stats(result, data.current_weights)
    results: dict[str, Any] = {
        **stats_,
        **_more_needed(study, stats_),
        "applicants": int(len(data.stages)),
        "hires": int(len(data.hires)),
        "hires_without_outcome": data.hires_without_outcome,
        "declined": data.declined,
        "outcome_reversed": study.outcome.direction == "lower",
        # Unlabelled pairs for the scatter plot: no names, no ids.
        "scatter": [[round(float(a), 4), round(float(b), 4)] for a, b in paired.to_numpy()],
        "stage_fairness": reporting.stage_fairness(data.stages, data.groups),
        "composite_fairness": {k: v for k, v in fairness_current.items() if k != "proposed"},
        "requisitions": int(data.requisition.reindex(paired.index).nunique()) if len(paired) else 0,
        "pooled": bool(pooled),
    }
    if data.ramp is not None:
        results["survival"] = reporting.ramp_survival(
            scores=data.applicant_scores.reindex(data.ramp.index),
            weights=data.current_weights,
            ramp=data.ramp,
            censored_on_leave=study.outcome.censored_on_leave,
        )
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
        "gain": reporting.finite_or_none(result.bootstrap.gain) if result.bootstrap else None,
        "corrected_r_ci": list(result.corrected_r_ci) if result.corrected_r_ci else None,
        "f_stat": result.f_stat,
        "f_p_value": result.f_p_value,
        "power": result.power,
        "hires_for_decision": result.hires_for_decision,
        "n_needed": result.n_needed,
        "power_note": result.power_note,
        "caveats": result.caveats,
    }


def _more_needed(study: ValidityStudy, stats_: dict[str, Any]) -> dict[str, Any]:
    """How many more observations the power gate needs and, at the window's rate, about when they exist."""
    needed = stats_.get("hires_for_decision")
    if stats_.get("recommendation") != "insufficient_data" or not needed:
        return {"more_needed": None, "expected_by": None}
    more = max(0, int(needed) - int(stats_["n"]))
    start = dt.date.fromisoformat(study.inputs["period_from"])
    end = dt.date.fromisoformat(study.inputs["period_to"])
    when = date_reached(more, int(stats_["n"]), (end - start).days + 1, timezone.localdate())
    return {"more_needed": more, "expected_by": when.isoformat() if when else None}


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
    stats_ = _study_stats(result, data.current_weights)
    return (
        stats_
        | _more_needed(study, stats_)
        | {
            "people": int(len(data.scores)),
            "scored_without_outcome": data.scored_without_outcome,
            "outcome_reversed": study.outcome.direction == "lower",
            "scatter": [[round(float(a), 4), round(float(b), 4)] for a, b in paired.to_numpy()],
        }
    )


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
    webhook_emit(
        event="proposal.adopted",
        data={
            "proposal_id": proposal.pk,
            "study_id": proposal.study_id,
            "rubric_version_id": new_version.pk,
            "weights": proposal.weights,
            "decided_at": proposal.decided_at,
        },
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


# ---------------------------------------------------------------- performance records written by integrations


class PerformanceBatchInvalid(Exception):
    """Some rows are wrong; nothing was saved. `errors` holds one entry per bad row."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} rows rejected")
        self.errors = errors


def _performance_rows(records: list[dict[str, Any]]) -> tuple[list[ImportRow], list[dict[str, Any]]]:
    """The file import's checks, row by row (1 = the first record), plus a unique external id per batch."""
    rows = [
        ImportRow(
            number=n,
            data={
                "email": str(r["email"]),
                "metric": str(r["metric"]),
                "period_start": str(r["period_start"]),
                "period_end": str(r["period_end"]),
                "value": repr(float(r["value"])),
            },
        )
        for n, r in enumerate(records, start=1)
    ]
    emails = {row.data["email"].lower() for row in rows}
    people = {e.lower(): pk for pk, e in User.objects.filter(email__in=emails).values_list("pk", "email")}
    metrics = {m.code: m for m in Metric.objects.all()}
    seen: dict[str, int] = {}
    errors = []
    for row, record in zip(rows, records, strict=True):
        import_row_check(row, people, metrics)
        external_id = record["external_id"]
        if external_id in seen:
            row.errors.append(
                _("Row %(row)s, %(field)s: %(message)s")
                % {
                    "row": row.number,
                    "field": "external_id",
                    "message": _("the same external id is already used by row %(other)s.")
                    % {"other": seen[external_id]},
                }
            )
        seen.setdefault(external_id, row.number)
        if row.errors:
            errors.append({"row": row.number, "external_id": external_id, "messages": row.errors})
    return rows, errors


def performance_records_upsert(
    *, records: list[dict[str, Any]], actor: User | None, via: str = ""
) -> dict[str, int]:
    """Create or update (by external id) every record, or none when any row is wrong.

    The API's write path; analytics owns the table, so the checks are the file import's own. A retried batch
    updates the rows it created the first time instead of adding them again. `via` names the caller for the
    audit row (e.g. "API token 12"), since analytics knows nothing of tokens.
    """
    rows, errors = _performance_rows(records)
    if errors:
        raise PerformanceBatchInvalid(errors)
    try:
        return _performance_save(rows, records, actor=actor, via=via)
    except IntegrityError:
        # A concurrent batch inserted one of our external ids first: run again, now as updates.
        return _performance_save(rows, records, actor=actor, via=via)


@transaction.atomic
def _performance_save(
    rows: list[ImportRow], records: list[dict[str, Any]], *, actor: User | None, via: str
) -> dict[str, int]:
    ids = [r["external_id"] for r in records]
    existing = {
        p.external_id: p for p in PerformanceRecord.objects.select_for_update().filter(external_id__in=ids)
    }
    to_create, to_update = [], []
    for row, record in zip(rows, records, strict=True):
        assert row.person_id and row.metric_id and row.start and row.end and row.value is not None
        fields = {
            "person_id": row.person_id,
            "metric_id": row.metric_id,
            "period_start": row.start,
            "period_end": row.end,
            "value": row.value,
            "source": PerformanceRecord.Source.API,
        }
        found = existing.get(record["external_id"])
        if found is None:
            to_create.append(PerformanceRecord(external_id=record["external_id"], **fields))
        else:
            for name, value in fields.items():
                setattr(found, name, value)
            to_update.append(found)
    PerformanceRecord.objects.bulk_create(to_create)
    PerformanceRecord.objects.bulk_update(
        to_update, ["person_id", "metric_id", "period_start", "period_end", "value", "source"]
    )
    result = {"created": len(to_create), "updated": len(to_update)}
    audit_record(
        actor=actor,
        verb="performance.api_write",
        after=result,
        note=via,
    )
    return result
