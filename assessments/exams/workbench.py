"""The trainer's workbench pages: bank browser, question editor and preview, review list, exam builder."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import AuditEvent, User
from accounts.roles import Role
from accounts.selectors import user_has_role
from core.concurrency import StaleEdit, parse_version
from core.exports import table_response
from core.pagination import page_of

from . import authoring
from .models import Category, Exam, ExamOverride, Question, QuestionBank, QuestionFile, QuestionVersion
from .presentation import question_view, stored_to_key_space
from .services import exam_blueprint_problems, exam_publish, question_approve, question_retire
from .services.question_files import version_file_names
from .vocabulary import QuestionType
from .workbench_forms import (
    BankFilterForm,
    BulkActionForm,
    ExamForm,
    OverrideForm,
    QuestionFileForm,
    QuestionForm,
    ReportFilterForm,
    RuleFormSet,
    normalized_data,
)

# Who works here: trainers write and review, admins too. Analysts (enablement leads) hold no question or
# exam change permission in accounts.roles, so they stay readers of the statistics pages.
WORKBENCH_ROLES = (Role.TRAINER, Role.ADMIN)
BANK_PAGE_SIZE = 25
REVIEW_PAGE_SIZE = 50
REPORT_PAGE_SIZE = 50


def trainer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_has_role(request.user, *WORKBENCH_ROLES):  # type: ignore[arg-type]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# --- home and review ---------------------------------------------------------------------------------


@trainer_required
def workbench_home(request: HttpRequest) -> HttpResponse:
    banks = QuestionBank.objects.annotate(n=Count("questions")).order_by("name")
    exams = Exam.objects.select_related("bank").order_by("status", "title_en")[:100]
    awaiting = authoring.questions_awaiting_review(_user(request)).count()
    return render(
        request, "exams/workbench/home.html", {"banks": banks, "exams": exams, "awaiting": awaiting}
    )


@trainer_required
def review_list(request: HttpRequest) -> HttpResponse:
    page = page_of(
        authoring.questions_awaiting_review(_user(request)),
        request.GET.get("page"),
        per_page=REVIEW_PAGE_SIZE,
    )
    return render(request, "exams/workbench/review.html", {"page": page})


# --- bank browser ------------------------------------------------------------------------------------


def _page_choices(bank: QuestionBank) -> list[tuple[int, str]]:
    from wagtail.models import Page

    linked = Question.objects.filter(bank=bank, content_page__isnull=False).values("content_page")
    return [(p.pk, p.title) for p in Page.objects.filter(pk__in=linked).only("title").order_by("title")]


@trainer_required
def bank_browser(request: HttpRequest, slug: str) -> HttpResponse:
    bank = get_object_or_404(QuestionBank, slug=slug)
    if request.method == "POST":
        return _bank_bulk(request, bank)
    tree = authoring.category_tree(bank)
    form = BankFilterForm(request.GET or None, bank=bank, pages=_page_choices(bank))
    filters = authoring.BankFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        category = next((n.category for n in tree if n.category.pk == data["category"]), None)
        filters = authoring.BankFilters(
            category=category,
            status=data["status"],
            qtype=data["qtype"],
            tag=data["tag"],
            difficulty=data["difficulty"],
            content_page_id=data["page"],
            needs_review=data["needs_review"],
            search=data["q"],
        )
    page = page_of(authoring.bank_questions(bank, filters), request.GET.get("page"), per_page=BANK_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exams/workbench/bank.html",
        {
            "bank": bank,
            "tree": tree,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "current_category": filters.category,
            "bulk": BulkActionForm(bank=bank, question_ids=[], auto_id="bulk_%s"),
        },
    )


def _bank_bulk(request: HttpRequest, bank: QuestionBank) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("selected") if v.isdigit()]
    in_bank = list(Question.objects.filter(bank=bank, pk__in=ids).values_list("pk", flat=True))
    # Ids of other banks' questions (a stale page, a crafted post) are dropped, never acted on.
    posted = request.POST.copy()
    posted.setlist("selected", [str(pk) for pk in in_bank])
    form = BulkActionForm(posted, bank=bank, question_ids=in_bank)
    back = reverse("exams:wb_bank", args=[bank.slug]) + (
        "?" + request.POST["back"] if request.POST.get("back") else ""
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect(back)
    data = form.cleaned_data
    questions = list(Question.objects.filter(bank=bank, pk__in=data["selected"]).order_by("pk"))
    actor = _user(request)
    action = data["action"]
    if action == "approve":
        outcome = authoring.questions_bulk_approve(questions=questions, actor=actor)
    elif action == "retire":
        outcome = authoring.questions_bulk_retire(questions=questions, actor=actor)
    elif action == "move":
        category = get_object_or_404(Category, bank=bank, pk=data["category"])
        outcome = authoring.questions_bulk_move(questions=questions, category=category, actor=actor)
    else:
        outcome = authoring.questions_bulk_tag(questions=questions, tag_name=data["tag"], actor=actor)
    messages.success(
        request,
        ngettext("%(n)s question changed.", "%(n)s questions changed.", outcome.done) % {"n": outcome.done},
    )
    for refusal in outcome.refused:
        messages.error(request, refusal)
    return redirect(back)


# --- question editor ---------------------------------------------------------------------------------


def _question_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "qtype": data["qtype"],
        "text": data["text"],
        "data": data["data"],
        "general_feedback": data["general_feedback"],
        "default_mark": data["default_mark"],
        "category": data["category_obj"],
        "difficulty": data["difficulty"],
        "content_page": data["content_page"],
        "content_section": data["content_section"] if data["content_page"] else "",
    }


@trainer_required
def question_new(request: HttpRequest, slug: str) -> HttpResponse:
    bank = get_object_or_404(QuestionBank, slug=slug)
    form = QuestionForm(request.POST or None, bank=bank, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        fields = _question_fields(form.cleaned_data)
        try:
            question = authoring.question_create(
                bank=bank,
                actor=_user(request),
                tags=form.cleaned_data["tag_names"],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Question saved as a draft: a second trainer approves it."))
            return redirect("exams:wb_question", pk=question.pk)
    return render(
        request, "exams/workbench/question_form.html", {"bank": bank, "form": form, "question": None}
    )


def _audit_trail(question: Question) -> list[AuditEvent]:
    content_type = ContentType.objects.get_for_model(Question)
    return list(
        AuditEvent.objects.filter(content_type=content_type, object_id=str(question.pk))
        .select_related("actor")
        .order_by("-at", "-pk")[:100]
    )


def _may_approve(question: Question, latest_author_id: int | None, user: User) -> bool:
    return (
        question.status != Question.Status.RETIRED
        and (question.status == Question.Status.DRAFT or question.needs_review)
        and user.pk not in {question.author_id, latest_author_id}
    )


@trainer_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.select_related("bank", "category", "author", "approved_by", "approved_version"),
        pk=pk,
    )
    bank = question.bank
    if request.method == "POST":
        form = QuestionForm(request.POST, bank=bank)
        if form.is_valid():
            fields = _question_fields(form.cleaned_data)
            latest = question.versions.order_by("-number").first()
            if (
                latest is not None
                and latest.qtype == fields["qtype"]
                and normalized_data(latest.qtype, latest.data or {}) == fields["data"]
            ):
                fields["data"] = latest.data  # the answers were not touched: no new version for them
            try:
                authoring.question_edit(
                    question=question,
                    actor=_user(request),
                    expected_version=parse_version(form.cleaned_data.get("version")),
                    tags=form.cleaned_data["tag_names"],
                    **fields,
                )
            except StaleEdit as exc:
                form.add_error(None, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("exams:wb_question", pk=question.pk)
    else:
        form = QuestionForm(initial=QuestionForm.initial_for(question), bank=bank)
    history = authoring.question_history(question)
    latest = history[0].version if history else None
    return render(
        request,
        "exams/workbench/question_form.html",
        {
            "bank": bank,
            "form": form,
            "question": question,
            "history": history,
            "audit": _audit_trail(question),
            "may_approve": _may_approve(question, latest.author_id if latest else None, _user(request)),
            "files": _files_shown(question, latest),
            "file_form": QuestionFileForm(initial={"version": question.version}),
        },
    )


def _files_shown(question: Question, latest: QuestionVersion | None) -> list[QuestionFile]:
    names = version_file_names(latest) if latest is not None else set()
    return list(QuestionFile.objects.filter(question=question, name__in=names)) if names else []


@trainer_required
@require_POST
def question_status(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            question_approve(question=question, actor=_user(request))
            messages.success(request, _("Approved."))
        elif action == "retire":
            question_retire(question=question, actor=_user(request))
            messages.success(request, _("Retired: no new attempt will draw it."))
        else:
            messages.error(request, _("Unknown action."))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    if request.POST.get("next") == "review":
        return redirect("exams:wb_review")
    return redirect("exams:wb_question", pk=question.pk)


def _preview_value(request: HttpRequest, qtype: str, view: dict[str, Any]) -> Any:
    """The trainer's answer from the preview form, in the same shape the attempt page's script saves."""
    post = request.POST
    if qtype == QuestionType.MULTICHOICE:
        values = [int(v) for v in post.getlist("q-1") if v.isdigit()]
        return values if view.get("multiple") else (values[0] if values else None)
    if qtype == QuestionType.MATCHING:
        return {str(sub["index"]): post.get(f"q-1-{sub['index']}", "") for sub in view["subquestions"]}
    if qtype == QuestionType.ORDERING:
        return [int(v) for v in post.getlist("q-1") if v.isdigit()]
    return post.get("q-1", "")


@trainer_required
def question_preview(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("bank"), pk=pk)
    latest = question.versions.order_by("-number").first()
    if latest is None:
        return redirect("exams:wb_question", pk=question.pk)
    response = authoring.preview_response(latest)
    result = None
    if request.method == "POST":
        response.value = _preview_value(request, latest.qtype, question_view(response))
        result = authoring.preview_grade(latest, stored_to_key_space(response))
    return render(
        request,
        "exams/workbench/question_preview.html",
        {"question": question, "version": latest, "q": question_view(response), "result": result},
    )


# --- exam builder ------------------------------------------------------------------------------------


@trainer_required
def exam_new(request: HttpRequest) -> HttpResponse:
    form = ExamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in ExamForm.Meta.fields}
        exam = authoring.exam_create(actor=_user(request), **fields)
        messages.success(request, _("Draft exam created. Add its blueprint rules."))
        return redirect("exams:wb_exam", slug=exam.slug)
    return render(request, "exams/workbench/exam_form.html", {"form": form, "exam": None})


def _rule_rows(exam: Exam, formset: Any) -> list[dict[str, Any]]:
    categories = {c.pk: c for c in Category.objects.filter(bank=exam.bank)}
    rows = []
    for form in formset:
        data = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
        category = categories.get(data.get("category") or 0)
        pool = (
            authoring.rule_pool_size(bank=exam.bank, category=category, difficulty=data.get("difficulty"))
            if category
            else None
        )
        rows.append(
            {"form": form, "pool": pool, "short": pool is not None and pool < (data.get("count") or 0)}
        )
    return rows


@trainer_required
def exam_builder(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam.objects.select_related("bank"), slug=slug)
    initial_rules = [
        {"category": r.category_id, "difficulty": r.difficulty, "count": r.count}
        for r in exam.blueprint.order_by("pk")
    ]
    if request.method == "POST":
        # A copy: validating a ModelForm writes into its instance, and the audit's "before" must be the saved exam.
        form = ExamForm(request.POST, instance=Exam.objects.get(pk=exam.pk))
        formset = RuleFormSet(request.POST, prefix="rules", form_kwargs={"bank": exam.bank})
        if form.is_valid() and formset.is_valid():
            rules = [
                {
                    "category": Category.objects.get(bank=exam.bank, pk=f["category"]),
                    "difficulty": f["difficulty"],
                    "count": f["count"],
                }
                for f in formset.cleaned_data
                if f.get("category")
            ]
            fields = {
                f: form.cleaned_data[f]
                for f in ExamForm.Meta.fields
                if f != "bank" or exam.status == Exam.Status.DRAFT
            }
            try:
                authoring.exam_update(
                    exam=exam,
                    actor=_user(request),
                    expected_version=parse_version(form.cleaned_data.get("version")),
                    rules=rules if exam.status == Exam.Status.DRAFT else None,
                    **fields,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("exams:wb_exam", slug=exam.slug)
    else:
        form = ExamForm(instance=exam, initial={"version": exam.version})
        formset = RuleFormSet(initial=initial_rules, prefix="rules", form_kwargs={"bank": exam.bank})
    return render(
        request,
        "exams/workbench/exam_form.html",
        {
            "form": form,
            "exam": exam,
            "formset": formset,
            "rules": _rule_rows(exam, formset),
            "problems": exam_blueprint_problems(exam) if exam.status == Exam.Status.DRAFT else [],
        },
    )


@trainer_required
@require_POST
def exam_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam, slug=slug)
    if exam.status != Exam.Status.DRAFT:
        messages.error(request, _("Only a draft exam can be published."))
        return redirect("exams:wb_exam", slug=exam.slug)
    try:
        exam_publish(
            exam=exam, actor=_user(request), expected_version=parse_version(request.POST.get("version"))
        )
    except ValidationError as exc:
        messages.error(request, _("Not published: %(reasons)s") % {"reasons": " ".join(_errors(exc))})
    else:
        messages.success(request, _("Published: learners can start it when it opens."))
    return redirect("exams:wb_exam", slug=exam.slug)


@trainer_required
def exam_preview(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam.objects.select_related("bank"), slug=slug)
    raw = request.GET.get("seed", "")
    seed = int(raw) if raw.isdigit() and len(raw) < 16 else secrets.randbits(32)
    versions = authoring.exam_preview_draw(exam, seed=seed)
    questions = (
        [question_view(authoring.preview_response(v, position=i)) for i, v in enumerate(versions, start=1)]
        if versions is not None
        else None
    )
    return render(
        request,
        "exams/workbench/exam_preview.html",
        {"exam": exam, "questions": questions, "seed": seed, "next_seed": secrets.randbits(32)},
    )


@trainer_required
@require_GET
def rule_pool(request: HttpRequest, slug: str) -> JsonResponse:
    """The live pool size of one blueprint rule as the builder's fields change."""
    exam = get_object_or_404(Exam.objects.select_related("bank"), slug=slug)
    category_raw, difficulty_raw = request.GET.get("category", ""), request.GET.get("difficulty", "")
    category = (
        Category.objects.filter(bank=exam.bank, pk=int(category_raw)).first()
        if category_raw.isdigit()
        else None
    )
    if category is None:
        return JsonResponse({"pool": None})
    difficulty = int(difficulty_raw) if difficulty_raw.isdigit() else None
    return JsonResponse(
        {"pool": authoring.rule_pool_size(bank=exam.bank, category=category, difficulty=difficulty)}
    )


