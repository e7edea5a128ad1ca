"""Essays wait in a blind grading queue; a grader's score completes the attempt and is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import BlueprintRule, Exam, QuestionType
from assessments.exams.services import (
    attempt_start,
    attempt_submit,
    essay_queue,
    response_grade_manual,
    response_save,
)
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _essay_exam() -> Exam:
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    QuestionFactory(bank=bank, category=category, version__qtype=QuestionType.ESSAY, version__data={})
    QuestionFactory(bank=bank, category=category)
    exam = ExamFactory(bank=bank, status=Exam.Status.PUBLISHED, pass_mark=50, shuffle_questions=False)
    BlueprintRule.objects.create(exam=exam, category=category, count=2)
    return exam


def test_essay_waits_for_a_grader_and_then_counts(persona) -> None:  # type: ignore[no-untyped-def]
    exam = _essay_exam()
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=persona("learner"), now=now)
    essay = attempt.responses.get(version__qtype=QuestionType.ESSAY)
    response_save(attempt=attempt, position=essay.position, value="Customer first.", seq=1, now=now)
    done = attempt_submit(attempt=attempt, now=now)
    assert (done.awaiting_grading, done.passed) == (True, None)
    queued = list(essay_queue(exam))
    assert [r.pk for r in queued] == [essay.pk]
    with pytest.raises(PermissionDenied):
        response_grade_manual(response=queued[0], actor=persona("learner"), fraction=1.0)
    with pytest.raises(ValidationError):
        response_grade_manual(response=queued[0], actor=persona("trainer"), fraction=1.5)
    graded = response_grade_manual(
        response=queued[0], actor=persona("trainer"), fraction=1.0, comment="Clear"
    )
    assert graded.awaiting_grading is False
    assert graded.score == 50.0 and graded.passed is True
    assert not essay_queue(exam).exists()
    assert AuditEvent.objects.filter(verb="response.grade", object_id=str(attempt.pk)).exists()
