"""Answer saves are idempotent, a stale sequence number never overwrites a newer answer, and a save is ≤ 3 queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.exams.models import AttemptEvent, Response
from assessments.exams.services import AttemptClosed, attempt_start, attempt_submit, response_save
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(persona):  # type: ignore[no-untyped-def]
    return attempt_start(exam=published_exam(), user=persona("learner"), now=timezone.now())


def test_newer_sequence_wins_and_stale_is_ignored(attempt) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    assert response_save(attempt=attempt, position=1, value=2, seq=5, now=now).saved
    stale = response_save(attempt=attempt, position=1, value=0, seq=3, now=now)
    assert (stale.saved, stale.seq) == (False, 5)
    response = Response.objects.get(attempt=attempt, position=1)
    assert (response.value, response.seq) == (2, 5)
    assert response_save(attempt=attempt, position=1, value=1, seq=6, now=now).saved
    assert Response.objects.get(attempt=attempt, position=1).value == 1


def test_same_answer_twice_is_one_row_and_one_save(attempt) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    response_save(attempt=attempt, position=2, value=[1], seq=1, now=now)
    again = response_save(attempt=attempt, position=2, value=[1], seq=1, now=now)
    assert not again.saved
    assert Response.objects.filter(attempt=attempt, position=2).count() == 1
    assert AttemptEvent.objects.filter(attempt=attempt, kind="save").count() == 1


def test_save_runs_at_most_three_queries(attempt, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    with django_assert_max_num_queries(3):
        response_save(attempt=attempt, position=1, value=1, seq=1, now=now)
    with django_assert_max_num_queries(3):
        response_save(attempt=attempt, position=1, value=1, seq=1, now=now)


def test_unknown_question_is_an_error(attempt) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Response.DoesNotExist):
        response_save(attempt=attempt, position=99, value=1, seq=1, now=timezone.now())


def test_no_saves_after_submit_or_after_the_grace(attempt) -> None:  # type: ignore[no-untyped-def]
    assert attempt.deadline is not None
    late = attempt.deadline + timedelta(seconds=61)
    with pytest.raises(AttemptClosed):
        response_save(attempt=attempt, position=1, value=1, seq=1, now=late)
    within_grace = attempt.deadline + timedelta(seconds=59)
    assert response_save(attempt=attempt, position=1, value=1, seq=1, now=within_grace).saved
    submitted = attempt_submit(attempt=attempt, now=timezone.now())
    with pytest.raises(AttemptClosed):
        response_save(attempt=submitted, position=1, value=2, seq=2, now=timezone.now())
