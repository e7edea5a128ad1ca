"""A published exam never loses its pool to an edit: a key fix of an approved question keeps the approved version
drawable until a second trainer approves the new one, and retiring a question the blueprint cannot spare is
refused with the exam and rule named."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.authoring import questions_bulk_retire
from assessments.exams.models import Exam, Question
from assessments.exams.services import (
    attempt_start,
    attempt_submit,
    exam_regrade,
    question_approve,
    question_retire,
    question_revise,
    response_save,
)
from tests.factories.exams import QuestionFactory, published_exam

pytestmark = pytest.mark.django_db


def _fixed_key(version):  # type: ignore[no-untyped-def]
    data = dict(version.data)
    data["answers"] = [dict(a) for a in data["answers"]]
    data["answers"][1]["fraction"] = 1.0
    return data


def test_a_key_fix_of_the_only_sufficient_pool_keeps_the_exam_startable(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2)
    question = Question.objects.filter(bank=exam.bank).order_by("pk").first()
    assert question is not None
    v1 = question.versions.get()
    question_revise(question=question, actor=persona("trainer"), data=_fixed_key(v1))
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED and question.needs_review

    attempt = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    delivered = {r.version.question_id: r.version for r in attempt.responses.select_related("version")}
    assert len(delivered) == 2
    assert delivered[question.pk] == v1  # the unreviewed version is not delivered yet

    # The author of the fix cannot approve it; another trainer can, and then it is the one drawn.
    with pytest.raises(PermissionDenied):
        question_approve(question=question, actor=persona("trainer"))
    question_approve(question=question, actor=persona("admin"))
    question.refresh_from_db()
    assert question.approved_version == question.versions.get(number=2) and not question.needs_review
    second = attempt_start(exam=exam, user=persona("coach"), now=timezone.now())
    assert {r.version.number for r in second.responses.select_related("version")} == {1, 2}
    assert second.responses.get(version__question=question).version.number == 2


def test_regrade_still_applies_the_fixed_key(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, pass_mark=100)
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=persona("learner"), now=now)
    first, second = list(attempt.responses.select_related("version").order_by("position"))
    response_save(attempt=attempt, position=1, value=first.choice_order.index(0), seq=1, now=now)
    response_save(attempt=attempt, position=2, value=second.choice_order.index(1), seq=1, now=now)
    assert attempt_submit(attempt=attempt, now=now).score == 50.0
    question_revise(
        question=second.version.question, actor=persona("trainer"), data=_fixed_key(second.version)
    )
    changes = exam_regrade(exam=exam, actor=persona("trainer"), dry_run=False)
    assert [(c.old_score, c.new_score) for c in changes] == [(50.0, 100.0)]
    # And the exam still starts for the next learner.
    assert attempt_start(exam=exam, user=persona("coach"), now=now).responses.count() == 2


def test_retiring_a_question_the_blueprint_needs_is_refused_naming_exam_and_rule(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, title="Cloud basics")
    question = Question.objects.filter(bank=exam.bank).first()
    assert question is not None
    with pytest.raises(ValidationError) as refused:
        question_retire(question=question, actor=persona("trainer"))
    message = " ".join(refused.value.messages)
    assert "Cloud basics" in message and "Products" in message and "2 questions needed, 1 approved" in message
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
    assert not AuditEvent.objects.filter(verb="question.retire").exists()
    # In bulk: refused with the reason, nothing retired.
    outcome = questions_bulk_retire(questions=[question], actor=persona("trainer"))
    assert outcome.done == 0 and "Cloud basics" in outcome.refused[0]


def test_retiring_a_spare_question_or_one_of_an_unpublished_exam_is_allowed(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=2)
    spare, needed, _third = Question.objects.filter(bank=exam.bank).order_by("pk")
    question_retire(question=spare, actor=persona("trainer"))
    with pytest.raises(ValidationError):
        question_retire(question=needed, actor=persona("trainer"))
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.DRAFT)
    question_retire(question=needed, actor=persona("trainer"))
    assert Question.objects.filter(bank=exam.bank, status=Question.Status.RETIRED).count() == 2
    # A question outside every published exam's pool (another bank) is not held back by this one.
    other = QuestionFactory(status=Question.Status.APPROVED)
    question_retire(question=other, actor=persona("trainer"))


def test_the_workbench_shows_the_refusal(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=1, draw=1, title="Only one")
    question = Question.objects.get(bank=exam.bank)
    client = login_as("trainer")
    page = client.post(
        f"/exams/workbench/questions/{question.pk}/status/", {"action": "retire"}, follow=True
    ).content.decode()
    assert "Only one" in page
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
