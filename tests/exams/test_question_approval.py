"""A question is approved by a second trainer, never its author; approval and retirement are audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.exams.models import Question
from assessments.exams.services import question_approve, question_retire
from tests.factories.accounts import UserFactory
from tests.factories.exams import QuestionFactory

pytestmark = pytest.mark.django_db


def test_author_cannot_approve_own_question(persona) -> None:  # type: ignore[no-untyped-def]
    author = persona("trainer")
    question = QuestionFactory(status=Question.Status.DRAFT, author=author)
    with pytest.raises(PermissionDenied):
        question_approve(question=question, actor=author)
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_second_trainer_approves_and_it_is_audited(persona) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory(status=Question.Status.DRAFT, author=persona("trainer"))
    reviewer = UserFactory(roles=[Role.TRAINER])
    question_approve(question=question, actor=reviewer)
    question.refresh_from_db()
    assert (question.status, question.approved_by) == (Question.Status.APPROVED, reviewer)
    assert AuditEvent.objects.filter(verb="question.approve", object_id=str(question.pk)).exists()


def test_retired_question_cannot_be_approved_again(persona) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory(author=persona("trainer"))
    reviewer = UserFactory(roles=[Role.TRAINER])
    question_retire(question=question, actor=reviewer)
    with pytest.raises(ValidationError):
        question_approve(question=question, actor=reviewer)