@trainer_required
def exam_overrides(request: HttpRequest, slug: str) -> HttpResponse:
    """Overrides per learner and per team: list, set (create or change) and remove, each audited."""
    exam = get_object_or_404(Exam, slug=slug)
    form = OverrideForm()
    if request.method == "POST" and request.POST.get("remove", "").isdigit():
        override = get_object_or_404(ExamOverride, exam=exam, pk=int(request.POST["remove"]))
        authoring.exam_override_remove(override=override, actor=_user(request))
        messages.success(request, _("Override removed."))
        return redirect("exams:wb_overrides", slug=exam.slug)
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                authoring.exam_override_set(
                    exam=exam,
                    actor=_user(request),
                    user=data["user"],
                    team=data["team"],
                    reason=data["reason"],
                    **{f: data[f] for f in authoring.OVERRIDE_FIELDS},
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Override saved."))
                return redirect("exams:wb_overrides", slug=exam.slug)
    overrides = exam.overrides.select_related("user", "team", "granted_by").order_by("pk")
    accommodations = exam.accommodations.select_related("user").order_by("pk")
    return render(
        request,
        "exams/workbench/overrides.html",
        {"exam": exam, "form": form, "overrides": overrides, "accommodations": accommodations},
    )


def _report_attempts(request: HttpRequest, exam: Exam) -> tuple[ReportFilterForm, Any]:
    form = ReportFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: form.cleaned_data[k] for k in ("team", "since", "until")}
    return form, authoring.exam_report_attempts(exam=exam, **filters)


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# The downloads read the attempts this many at a time: constant memory at any number of attempts.
GRADES_CHUNK = 1000


