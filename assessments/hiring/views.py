"""Hiring pages: thin views over the selectors (who may see what) and services (what changes)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import Role
from core.components import limits_text
from core.concurrency import StaleEdit, parse_version
from core.http import AuthedHttpRequest
from core.pagination import page_of
from core.uploads import stash_discard, stash_get, upload_stash

from . import presentation, selectors
from .calibration import calibration_context
from .cv import cv_content_type
from .forms import (
    AmendmentForm,
    CandidateForm,
    CandidateImportForm,
    DecisionForm,
    PlanFormSet,
    RequisitionEditForm,
    RequisitionForm,
    StageForm,
)
from .imports import CANDIDATE_LIMITS, candidates_import, candidates_import_preview, candidates_text
from .models import Candidate, Interview, Recommendation, Requisition, Scorecard, Stage
from .services import (
    PlanStepInput,
    candidate_create,
    candidate_decide,
    candidate_stage_move,
    interviews_from_plan,
    requisition_create,
    requisition_plan_save,
    requisition_status_set,
    requisition_update,
    scorecard_amend,
    scorecard_for_interview,
    scorecard_save,
)

# Rendering every candidate of a 10,000-candidate requisition took seconds: each column shows its top ones.
BOARD_COLUMN_SIZE = 20
BOARD_STAGE_PAGE_SIZE = 50
HOME_DONE_PAGE_SIZE = 20


def _require_hiring(request: AuthedHttpRequest) -> User:
    """Roles are not enough here: an interviewer without a hiring role still opens their own interviews."""
    user = request.user
    if not selectors.hiring_home_allowed(user):
        raise PermissionDenied
    return user


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    """To do first (scorecards I owe, decisions waiting on me), then requisitions; finished work folded away."""
    user = _require_hiring(request)
    done = page_of(selectors.interviews_scored(user), request.GET.get("page"), per_page=HOME_DONE_PAGE_SIZE)
    requisitions = selectors.requisitions_summary(user)
    to_score = list(selectors.interviews_to_score(user))
    decisions = list(selectors.decisions_waiting_on(user))
    stage_labels = [
        s.label for s in (Stage.APPLIED, Stage.SCREEN, Stage.INTERVIEWS, Stage.OFFER, Stage.HIRED)
    ]
    return render(
        request,
        "hiring/home.html",
        {
            "requisitions": requisitions,
            "requisitions_table": presentation.requisitions_table(requisitions, stage_labels),
            "calibration": selectors.requisitions_for_calibration(user).order_by("title"),
            "to_score": to_score,
            "to_score_table": presentation.to_score_table(to_score),
            "decisions": decisions,
            "decisions_table": presentation.decisions_table(decisions),
            "done": done,
            "done_table": presentation.done_table(done),
            # A page link inside the folded list reopens it on that page.
            "done_open": "page" in request.GET,
            "can_create": selectors.requisition_create_allowed(user),
        },
    )


@login_required
def board(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    requisition = get_object_or_404(selectors.requisitions_managed_by(user), pk=pk)
    sort = "name" if request.GET.get("sort") == "name" else "composite"
    stage = request.GET.get("stage", "")
    page = None
    if stage in Stage.values:
        # One stage, every candidate in it, a page at a time ("N more…" from the board leads here).
        ranked = selectors.stage_candidates(user=user, requisition=requisition, stage=stage, sort=sort)
        page = page_of(ranked.candidates, request.GET.get("page"), per_page=BOARD_STAGE_PAGE_SIZE)
        cards = selectors.board_cards(stage_list=ranked, candidates=list(page.object_list))
        shown = [BoardColumn(Stage(stage).label, stage, cards, page.paginator.count)]
    else:
        stage = ""
        columns = selectors.pipeline_board(
            user=user, requisition=requisition, sort=sort, per_column=BOARD_COLUMN_SIZE
        )
        shown = [BoardColumn(Stage(s).label, s, cards, total) for s, (cards, total) in columns.items()]
    return render(
        request,
        "hiring/board.html",
        {
            "requisition": requisition,
            "columns": shown,
            "stage": stage,
            "page": page,
            "sort": sort,
            "can_import": True,
        },
    )


@dataclass(frozen=True)
class BoardColumn:
    label: str | Promise
    stage: str
    cards: Sequence[selectors.BoardCard]  # the cards shown: the column's top ones, or one page of a stage
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.cards)


@login_required
def calibration(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    requisition = get_object_or_404(selectors.requisitions_for_calibration(user), pk=pk)
    context = {"requisition": requisition, **calibration_context(requisition=requisition, viewer=user)}
    # Self-identification is readable by analysts only, and only as group counts.
    if selectors.user_has_role(user, Role.ANALYST):
        context["selection_rates"] = selectors.selection_rates_table(requisition=requisition)
        context["min_group"] = selectors.MIN_GROUP_SIZE
    return render(request, "hiring/calibration.html", context)


@login_required
def candidate_import(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    requisition = get_object_or_404(selectors.requisitions_managed_by(user), pk=pk)
    form = CandidateImportForm()
    preview = None
    token = ""
    if request.method == "POST" and request.POST.get("confirm"):
        stash = stash_get(user=user, token=request.POST.get("token"))
        if stash is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("hiring:candidate_import", pk=requisition.pk)
        try:
            text = candidates_text(stash.read_within(CANDIDATE_LIMITS))
            done = candidates_import(requisition=requisition, text=text, actor=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("hiring:candidate_import", pk=requisition.pk)
        stash_discard(user=user, stash=stash)
        messages.success(
            request,
            " ".join(
                [
                    ngettext("%(n)s candidate imported.", "%(n)s candidates imported.", len(done.new_rows))
                    % {"n": len(done.new_rows)},
                    ngettext("%(n)s duplicate skipped.", "%(n)s duplicates skipped.", len(done.duplicates))
                    % {"n": len(done.duplicates)},
                ]
            ),
        )
        return redirect("hiring:board", pk=requisition.pk)
    if request.method == "POST":
        form = CandidateImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                stash = upload_stash(user=user, upload=form.cleaned_data["file"], limits=CANDIDATE_LIMITS)
                text = candidates_text(stash.read())
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                found = candidates_import_preview(requisition=requisition, text=text)
                if found.errors:
                    stash_discard(user=user, stash=stash)
                else:
                    token = stash.token
                preview = presentation.candidates_preview(
                    preview=found,
                    token=token,
                    cancel_url=reverse("hiring:candidate_import", args=[requisition.pk]),
                )
    return render(
        request,
        "hiring/import.html",
        {
            "requisition": requisition,
            "form": form,
            "preview": preview,
            "token": token,
            "limits": limits_text(CANDIDATE_LIMITS),
        },
    )


def _visible_candidate(request: AuthedHttpRequest, pk: int) -> tuple[User, Candidate]:
    user = _require_hiring(request)
    return user, get_object_or_404(selectors.candidates_visible_to(user), pk=pk)


@login_required
def candidate_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user, candidate = _visible_candidate(request, pk)
    page = selectors.candidate_page(user=user, candidate=candidate)
    can_manage = selectors.requisitions_managed_by(user).filter(pk=candidate.requisition_id).exists()
    can_decide = selectors.requisition_can_decide(user=user, requisition=candidate.requisition)
    readiness = selectors.decision_readiness(user=user, candidate=candidate) if can_decide else None
    return render(
        request,
        "hiring/candidate.html",
        {
            "page": page,
            "candidate": candidate,
            "rows": [(c, page.composite.per_criterion.get(c.pk)) for c in page.criteria],
            "recommendations": [(Recommendation(k).label, k, n) for k, n in page.recommendations.items()],
            "can_manage": can_manage
            and candidate.stage not in (Stage.HIRED, Stage.REJECTED, Stage.DECLINED, Stage.WITHDRAWN),
            "can_decide": can_decide
            and candidate.stage not in (Stage.HIRED, Stage.REJECTED, Stage.DECLINED, Stage.WITHDRAWN),
            "stage_form": StageForm(initial={"stage": candidate.stage}, prefix="stage"),
            "readiness": readiness,
            "schedule": selectors.candidate_schedule(candidate) if can_manage else [],
            "decision_form": DecisionForm(
                prefix="decision", missing=readiness.missing_names if readiness else None
            ),
        },
    )


@login_required
def candidate_scorecards_api(request: AuthedHttpRequest, pk: int) -> JsonResponse:
    user, candidate = _visible_candidate(request, pk)
    cards = selectors.scorecards_visible_to(user=user, candidate=candidate)
    return JsonResponse(
        {
            "candidate": candidate.pk,
            "scorecards": [
                {
                    "interviewer": s.interviewer.display_name,
                    "submitted_at": s.submitted_at.isoformat() if s.submitted_at else None,
                    "recommendation": s.recommendation,
                    "ratings": [
                        {"criterion": r.criterion.name, "value": r.value, "evidence": r.evidence}
                        for r in s.ratings.all()
                    ],
                }
                for s in cards
            ],
        }
    )


@login_required
def scorecard_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user, candidate = _visible_candidate(request, pk)
    interview = (
        Interview.objects.filter(candidate=candidate, interviewer=user)
        .select_related("candidate__requisition", "step")
        .first()
    )
    if interview is None:
        raise Http404
    card = scorecard_for_interview(interview=interview)
    if card.locked:
        return redirect("hiring:candidate", pk=candidate.pk)
    errors: dict[str, list[str]] = {}
    stale = ""
    unsaved: list[tuple[Any, int | None, str]] = []
    unsaved_summary = ""
    ratings = list(card.ratings.select_related("criterion").order_by("criterion__position", "criterion_id"))
    if request.method == "POST":
        submitted: dict[int, tuple[int | None, str]] = {}
        for r in ratings:
            raw = request.POST.get(f"rating_{r.criterion_id}", "")
            value = int(raw) if raw.lstrip("-").isdigit() else None
            submitted[r.criterion_id] = (value, request.POST.get(f"evidence_{r.criterion_id}", ""))
        submit = request.POST.get("action") == "submit"
        seen = parse_version(request.POST.get("version"))
        try:
            scorecard_save(
                scorecard=card,
                ratings=submitted,
                recommendation=request.POST.get("recommendation", ""),
                summary=request.POST.get("summary", ""),
                submit=submit,
                actor=user,
                expected_version=seen,
            )
        except StaleEdit as exc:
            # Saved elsewhere since this form was loaded: show what is stored now, never write over it, and
            # keep what this tab typed on the page so the interviewer can carry it over by hand.
            stale = exc.messages[0]
            by_criterion = {r.criterion_id: r.criterion for r in ratings}
            unsaved = [
                (by_criterion[cid], value, evidence)
                for cid, (value, evidence) in submitted.items()
                if value is not None or evidence.strip()
            ]
            unsaved_summary = request.POST.get("summary", "").strip()
            card.refresh_from_db()
            ratings = list(
                card.ratings.select_related("criterion").order_by("criterion__position", "criterion_id")
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            # What was typed is never lost: a submit that fails the completeness check is kept as the draft.
            with contextlib.suppress(ValidationError):
                scorecard_save(
                    scorecard=card,
                    ratings=submitted,
                    recommendation=request.POST.get("recommendation", ""),
                    summary=request.POST.get("summary", ""),
                    submit=False,
                    actor=user,
                    expected_version=seen,
                )
            card.refresh_from_db()
            ratings = list(
                card.ratings.select_related("criterion").order_by("criterion__position", "criterion_id")
            )
        else:
            if submit:
                messages.success(
                    request, _("Scorecard submitted. You can now see the other interviewers' scorecards.")
                )
                return redirect("hiring:candidate", pk=candidate.pk)
            messages.success(request, _("Draft saved."))
            return redirect("hiring:scorecard", pk=candidate.pk)
    return render(
        request,
        "hiring/scorecard_form.html",
        {
            "candidate": candidate,
            "card": card,
            "ratings": [(r, errors.get(f"criterion_{r.criterion_id}", [])) for r in ratings],
            "errors": errors,
            "recommendations": Recommendation.choices,
            "stale": stale,
            "unsaved": unsaved,
            "unsaved_summary": unsaved_summary,
        },
        status=409 if stale else 200,
    )


@login_required
@require_POST
def candidate_stage(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user, candidate = _visible_candidate(request, pk)
    if not selectors.requisitions_managed_by(user).filter(pk=candidate.requisition_id).exists():
        raise PermissionDenied
    form = StageForm(request.POST, prefix="stage")
    if form.is_valid():
        try:
            candidate_stage_move(
                candidate=candidate,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
                actor=user,
            )
            messages.success(request, _("Stage updated."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a stage."))
    return redirect("hiring:candidate", pk=candidate.pk)


@login_required
@require_POST
def candidate_decision(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user, candidate = _visible_candidate(request, pk)
    if not selectors.requisition_can_decide(user=user, requisition=candidate.requisition):
        raise PermissionDenied
    readiness = selectors.decision_readiness(user=user, candidate=candidate)
    form = DecisionForm(request.POST, prefix="decision", missing=readiness.missing_names)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("hiring:candidate", pk=candidate.pk)
    try:
        candidate_decide(
            candidate=candidate,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            start_date=form.cleaned_data["start_date"],
            missing_scorecards_reason=form.cleaned_data.get("missing_scorecards_reason", ""),
            actor=user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if candidate.stage == Stage.HIRED:
            messages.success(
                request,
                _("Hired. %(name)s now has a learner account in %(team)s.")
                % {"name": candidate.name, "team": candidate.requisition.team},
            )
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("hiring:candidate", pk=candidate.pk)


@login_required
def scorecard_amendment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    card = get_object_or_404(
        Scorecard.objects.select_related("candidate__requisition").filter(interviewer=user, locked=True),
        pk=pk,
    )
    ratings = list(card.ratings.select_related("criterion").order_by("criterion__position"))
    choices = [(r.criterion_id, f"{r.criterion.name} ({r.value})") for r in ratings]
    form = AmendmentForm(request.POST or None, criteria=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        criterion = next((r.criterion for r in ratings if r.criterion_id == data["criterion"]), None)
        try:
            scorecard_amend(
                scorecard=card,
                reason=data["reason"],
                actor=user,
                criterion=criterion,
                value=data["value"] if criterion else None,
                recommendation=None if criterion else (data["recommendation"] or None),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Correction recorded."))
            return redirect("hiring:candidate", pk=card.candidate_id)
    return render(request, "hiring/amend.html", {"card": card, "form": form})


@login_required
def candidate_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    requisition = get_object_or_404(selectors.requisitions_managed_by(user), pk=pk)
    form = CandidateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = candidate_create(requisition=requisition, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Candidate added."))
            return redirect("hiring:candidate", pk=candidate.pk)
    return render(request, "hiring/candidate_add.html", {"requisition": requisition, "form": form})


@login_required
def candidate_cv(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """CVs are personal data: served only to people who may open the candidate, never from a public URL."""
    _user_, candidate = _visible_candidate(request, pk)
    if not candidate.cv:
        raise Http404
    name = candidate.cv.name.rsplit("/", 1)[-1]
    response = FileResponse(
        candidate.cv.open("rb"), as_attachment=True, filename=name, content_type=cv_content_type(name)
    )
    # Never rendered by the browser, whatever the bytes turn out to be.
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def candidate_interviews(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user, candidate = _visible_candidate(request, pk)
    if not selectors.requisitions_managed_by(user).filter(pk=candidate.requisition_id).exists():
        raise PermissionDenied
    created = interviews_from_plan(candidate=candidate, actor=user)
    messages.success(
        request,
        ngettext(
            "%(n)s interviewer assigned from the interview plan.",
            "%(n)s interviewers assigned from the interview plan.",
            len(created),
        )
        % {"n": len(created)},
    )
    return redirect("hiring:candidate", pk=candidate.pk)


@login_required
def requisition_new(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.requisition_create_allowed(user):
        raise PermissionDenied
    form = RequisitionForm(request.POST or None, user=user)
    if request.method == "GET":
        default_version = selectors.default_hiring_rubric_version()
        managed = selectors.teams_for_new_requisition(user)
        form.initial = {
            "rubric_version": default_version.pk if default_version else None,
            "recruiter": user.pk if selectors.user_has_role(user, Role.RECRUITER) else None,
        }
        if not (selectors.user_has_role(user, Role.RECRUITER) or user.is_superuser):
            form.initial["hiring_manager"] = user.pk
            form.initial["team"] = managed.values_list("pk", flat=True).first()
    if request.method == "POST" and form.is_valid():
        try:
            requisition = requisition_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Requisition opened. Now plan its interviews."))
            return redirect("hiring:plan", pk=requisition.pk)
    return render(
        request,
        "hiring/requisition_form.html",
        {"form": form, "has_rubric": selectors.hiring_rubric_versions().exists()},
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def requisition_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    requisition = get_object_or_404(selectors.requisitions_managed_by(user), pk=pk)
    locked = selectors.requisition_rubric_locked(requisition)
    form = RequisitionEditForm(
        request.POST if request.method == "POST" else None,
        user=user,
        requisition=requisition,
        rubric_locked=locked,
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            seen = data.pop("version", None)
            result = requisition_update(requisition=requisition, actor=user, expected_version=seen, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if not result.changed:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("Requisition saved."))
            if result.unmatched_criteria:
                messages.warning(
                    request,
                    _(
                        "These criteria are not in the new rubric version and were removed from the interview "
                        "plan: %(names)s. Check the plan."
                    )
                    % {"names": ", ".join(result.unmatched_criteria)},
                )
                return redirect("hiring:plan", pk=requisition.pk)
            return redirect("hiring:board", pk=requisition.pk)
    return render(
        request,
        "hiring/requisition_edit.html",
        {"form": form, "requisition": requisition, "rubric_locked": locked},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def requisition_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    requisition = get_object_or_404(selectors.requisitions_managed_by(user), pk=pk)
    steps = list(selectors.requisition_plan_steps(requisition))
    initial = [
        {
            "step_id": s.pk,
            "name": s.name,
            "criteria": [c.pk for c in s.criteria.all()],
            "interviewers": [u.pk for u in s.interviewers.all()],
        }
        for s in steps
    ]
    kwargs = {"requisition": requisition}
    if request.method == "POST":
        formset = PlanFormSet(request.POST, initial=initial, form_kwargs=kwargs, prefix="steps")
        if formset.is_valid():
            rows = [
                PlanStepInput(
                    step_id=f.cleaned_data.get("step_id"),
                    name=f.cleaned_data.get("name", ""),
                    criteria=list(f.cleaned_data.get("criteria") or []),
                    interviewers=list(f.cleaned_data.get("interviewers") or []),
                    delete=bool(f.cleaned_data.get("DELETE")),
                )
                for f in formset.forms
                # An untouched blank row (the spare "add a step" row) is not a step.
                if f.has_changed() or f.cleaned_data.get("step_id")
            ]
            try:
                requisition_plan_save(
                    requisition=requisition,
                    rows=rows,
                    actor=user,
                    expected_version=parse_version(request.POST.get("plan_version")),
                )
            except StaleEdit as exc:
                formset._non_form_errors = formset.error_class(exc.messages)  # type: ignore[attr-defined]
            except ValidationError as exc:
                _plan_errors(formset, rows, exc)
            else:
                messages.success(request, _("Interview plan saved."))
                return redirect("hiring:plan", pk=requisition.pk)
    else:
        formset = PlanFormSet(initial=initial, form_kwargs=kwargs, prefix="steps")
    in_use = {s.pk for s in steps if s.in_use}  # type: ignore[attr-defined]
    return render(
        request,
        "hiring/plan_form.html",
        {
            "requisition": requisition,
            "formset": formset,
            "in_use": in_use,
            # A refused form keeps the version it was loaded at, so saving it again is refused too.
            "plan_version": request.POST.get("plan_version") or requisition.plan_version,
        },
    )


def _plan_errors(formset: Any, rows: list[PlanStepInput], exc: ValidationError) -> None:
    """Put the service's ``row-<n>`` errors back on the matching formset rows."""
    kept = [f for f in formset.forms if f.has_changed() or f.cleaned_data.get("step_id")]
    for key, errors in exc.message_dict.items():
        index = int(key.removeprefix("row-")) - 1 if key.startswith("row-") else -1
        if 0 <= index < len(kept):
            kept[index].add_error(None, errors)
        else:
            formset._non_form_errors = formset.error_class(errors)


@login_required
@require_POST
def requisition_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    requisition = get_object_or_404(selectors.requisitions_managed_by(user), pk=pk)
    status = request.POST.get("status", "")
    if status == Requisition.Status.CLOSED and request.POST.get("confirm") != "yes":
        # Closing takes the requisition off everyone's list: only the board's confirm step closes it.
        messages.error(request, _("Confirm that you want to close the requisition."))
        return redirect("hiring:board", pk=requisition.pk)
    try:
        requisition_status_set(requisition=requisition, status=status, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if status == Requisition.Status.CLOSED:
            messages.success(request, _("Requisition closed."))
        else:
            messages.success(request, _("Requisition reopened."))
    return redirect("hiring:board", pk=requisition.pk)
