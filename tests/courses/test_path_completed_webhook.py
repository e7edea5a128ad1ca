"""Finishing the last lesson of a learner's onboarding emits `path.completed` once; earlier lessons emit nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import WebhookDelivery
from core.webhooks import webhook_endpoint_create
from courses.models import Enrollment
from courses.services import lesson_complete
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db


def test_the_last_lesson_emits_path_completed_once(persona, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = True
    webhook_endpoint_create(
        url="http://127.0.0.1:8262/hook", events=["path.completed"], actor=persona("admin")
    )
    basics = course(title="Basics", lessons=2)
    path = learning_path(courses=[(basics, 7)])
    learner = persona("learner")
    Enrollment.objects.create(path=path, user=learner, start_date=dt.date(2026, 1, 5))
    first, second = basics.get_children().specific()
    lesson_complete(user=learner, lesson=first)
    assert not WebhookDelivery.objects.exists()
    lesson_complete(user=learner, lesson=second)
    lesson_complete(user=learner, lesson=second)  # done already: nothing new
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.event == "path.completed"
    assert delivery.payload["data"]["user_id"] == learner.pk
    assert delivery.payload["data"]["path_ids"] == [path.pk]


def test_passing_the_last_step_exam_emits_path_completed(
    persona, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from assessments.exams.services import attempt_start, attempt_submit
    from courses.models import LearningPathStep
    from tests.factories.exams import published_exam

    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = True
    webhook_endpoint_create(
        url="http://127.0.0.1:8262/hook", events=["path.completed"], actor=persona("admin")
    )
    basics = course(title="Basics", lessons=1)
    path = learning_path(courses=[(basics, 7)])
    exam = published_exam(questions=2, draw=2, pass_mark=0, certifying=True, validity_months=12)
    LearningPathStep.objects.create(
        path=path, sort_order=5, kind=LearningPathStep.Kind.EXAM, exam=exam, due_offset_days=14
    )
    learner = persona("learner")
    Enrollment.objects.create(path=path, user=learner, start_date=dt.date(2026, 1, 5))
    lesson_complete(user=learner, lesson=basics.get_children().specific().first())
    assert not WebhookDelivery.objects.exists()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt_start(exam=exam, user=learner, now=now), now=now)
    [delivery] = WebhookDelivery.objects.filter(event="path.completed")
    assert delivery.payload["data"]["user_id"] == learner.pk
