"""Starting draws the blueprint with a stored seed, start is idempotent, submit grades once; allowances hold."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.exams.models import Accommodation, Attempt, AttemptEvent, Response
from assessments.exams.services import AttemptNotAllowed, attempt_start, attempt_submit, response_save
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _right_choice(response: Response) -> int:
    """The display position of the right answer (answers are saved as the positions the learner saw)."""
    key = next(i for i, a in enumerate(response.version.data["answers"]) if a["fraction"] == 1.0)
    return response.choice_order.index(key)


def test_start_draws_the_blueprint_and_stores_seed_and_order(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=6, draw=4)
    attempt = attempt_start(
        exam=exam, user=persona("learner"), now=timezone.now(), ip="10.0.0.1", user_agent="UA"
    )
    responses = list(attempt.responses.select_related("version"))
    assert len(responses) == 4
    assert len({r.version.question_id for r in responses}) == 4
    assert all(sorted(r.choice_order) == [0, 1, 2] for r in responses)
    assert attempt.seed and attempt.max_marks == 4
    assert all(r.version.delivered_at for r in responses)
    event = AttemptEvent.objects.get(attempt=attempt, kind="start")
    assert (event.ip, event.user_agent) == ("10.0.0.1", "UA")


def test_the_seed_reproduces_the_draw(persona) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.services import _draw

    exam = published_exam(questions=8, draw=5)
    attempt = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    drawn = list(attempt.responses.order_by("position").values_list("version__question_id", flat=True))
    assert _draw(exam, random.Random(attempt.seed)) == drawn


def test_starting_twice_returns_the_same_attempt(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam()
    first = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    second = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    assert first.pk == second.pk
    assert Attempt.objects.count() == 1


def test_database_allows_one_attempt_in_progress_per_user_and_exam(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam()
    first = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(exam=exam, user=first.user, number=2, seed=1, started_at=timezone.now())


def test_submit_grades_once_and_is_idempotent(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=4, draw=4, pass_mark=50)
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=persona("learner"), now=now)
    responses = list(attempt.responses.select_related("version").order_by("position"))
    for i, response in enumerate(responses):
        value = _right_choice(response) if i < 3 else (_right_choice(response) + 1) % 3
        response_save(attempt=attempt, position=response.position, value=value, seq=1, now=now)
    done = attempt_submit(attempt=attempt, now=now + timedelta(minutes=5))
    assert (done.state, done.marks, done.score, done.passed) == (Attempt.State.SUBMITTED, 3.0, 75.0, True)
    again = attempt_submit(attempt=attempt, now=now + timedelta(minutes=9))
    assert (again.submitted_at, again.score) == (done.submitted_at, 75.0)
    assert AttemptEvent.objects.filter(attempt=attempt, kind="submit").count() == 1


def test_attempts_allowed_cooldown_and_extra_attempt(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(attempts_allowed=1, cooldown_hours=24)
    learner = persona("learner")
    now = timezone.now()
    attempt_submit(attempt=attempt_start(exam=exam, user=learner, now=now), now=now)
    with pytest.raises(AttemptNotAllowed, match="all your attempts"):
        attempt_start(exam=exam, user=learner, now=now + timedelta(days=2))
    Accommodation.objects.create(exam=exam, user=learner, extra_attempts=1, granted_by=persona("trainer"))
    with pytest.raises(AttemptNotAllowed, match="next attempt"):
        attempt_start(exam=exam, user=learner, now=now + timedelta(hours=1))
    assert attempt_start(exam=exam, user=learner, now=now + timedelta(days=2)).number == 2


def test_closed_or_unpublished_exam_cannot_be_started(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(AttemptNotAllowed, match="closed"):
        attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    exam.status = "draft"
    exam.save()
    with pytest.raises(AttemptNotAllowed, match="not open"):
        attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
