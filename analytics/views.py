"""Analytics pages: thin views over selectors (reads) and services (writes); analysts and admins only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.components import limits_text
from core.exports import csv_response, table_response
from core.http import AuthedHttpRequest, role_required
from core.uploads import stash_discard, stash_get, upload_stash

from . import presentation, selectors, study_explain
from .forms import CoachingStudyForm, DecisionForm, ExamStudyForm, PerformanceImportForm, StudyForm
from .imports import (
    COLUMNS,
    PERFORMANCE_LIMITS,
    TEMPLATE_EXAMPLE,
    performance_import,
    performance_import_preview,
    rows_from_file,
)
from .labels import adverse_impact_message
from .models import PredictorFamily, ValidityStudy
from .services import proposal_adopt, proposal_reject, study_create
from .tallies import path_plan


@role_required(*selectors.ANALYTICS_ROLES)
def home(request: AuthedHttpRequest) -> HttpResponse:
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
            "intro": presentation.FAMILY_INTROS[family],
        },
    )


@role_required(*selectors.ANALYTICS_ROLES)
def performance_template(request: AuthedHttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return table_response(
        fmt,
        filename="performance-template",
        header=COLUMNS,
        rows=[TEMPLATE_EXAMPLE],
        sheet_title="performance",
    )


@role_required(*selectors.ANALYTICS_ROLES)
def performance_import_view(request: AuthedHttpRequest) -> HttpResponse:
    """Upload → preview (nothing saved) → confirm: the stashed file is read again under the same limits."""
    user = request.user
    form = PerformanceImportForm()
    preview = None
    token = ""
    if request.method == "POST" and request.POST.get("confirm"):
        stash = stash_get(user=user, token=request.POST.get("token"))
        if stash is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("analytics:performance_import")
        try:
            rows = rows_from_file(name=stash.name, content=stash.read_within(PERFORMANCE_LIMITS))
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
                found = performance_import_preview(rows=rows)
                if found.errors:
                    stash_discard(user=user, stash=stash)
                else:
                    token = stash.token
                preview = presentation.performance_preview(preview=found, token=token)
    return render(
        request,
        "analytics/import.html",
        {"form": form, "preview": preview, "token": token, "limits": limits_text(PERFORMANCE_LIMITS)},
    )


STUDY_FORMS: dict[str, type[StudyForm | ExamStudyForm | CoachingStudyForm]] = {
    PredictorFamily.HIRING: StudyForm,
    PredictorFamily.EXAM: ExamStudyForm,
    PredictorFamily.COACHING: CoachingStudyForm,
}


def _family(request: HttpRequest) -> PredictorFamily:
    family = request.GET.get("family", PredictorFamily.HIRING)
    if family not in PredictorFamily.values:
        raise Http404
    return PredictorFamily(family)


@role_required(*selectors.ANALYTICS_ROLES)
def study_new(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
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
                requisitions=list(data.get("requisitions") or []),
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
            "intro": presentation.FAMILY_INTROS[family],
            "choices_empty": choices_empty,
        },
    )


def _study_or_404(pk: int) -> ValidityStudy:
    study = selectors.study_with_proposals(pk=pk)
    if study is None:
        raise Http404
    return study


@role_required(*selectors.ANALYTICS_ROLES)
def study_detail(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    study = _study_or_404(pk)
    results = study.results if study.status == ValidityStudy.Status.DONE else {}
    rows = presentation.criteria_rows(results) if results else []
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
        context["recommendation"] = presentation.recommendation_text(study, results)
        context["explain"] = study_explain.explain(study, results)
        context["caveats"] = presentation.caveats(results, study.family)
        context["scatter"] = presentation.scatter_chart(study, results)
        context["validity_chart"] = presentation.validity_chart(rows)
        if not hiring:
            return render(request, "analytics/study.html", context)
        context["weights_chart"] = presentation.weights_chart(rows)
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
        .order_by("title_en")
        .values_list("title", flat=True)
    )


@role_required(*selectors.ANALYTICS_ROLES)
def study_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    study = selectors.studies().filter(pk=pk).first()
    if study is None:
        raise Http404
    response = render(request, "analytics/_study_status.html", {"study": study})
    if study.is_finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@role_required(*selectors.ANALYTICS_ROLES)
def study_fairness(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    study = _study_or_404(pk)
    if study.status != ValidityStudy.Status.DONE or study.family != PredictorFamily.HIRING:
        return redirect("analytics:study", pk=study.pk)
    proposals = list(study.proposals.all())
    proposal = proposals[0] if proposals else None
    sections = presentation.fairness_sections(study, proposal)
    if request.GET.get("format") == "csv":
        return csv_response(
            filename=f"study-{study.pk}-fairness",
            header=presentation.FAIRNESS_CSV_HEADER,
            rows=presentation.fairness_csv_rows(sections),
        )
    for section in sections:
        section["chart"] = presentation.impact_chart(section)
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


@role_required(*selectors.ANALYTICS_ROLES)
@require_POST
def proposal_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
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


@role_required(*selectors.ANALYTICS_ROLES)
def dashboards(request: AuthedHttpRequest) -> HttpResponseBase:
    # One reading of the active paths' steps serves both the funnel and the readiness table.
    plan = path_plan()
    funnel = selectors.funnel_by_requisition(plan=plan)
    exams = selectors.exam_health()
    readiness = selectors.readiness_by_team(plan=plan)
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
    return render(
        request,
        "analytics/dashboards.html",
        {
            "funnel": funnel,
            "funnel_chart": presentation.funnel_chart(funnel),
            "exams": exams,
            "exams_chart": presentation.exams_chart(exams),
            "readiness": readiness,
            "readiness_chart": presentation.readiness_chart(readiness),
            "ramp_target": selectors.RAMP_TARGET,
        },
    )
