"""Helpers for the exam-step tests: a path of course and exam steps, and passing or failing an exam for real."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from assessments.exams.models import Attempt, Exam
from assessments.exams.services import attempt_start, attempt_submit
from courses.models import LearningPath, LearningPathStep
from tests.factories.courses import learning_path


def path_of(
    steps: list[tuple[Any, int]], *, name: str = "Onboarding", locked: set[int] = frozenset()
) -> LearningPath:  # type: ignore[assignment]
    """Steps in order: a CoursePage or an Exam with its due offset; `locked` holds the indexes that need earlier steps."""
    path = learning_path(name=name)
    for n, (target, offset) in enumerate(steps):
        fields: dict[str, Any] = {"course": target} if not isinstance(target, Exam) else {"exam": target}
        kind = LearningPathStep.Kind.EXAM if isinstance(target, Exam) else LearningPathStep.Kind.COURSE
        LearningPathStep.objects.create(
            path=path, sort_order=n, kind=kind, due_offset_days=offset, requires_earlier=n in locked, **fields
        )
    return path


def take(exam: Exam, user: Any, *, right: bool = True, now: dt.datetime | None = None) -> Attempt:
    """Start an attempt through the exam service, answer every question right (or wrong) and submit it."""
    now = now or timezone.now()
    attempt = attempt_start(exam=exam, user=user, now=now)
    for response in attempt.responses.all():
        wanted = 0 if right else 1  # choice 0 of the factory's questions is the right one
        response.value = response.choice_order.index(wanted)
        response.save(update_fields=["value"])
    return attempt_submit(attempt=attempt, now=now + dt.timedelta(minutes=5))
