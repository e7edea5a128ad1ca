"""Learner exam pages, the answer-save endpoint, certificates and verification, trainer bank pages, team matrix."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import team_members, user_has_role
from core import charts
from core.exports import csv_response
from core.uploads import stash_discard, stash_get, upload_stash
from home.pagination import page_of

from .answers import MAX_POSITION, MAX_SEQ, AnswerRejected
from .certificate import certificate_pdf
from .formats import ParseError
from .forms import EssayGradeForm, QuestionUploadForm, RevokeForm, RubricGradeForm
from .grading import feedback_for
from .imports import QUESTION_LIMITS, parse_questions, questions_preview
from .models import Attempt, Certification, Exam, ItemAnalysisResult, QuestionBank, Response
from .presentation import question_view, stored_to_key_space
from .selectors import (
    attempt_overview,
    bank_as_parsed,
    certification_state,
    certifications_of,
    exams_for_learner,
    marks_by_blueprint_category,
    team_certification_matrix,
)
from .services import (
    AttemptClosed,
    AttemptNotAllowed,
    CheckRefused,
    NavigationRefused,
    attempt_advance,
    attempt_allowance,
    attempt_refresh,
    attempt_start,
    attempt_submit,
    certification_revoke,
    essay_queue,
    essay_rubric_for,
    exam_regrade,
    questions_import,
    response_check,
    response_flag,
    response_grade_manual,
    response_grade_rubric,
    response_save,
)
from .templatetags.exam_html import question_html_string

TRAINER_ROLES = (Role.TRAINER, Role.ADMIN)
MANAGER_ROLES = (Role.COACH, Role.ANALYST, Role.ADMIN)
TEAM_PAGE_SIZE = 50  # people per page of the certification matrix
CHECKABLE_TYPES = ("multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering")


def _client(request: HttpRequest) -> dict[str, Any]:
    return {"ip": request.META.get("REMOTE_ADDR"), "user_agent": request.META.get("HTTP_USER_AGENT", "")}


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    # Someone else's attempt is a 404, not a 403: its existence is private too.
    attempt = get_object_or_404(Attempt.objects.select_related("exam", "user"), pk=attempt_id)
    if attempt.user_id != request.user.pk:
        raise Http404
    return attempt


@login_required
def exam_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "exams/exam_list.html",
        {
            "rows": exams_for_learner(request.user, now),  # type: ignore[arg-type]
            "certifications": [(c, certification_state(c, now)) for c in certifications_of(request.user)],  # type: ignore[arg-type]
        },
    )


@login_required
def exam_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam.objects.exclude(status=Exam.Status.DRAFT), slug=slug)
    now = timezone.now()
    allowance = attempt_allowance(exam=exam, user=request.user, now=now)  # type: ignore[arg-type]
    attempts = list(Attempt.objects.filter(exam=exam, user=request.user).order_by("-started_at"))  # type: ignore[misc]
    in_progress = next((a for a in attempts if a.state in ("in_progress", "overdue")), None)
    question_count = sum(exam.blueprint.values_list("count", flat=True))
    recert = (
        Certification.objects.filter(exam=exam, user=request.user, status=Certification.Status.RECERT_DUE)  # type: ignore[misc]
        .order_by("-recert_due_at")
        .first()
    )
    return render(
        request,
        "exams/exam_detail.html",
        {
            "exam": exam,
            "recert": recert,
            "is_trainer": user_has_role(request.user, *TRAINER_ROLES),  # type: ignore[arg-type]
            "allowance": allowance,
            "attempts": attempts,
            "in_progress": in_progress,
            "question_count": question_count,
        },
    )


@login_required
@require_POST
def exam_start(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam, slug=slug, status=Exam.Status.PUBLISHED)
    try:
        attempt = attempt_start(exam=exam, user=request.user, now=timezone.now(), **_client(request))  # type: ignore[arg-type]
    except AttemptNotAllowed as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exams:detail", slug=exam.slug)
    return redirect("exams:attempt", attempt_id=attempt.pk)


@never_cache
@login_required
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = attempt_refresh(attempt=_own_attempt(request, attempt_id), now=timezone.now())
    if attempt.state in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
        return redirect("exams:result", attempt_id=attempt.pk)
    responses = attempt.responses.select_related("version").order_by("position")
    questions = [question_view(r) for r in responses]
    total = len(questions)
    sequential = attempt.exam.navigation == Exam.Navigation.SEQUENTIAL
    if sequential:
        # Forward only: the page holds the current question alone, so there is nothing to go back to.
        questions = [q for q in questions if q["position"] == attempt.furthest_position] or questions[-1:]
    return render(
        request,
        "exams/attempt.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "questions": questions,
            "total": total,
            "sequential": sequential,
            "current": questions[0]["position"] if sequential and questions else None,
            "checkable": CHECKABLE_TYPES if attempt.exam.practice else (),
            "deadline_iso": attempt.deadline.isoformat() if attempt.deadline else "",
            "seconds_left": int((attempt.deadline - timezone.now()).total_seconds())
            if attempt.deadline
            else None,
        },
    )


def _save_request(body: bytes) -> dict[str, Any]:
    """The save body checked before anything touches the database; ValueError names what is wrong with it."""
    try:
        data = json.loads(body or b"{}")
    except RecursionError:
        raise ValueError(_("The request is nested too deeply.")) from None
    except ValueError:
        raise ValueError(_("Send JSON with position and seq.")) from None
    if not isinstance(data, dict):
        raise ValueError(_("Send JSON with position and seq."))
    position, seq = data.get("position"), data.get("seq", 0)
    if not isinstance(position, int) or isinstance(position, bool) or not 1 <= position <= MAX_POSITION:
        raise ValueError(_("position must be a question number."))
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_SEQ:
        raise ValueError(_("seq must be a whole number from 0 to %(max)s.") % {"max": MAX_SEQ})
    if "flagged" in data and not isinstance(data["flagged"], bool):
        raise ValueError(_("flagged must be true or false."))
    return data


@never_cache
@login_required
@require_POST
def attempt_save(request: HttpRequest, attempt_id: int) -> JsonResponse:
    try:
        body = _save_request(request.body)
    except ValueError as exc:
        _own_attempt(request, attempt_id)  # someone else's attempt is a 404 whatever the body
        return JsonResponse({"error": str(exc)}, status=400)
    position, seq = body["position"], body.get("seq", 0)
    now = timezone.now()
    state: str | None = None
    try:
        if "flagged" in body or body.get("advance"):
            attempt = _own_attempt(request, attempt_id)
            state = attempt.state
            if "flagged" in body:
                if state not in (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE):
                    return JsonResponse(
                        {
                            "error": _("This attempt has been submitted: flags cannot change."),
                            "position": position,
                        },
                        status=400,
                    )
                response_flag(attempt=attempt, position=position, flagged=body["flagged"])
                return JsonResponse({"position": position, "flagged": body["flagged"]})
            furthest = attempt_advance(attempt=attempt, from_position=position, now=now, **_client(request))
            return JsonResponse({"position": position, "furthest": furthest})
        # The hot path (issue 9): no attempt lookup first; ownership, state and deadline are in the UPDATE itself.
        result = response_save(
            attempt=attempt_id,
            user_id=request.user.pk,
            position=position,
            value=body.get("value"),
            seq=seq,
            now=now,
            **_client(request),
        )
    except Attempt.DoesNotExist:
        raise Http404 from None
    except AnswerRejected as exc:
        _own_attempt(request, attempt_id)
        return JsonResponse({"error": str(exc), "position": position, "rejected": True}, status=400)
    except AttemptClosed as exc:
        if state is None:
            state = Attempt.objects.filter(pk=attempt_id).values_list("state", flat=True).first()
        return JsonResponse({"error": str(exc), "state": state}, status=409)
    except NavigationRefused as exc:
        return JsonResponse(
            {"error": str(exc), "refused": True, "position": position, "furthest": exc.furthest}, status=422
        )
    except Response.DoesNotExist:
        return JsonResponse({"error": _("No such question in this attempt.")}, status=404)
    reply: dict[str, Any] = {
        "position": position,
        "saved": result.saved,
        "seq": result.seq,
        "saved_at": result.saved_at.isoformat() if result.saved_at else None,
    }
    if not result.saved:
        # Stale: the server holds an answer with this or a newer sequence number. The same answer is a replay
        # (acknowledged); a different one is a conflict, and the client shows the stored answer instead.
        reply["conflict"] = result.value != body.get("value")
        if reply["conflict"]:
            reply["value"] = result.value
    return JsonResponse(reply)


@never_cache
@login_required
@require_POST
def attempt_check(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """Practice mode: right/wrong and the feedback for one saved answer; nothing for any other question."""
    attempt = _own_attempt(request, attempt_id)
    if not attempt.exam.practice:
        raise Http404
    try:
        position = int(json.loads(request.body or b"{}")["position"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Send JSON with position.")}, status=400)
    try:
        result = response_check(attempt=attempt, position=position, now=timezone.now(), **_client(request))
    except AttemptClosed as exc:
        return JsonResponse({"error": str(exc), "state": attempt.state}, status=409)
    except CheckRefused as exc:
        return JsonResponse({"error": str(exc), "position": position}, status=422)
    except Response.DoesNotExist:
        return JsonResponse({"error": _("No such question in this attempt.")}, status=404)
    labels = {"right": _("Right"), "partial": _("Partly right"), "wrong": _("Wrong")}
    return JsonResponse(
        {
            "position": position,
            "outcome": result.outcome,
            "label": str(labels[result.outcome]),
            "percent": round(100 * result.fraction),
            "feedback": [question_html_string(f, result.text_format) for f in result.feedback],
            "general_feedback": question_html_string(result.general_feedback, result.text_format),
        }
    )


def _positions(raw: str) -> set[int]:
    """?unsaved=2,5 from the attempt page's script: question numbers only, anything else ignored."""
    return {int(p) for p in raw[:2000].split(",") if p.strip().isdigit() and len(p.strip()) <= 5}


