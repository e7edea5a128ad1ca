"""A published exam's drawable pool (its rules' candidates and the versions they deliver), cached between starts.

On exam day a thousand starts would each read the same rules, category tree, questions and versions. The
pool is cached under a generation (core.cache_generations) that every saved or deleted question, version,
category, blueprint rule or exam renews, so a start never draws from a pool older than the last committed
change, on any web node sharing the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core.cache_generations import cached_get, cached_set, generation, generation_renew

from .blueprint import Rule
from .models import BlueprintRule, Category, Exam, Question, QuestionVersion

GENERATION = "exams.pool"


@dataclass(frozen=True)
class DrawablePool:
    """What a start needs to draw: the rules (count, candidates) and question id → the version it delivers."""

    rules: list[Rule]
    versions: dict[int, QuestionVersion]


def pool_changed() -> None:
    """Forget every cached pool (for writes that send no signal, such as bulk_create)."""
    generation_renew(GENERATION)


def _key(exam: Exam, token: str) -> str:
    return f"exams:pool:{token}:{exam.pk}:{exam.version}"


def exam_drawable_pool(exam: Exam) -> DrawablePool:
    """The exam's pool from the cache, or read (rules, category tree, questions, versions) and cached."""
    from .selectors import drawable_versions
    from .services.publishing import _as_rules, exam_blueprint_pools

    token = generation(GENERATION)
    key = _key(exam, token) if token is not None else None
    pool = cached_get(key) if key else None
    if isinstance(pool, DrawablePool):
        return pool
    rules = _as_rules(exam_blueprint_pools(exam))
    versions = drawable_versions(sorted({pk for rule in rules for pk in rule.candidates}))
    pool = DrawablePool(rules=rules, versions=versions)
    if key:
        cached_set(key, pool)
    return pool


def pool_delivered(exam: Exam, version_ids: list[int], at: Any) -> None:
    """After commit: the cached pool records these versions as delivered, so later starts skip the UPDATE."""

    def record() -> None:
        token = generation(GENERATION)
        if token is None:
            return
        key = _key(exam, token)
        pool = cached_get(key)
        if not isinstance(pool, DrawablePool):
            return
        for version in pool.versions.values():
            if version.pk in version_ids and version.delivered_at is None:
                version.delivered_at = at
        cached_set(key, pool)

    transaction.on_commit(record)


def _on_change(sender: Any, **kwargs: Any) -> None:
    generation_renew(GENERATION)


for _model in (Question, QuestionVersion, Category, BlueprintRule, Exam):
    post_save.connect(_on_change, sender=_model, dispatch_uid=f"exams_pool_changed_save_{_model.__name__}")
    post_delete.connect(
        _on_change, sender=_model, dispatch_uid=f"exams_pool_changed_delete_{_model.__name__}"
    )
