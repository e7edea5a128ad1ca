"""PostgreSQL and Redis: a pool cached by one worker is forgotten when another commits a change to it."""

from __future__ import annotations

import threading
from typing import cast

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from assessments.exams.models import Question
from assessments.exams.services import attempt_start, question_retire
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_retirement_committed_elsewhere_reaches_the_next_start(persona) -> None:  # type: ignore[no-untyped-def]
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower(), "run with CACHE_URL=redis://…"
    exam = published_exam(questions=4, draw=3)
    attempt_start(exam=exam, user=cast(User, UserFactory()), now=timezone.now())  # cached now
    question = Question.objects.filter(bank=exam.bank).order_by("pk").first()
    assert question is not None
    trainer = persona("trainer")

    def elsewhere() -> None:
        # Its own database connection and cache client: the generation reaches this thread through Redis only.
        try:
            with transaction.atomic():
                question_retire(question=question, actor=trainer)
        finally:
            connection.close()

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    attempt = attempt_start(exam=exam, user=cast(User, UserFactory()), now=timezone.now())
    drawn = set(attempt.responses.values_list("version__question_id", flat=True))
    assert drawn == set(
        Question.objects.filter(bank=exam.bank).exclude(pk=question.pk).values_list("pk", flat=True)
    )