def _grades_rows_chunked(attempts: Any, question_ids: list[int]) -> Iterator[dict[str, Any]]:
    chunk: list[Any] = []
    for attempt in attempts.iterator(chunk_size=GRADES_CHUNK):
        chunk.append(attempt)
        if len(chunk) == GRADES_CHUNK:
            yield from authoring.exam_grades_rows(chunk, question_ids)
            chunk = []
    if chunk:
        yield from authoring.exam_grades_rows(chunk, question_ids)


@trainer_required
def exam_grades_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Attempt × question marks, filtered by team and date, paginated; ?format=csv|xlsx downloads all of it."""
    exam = get_object_or_404(Exam, slug=slug)
    form, attempts = _report_attempts(request, exam)
    columns = authoring.exam_report_questions(exam)
    question_ids = [pk for pk, _name in columns]
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header = [_("Learner"), _("Email"), _("Attempt"), _("Submitted"), _("Score (%)"), _("Passed")]
        header += [name for _pk, name in columns]
        rows = (
            [
                row["attempt"].user.display_name,
                row["attempt"].user.email,
                row["attempt"].number,
                # openpyxl refuses aware datetimes: the local wall-clock time, as on the page.
                timezone.localtime(row["attempt"].submitted_at).replace(tzinfo=None)
                if row["attempt"].submitted_at
                else None,
                row["attempt"].score,
                "" if row["attempt"].passed is None else str(_("yes") if row["attempt"].passed else _("no")),
                *row["marks"],
            ]
            for row in _grades_rows_chunked(attempts, question_ids)
        )
        return table_response(
            fmt, filename=f"{exam.slug}-grades", header=header, rows=rows, sheet_title="grades"
        )  # type: ignore[return-value]
    # Counted, sorted and cut in the database on ids alone; then the page's attempts and their marks.
    page = page_of(attempts.values_list("pk", flat=True), request.GET.get("page"), per_page=REPORT_PAGE_SIZE)
    shown = authoring.report_attempts_page(attempts, list(page.object_list))
    return render(
        request,
        "exams/workbench/report_grades.html",
        {
            "exam": exam,
            "form": form,
            "page": page,
            "columns": columns,
            "rows": authoring.exam_grades_rows(shown, question_ids),
            "query": _query_without(request, "page", "format"),
        },
    )


@trainer_required
def exam_responses_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Every learner's answer to every delivered question, with its mark; ?format=csv|xlsx downloads all of it."""
    exam = get_object_or_404(Exam, slug=slug)
    form, attempts = _report_attempts(request, exam)
    responses = authoring.exam_response_rows(attempts)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header = [
            _("Learner"),
            _("Email"),
            _("Attempt"),
            _("Position"),
            _("Question"),
            _("Version"),
            _("Answer"),
            _("Mark"),
            _("Out of"),
        ]
        rows = (
            [
                r.attempt.user.display_name,
                r.attempt.user.email,
                r.attempt.number,
                r.position,
                r.version.question.name,
                r.version.number,
                authoring.response_answer_text(r),
                None if r.fraction is None else round(r.fraction * r.max_mark, 4),
                r.max_mark,
            ]
            for r in responses.iterator(chunk_size=500)
        )
        return table_response(
            fmt, filename=f"{exam.slug}-responses", header=header, rows=rows, sheet_title="responses"
        )  # type: ignore[return-value]
    page = page_of(responses, request.GET.get("page"), per_page=REPORT_PAGE_SIZE)
    return render(
        request,
        "exams/workbench/report_responses.html",
        {
            "exam": exam,
            "form": form,
            "page": page,
            "rows": [
                (
                    r,
                    authoring.response_answer_text(r),
                    None if r.fraction is None else round(r.fraction * r.max_mark, 2),
                )
                for r in page.object_list
            ],
            "query": _query_without(request, "page", "format"),
        },
    )
