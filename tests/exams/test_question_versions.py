"""Editing a question adds a version; versions never change, and delivered ones cannot be deleted."""

from __future__ import annotations

import pytest

from assessments.exams.models import FrozenVersionError, Question
from assessments.exams.services import question_revise
from tests.factories.exams import QuestionFactory

pytestmark = pytest.mark.django_db


def test_revising_adds_a_version_and_keeps_the_old_one(persona) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory()
    v2 = question_revise(question=question, actor=persona("trainer"), text="Clearer text?")
    assert v2.number == 2
    assert list(question.versions.values_list("number", "text")) == [
        (1, f"Text of {question.name}?"),
        (2, "Clearer text?"),
    ]
    assert v2.data == question.versions.get(number=1).data


def test_revising_an_approved_question_waits_for_review_and_keeps_the_approved_version(persona) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory(status=Question.Status.APPROVED)
    v1 = question.versions.get()
    question_revise(question=question, actor=persona("trainer"), text="New")
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED and question.needs_review
    assert question.approved_version == v1


def test_a_saved_version_never_changes() -> None:
    version = QuestionFactory().versions.get()
    version.text = "sneaky edit"
    with pytest.raises(FrozenVersionError):
        version.save()


def test_a_delivered_version_cannot_be_deleted() -> None:
    from django.utils import timezone

    version = QuestionFactory().versions.get()
    type(version).objects.filter(pk=version.pk).update(delivered_at=timezone.now())
    version.refresh_from_db()
    with pytest.raises(FrozenVersionError):
        version.delete()
