"""A start draws from the cached pool, and every change to what the pool holds is seen by the next start."""

from __future__ import annotations

from typing import cast

import pytest
from django.utils import timezone

from accounts.models import User
from assessments.exams.models import Attempt, Exam, Question
from assessments.exams.pool import exam_drawable_pool
from assessments.exams.services import attempt_start, question_approve, question_retire, question_revise
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _drawn(exam: Exam) -> set[int]:
    attempt = attempt_start(exam=exam, user=cast(User, UserFactory()), now=timezone.now())
    return {r.version_id for r in attempt.responses.all()}


def test_a_question_retired_after_a_start_is_not_drawn_by_the_next(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=4, draw=3)
    _drawn(exam)  # the pool is cached now
    question = Question.objects.filter(bank=exam.bank).order_by("pk").first()
    assert question is not None
    question_retire(question=question, actor=persona("trainer"))
    kept = set(
        Question.objects.filter(bank=exam.bank).exclude(pk=question.pk).values_list("versions", flat=True)
    )
    # Three questions left for three places: the next start must draw exactly them.
    assert _drawn(exam) == kept


def test_a_revision_approved_after_a_start_is_delivered_by_the_next(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=3)
    _drawn(exam)
    question = Question.objects.filter(bank=exam.bank).order_by("pk").first()
    assert question is not None
    old = question.versions.get()
    revised = question_revise(question=question, actor=persona("trainer"), text="A clearer question?")
    # Waiting for its second trainer, the revision is not drawn yet; the approved version still is.
    waiting = _drawn(exam)
    assert old.pk in waiting and revised.pk not in waiting
    question.refresh_from_db()
    question_approve(question=question, actor=persona("admin"))
    after = _drawn(exam)
    assert revised.pk in after and old.pk not in after


def test_a_blueprint_changed_after_a_start_is_drawn_by_the_next() -> None:
    exam = published_exam(questions=5, draw=2)
    assert len(_drawn(exam)) == 2
    rule = exam.blueprint.get()
    rule.count = 4
    rule.save()
    assert len(_drawn(exam)) == 4


def test_the_cached_pool_is_what_the_database_says() -> None:
    exam = published_exam(questions=4, draw=2)
    _drawn(exam)
    cached = exam_drawable_pool(exam)
    assert sorted(pk for rule in cached.rules for pk in rule.candidates) == sorted(
        Question.objects.filter(bank=exam.bank).values_list("pk", flat=True)
    )
    assert {v.question_id: v.pk for v in cached.versions.values()} == dict(
        Question.objects.filter(bank=exam.bank).values_list("pk", "versions")
    )
    assert Attempt.objects.filter(exam=exam).count() == 1
