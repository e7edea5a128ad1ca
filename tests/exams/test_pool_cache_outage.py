"""With the cache unreachable, starts, retirements and the webhook check read the database instead of failing.

The exam-day caches (the drawable pool, which events have webhook listeners) must never turn a Redis outage into
an error page: the fault test on real Redis (tests/infra/test_fault_redis_down.py) starts an exam with Redis down.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.utils import timezone

from accounts.models import User
from assessments.exams.models import Question
from assessments.exams.services import attempt_start, question_retire
from core import cache_generations
from core.webhooks import _events_listened
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


class _Down:
    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> None:
            raise ConnectionError("cache is down")

        return fail


def test_everything_the_caches_serve_still_works_while_the_cache_is_down(persona, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=4, draw=3)
    monkeypatch.setattr(cache_generations, "cache", _Down())

    first = attempt_start(exam=exam, user=cast(User, UserFactory()), now=timezone.now())
    question = Question.objects.filter(bank=exam.bank).order_by("pk").first()
    assert question is not None
    question_retire(question=question, actor=persona("trainer"))  # the renewal fails, the retirement does not
    second = attempt_start(exam=exam, user=cast(User, UserFactory()), now=timezone.now())

    assert first.responses.count() == 3
    drawn = set(second.responses.values_list("version__question_id", flat=True))
    assert len(drawn) == 3 and question.pk not in drawn
    assert _events_listened() == frozenset()


def test_with_the_generation_cache_off_every_start_reads_the_database(settings) -> None:  # type: ignore[no-untyped-def]
    # Production's setting when the cache is process-local: another worker's cached pool would be stale.
    settings.RAMPWAY_GENERATION_CACHE = False
    exam = published_exam(questions=4, draw=3)
    attempt_start(exam=exam, user=cast(User, UserFactory()), now=timezone.now())

    assert cache_generations.generation("exams.pool") is None
    question = Question.objects.filter(bank=exam.bank).order_by("pk").first()
    assert question is not None
    # Retired behind the caches' back (no signal, no renewal): only a database read can know.
    Question.objects.filter(pk=question.pk).update(status=Question.Status.RETIRED)
    second = attempt_start(exam=exam, user=cast(User, UserFactory()), now=timezone.now())
    assert question.pk not in set(second.responses.values_list("version__question_id", flat=True))
