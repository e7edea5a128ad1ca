"""Blueprints and publishing: which questions an exam's rules can draw, whether they can all be met, the draw."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.concurrency import version_claim

from ..models import (
    BlueprintRule,
    Category,
    Exam,
    Question,
)
from .common import AttemptNotAllowed


def _category_subtree(category: Category) -> list[int]:
    rows = list(Category.objects.filter(bank_id=category.bank_id).values_list("pk", "parent_id"))
    wanted, frontier = {category.pk}, {category.pk}
    while frontier:
        frontier = {pk for pk, parent in rows if parent in frontier} - wanted
        wanted |= frontier
    return sorted(wanted)


def _rule_candidates(rule: BlueprintRule) -> list[int]:
    qs = Question.objects.filter(
        bank_id=rule.exam.bank_id,
        status=Question.Status.APPROVED,
        category_id__in=_category_subtree(rule.category),
    )
    if rule.difficulty:
        qs = qs.filter(difficulty=rule.difficulty)
    return list(qs.order_by("pk").values_list("pk", flat=True))


def exam_pool_question_ids(exam: Exam) -> list[int]:
    """Every approved question the exam's blueprint can draw (the union over its rules), by id."""
    pool: set[int] = set()
    for rule in exam.blueprint.select_related("category", "exam"):
        pool.update(_rule_candidates(rule))
    return sorted(pool)


def exam_blueprint_problems(exam: Exam) -> list[str]:
    """What keeps the blueprint from being drawn: too few approved questions per rule (overlaps counted once)."""
    rules = list(exam.blueprint.select_related("category", "exam"))
    if not rules:
        return [_("The blueprint has no rules.")]
    problems, used = [], set()
    for rule in rules:
        available = [pk for pk in _rule_candidates(rule) if pk not in used]
        if len(available) < rule.count:
            problems.append(
                _(
                    "%(category)s (%(difficulty)s): %(count)s questions needed, %(available)s approved available."
                )
                % {
                    "category": rule.category.name,
                    "difficulty": rule.get_difficulty_display() if rule.difficulty else _("any difficulty"),
                    "count": rule.count,
                    "available": len(available),
                }
            )
        used |= set(available[: rule.count])
    return problems


@transaction.atomic
def exam_publish(*, exam: Exam, actor: User | None, expected_version: int | None = None) -> Exam:
    problems = exam_blueprint_problems(exam)
    if problems:
        raise ValidationError(problems)
    # Publishing is a change too: an edit form loaded before it is refused, and a stale publish likewise.
    exam.version = version_claim(
        Exam, pk=exam.pk, expected=expected_version, actor=actor, what=_("This exam")
    )
    exam.status = Exam.Status.PUBLISHED
    exam.published_at = timezone.now()
    exam.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, verb="exam.publish", obj=exam)
    return exam


def _draw(exam: Exam, rng: random.Random) -> list[int]:
    chosen: list[int] = []
    for rule in exam.blueprint.select_related("category", "exam").order_by("pk"):
        available = [pk for pk in _rule_candidates(rule) if pk not in chosen]
        if len(available) < rule.count:
            raise AttemptNotAllowed(_("The exam cannot be drawn: its question pool is too small."))
        chosen += rng.sample(available, rule.count)
    if exam.shuffle_questions:
        rng.shuffle(chosen)
    return chosen
