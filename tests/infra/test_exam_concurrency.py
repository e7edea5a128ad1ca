"""PostgreSQL: concurrent double start and double submit yield one attempt and one grade."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from assessments.exams.models import Attempt, AttemptEvent
from assessments.exams.services import attempt_start, attempt_submit
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _race(fn: Callable[[], Any], n: int = 6) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(fn())
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def test_concurrent_starts_make_one_attempt() -> None:
    exam = published_exam()
    learner = UserFactory()
    attempts = _race(lambda: attempt_start(exam=exam, user=learner, now=timezone.now()))
    assert len({a.pk for a in attempts}) == 1
    assert Attempt.objects.filter(exam=exam, user=learner).count() == 1


def test_concurrent_submits_grade_once() -> None:
    exam = published_exam()
    attempt = attempt_start(exam=exam, user=UserFactory(), now=timezone.now())
    results = _race(lambda: attempt_submit(attempt=attempt, now=timezone.now()))
    assert len({(r.state, r.submitted_at, r.score) for r in results}) == 1
    assert AttemptEvent.objects.filter(attempt=attempt, kind__in=["submit", "auto_submit"]).count() == 1
