"""Analytics pages: thin views over selectors (reads) and services (writes); analysts and admins only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from core.exports import csv_response, table_response
from core.uploads import stash_discard, stash_get, upload_stash
from stats.validity import MIN_OBSERVATIONS, MIN_OBSERVATIONS_PER_PREDICTOR

from . import charts, selectors, study_explain
from .forms import CoachingStudyForm, DecisionForm, ExamStudyForm, PerformanceImportForm, StudyForm
from .imports import (
    COLUMNS,
    PERFORMANCE_LIMITS,
    TEMPLATE_EXAMPLE,
    performance_import,
    performance_import_preview,
    rows_from_file,
)
from .labels import DIMENSION_LABELS, adverse_impact_message, group_label
from .models import PredictorFamily, ValidityStudy, WeightProposal
from .services import proposal_adopt, proposal_reject, study_create

STAGE_LABELS = {
    "passed_screen": gettext_lazy("Passed screen"),
    "offered": gettext_lazy("Offered"),
    "hired": gettext_lazy("Hired"),
}


def _require_analytics(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not selectors.analytics_allowed(user):
        raise PermissionDenied
    return user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _require_analytics(request)
    family = _family(request)
    studies = list(selectors.studies().filter(family=family)[:50])
    return render(
        request,
        "analytics/home.html",
        {
            "family": family,
            "families": PredictorFamily.choices,
            "studies": studies,
            "performance": selectors.performance_summary(),
            "intro": FAMILY_INTROS[family],
        },
    )


@login_required
def performance_template(request: HttpRequest, fmt: str) -> HttpResponseBase:
    _require_analytics(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return table_response(
        fmt,
        filename="performance-template",
        header=COLUMNS,
        rows=[TEMPLATE_EXAMPLE],
        sheet_title="performance",
    )


@login_required
def performance_import_view(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing saved) → confirm: the stashed file is read again under the same limits."""
    user = _require_analytics(request)
    form = PerformanceImportForm()
    preview = None
    token = ""
    if request.method == "POST" and request.POST.get("confirm"):
        stash = stash_get(user=user, token=request.POST.get("token"))
        if stash is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("analytics:performance_import")
        try:
            rows = rows_from_file(name=stash.name, content=stash.read())
            created = performance_import(rows=rows, actor=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("analytics:performance_import")
        stash_discard(user=user, stash=stash)
        messages.success(request, _("%(count)s performance records imported.") % {"count": len(created)})
        return redirect("analytics:home")
    if request.method == "POST":
        form = PerformanceImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                stash = upload_stash(user=user, upload=form.cleaned_data["file"], limits=PERFORMANCE_LIMITS)
                rows = rows_from_file(name=stash.name, content=stash.read())
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                preview = performance_import_preview(rows=rows)
                if preview.errors:
                    stash_discard(user=user, stash=stash)
                else:
                    token = stash.token
    return render(
        request,
        "analytics/import.html",
        {"form": form, "preview": preview, "token": token, "columns": COLUMNS},
    )


STUDY_FORMS: dict[str, type[StudyForm | ExamStudyForm | CoachingStudyForm]] = {
    PredictorFamily.HIRING: StudyForm,
    PredictorFamily.EXAM: ExamStudyForm,
    PredictorFamily.COACHING: CoachingStudyForm,
}
FAMILY_INTROS = {
    PredictorFamily.HIRING: gettext_lazy(
        "Compares hires' interview ratings with their later performance, and proposes better weights when the "
        "data support them."
    ),
    PredictorFamily.EXAM: gettext_lazy(
        "Compares people's certification exam scores with their later performance: does passing the exams "
        "go with selling better?"
    ),
    PredictorFamily.COACHING: gettext_lazy(
        "Compares sellers' mean coach ratings on each coaching criterion with their performance."
    ),
}


def _family(request: HttpRequest) -> PredictorFamily:
    family = request.GET.get("family", PredictorFamily.HIRING)
    if family not in PredictorFamily.values:
        raise Http404
    return PredictorFamily(family)


@login_required
def study_new(request: HttpRequest) -> HttpResponse:
    user = _require_analytics(request)
    family = _family(request)
    form_class = STUDY_FORMS[family]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study = study_create(
                family=family,
                rubric_version=data.get("rubric_version"),
                exams=list(data["exams"]) if "exams" in data else None,
                score_rule=data.get("score_rule", "best"),
                metric=data["outcome"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                cut=data.get("cut", 3.0),
                actor=user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("analytics:study", pk=study.pk)
    choices_empty = not form.fields[
        "exams" if family == PredictorFamily.EXAM else "rubric_version"
    ].queryset.exists()  # type: ignore[attr-defined]
    return render(
        request,
        "analytics/study_new.html",
        {
            "form": form,
            "family": family,
            "family_label": PredictorFamily(family).label,
            "intro": FAMILY_INTROS[family],
            "choices_empty": choices_empty,
        },
    )


def _study_or_404(pk: int) -> ValidityStudy:
    study = selectors.study_with_proposals(pk=pk)
    if study is None:
        raise Http404
    return study


def _recommendation_text(study: ValidityStudy, results: dict[str, Any]) -> str:
    if study.family != PredictorFamily.HIRING:
        return _predictor_recommendation_text(study, results)
    rec = results.get("recommendation")
    if rec == "insufficient_data":
        return _("Not enough hires yet: %(n)s of about %(needed)s needed.") % {
            "n": results["n"],
            "needed": _needed(results),
        }
    if rec == "adopt":
        return _(
            "Change the weights: the proposed weights predict %(metric)s better out of sample "
            "(cross-validated r %(current).2f → %(proposed).2f)."
        ) % {
            "metric": study.outcome,
            "current": results["cv_r_current"],
            "proposed": results["cv_r_proposed"],
        }
    return _("Keep the current weights: re-weighting does not reliably predict %(metric)s better.") % {
        "metric": study.outcome
    }


def _needed(results: dict[str, Any]) -> int:
    if results.get("hires_for_decision"):  # the power gate's figure (stats.validity.POWER_GATE)
        return int(max(MIN_OBSERVATIONS, results["hires_for_decision"]))
    p = len(results.get("criteria", []))
    return int(max(MIN_OBSERVATIONS, MIN_OBSERVATIONS_PER_PREDICTOR * p, results.get("n_needed") or 0))


def _predictor_recommendation_text(study: ValidityStudy, results: dict[str, Any]) -> str:
    """Exam and coaching studies inform; they adopt nothing, so the wording is about evidence, not weights."""
    exam = study.family == PredictorFamily.EXAM
    rec = results.get("recommendation")
    values = {
        "n": results["n"],
        "needed": _needed(results),
        "metric": study.outcome,
        "r": results.get("composite_r") or 0.0,
        "current": results.get("cv_r_current") or 0.0,
        "proposed": results.get("cv_r_proposed") or 0.0,
    }
    if rec == "insufficient_data":
        if exam:
            return (
                _("Not enough people with exam scores and an outcome yet: %(n)s of about %(needed)s needed.")
                % values
            )
        return _("Not enough coached sellers with an outcome yet: %(n)s of about %(needed)s needed.") % values
    if rec == "adopt":
        if exam:
            return (
                _(
                    "Some exams predict %(metric)s better than others: weighting them differently would predict it "
                    "better out of sample (cross-validated r %(current).2f → %(proposed).2f). Review what the "
                    "weaker exams test."
                )
                % values
            )
        return (
            _(
                "Some coaching criteria predict %(metric)s better than others: weighting them differently would "
                "predict it better out of sample (cross-validated r %(current).2f → %(proposed).2f). Focus "
                "coaching on the criteria that matter."
            )
            % values
        )
    several = len(results.get("criteria", [])) > 1
    if exam:
        text = (
            _("Exam scores and %(metric)s among those tested: r = %(r).2f (cross-validated %(current).2f).")
            % values
        )
        if several:
            text += " " + _("Weighting the exams differently would not reliably predict it better.")
        return text
    text = _("Coaching ratings and %(metric)s: r = %(r).2f (cross-validated %(current).2f).") % values
    if several:
        text += " " + _("Weighting the criteria differently would not reliably predict it better.")
    return text


def _caveats(results: dict[str, Any], family: str = PredictorFamily.HIRING) -> list[str]:
    if family != PredictorFamily.HIRING:
        return _predictor_caveats(results, family)
    notes = []
    if results.get("hires_without_outcome"):
        notes.append(
            ngettext(
                "%(count)s hire has no %(what)s in the window (a leaver, or not started yet); "
                "the study cannot see how they would have done.",
                "%(count)s hires have no %(what)s in the window (leavers, or not started yet); "
                "the study cannot see how they would have done.",
                results["hires_without_outcome"],
            )
            % {"count": results["hires_without_outcome"], "what": _("performance records")}
        )
    if results.get("declined"):
        notes.append(
            ngettext(
                "%(count)s candidate declined an offer; nobody knows how they would have performed.",
                "%(count)s candidates declined an offer; nobody knows how they would have performed.",
                results["declined"],
            )
            % {"count": results["declined"]}
        )
    if results.get("dropped"):
        notes.append(
            ngettext(
                "%(count)s hire was left out because a criterion was not rated.",
                "%(count)s hires were left out because a criterion was not rated.",
                results["dropped"],
            )
            % {"count": results["dropped"]}
        )
    if results.get("outcome_reversed"):
        notes.append(
            _("Lower is better for this metric, so its sign was flipped: a positive r means better.")
        )
    notes.append(
        _("Only hires have outcomes, so validity among hires understates validity among all applicants.")
    )
    return notes


def _predictor_caveats(results: dict[str, Any], family: str) -> list[str]:
    notes = []
    if results.get("scored_without_outcome"):
        notes.append(
            ngettext(
                "%(count)s person with scores has no value for this metric in the window (a leaver, or not "
                "started yet); the study cannot see how they did.",
                "%(count)s people with scores have no value for this metric in the window (leavers, or not "
                "started yet); the study cannot see how they did.",
                results["scored_without_outcome"],
            )
            % {"count": results["scored_without_outcome"]}
        )
    if results.get("dropped"):
        if family == PredictorFamily.EXAM:
            notes.append(
                ngettext(
                    "%(count)s person was left out for having no score on one of the chosen exams.",
                    "%(count)s people were left out for having no score on one of the chosen exams.",
                    results["dropped"],
                )
                % {"count": results["dropped"]}
            )
        else:
            notes.append(
                ngettext(
                    "%(count)s seller was left out because a criterion was never rated by their coach.",
                    "%(count)s sellers were left out because a criterion was never rated by their coach.",
                    results["dropped"],
                )
                % {"count": results["dropped"]}
            )
    if results.get("outcome_reversed"):
        notes.append(
            _("Lower is better for this metric, so its sign was flipped: a positive r means better.")
        )
    if family == PredictorFamily.EXAM:
        notes.append(
            _(
                "Only people who took the exams are compared; the composite weighs each exam equally and "
                "nothing is adopted from this study."
            )
        )
    else:
        notes.append(
            _(
                "Only coached sellers are compared, and coaches rate the sellers they coach; the composite "
                "uses the rubric's weights and nothing is adopted from this study."
            )
        )
    return notes


def _criteria_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for c in results.get("criteria", []):
        low, high, r = c["ci_low"], c["ci_high"], c["r"]
        bar = None
        if low is not None and high is not None and r is not None:
            # r from −1..1 mapped onto 0..100 % of the bar's width.
            bar = {"left": (low + 1) * 50, "width": max((high - low) * 50, 0.5), "point": (r + 1) * 50}
        name = c["name"]
        ci = results.get("weight_ci", {}).get(name)
        rows.append(
            {
                **c,
                "bar": bar,
                "current": results["current_weights"].get(name),
                "proposed": results["proposed_weights"].get(name),
                "weight_ci": ci,
            }
        )
    return rows


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    _require_analytics(request)
    study = _study_or_404(pk)
    results = study.results if study.status == ValidityStudy.Status.DONE else {}
    rows = _criteria_rows(results) if results else []
    if results and request.GET.get("format") == "csv":
        return csv_response(
            filename=f"study-{study.pk}-criteria",
            header=["criterion", "r", "ci_low", "ci_high", "p_value", "current_weight", "proposed_weight"],
            rows=[
                [r["name"], r["r"], r["ci_low"], r["ci_high"], r["p_value"], r["current"], r["proposed"]]
                for r in rows
            ],
        )
    hiring = study.family == PredictorFamily.HIRING
    context: dict[str, Any] = {"study": study, "results": results, "criteria": rows, "hiring": hiring}
    if not hiring:
        context["exams"] = _study_exams(study)
    if results:
        context["recommendation"] = _recommendation_text(study, results)
        context["explain"] = study_explain.explain(study, results)
        context["caveats"] = _caveats(results, study.family)
        context["scatter"] = (
            charts.scatter(
                results["scatter"],
                title=_("Composite score vs %(metric)s") % {"metric": study.outcome},
                x_title=_("Composite (current weights)"),
                y_title=str(study.outcome),
            )
            if results.get("scatter")
            else None
        )
        context["validity_chart"] = charts.validity_bars(
            [(r["name"], r["r"], r["ci_low"], r["ci_high"]) for r in rows],
            title=_("Validity of each predictor (r with 95 % CI)"),
        )
        if not hiring:
            return render(request, "analytics/study.html", context)
        context["weights_chart"] = charts.weights_bars(
            [r["name"] for r in rows],
            [r["current"] or 0 for r in rows],
            [r["proposed"] or 0 for r in rows],
            title=_("Weights"),
            current_label=_("Current"),
            proposed_label=_("Proposed"),
        )
        context["proposals"] = list(study.proposals.all())
        for proposal in context["proposals"]:
            proposal.adverse_impact = adverse_impact_message(proposal.fairness)
        context["decision_form"] = DecisionForm()
    return render(request, "analytics/study.html", context)


def _study_exams(study: ValidityStudy) -> list[str]:
    """The exam titles an exam study covered (one query), for its heading."""
    if study.family != PredictorFamily.EXAM:
        return []
    from assessments.exams.models import Exam

    return list(
        Exam.objects.filter(pk__in=study.inputs.get("exams", []))
        .order_by("title")
        .values_list("title", flat=True)
    )


@login_required
def study_status(request: HttpRequest, pk: int) -> HttpResponse:
    _require_analytics(request)
    study = selectors.studies().filter(pk=pk).first()
    if study is None:
        raise Http404
    response = render(request, "analytics/_study_status.html", {"study": study})
    if study.is_finished and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


def _fairness_sections(study: ValidityStudy, proposal: WeightProposal | None) -> list[dict[str, Any]]:
    results = study.results
    sections: list[dict[str, Any]] = []
    for stage, tables in results.get("stage_fairness", {}).items():
        sections.append({"title": STAGE_LABELS.get(stage, stage), "key": stage, "tables": _tables(tables)})
    composite = results.get("composite_fairness", {})
    if composite.get("current"):
        sections.append(
            {
                "title": _("Composite at or above %(cut)s (current weights)") % {"cut": composite["cut"]},
                "key": "composite_current",
                "tables": _tables(composite["current"]),
            }
        )
    if proposal is not None and proposal.fairness.get("proposed"):
        sections.append(
            {
                "title": _("Same number passing with the proposed weights"),
                "key": "composite_proposed",
                "tables": _tables(proposal.fairness["proposed"]),
            }
        )
    return sections


def _tables(by_dimension: dict[str, Any]) -> list[dict[str, Any]]:
    tables = []
    for dim, table in by_dimension.items():
        rows = [{**row, "label": group_label(dim, row["group"])} for row in table["rows"]]
        small = [{**row, "label": group_label(dim, row["group"])} for row in table["small"]]
        tables.append(
            {"dimension": DIMENSION_LABELS.get(dim, dim), "key": dim, **table, "rows": rows, "small": small}
        )
    return tables


@login_required
def study_fairness(request: HttpRequest, pk: int) -> HttpResponseBase:
    _require_analytics(request)
    study = _study_or_404(pk)
    if study.status != ValidityStudy.Status.DONE or study.family != PredictorFamily.HIRING:
        return redirect("analytics:study", pk=study.pk)
    proposals = list(study.proposals.all())
    proposal = proposals[0] if proposals else None
    sections = _fairness_sections(study, proposal)
    if request.GET.get("format") == "csv":
        rows = []
        for section in sections:
            for table in section["tables"]:
                for row in table["rows"]:
                    rows.append(
                        [
                            section["key"],
                            table["key"],
                            row["group"],
                            row["n"],
                            row["selected"],
                            row["rate"],
                            row["impact_ratio"],
                            row["flagged"],
                            row["p_value"],
                            False,
                        ]
                    )
                for row in table["small"]:
                    rows.append(
                        [
                            section["key"],
                            table["key"],
                            row["group"],
                            row["n"],
                            row["selected"],
                            row["rate"],
                            None,
                            None,
                            None,
                            True,
                        ]
                    )
        return csv_response(
            filename=f"study-{study.pk}-fairness",
            header=[
                "selection",
                "dimension",
                "group",
                "n",
                "selected",
                "rate",
                "impact_ratio",
                "flagged",
                "p_value",
                "small_group",
            ],
            rows=rows,
        )
    for section in sections:
        # One chart per selection: every group's impact ratio (intersections stay in the tables).
        bars = [
            (f"{table['dimension']}: {row['label']}", row["impact_ratio"])
            for table in section["tables"]
            if table["key"] != "intersection"
            for row in table["rows"]
        ]
        section["chart"] = (
            charts.impact_bars(
                bars,
                title=_("Impact ratio: %(selection)s") % {"selection": section["title"]},
                threshold_label=_("Four-fifths line (0.8)"),
            )
            if bars
            else None
        )
    return render(
        request,
        "analytics/fairness.html",
        {
            "study": study,
            "sections": sections,
            "proposal": proposal,
            "adverse_impact": adverse_impact_message(proposal.fairness) if proposal else "",
        },
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _require_analytics(request)
    proposal = selectors.proposal(pk=pk)
    if proposal is None:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose adopt or reject and give a reason."))
        return redirect("analytics:study", pk=proposal.study_id)
    data = form.cleaned_data
    try:
        if data["decision"] == "adopt":
            done = proposal_adopt(
                proposal=proposal,
                reason=data["reason"],
                override_reason=data["override_reason"],
                actor=user,
                study_url=request.build_absolute_uri(reverse("analytics:study", args=[proposal.study_id])),
            )
            messages.success(
                request,
                _("Adopted: %(version)s now carries the new weights for requisitions opened from now on.")
                % {"version": done.rubric_version},
            )
        else:
            proposal_reject(proposal=proposal, reason=data["reason"], actor=user)
            messages.success(request, _("Proposal rejected."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("analytics:study", pk=proposal.study_id)


def _pct(rate: float | None) -> float | None:
    return None if rate is None else 100 * rate


@login_required
def dashboards(request: HttpRequest) -> HttpResponseBase:
    _require_analytics(request)
    hires = selectors.hires_by_requisition()
    members = selectors.members_by_team()
    # One completion lookup serves both the funnel and the readiness table.
    completion = selectors.onboarding_completion(hires=hires, members=members)
    funnel = selectors.funnel_by_requisition(hires=hires, completion=completion)
    exams = selectors.exam_health()
    readiness = selectors.readiness_by_team(members=members, completion=completion)
    export = request.GET.get("export")
    if export == "readiness":
        keys = ["team", "members", "path_progress", "onboarded", "certified", "coached", "qualified"]
        return csv_response(
            filename="readiness", header=keys, rows=[[row[k] for k in keys] for row in readiness]
        )
    if export == "funnel":
        keys = ["requisition", "team", "cohort", "candidates", "hired", "onboarded", "certified", "ramped"]
        keys += ["hire_rate", "onboarded_rate", "certified_rate", "ramped_rate"]
        return csv_response(filename="funnel", header=keys, rows=[[row[k] for k in keys] for row in funnel])
    if export == "exams":
        keys = ["exam", "attempts", "items", "flagged"]
        return csv_response(
            filename="exam-health", header=keys, rows=[[row[k] for k in keys] for row in exams]
        )
    # Charts come from the rows already fetched, so they cost no query.
    funnel_chart = (
        charts.funnel_bars(
            [
                (_("Candidates"), sum(row["candidates"] for row in funnel)),
                (_("Hired"), sum(row["hired"] for row in funnel)),
                (_("Onboarding complete"), sum(row["onboarded"] for row in funnel)),
                (_("Certified"), sum(row["certified"] for row in funnel)),
                (_("Ramped"), sum(row["ramped"] for row in funnel)),
            ],
            title=_("Funnel across all requisitions"),
        )
        if funnel
        else None
    )
    readiness_chart = (
        charts.grouped_bars(
            [row["team"] for row in readiness],
            [
                (_("Path progress %"), [row["path_progress"] for row in readiness]),
                (_("Onboarding complete %"), [_pct(row["onboarded_rate"]) for row in readiness]),
                (_("Certified %"), [_pct(row["certified_rate"]) for row in readiness]),
                (_("Coached %"), [_pct(row["coached_rate"]) for row in readiness]),
                (_("Qualified %"), [_pct(row["qualified_rate"]) for row in readiness]),
            ],
            title=_("Readiness by team"),
            percent=True,
        )
        if readiness
        else None
    )
    exams_chart = (
        charts.grouped_bars(
            [row["exam"] for row in exams],
            [
                (_("Items analysed"), [row["items"] for row in exams]),
                (_("Items flagged"), [row["flagged"] for row in exams]),
            ],
            title=_("Items flagged by item analysis"),
        )
        if exams
        else None
    )
    return render(
        request,
        "analytics/dashboards.html",
        {
            "funnel": funnel,
            "funnel_chart": funnel_chart,
            "exams": exams,
            "exams_chart": exams_chart,
            "readiness": readiness,
            "readiness_chart": readiness_chart,
            "ramp_target": selectors.RAMP_TARGET,
        },
    )
