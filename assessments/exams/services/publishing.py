"""Blueprints and publishing: which questions an exam's rules can draw, whether they can all be met, the draw."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.services import audit_record
from core.concurrency import version_claim

from ..blueprint import Rule, blueprint_draw, blueprint_shortfalls
from ..models import (
    BlueprintRule,
    Category,
    Exam,
    Question,
)
from .common import AttemptNotAllowed


@dataclass(frozen=True)
class RulePool:
    """A blueprint rule and the approved questions it may draw (its category's subtree, its difficulty)."""

    rule: BlueprintRule
    candidates: tuple[int, ...]

    @property
    def label(self) -> str:
        difficulty = self.rule.get_difficulty_display() if self.rule.difficulty else _("any difficulty")
        return f"{self.rule.category.name} ({difficulty})"


def _subtree(category_id: int, children: dict[int | None, list[int]]) -> set[int]:
    wanted, frontier = {category_id}, [category_id]
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in wanted:
                wanted.add(child)
                frontier.append(child)
    return wanted


def exam_blueprint_pools(exam: Exam, *, without: Collection[int] = ()) -> list[RulePool]:
    """Each rule with its candidate questions, in rule order — three queries however many rules or questions.

    `without`: question ids to leave out (would the blueprint still be drawable if they were retired?)."""
    rules = list(exam.blueprint.select_related("category").order_by("pk"))
    if not rules:
        return []
    children: dict[int | None, list[int]] = defaultdict(list)
    banks = {rule.category.bank_id for rule in rules}
    for pk, parent in Category.objects.filter(bank_id__in=banks).values_list("pk", "parent_id"):
        children[parent].append(pk)
    subtrees = {rule.category_id: _subtree(rule.category_id, children) for rule in rules}
    by_category: dict[int, list[tuple[int, int]]] = defaultdict(list)
    approved = Question.objects.filter(
        bank_id=exam.bank_id,
        status=Question.Status.APPROVED,
        category_id__in=set().union(*subtrees.values()),
    ).exclude(pk__in=list(without))
    for pk, category_id, difficulty in approved.order_by("pk").values_list("pk", "category_id", "difficulty"):
        by_category[category_id].append((pk, difficulty))
    pools = []
    for rule in rules:
        candidates = sorted(
            pk
            for category_id in subtrees[rule.category_id]
            for pk, difficulty in by_category[category_id]
            if not rule.difficulty or difficulty == rule.difficulty
        )
        pools.append(RulePool(rule, tuple(candidates)))
    return pools


def _as_rules(pools: list[RulePool]) -> list[Rule]:
    return [Rule(pool.rule.count, pool.candidates) for pool in pools]


def exam_pool_question_ids(exam: Exam) -> list[int]:
    """Every approved question the exam's blueprint can draw (the union over its rules), by id."""
    return sorted({pk for pool in exam_blueprint_pools(exam) for pk in pool.candidates})


def exam_blueprint_problems(exam: Exam, *, without: Collection[int] = ()) -> list[str]:
    """What keeps the blueprint from being drawn: each group of rules that cannot be met at once with distinct
    approved questions, with how many they need and how many fit them (empty when every draw can succeed).

    `without`: question ids to leave out of every pool (see question_retire)."""
    pools = exam_blueprint_pools(exam, without=without)
    if not pools:
        return [_("The blueprint has no rules.")]
    problems = []
    for shortfall in blueprint_shortfalls(_as_rules(pools)):
        if len(shortfall.rules) == 1:
            problems.append(
                _("%(rule)s: %(count)s questions needed, %(available)s approved available.")
                % {
                    "rule": pools[shortfall.rules[0]].label,
                    "count": shortfall.needed,
                    "available": shortfall.available,
                }
            )
            continue
        problems.append(
            ngettext(
                "%(rules)s cannot be met together: %(count)s distinct questions needed, %(available)s approved "
                "available (%(short)s question short).",
                "%(rules)s cannot be met together: %(count)s distinct questions needed, %(available)s approved "
                "available (%(short)s questions short).",
                shortfall.short,
            )
            % {
                "rules": ", ".join(pools[i].label for i in shortfall.rules),
                "count": shortfall.needed,
                "available": shortfall.available,
                "short": shortfall.short,
            }
        )
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


def _draw(exam: Exam, rng: random.Random, rules: list[Rule] | None = None) -> list[int]:
    """The attempt's questions: rule by rule (each in a random order), or all shuffled if the exam says so.

    A random maximum matching, so it succeeds whenever publishing did; only a pool shrunk since (a question
    retired) can refuse. `rules`: the exam's, when the caller has them (the cached pool)."""
    drawn = blueprint_draw(_as_rules(exam_blueprint_pools(exam)) if rules is None else rules, rng)
    if drawn is None:
        raise AttemptNotAllowed(_("The exam cannot be drawn: its question pool is too small."))
    chosen = [pk for rule_questions in drawn for pk in rule_questions]
    if exam.shuffle_questions:
        rng.shuffle(chosen)
    return chosen
