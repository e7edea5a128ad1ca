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
