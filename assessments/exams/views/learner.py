"""The learner's pages: exam list and landing page, the attempt, saving, checks, summary, submit, result, certificate."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.selectors import user_has_role
from core.http import AuthedHttpRequest

from ..answers import MAX_POSITION, MAX_SEQ, AnswerRejected
from ..certificate import certificate_pdf
from ..files import plugin_file_urls
from ..grading import feedback_for, grade, right_answers
from ..models import Attempt, Certification, Exam, Response
from ..presentation import question_view, stored_to_key_space
from ..review import review_schedule, review_shown
from ..selectors import (
    attempt_overview,
    certification_state,
    certifications_of,
    exams_for_learner,
    marks_by_blueprint_category,
)
from ..services import (
    AttemptClosed,
    AttemptNotAllowed,
    CheckRefused,
    NavigationRefused,
    attempt_advance,
    attempt_allowance,
    attempt_allowance_brief,
    attempt_refresh,
    attempt_start,
    attempt_submit,
    response_check,
    response_flag,
    response_save,
)
from ..templatetags.exam_html import question_html_string
from ..vocabulary import QuestionType
from .common import CHECKABLE_TYPES, TRAINER_ROLES, _client, _own_attempt


@login_required
def exam_list(request: AuthedHttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "exams/exam_list.html",
        {
            "rows": exams_for_learner(request.user, now),
            "certifications": [(c, certification_state(c, now)) for c in certifications_of(request.user)],
        },
    )


@login_required
def exam_detail(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam.objects.exclude(status=Exam.Status.DRAFT), slug=slug)
    now = timezone.now()
    allowance = attempt_allowance(exam=exam, user=request.user, now=now)
    attempts = list(Attempt.objects.filter(exam=exam, user=request.user).order_by("-started_at"))
    in_progress = next(
        (a for a in attempts if a.state in (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE)), None
    )
    question_count = sum(exam.blueprint.values_list("count", flat=True))
    closes_at = allowance["terms"].closes_at
    rows = [(a, review_shown(exam=exam, attempt=a, now=now, closes_at=closes_at).marks) for a in attempts]
    recert = (
        Certification.objects.filter(exam=exam, user=request.user, status=Certification.Status.RECERT_DUE)
        .order_by("-recert_due_at")
        .first()
    )
    return render(
        request,
        "exams/exam_detail.html",
        {
            "exam": exam,
            "recert": recert,
            "is_trainer": user_has_role(request.user, *TRAINER_ROLES),
            "allowance": allowance,
            "attempts": rows,
            "in_progress": in_progress,
            "question_count": question_count,
            "schedule": review_schedule(exam, closes_at=closes_at),
        },
    )


@login_required
@require_POST
def exam_start(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam, slug=slug, status=Exam.Status.PUBLISHED)
    try:
        attempt = attempt_start(exam=exam, user=request.user, now=timezone.now(), **_client(request))
    except AttemptNotAllowed as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exams:detail", slug=exam.slug)
    return redirect("exams:attempt", attempt_id=attempt.pk)


@never_cache
@login_required
def attempt_page(request: AuthedHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = attempt_refresh(attempt=_own_attempt(request, attempt_id), now=timezone.now())
    if attempt.state in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
        return redirect("exams:result", attempt_id=attempt.pk)
    responses = attempt.responses.select_related("version").order_by("position")
    questions = [question_view(r) for r in responses]
    total = len(questions)
    shown = review_shown(exam=attempt.exam, attempt=attempt, now=timezone.now(), closes_at=None)
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
            "checkable": CHECKABLE_TYPES if shown.marks or shown.feedback or shown.right_answers else (),
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
def attempt_save(request: AuthedHttpRequest, attempt_id: int) -> JsonResponse:
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
def attempt_check(request: AuthedHttpRequest, attempt_id: int) -> JsonResponse:
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

    def html(text: str) -> str:
        return question_html_string(
            plugin_file_urls(text, question_id=result.question_id), result.text_format
        )

    # Each part only when the exam's "during the attempt" options show it (the service has emptied the rest).
    reply: dict[str, Any] = {"position": position}
    if result.fraction is not None:
        reply |= {
            "outcome": result.outcome,
            "label": str(labels[result.outcome]),
            "percent": round(100 * result.fraction),
        }
    if result.feedback or result.general_feedback:
        reply["feedback"] = [html(f) for f in result.feedback]
        reply["general_feedback"] = html(result.general_feedback)
    if result.right:
        reply["right"] = [html(r) for r in result.right]
    return JsonResponse(reply)


def _positions(raw: str) -> set[int]:
    """?unsaved=2,5 from the attempt page's script: question numbers only, anything else ignored."""
    return {int(p) for p in raw[:2000].split(",") if p.strip().isdigit() and len(p.strip()) <= 5}


