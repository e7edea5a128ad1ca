"""enqueue(): side effects go out after commit, never for a rolled-back write, and a broker outage stores them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from core import outbox
from core.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_an_email_goes_out_only_when_the_transaction_commits(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbox.email_enqueue(to=["lena@example.com"], subject="Hello", body="Body")
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (["lena@example.com"], "Hello", "Body")


def test_a_rolled_back_write_queues_nothing(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                outbox.email_enqueue(to=["lena@example.com"], subject="Hello", body="Body")
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []


def test_a_broker_outage_at_commit_stores_the_message_and_the_caller_carries_on(
    monkeypatch: pytest.MonkeyPatch,
    settings,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def down(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(outbox, "_send", down)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue("analytics.study_run", args=[3], queue="analytics", dedupe_key="study:3")
        outbox.enqueue("analytics.study_run", args=[3], queue="analytics", dedupe_key="study:3")
    stored = OutboxMessage.objects.get()
    assert (stored.task_name, stored.args, stored.queue, stored.sent_at) == (
        "analytics.study_run",
        [3],
        "analytics",
        None,
    )


def test_an_attachment_keeps_its_content_type_parameters(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_enqueue(
            to=["lena@example.com"],
            subject="Invitation",
            body="Body",
            attachments=[outbox.EmailAttachment("invite.ics", ics, "text/calendar; method=REQUEST")],
        )
    [message] = mail.outbox
    assert len(message.attachments) == 1
    parsed = message.message()
    [calendar_part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_filename() == "invite.ics"
    assert calendar_part.get_payload(decode=True).decode() == ics
    assert message.body == "Body"
