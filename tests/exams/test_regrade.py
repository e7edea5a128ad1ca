"""Regrading after an answer-key fix: the dry run shows score and pass/fail changes and saves nothing; the run saves and audits."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import Attempt, Certification
from assessments.exams.services import (
    attempt_start,
    attempt_submit,
    exam_regrade,
    question_revise,
    response_save,
)
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def test_regrade_dry_run_then_commit(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, pass_mark=100, certifying=True, validity_months=12)
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=persona("learner"), now=now)
    responses = list(attempt.responses.select_related("version").order_by("position"))
    # Question 1 answered right; question 2 answered with the first wrong option.
    first, second = responses
    response_save(attempt=attempt, position=1, value=first.choice_order.index(0), seq=1, now=now)
    response_save(attempt=attempt, position=2, value=second.choice_order.index(1), seq=1, now=now)
    done = attempt_submit(attempt=attempt, now=now)
    assert (done.score, done.passed) == (50.0, False)
    # The key of question 2 was wrong: the chosen option is also right.
    fixed = dict(second.version.data)
    fixed["answers"] = [dict(a) for a in fixed["answers"]]
    fixed["answers"][1]["fraction"] = 1.0
    question_revise(question=second.version.question, actor=persona("trainer"), data=fixed)

    preview = exam_regrade(exam=exam, actor=persona("trainer"), dry_run=True)
    assert [(c.old_score, c.new_score, c.old_passed, c.new_passed) for c in preview] == [
        (50.0, 100.0, False, True)
    ]
    assert Attempt.objects.get(pk=attempt.pk).score == 50.0
    assert not Certification.objects.exists()

    exam_regrade(exam=exam, actor=persona("trainer"), dry_run=False)
    regraded = Attempt.objects.get(pk=attempt.pk)
    assert (regraded.score, regraded.passed) == (100.0, True)
    assert AuditEvent.objects.filter(verb="attempt.regrade", object_id=str(attempt.pk)).count() == 1
    assert Certification.objects.filter(attempt=attempt).exists()
    assert exam_regrade(exam=exam, actor=persona("trainer"), dry_run=True) == []