@never_cache
@login_required
def attempt_summary(request: AuthedHttpRequest, attempt_id: int) -> HttpResponse:
    """Before submit: what is answered, unanswered, flagged and not saved, each a link back (works without JS)."""
    attempt = attempt_refresh(attempt=_own_attempt(request, attempt_id), now=timezone.now())
    if attempt.state in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
        return redirect("exams:result", attempt_id=attempt.pk)
    responses = list(attempt.responses.select_related("version__question").order_by("position"))
    overview = attempt_overview(responses, _positions(request.GET.get("unsaved", "")))
    now = timezone.now()
    shown = review_shown(exam=attempt.exam, attempt=attempt, now=now, closes_at=None)
    return render(
        request,
        "exams/attempt_summary.html",
        {
            "attempt": attempt,
            "exam": attempt.exam,
            "overview": overview,
            "total": len(responses),
            "sequential": attempt.exam.navigation == Exam.Navigation.SEQUENTIAL,
            "so_far": _categories_so_far(attempt.exam, responses) if shown.categories else [],
            "seconds_left": max(0, int((attempt.deadline - now).total_seconds()))
            if attempt.deadline
            else None,
        },
    )


def _categories_so_far(exam: Exam, responses: list[Response]) -> list[dict[str, Any]]:
    """Practice mode, before submit: marks by category over the answers given so far (graded here, not saved)."""
    answered = []
    for response in responses:
        version = response.version
        if response.value in (None, "", [], {}) or version.qtype in (
            QuestionType.ESSAY,
            QuestionType.DESCRIPTION,
        ):
            continue
        response.fraction = grade(version.qtype, version.data or {}, stored_to_key_space(response))
        answered.append(response)
    return marks_by_blueprint_category(exam, answered) if answered else []


@login_required
@require_POST
def attempt_submit_view(request: AuthedHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    attempt_submit(attempt=attempt, now=timezone.now(), **_client(request))
    return redirect("exams:result", attempt_id=attempt.pk)


@login_required
def attempt_result(request: AuthedHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = attempt_refresh(attempt=_own_attempt(request, attempt_id), now=timezone.now())
    if attempt.state not in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
        return redirect("exams:attempt", attempt_id=attempt.pk)
    exam = attempt.exam
    now = timezone.now()
    # The learner's terms in one query, as a start reads them: the page shows attempts left, not accommodations.
    allowance = attempt_allowance_brief(exam=exam, user=attempt.user, now=now)
    shown = review_shown(exam=exam, attempt=attempt, now=now, closes_at=allowance["terms"].closes_at)
    responses = list(attempt.responses.select_related("version__question").order_by("position"))
    review = []
    outcomes = []
    for response in responses:
        version = response.version
        if shown.marks:
            outcomes.append({"position": response.position, "outcome": _outcome(response)})
        if not shown.per_question:
            continue
        qid = version.question_id
        review.append(
            {
                "view": question_view(response),
                "fraction": response.fraction if shown.marks else None,
                "feedback": [
                    plugin_file_urls(f, question_id=qid)
                    for f in feedback_for(version.qtype, version.data or {}, stored_to_key_space(response))
                ]
                if shown.feedback
                else [],
                "general_feedback": plugin_file_urls(version.general_feedback, question_id=qid)
                if shown.feedback
                else "",
                "right": [
                    plugin_file_urls(r, question_id=qid)
                    for r in right_answers(version.qtype, version.data or {})
                ]
                if shown.right_answers
                else [],
            }
        )
    show_categories = shown.categories and not attempt.awaiting_grading
    certification = Certification.objects.filter(attempt=attempt).first()
    return render(
        request,
        "exams/result.html",
        {
            "attempt": attempt,
            "exam": exam,
            "shown": shown,
            "schedule": review_schedule(exam, closes_at=allowance["terms"].closes_at),
            "diagnostic": marks_by_blueprint_category(exam, responses) if show_categories else [],
            "review": review,
            "outcomes": outcomes,
            "allowance": allowance,
            "certification": certification,
        },
    )


def _outcome(response: Response) -> str:
    if response.max_mark and response.fraction is not None:
        return "right" if response.fraction >= 1 - 1e-9 else "partial" if response.fraction > 0 else "wrong"
    return "pending" if response.max_mark else ""


@login_required
def certificate_download(request: AuthedHttpRequest, code: str) -> HttpResponse:
    certification = get_object_or_404(Certification.objects.select_related("user", "exam"), code=code)
    if certification.user_id != request.user.pk and not user_has_role(request.user, Role.ADMIN):
        raise Http404
    if certification.status == Certification.Status.REVOKED:
        raise Http404
    url = request.build_absolute_uri(reverse("exams:verify", kwargs={"code": certification.code}))
    response = HttpResponse(certificate_pdf(certification, url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certification.code}.pdf"'
    return response
