"""Trainer and manager pages: banks and imports, statistics, regrade, essay grading, Angoff, the team matrix, revocation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import UnitNotVisible, team_scope
from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from core import charts
from core.components import Cell, Preview, PreviewRow, Table, limits_text
from core.exports import csv_response
from core.http import AuthedHttpRequest, role_required
from core.pagination import FromEitherEnd, page_of
from core.uploads import stash_discard, stash_get, upload_stash

from ..formats import ParseError
from ..forms import EssayGradeForm, QuestionUploadForm, RevokeForm, RubricGradeForm
from ..imports import QUESTION_LIMITS, parse_questions, questions_preview
from ..models import Attempt, Certification, Exam, ItemAnalysisResult, QuestionBank, Response
from ..selectors import (
    bank_as_parsed,
    certifying_exams,
    team_certification_matrix,
)
from ..services import (
    certification_revoke,
    essay_queue,
    essay_rubric_for,
    exam_regrade_apply,
    exam_regrade_preview,
    questions_import,
    response_grade_manual,
    response_grade_rubric,
)
from ..vocabulary import QuestionType
from .common import MANAGER_ROLES, TEAM_PAGE_SIZE, TRAINER_ROLES


@role_required(Role.ADMIN, Role.TRAINER)
def certification_revoke_view(request: AuthedHttpRequest, code: str) -> HttpResponse:
    certification = get_object_or_404(Certification.objects.select_related("user", "exam"), code=code)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = request.user
        certification_revoke(certification=certification, actor=actor, reason=form.cleaned_data["reason"])
        messages.success(request, _("The certification has been revoked."))
        return redirect("exams:verify", code=certification.code)
    return render(request, "exams/revoke.html", {"certification": certification, "form": form})


@role_required(*MANAGER_ROLES)
def team_matrix(request: AuthedHttpRequest) -> HttpResponseBase:
    try:
        scope = team_scope(request.user, request.GET.get("unit"))
    except UnitNotVisible:
        raise Http404 from None  # an unknown unit and another manager's unit look the same
    people = scope.people
    if request.GET.get("format") == "csv":
        return _team_matrix_csv(people, timezone.now())
    page = page_of(FromEitherEnd(people), request.GET.get("page"), per_page=TEAM_PAGE_SIZE)
    matrix = team_certification_matrix(page.object_list, timezone.now())  # type: ignore[arg-type]
    return render(request, "exams/team.html", {"matrix": matrix, "page": page, "scope": scope, "keep": []})


# The CSV reads the people this many at a time: constant memory at any team size.
MATRIX_CSV_CHUNK = 1000


def _team_matrix_csv(people: QuerySet[User], now: datetime) -> StreamingHttpResponse:
    """Every person, not one page: a state and an expiry date column per certifying exam, streamed."""
    exams = certifying_exams()
    header = [_("Person"), _("Email")]
    for exam in exams:
        header += [exam.title, f"{exam.title} " + _("expires")]
    return csv_response(
        filename="team-certifications", header=header, rows=_team_matrix_rows(people, exams, now)
    )


def _team_matrix_rows(people: QuerySet[User], exams: list[Exam], now: datetime) -> Iterator[list[object]]:
    chunk: list[User] = []
    for person in people.iterator(chunk_size=MATRIX_CSV_CHUNK):
        chunk.append(person)
        if len(chunk) == MATRIX_CSV_CHUNK:
            yield from _matrix_lines(chunk, exams, now)
            chunk = []
    if chunk:
        yield from _matrix_lines(chunk, exams, now)


def _matrix_lines(people: list[User], exams: list[Exam], now: datetime) -> Iterator[list[object]]:
    for row in team_certification_matrix(people, now, exams=exams)["rows"]:
        line: list[object] = [row["person"].display_name, row["person"].email]
        for cell in row["cells"]:
            expires = cell["cert"].expires_at if cell["cert"] else None
            line += [cell["state"], expires.date() if expires else ""]
        yield line


@role_required(*TRAINER_ROLES)
def bank_list(request: AuthedHttpRequest) -> HttpResponse:
    banks = QuestionBank.objects.annotate(n=Count("questions")).order_by("name")
    table = Table(
        headers=[_("Bank"), _("Questions"), _("Export")],
        rows=[
            [b.name, b.n, Cell(text=_("Moodle XML"), href=reverse("exams:bank_export", args=[b.slug]))]
            for b in banks
        ],
        empty=_("No question banks yet."),
    )
    return render(request, "exams/bank_list.html", {"table": table})


def _question_preview(*, questions: list[Any], bank: QuestionBank, fmt: str, token: str) -> Preview:
    shown = questions_preview(questions)
    return Preview(
        title=ngettext("Preview: %(n)s question", "Preview: %(n)s questions", len(shown)) % {"n": len(shown)},
        totals=ngettext(
            "%(n)s question will be saved as a draft in “%(bank)s”.",
            "%(n)s questions will be saved as drafts in “%(bank)s”.",
            len(shown),
        )
        % {"n": len(shown), "bank": bank.name},
        headers=[_("Name"), _("Type"), _("Category"), _("Question"), _("Correct answers")],
        rows=[
            PreviewRow(
                number=n,
                cells=[
                    q["name"],
                    QuestionType(q["type"]).label,
                    q["category"],
                    Truncator(q["text"]).chars(300),
                    Cell(text="", items=q["correct"]) if q["correct"] else "—",
                ],
            )
            for n, q in enumerate(shown, start=1)
        ],
        confirm_label=_("Save these questions as drafts"),
        cancel_url=reverse("exams:bank_upload"),
        hidden={"bank": bank.pk, "format": fmt, "stash": token},
    )


@role_required(*TRAINER_ROLES)
def bank_upload(request: AuthedHttpRequest) -> HttpResponse:
    """Step 1 stashes the file and shows a preview; step 2 (confirm) re-reads the stash and saves, all or nothing.

    After an error, at either step, the form keeps the chosen bank and format and the stashed file, so the trainer
    only changes what was wrong. Both steps read the stash under QUESTION_LIMITS, checked before reading.
    """
    user: User = request.user
    confirm = request.method == "POST" and bool(request.POST.get("confirm"))
    form = QuestionUploadForm(request.POST or None, request.FILES or None)
    preview, error, stash = None, None, None
    if request.method == "POST":
        stash = stash_get(user=user, token=request.POST.get("stash"))
        upload = None if confirm else request.FILES.get("file")
        if confirm and stash is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("exams:bank_upload")
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
        bank, fmt = form.cleaned_data["bank"], form.cleaned_data["format"]
        try:
            questions = parse_questions(stash.read_within(QUESTION_LIMITS), fmt)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ParseError as exc:
            error = str(exc)
        else:
            if confirm:
                questions_import(bank=bank, questions=questions, actor=user)
                stash_discard(user=user, stash=stash)
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
            preview = _question_preview(questions=questions, bank=bank, fmt=fmt, token=stash.token)
    return render(
        request,
        "exams/bank_upload.html",
        {
            "form": form,
            "preview": preview,
            "error": error,
            "stash": stash,
            "limits": limits_text(QUESTION_LIMITS),
        },
        status=400 if error or form.errors else 200,
    )


@role_required(*TRAINER_ROLES)
def bank_export(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    from ..formats.moodlexml import export_moodlexml

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


@role_required(Role.TRAINER, Role.ANALYST, Role.ADMIN)
def exam_statistics(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    from core.outbox import publish

    exam = get_object_or_404(Exam, slug=slug)
    submitted = Attempt.objects.filter(exam=exam, state=Attempt.State.SUBMITTED).count()
    result = ItemAnalysisResult.objects.filter(exam=exam).first()
    if submitted and (result is None or result.attempts_count != submitted):
        # Recomputed on the analytics queue (stored if the broker is down, never a 500 on a read); with the
        # eager default it is ready on this request.
        publish(
            "exams.item_analysis",
            args=[exam.pk],
            queue="analytics",
            dedupe_key=f"exams.item_analysis:{exam.pk}",
        )
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
            # A miskeyed item is fixed in the question editor, which trainers (not analysts) may open.
            "can_edit": user_has_role(request.user, *TRAINER_ROLES),
        },
    )


@role_required(*TRAINER_ROLES)
def exam_regrade_view(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """GET shows the dry run (score and pass/fail changes); POST commits it."""
    exam = get_object_or_404(Exam, slug=slug)
    actor = request.user
    if request.method == "POST":
        changes = exam_regrade_apply(exam=exam, actor=actor)
        messages.success(
            request,
            ngettext("%(count)s attempt regraded.", "%(count)s attempts regraded.", len(changes))
            % {"count": len(changes)},
        )
        return redirect("exams:regrade", slug=exam.slug)
    changes = exam_regrade_preview(exam=exam)
    people = User.objects.in_bulk([c.user_id for c in changes])
    rows = [{"change": c, "person": people.get(c.user_id)} for c in changes]
    return render(request, "exams/regrade.html", {"exam": exam, "rows": rows})


@role_required(*TRAINER_ROLES)
def grading_queue(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "exams/grading_queue.html", {"responses": essay_queue()[:200]})


@role_required(*TRAINER_ROLES)
def grading_response(request: AuthedHttpRequest, response_id: int) -> HttpResponse:
    """Blind grading: the learner's name is not shown. On the essay's rubric when it has one, else a share."""
    response = get_object_or_404(
        Response.objects.select_related(
            "version__rubric_version__rubric", "attempt__exam__essay_rubric__rubric"
        ),
        pk=response_id,
        version__qtype=QuestionType.ESSAY,
    )
    actor = request.user
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


@role_required(*TRAINER_ROLES)
def exam_angoff_view(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """Modified Angoff: each trainer rates every item of the pool; the suggested cut can become the pass mark."""
    from ..angoff import angoff_ratings_save, exam_angoff, exam_pass_mark_adopt_angoff, parse_probability

    exam = get_object_or_404(Exam, slug=slug)
    actor = request.user
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
