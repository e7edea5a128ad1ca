"""Publishing checks the blueprint: each rule needs enough approved questions (subcategories count, overlaps once)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assessments.exams.models import BlueprintRule, Difficulty, Exam, Question
from assessments.exams.services import exam_publish
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_publish_refuses_a_pool_that_is_too_small_and_names_the_rule(persona) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    products = CategoryFactory(bank=bank, name="Products")
    QuestionFactory.create_batch(2, bank=bank, category=products, difficulty=Difficulty.HARD)
    QuestionFactory(bank=bank, category=products, difficulty=Difficulty.HARD, status=Question.Status.DRAFT)
    exam = ExamFactory(bank=bank)
    BlueprintRule.objects.create(exam=exam, category=products, difficulty=Difficulty.HARD, count=3)
    with pytest.raises(ValidationError) as caught:
        exam_publish(exam=exam, actor=persona("trainer"))
    assert "Products (Hard): 3 questions needed, 2 approved available." in caught.value.messages
    exam.refresh_from_db()
    assert exam.status == Exam.Status.DRAFT


def test_publish_counts_subcategories_and_does_not_reuse_questions(persona) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    products = CategoryFactory(bank=bank, name="Products")
    cloud = CategoryFactory(bank=bank, name="Cloud", parent=products)
    QuestionFactory.create_batch(3, bank=bank, category=cloud)
    exam = ExamFactory(bank=bank)
    BlueprintRule.objects.create(exam=exam, category=products, count=2)
    BlueprintRule.objects.create(exam=exam, category=cloud, count=2)
    with pytest.raises(ValidationError, match="Cloud"):
        exam_publish(exam=exam, actor=persona("trainer"))
    QuestionFactory(bank=bank, category=cloud)
    assert exam_publish(exam=exam, actor=persona("trainer")).status == Exam.Status.PUBLISHED


def test_an_empty_blueprint_cannot_be_published(persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="no rules"):
        exam_publish(exam=ExamFactory(), actor=persona("trainer"))
