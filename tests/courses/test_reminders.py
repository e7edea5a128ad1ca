"""The daily reminder and the weekly digest: each learner and manager hears once, however often the task runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from accounts.models import Membership
from courses.services import learning_path_assign, lesson_complete, manager_digests_send, step_reminders_send
from courses.tasks import send_manager_digests, send_step_reminders
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)  # a Tuesday


def _learner_with_steps():  # type: ignore[no-untyped-def]
    overdue, soon, later = (
        course(title="Overdue course", lessons=1),
        course(title="Soon course", lessons=1),
        course(title="Later course", lessons=1),
    )
    path = learning_path(courses=[(overdue, 5), (soon, 12), (later, 30)])
    learner = UserFactory(email="lena@example.com", start_date=dt.date(2026, 3, 1))
    learning_path_assign(path=path, users=[learner])
    return learner, (overdue, soon, later)


# The emails go out after the sending transaction commits (core.outbox.enqueue); the test's own transaction
# never commits, so each send runs inside django_capture_on_commit_callbacks(execute=True).


def test_a_learner_gets_one_email_naming_the_overdue_and_due_soon_steps(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    _learner, _courses = _learner_with_steps()
    with django_capture_on_commit_callbacks(execute=True):
        assert step_reminders_send(today=TODAY) == 1
    [message] = mail.outbox
    assert message.to == ["lena@example.com"]
    assert "Overdue course" in message.body and "due 2026-03-06" in message.body
    assert "Soon course" in message.body and "due 2026-03-13" in message.body
    assert "Later course" not in message.body


def test_running_the_daily_task_again_the_same_day_sends_nothing_new(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    _learner_with_steps()
    with django_capture_on_commit_callbacks(execute=True):
        send_step_reminders.delay()  # today's real date: everything is far overdue
    sent = len(mail.outbox)
    assert sent == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_step_reminders.delay()
        assert step_reminders_send() == 0
    assert len(mail.outbox) == sent


def test_a_completed_step_is_never_reminded() -> None:
    learner, (overdue, soon, _later) = _learner_with_steps()
    for c in (overdue, soon):
        lesson_complete(user=learner, lesson=c.get_children().first().specific)
    assert step_reminders_send(today=TODAY) == 0


def test_a_due_soon_step_that_becomes_overdue_gets_its_overdue_reminder_later(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    _learner_with_steps()
    with django_capture_on_commit_callbacks(execute=True):
        step_reminders_send(today=TODAY)
        assert step_reminders_send(today=dt.date(2026, 3, 14)) == 1
    assert "Soon course" in mail.outbox[-1].body and "overdue" in mail.outbox[-1].body


def test_the_manager_digest_goes_once_a_week(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    manager = UserFactory(email="mo@example.com")
    team = TeamFactory(manager=manager)
    learner, _ = _learner_with_steps()
    Membership.objects.create(user=learner, org_unit=team)

    with django_capture_on_commit_callbacks(execute=True):
        assert manager_digests_send(today=TODAY) == 1
        assert manager_digests_send(today=TODAY + dt.timedelta(days=1)) == 0  # same ISO week
        send_manager_digests.delay()  # the real current week is a different week from TODAY's
        assert manager_digests_send(today=TODAY + dt.timedelta(days=7)) == 1
    digests = [m for m in mail.outbox if m.to == ["mo@example.com"]]
    assert len(digests) == 3
    assert learner.display_name in digests[0].body and "0%" in digests[0].body


def test_the_beat_schedule_is_registered() -> None:
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "courses.send_step_reminders",
        "courses.send_manager_digests",
        "courses.send_review_reminders",
        "courses.publish_scheduled",
    } <= tasks
