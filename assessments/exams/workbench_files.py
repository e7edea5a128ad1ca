"""The question editor's images: add one (a new version shows it) or take one out (a new version without it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.concurrency import parse_version

from .models import Question
from .services import question_file_add, question_file_remove
from .workbench import _errors, _user, trainer_required
from .workbench_forms import QuestionFileForm


@trainer_required
@require_POST
def question_file_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    form = QuestionFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("exams:wb_question", pk=question.pk)
    try:
        stored = question_file_add(
            question=question,
            upload=form.cleaned_data["image"],
            alt=form.cleaned_data["alt"],
            actor=_user(request),
            expected_version=parse_version(form.cleaned_data.get("version")),
        )
    except ValidationError as exc:  # a stale form (core.concurrency.StaleEdit) too
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(
            request,
            _("“%(name)s” added: a new version shows it at the end of the text.") % {"name": stored.name},
        )
    return redirect("exams:wb_question", pk=question.pk)


@trainer_required
@require_POST
def question_file_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    name = request.POST.get("name", "")
    try:
        question_file_remove(
            question=question,
            name=name,
            actor=_user(request),
            expected_version=parse_version(request.POST.get("version")),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("“%(name)s” removed: a new version no longer shows it.") % {"name": name})
    return redirect("exams:wb_question", pk=question.pk)
