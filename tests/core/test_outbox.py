"""The durable outbox: a publish that fails is stored once per side effect and sent by the flush later;
a fresh exam submit (only a fresh one) queues its follow-up task, which sends `attempt_submitted`, whose receiver
publishes the refresh."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from assessments.exams.services import attempt_start, attempt_submit
from assessments.exams.signals import attempt_submitted
from assessments.exams.tasks import attempt_submitted_followups
from core import outbox
from core.models import OutboxMessage
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


class Broker:
    def __init__(self) -> None:
        self.up = False
        self.sent: list[tuple[str, list[Any], str]] = []

    def send(self, task_name: str, args: Any, kwargs: dict[str, Any], queue: str) -> None:
        if not self.up:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
        self.sent.append((task_name, list(args), queue))


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch, settings) -> Broker:  # type: ignore[no-untyped-def]
    fake = Broker()
    monkeypatch.setattr(outbox, "_send", fake.send)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return fake


def test_failed_publish_is_stored_once_per_key_and_flushed_when_the_broker_returns(broker: Broker) -> None:
    assert outbox.publish("exams.item_analysis", args=[7], queue="analytics", dedupe_key="ia:7") is False
    assert outbox.publish("exams.item_analysis", args=[7], queue="analytics", dedupe_key="ia:7") is False
    assert outbox.publish("exams.item_analysis", args=[8], queue="analytics", dedupe_key="ia:8") is False
    assert outbox.pending_count() == 2
    assert "Connection refused" in OutboxMessage.objects.first().last_error  # type: ignore[union-attr]

    assert outbox.flush() == 0  # still down: nothing sent; it stops at the first failure and counts that try
    assert list(OutboxMessage.objects.values_list("tries", flat=True)) == [2, 1]

    broker.up = True
    assert outbox.flush() == 2
    assert broker.sent == [
        ("exams.item_analysis", [7], "analytics"),
        ("exams.item_analysis", [8], "analytics"),
    ]
    assert outbox.pending_count() == 0
    assert outbox.flush() == 0  # sent once, never again
    # With the broker up, publish goes straight out and stores nothing.
    assert outbox.publish("exams.item_analysis", args=[9], queue="analytics") is True
    assert OutboxMessage.objects.count() == 2


def test_only_a_fresh_submit_sends_attempt_submitted(
    persona, django_capture_on_commit_callbacks, settings
) -> None:  # type: ignore[no-untyped-def]
    received: list[int] = []

    def listener(sender: Any, *, attempt: Any, **kwargs: Any) -> None:
        received.append(attempt.pk)

    attempt_submitted.connect(listener)
    try:
        exam = published_exam(questions=2, draw=2)
        attempt = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            attempt_submit(attempt=attempt, now=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            attempt_submit(attempt=attempt, now=timezone.now())
    finally:
        attempt_submitted.disconnect(listener)
    assert received == [attempt.pk]


def test_the_receiver_publishes_the_refresh_through_the_outbox(
    persona, django_capture_on_commit_callbacks, broker, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    exam = published_exam(questions=2, draw=2)
    attempt = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, now=timezone.now())
    # The submit queues one task, its follow-ups; the broker is down, so it waits in the outbox.
    stored = OutboxMessage.objects.get()
    assert (stored.task_name, stored.args, stored.queue) == ("exams.attempt_submitted", [attempt.pk], "")
    assert stored.dedupe_key == f"exams.attempt_submitted:{attempt.pk}"
    # Run by a worker, the task sends attempt_submitted, whose receiver publishes the refresh (stored too).
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submitted_followups.apply(args=[attempt.pk], throw=True)
    refresh = OutboxMessage.objects.exclude(pk=stored.pk).get()
    assert (refresh.task_name, refresh.args, refresh.queue) == ("exams.item_analysis", [exam.pk], "analytics")
    assert refresh.dedupe_key == f"exams.item_analysis:{exam.pk}"
