"""The deadline is server-side: min(start + limit × accommodation, close); overdue attempts are submitted at the deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.exams.models import Accommodation, Attempt, AttemptEvent
from assessments.exams.services import (
    attempt_refresh,
    attempt_start,
    attempts_finalize_overdue,
    response_save,
)
from assessments.exams.tasks import attempts_sweep
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def test_deadline_is_start_plus_limit_with_extra_time(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(time_limit_minutes=60)
    learner = persona("learner")
    Accommodation.objects.create(
        exam=exam, user=learner, extra_time_percent=50, granted_by=persona("trainer")
    )
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=learner, now=now)
    assert attempt.deadline == now + timedelta(minutes=90)


def test_deadline_never_passes_the_close_of_the_window(persona) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    exam = published_exam(time_limit_minutes=60, closes_at=now + timedelta(minutes=20))
    assert attempt_start(exam=exam, user=persona("learner"), now=now).deadline == now + timedelta(minutes=20)


def test_sweep_submits_at_the_deadline_keeping_answers_from_the_grace(persona) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    exam = published_exam(time_limit_minutes=10)
    attempt = attempt_start(exam=exam, user=persona("learner"), now=now)
    deadline = attempt.deadline
    assert deadline is not None
    assert attempts_finalize_overdue(now=deadline + timedelta(seconds=30)) == 0
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.OVERDUE
    assert response_save(
        attempt=attempt, position=1, value=0, seq=1, now=deadline + timedelta(seconds=40)
    ).saved
    assert attempts_finalize_overdue(now=deadline + timedelta(minutes=5)) == 1
    attempt.refresh_from_db()
    assert (attempt.state, attempt.submitted_at) == (Attempt.State.SUBMITTED, deadline)
    assert attempt.responses.get(position=1).value == 0
    assert AttemptEvent.objects.filter(attempt=attempt, kind="auto_submit").count() == 1


def test_the_next_request_submits_when_the_sweep_has_not_run(persona) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    attempt = attempt_start(exam=published_exam(time_limit_minutes=10), user=persona("learner"), now=now)
    refreshed = attempt_refresh(attempt=attempt, now=now + timedelta(hours=1))
    assert (refreshed.state, refreshed.submitted_at) == (Attempt.State.SUBMITTED, attempt.deadline)


def test_beat_task_runs_the_sweep(persona) -> None:  # type: ignore[no-untyped-def]
    past = timezone.now() - timedelta(hours=2)
    attempt_start(exam=published_exam(time_limit_minutes=10), user=persona("learner"), now=past)
    assert attempts_sweep.delay().get() == 1


def test_accommodation_is_recorded_with_who_granted_it(persona) -> None:  # type: ignore[no-untyped-def]
    from accounts.models import AuditEvent
    from assessments.exams.services import accommodation_grant

    exam = published_exam()
    granted = accommodation_grant(
        exam=exam,
        user=persona("learner"),
        extra_time_percent=25,
        extra_attempts=1,
        actor=persona("admin"),
        reason="Dyslexia",
    )
    assert granted.granted_by == persona("admin")
    assert AuditEvent.objects.filter(verb="accommodation.grant", note="Dyslexia").exists()
