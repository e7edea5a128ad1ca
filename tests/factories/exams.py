"""Factories for question banks, questions and exams."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from assessments.exams.models import Category, Exam, Question, QuestionBank, QuestionType, QuestionVersion


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    slug = factory.Sequence(lambda n: f"bank-{n}")
    name = factory.Sequence(lambda n: f"Bank {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


def mc_data(right: str = "Right", wrong: tuple[str, ...] = ("Wrong A", "Wrong B")) -> dict[str, Any]:
    answers = [{"text": right, "fraction": 1.0, "feedback": f"{right} is right"}]
    answers += [{"text": w, "fraction": 0.0, "feedback": f"{w} is wrong"} for w in wrong]
    return {"single": True, "answers": answers}


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    bank = factory.SubFactory(QuestionBankFactory)
    category = factory.SubFactory(CategoryFactory, bank=factory.SelfAttribute("..bank"))
    name = factory.Sequence(lambda n: f"Question {n}")
    status = Question.Status.APPROVED

    @factory.post_generation
    def version(obj: Question, create: bool, extracted: Any, **kwargs: Any) -> None:  # type: ignore[misc]
        if create:
            fields = {"qtype": QuestionType.MULTICHOICE, "text": f"Text of {obj.name}?", "data": mc_data()}
            fields.update(kwargs)
            version = QuestionVersion.objects.create(question=obj, number=1, **fields)
            # As question_approve leaves it: an approved question names the version exams draw.
            if obj.status == Question.Status.APPROVED and obj.approved_version_id is None:
                obj.approved_version = version
                obj.approved_at = obj.approved_at or timezone.now()
                obj.save(update_fields=["approved_version", "approved_at"])


class ExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exam

    bank = factory.SubFactory(QuestionBankFactory)
    slug = factory.Sequence(lambda n: f"exam-{n}")
    title = factory.Sequence(lambda n: f"Exam {n}")


def published_exam(*, questions: int = 6, draw: int = 4, **exam_fields: Any) -> Exam:
    """A published exam drawing `draw` of `questions` approved multiple-choice questions from one category."""

    from assessments.exams.models import BlueprintRule

    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank, name="Products")
    for i in range(questions):
        QuestionFactory(
            bank=bank,
            category=category,
            name=f"Q{i}",
            version__data=mc_data(right=f"RIGHT-{i}-ANSWER", wrong=(f"wrong-{i}-a", f"wrong-{i}-b")),
        )
    fields: dict[str, Any] = {"time_limit_minutes": 30, "pass_mark": 50, "attempts_allowed": 2}
    fields.update(exam_fields)
    exam = ExamFactory(bank=bank, status=Exam.Status.PUBLISHED, published_at=timezone.now(), **fields)
    BlueprintRule.objects.create(exam=exam, category=category, count=draw)
    return exam


def review_after(*items: str) -> dict[str, list[str]]:
    """Review options showing `items` at every timing after submit (and marks and feedback to a practice check)."""
    return {"during": ["marks", "feedback"]} | {t: list(items) for t in ("immediately", "later", "closed")}


REVIEW_SCORE = review_after("marks")
REVIEW_DIAGNOSTIC = review_after("marks", "categories")
REVIEW_FULL = review_after("marks", "right_answers", "feedback", "categories")