@never_cache
@login_required
def attempt_summary(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Before submit: what is answered, unanswered, flagged and not saved, each a link back (works without JS)."""
    attempt = attempt_refresh(attempt=_own_attempt(request, attempt_id), now=timezone.now())
    if attempt.state in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
        return redirect("exams:result", attempt_id=attempt.pk)
    responses = list(attempt.responses.select_related("version").order_by("position"))
    overview = attempt_overview(responses, _positions(request.GET.get("unsaved", "")))
    now = timezone.now()
    return render(
        request,
        "exams/attempt_summary.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "overview": overview,
            "total": len(responses),
            "sequential": attempt.exam.navigation == Exam.Navigation.SEQUENTIAL,
            "seconds_left": max(0, int((attempt.deadline - now).total_seconds()))
            if attempt.deadline
            else None,
        },
    )


@login_required
@require_POST
def attempt_submit_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    attempt_submit(attempt=attempt, now=timezone.now(), **_client(request))
    return redirect("exams:result", attempt_id=attempt.pk)


@login_required
def attempt_result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = attempt_refresh(attempt=_own_attempt(request, attempt_id), now=timezone.now())
    if attempt.state not in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
        return redirect("exams:attempt", attempt_id=attempt.pk)
    exam = attempt.exam
    policy = Exam.ReviewPolicy.FULL if exam.practice else exam.review_policy
    responses = list(attempt.responses.select_related("version__question").order_by("position"))
    review = []
    outcomes = []
    for response in responses:
        version = response.version
        if policy != Exam.ReviewPolicy.FULL:
            continue  # which questions were right is part of the full review only
        if response.max_mark and response.fraction is not None:
            outcome = (
                "right" if response.fraction >= 1 - 1e-9 else "partial" if response.fraction > 0 else "wrong"
            )
            outcomes.append({"position": response.position, "outcome": outcome})
        else:
            outcomes.append(
                {"position": response.position, "outcome": "pending" if response.max_mark else ""}
            )
        review.append(
            {
                "view": question_view(response),
                "fraction": response.fraction,
                "feedback": feedback_for(version.qtype, version.data or {}, stored_to_key_space(response)),
                "general_feedback": version.general_feedback,
                "right": _right_answers(version.qtype, version.data or {}),
            }
        )
    show_categories = policy != Exam.ReviewPolicy.SCORE and not attempt.awaiting_grading
    certification = Certification.objects.filter(attempt=attempt).first()
    return render(
        request,
        "exams/result.html",
        {
            "attempt": attempt,
            "exam": exam,
            "policy": policy,
            "diagnostic": marks_by_blueprint_category(exam, responses) if show_categories else [],
            "review": review,
            "outcomes": outcomes,
            "allowance": attempt_allowance(exam=exam, user=attempt.user, now=timezone.now()),
            "certification": certification,
        },
    )


def _right_answers(qtype: str, data: dict[str, Any]) -> list[str]:
    if qtype in ("multichoice", "shortanswer", "truefalse"):
        return [a["text"] for a in data.get("answers", []) if a.get("fraction", 0) > 0]
    if qtype == "numerical":
        return [
            f"{a['value']:g} ± {a['tolerance']:g}"
            for a in data.get("answers", [])
            if a.get("value") is not None and a.get("fraction", 0) >= 1
        ]
    if qtype == "matching":
        return [f"{p['question']} → {p['answer']}" for p in data.get("pairs", []) if p["question"]]
    if qtype == "ordering":
        return list(data.get("items", []))
    return []


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: name, exam, dates and status only — nothing else about the person or the attempt."""
    certification = (
        Certification.objects.select_related("user", "exam").filter(code=code.strip().upper()[:16]).first()
    )
    state = certification_state(certification, timezone.now()) if certification else None
    return render(
        request,
        "exams/verify.html",
        {"certification": certification, "state": state, "code": code[:16]},
        status=200 if certification else 404,
    )


@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certification = get_object_or_404(Certification.objects.select_related("user", "exam"), code=code)
    if certification.user_id != request.user.pk and not user_has_role(request.user, Role.ADMIN):  # type: ignore[arg-type]
        raise Http404
    if certification.status == Certification.Status.REVOKED:
        raise Http404
    url = request.build_absolute_uri(reverse("exams:verify", kwargs={"code": certification.code}))
    response = HttpResponse(certificate_pdf(certification, url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certification.code}.pdf"'
    return response


@login_required
def certification_revoke_view(request: HttpRequest, code: str) -> HttpResponse:
    if not user_has_role(request.user, Role.ADMIN, Role.TRAINER):  # type: ignore[arg-type]
        raise PermissionDenied
    certification = get_object_or_404(Certification.objects.select_related("user", "exam"), code=code)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor: User = request.user  # type: ignore[assignment]
        certification_revoke(certification=certification, actor=actor, reason=form.cleaned_data["reason"])
        messages.success(request, _("The certification has been revoked."))
        return redirect("exams:verify", code=certification.code)
    return render(request, "exams/revoke.html", {"certification": certification, "form": form})


@login_required
def team_matrix(request: HttpRequest) -> HttpResponseBase:
    if not user_has_role(request.user, *MANAGER_ROLES):  # type: ignore[arg-type]
        raise PermissionDenied
    people = team_members(manager=request.user)  # type: ignore[arg-type]
    if user_has_role(request.user, Role.ANALYST, Role.ADMIN) and not people.exists():  # type: ignore[arg-type]
        people = User.objects.filter(is_active=True, groups__name=Role.LEARNER).order_by("last_name", "email")
    if request.GET.get("format") == "csv":
        return _team_matrix_csv(team_certification_matrix(people, timezone.now()))
    page = page_of(people, request.GET.get("page"), per_page=TEAM_PAGE_SIZE)
    matrix = team_certification_matrix(page.object_list, timezone.now())  # type: ignore[arg-type]
    return render(request, "exams/team.html", {"matrix": matrix, "page": page})


def _team_matrix_csv(matrix: dict[str, Any]) -> StreamingHttpResponse:
    """Every person, not one page: a state and an expiry date column per certifying exam."""
    header = [_("Person"), _("Email")]
    for exam in matrix["exams"]:
        header += [exam.title, f"{exam.title} " + _("expires")]
    rows = []
    for row in matrix["rows"]:
        line: list[object] = [row["person"].display_name, row["person"].email]
        for cell in row["cells"]:
            expires = cell["cert"].expires_at if cell["cert"] else None
            line += [cell["state"], expires.date() if expires else ""]
        rows.append(line)
    return csv_response(filename="team-certifications", header=header, rows=rows)


def _trainer(request: HttpRequest) -> None:
    if not user_has_role(request.user, *TRAINER_ROLES):  # type: ignore[arg-type]
        raise PermissionDenied


@login_required
def bank_list(request: HttpRequest) -> HttpResponse:
    _trainer(request)
    banks = QuestionBank.objects.annotate(n=Count("questions")).order_by("name")
    return render(request, "exams/bank_list.html", {"banks": banks})


@login_required
def bank_upload(request: HttpRequest) -> HttpResponse:
    """Step 1 stashes the file and shows a preview; step 2 (confirm) re-reads the stash and saves, all or nothing.

    After an error the form keeps the chosen bank and format, and the stashed file, so the trainer only
    changes what was wrong.
    """
    _trainer(request)
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST" and request.POST.get("confirm"):
        bank = get_object_or_404(QuestionBank, pk=request.POST.get("bank"))
        kept = stash_get(user=user, token=request.POST.get("stash"))
        if kept is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("exams:bank_upload")
        try:
            questions = parse_questions(kept.read(), request.POST.get("format", ""))
        except ParseError as exc:
            messages.error(request, str(exc))
            return redirect("exams:bank_upload")
        questions_import(bank=bank, questions=questions, actor=user)
        stash_discard(user=user, stash=kept)
        messages.success(
            request,
            ngettext(
                "%(count)s question imported as a draft.",
                "%(count)s questions imported as drafts.",
                len(questions),
            )
            % {"count": len(questions)},
        )
        return redirect("exams:banks")
    form = QuestionUploadForm(request.POST or None, request.FILES or None)
    preview, error, stash = None, None, None
    if request.method == "POST":
        stash = stash_get(user=user, token=request.POST.get("stash"))
        upload = request.FILES.get("file")
        if upload is not None:
            try:
                fresh = upload_stash(user=user, upload=upload, limits=QUESTION_LIMITS)
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                if stash is not None:
                    stash_discard(user=user, stash=stash)
                stash = fresh
        elif stash is None:
            form.add_error("file", _("Choose a GIFT or Moodle XML file."))
    if request.method == "POST" and form.is_valid() and stash is not None:
        try:
            preview = questions_preview(parse_questions(stash.read(), form.cleaned_data["format"]))
        except ParseError as exc:
            error = str(exc)
    return render(
        request,
        "exams/bank_upload.html",
        {"form": form, "preview": preview, "error": error, "stash": stash},
        status=400 if error or form.errors else 200,
    )


@login_required
def bank_export(request: HttpRequest, slug: str) -> HttpResponse:
    _trainer(request)
    from .formats.moodlexml import export_moodlexml

    bank = get_object_or_404(QuestionBank, slug=slug)
    response = HttpResponse(export_moodlexml(bank_as_parsed(bank)), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{bank.slug}.xml"'
    return response


def _histogram(counts: list[int]) -> SafeString | str:
    """Attempts per score decile (0–10 %, …, 90–100 %), drawn by the shared renderer."""
    if not counts:
        return ""
    step = 100 // len(counts)
    return charts.histogram(
        counts,
        title=_("Score distribution"),
        bin_labels=[f"{i * step}–{(i + 1) * step} %" for i in range(len(counts))],
        series_name=_("Attempts"),
        show_title=False,
    )


@login_required
def exam_statistics(request: HttpRequest, slug: str) -> HttpResponse:
    if not user_has_role(request.user, Role.TRAINER, Role.ANALYST, Role.ADMIN):  # type: ignore[arg-type]
        raise PermissionDenied
    from .tasks import exam_item_analysis

    exam = get_object_or_404(Exam, slug=slug)
    submitted = Attempt.objects.filter(exam=exam, state=Attempt.State.SUBMITTED).count()
    result = ItemAnalysisResult.objects.filter(exam=exam).first()
    if submitted and (result is None or result.attempts_count != submitted):
        # Recomputed on the analytics queue; with the eager default it is ready on this request.
        exam_item_analysis.delay(exam.pk)
        result = ItemAnalysisResult.objects.filter(exam=exam).first()
    payload = result.payload if result else {}
    return render(
        request,
        "exams/statistics.html",
        {
            "exam": exam,
            "result": result,
            "stale": bool(result and result.attempts_count != submitted),
            "items": payload.get("items", []),
            "test": payload.get("test", {}),
            "left_out": payload.get("left_out", 0),
            "histogram": _histogram(payload.get("histogram", [])),
        },
    )


@login_required
def exam_regrade_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the dry run (score and pass/fail changes); POST commits it."""
    _trainer(request)
    exam = get_object_or_404(Exam, slug=slug)
    actor: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        changes = exam_regrade(exam=exam, actor=actor, dry_run=False)
        messages.success(
            request,
            ngettext("%(count)s attempt regraded.", "%(count)s attempts regraded.", len(changes))
            % {"count": len(changes)},
        )
        return redirect("exams:regrade", slug=exam.slug)
    changes = exam_regrade(exam=exam, actor=actor, dry_run=True)
    people = User.objects.in_bulk([c.user_id for c in changes])
    rows = [{"change": c, "person": people.get(c.user_id)} for c in changes]
    return render(request, "exams/regrade.html", {"exam": exam, "rows": rows})


@login_required
def grading_queue(request: HttpRequest) -> HttpResponse:
    _trainer(request)
    return render(request, "exams/grading_queue.html", {"responses": essay_queue()[:200]})


@login_required
def grading_response(request: HttpRequest, response_id: int) -> HttpResponse:
    """Blind grading: the learner's name is not shown. On the essay's rubric when it has one, else a share."""
    _trainer(request)
    response = get_object_or_404(
        Response.objects.select_related(
            "version__rubric_version__rubric", "attempt__exam__essay_rubric__rubric"
        ),
        pk=response_id,
        version__qtype="essay",
    )
    actor: User = request.user  # type: ignore[assignment]
    rubric = essay_rubric_for(response)
    criteria = list(rubric.criteria.order_by("position", "id")) if rubric else []
    form: RubricGradeForm | EssayGradeForm
    if rubric:
        form = RubricGradeForm(request.POST or None, criteria=criteria)
    else:
        form = EssayGradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, RubricGradeForm):
                response_grade_rubric(
                    response=response,
                    actor=actor,
                    ratings=form.ratings(),
                    comment=form.cleaned_data["comment"],
                )
            else:
                response_grade_manual(
                    response=response,
                    actor=actor,
                    fraction=form.cleaned_data["percent"] / 100,
                    comment=form.cleaned_data["comment"],
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Grade saved."))
            return redirect("exams:grading")
    return render(
        request,
        "exams/grading_response.html",
        {"response": response, "form": form, "rubric": rubric},
        status=400 if form.errors else 200,
    )


@login_required
def exam_angoff_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Modified Angoff: each trainer rates every item of the pool; the suggested cut can become the pass mark."""
    from .angoff import angoff_ratings_save, exam_angoff, exam_pass_mark_adopt_angoff, parse_probability

    _trainer(request)
    exam = get_object_or_404(Exam, slug=slug)
    actor: User = request.user  # type: ignore[assignment]
    versions, ratings, cut = exam_angoff(exam)
    errors: list[str] = []
    submitted: dict[int, str] = {}
    if request.method == "POST" and request.POST.get("action") == "adopt":
        try:
            exam_pass_mark_adopt_angoff(exam=exam, actor=actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The pass mark is now %(mark)s%%.") % {"mark": f"{exam.pass_mark:.2f}"}
            )
        return redirect("exams:angoff", slug=exam.slug)
    if request.method == "POST":
        parsed: dict[int, float | None] = {}
        for number, version in enumerate(versions, start=1):
            raw = request.POST.get(f"p-{version.pk}", "")
            submitted[version.pk] = raw
            try:
                parsed[version.pk] = parse_probability(raw)
            except ValueError:
                errors.append(
                    _(
                        "Item %(number)s (%(name)s): enter a probability from 0 to 1 or a percentage, e.g. 0.65 or 65%%."
                    )
                    % {"number": number, "name": version.question.name}
                )
        if not errors:
            angoff_ratings_save(exam=exam, rater=actor, ratings=parsed)
            messages.success(request, _("Your ratings are saved."))
            return redirect("exams:angoff", slug=exam.slug)
    mine = ratings.get(actor.pk, {})
    rows = [
        {
            "number": number,
            "version": version,
            "value": submitted.get(version.pk, f"{mine[version.pk]:g}" if version.pk in mine else ""),
            "rated_by": sum(1 for r in ratings.values() if version.pk in r),
        }
        for number, version in enumerate(versions, start=1)
    ]
    people = User.objects.in_bulk([r.rater_id for r in cut.raters])
    return render(
        request,
        "exams/angoff.html",
        {
            "exam": exam,
            "rows": rows,
            "cut": cut,
            "raters": [{"rater": people.get(r.rater_id), "cut": r} for r in cut.raters],
            "errors": errors,
        },
        status=400 if errors else 200,
    )
