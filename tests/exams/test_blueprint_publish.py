"""Publishing checks the blueprint: every rule must be met at once with distinct approved questions, and then
every draw succeeds (subcategories count, overlapping rules share the pool)."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.exams.models import BlueprintRule, Difficulty, Exam, Question
from assessments.exams.services import (
    _draw,
    attempt_start,
    exam_blueprint_pools,
    exam_blueprint_problems,
    exam_publish,
)
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


def test_a_category_and_its_subcategory_publish_and_every_start_draws(persona) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    products = CategoryFactory(bank=bank, name="Products")
    cloud = CategoryFactory(bank=bank, name="Cloud", parent=products)
    # The subcategory's questions have the lowest ids: a draw taking "Products" first by id would use them up.
    cloud_ids = {q.pk for q in QuestionFactory.create_batch(2, bank=bank, category=cloud)}
    QuestionFactory.create_batch(2, bank=bank, category=products)
    exam = ExamFactory(bank=bank)
    BlueprintRule.objects.create(exam=exam, category=products, count=2)
    BlueprintRule.objects.create(exam=exam, category=cloud, count=2)
    assert exam_publish(exam=exam, actor=persona("trainer")).status == Exam.Status.PUBLISHED
    for seed in range(100):
        drawn = _draw(exam, random.Random(seed))
        assert len(set(drawn)) == 4 and cloud_ids <= set(drawn)
    attempt = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    assert attempt.responses.count() == 4


def test_any_difficulty_beside_one_level_publishes_and_draws_varied_questions(persona) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    products = CategoryFactory(bank=bank, name="Products")
    hard = {
        q.pk
        for q in QuestionFactory.create_batch(3, bank=bank, category=products, difficulty=Difficulty.HARD)
    }
    QuestionFactory.create_batch(4, bank=bank, category=products, difficulty=Difficulty.EASY)
    exam = ExamFactory(bank=bank, shuffle_questions=False)
    BlueprintRule.objects.create(exam=exam, category=products, count=3)
    BlueprintRule.objects.create(exam=exam, category=products, difficulty=Difficulty.HARD, count=2)
    exam_publish(exam=exam, actor=persona("trainer"))
    draws = set()
    for seed in range(200):
        drawn = _draw(exam, random.Random(seed))
        assert len(set(drawn)) == 5 and set(drawn[3:]) <= hard
        draws.add(frozenset(drawn))
    assert len(draws) > 5


def test_publish_names_the_rules_that_cannot_be_met_together_and_by_how_many(persona) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    products = CategoryFactory(bank=bank, name="Products")
    other = CategoryFactory(bank=bank, name="Strategy")
    QuestionFactory.create_batch(2, bank=bank, category=products, difficulty=Difficulty.HARD)
    QuestionFactory.create_batch(2, bank=bank, category=products, difficulty=Difficulty.EASY)
    QuestionFactory.create_batch(2, bank=bank, category=other)
    exam = ExamFactory(bank=bank)
    BlueprintRule.objects.create(exam=exam, category=products, count=3)
    BlueprintRule.objects.create(exam=exam, category=products, difficulty=Difficulty.HARD, count=2)
    BlueprintRule.objects.create(exam=exam, category=other, count=1)
    # Each rule alone fits; the first two together need 5 distinct questions of the 4 in Products.
    assert exam_blueprint_problems(exam) == [
        "Products (any difficulty), Products (Hard) cannot be met together: 5 distinct questions needed, "
        "4 approved available (1 question short)."
    ]
    with pytest.raises(ValidationError):
        exam_publish(exam=exam, actor=persona("trainer"))
    QuestionFactory(bank=bank, category=products, difficulty=Difficulty.EASY)
    assert exam_blueprint_problems(exam) == []


def test_pools_are_read_in_three_queries_however_many_rules(persona, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    root = CategoryFactory(bank=bank, name="Products")
    exam = ExamFactory(bank=bank)
    for i in range(6):
        sub = CategoryFactory(bank=bank, name=f"Sub {i}", parent=root)
        QuestionFactory.create_batch(2, bank=bank, category=sub)
        BlueprintRule.objects.create(exam=exam, category=sub, count=1)
    with django_assert_num_queries(3):
        pools = exam_blueprint_pools(exam)
    assert [len(p.candidates) for p in pools] == [2] * 6
