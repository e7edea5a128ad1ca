"""notify(): recorded once per event, delivered per preference in the reader's language, never sent twice."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import ngettext

from assessments.exams.models import Certification
from assessments.exams.services import certification_reminders_send
from core import notifications
from core.models import ChatWebhook, Notification, NotificationDelivery
from core.notifications import notification_preferences_set, notify
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def test_one_event_is_recorded_and_emailed_once(persona, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    learner = persona("learner")
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(
            recipient=learner, kind="courses.step_reminder", event_key="e:1", title="Due soon", body="B"
        )
        again = notify(
            recipient=learner, kind="courses.step_reminder", event_key="e:1", title="Due soon", body="B"
        )
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=learner).count() == 1
    assert [m.to for m in mail.outbox] == [[learner.email]]

    delivery = NotificationDelivery.objects.get()
    assert delivery.sent_at is not None
    assert notifications.delivery_send(delivery_id=delivery.pk) is False  # a retried task sends nothing more
    assert len(mail.outbox) == 1


def test_an_unknown_kind_is_refused(persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="not registered"):
        notify(recipient=persona("learner"), kind="nobody.registered", event_key="x", title="t")


def test_email_off_keeps_the_notification_centre_only(persona, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    learner = persona("learner")
    notification_preferences_set(user=learner, channels_by_kind={"courses.step_reminder": ["in_app"]})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=learner, kind="courses.step_reminder", event_key="e:2", title="Due soon")
    assert Notification.objects.filter(recipient=learner).exists()
    assert mail.outbox == [] and not NotificationDelivery.objects.exists()


def test_a_failed_email_is_retried_and_then_sent_once(
    persona,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    learner = persona("learner")
    real = notifications._email

    def smtp_down(_notification: Notification) -> None:
        raise OSError("SMTP connection refused")

    monkeypatch.setattr(notifications, "_email", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=learner, kind="courses.step_reminder", event_key="e:3", title="Due soon")
    delivery = NotificationDelivery.objects.get()
    assert delivery.sent_at is None and delivery.tries >= 1 and "refused" in delivery.last_error
    assert mail.outbox == []

    monkeypatch.setattr(notifications, "_email", real)
    assert notifications.delivery_send(delivery_id=delivery.pk) is True
    assert notifications.delivery_send(delivery_id=delivery.pk) is False
    assert len(mail.outbox) == 1


def test_the_certification_reminder_is_written_in_the_holders_language(
    persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    learner = persona("learner")
    learner.language = "zh-hans"
    learner.save(update_fields=["language"])
    now = timezone.now()
    exam = ExamFactory(certifying=True)
    Certification.objects.create(
        user=learner,
        exam=exam,
        code="C00000000001",
        issued_at=now - timedelta(days=300),
        expires_at=now + timedelta(days=5, hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert certification_reminders_send(now=now) == 1
    texts = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            texts[language] = ngettext(
                "Your certification %(exam)s expires in %(days)s day",
                "Your certification %(exam)s expires in %(days)s days",
                5,
            ) % {"exam": exam.title, "days": 5}
    assert texts["zh-hans"] != texts["en"]
    [message] = mail.outbox
    assert message.subject == texts["zh-hans"]
    assert Notification.objects.get(recipient=learner).title == texts["zh-hans"]


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 — the http.server hook's name
        length = int(self.headers.get("Content-Length", 0))
        _Receiver.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def chat_receiver():  # type: ignore[no-untyped-def]
    _Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_organisations_chat_webhook_gets_the_notification_once(
    persona, chat_receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    ChatWebhook.objects.create(name="Sales team", url=f"json://127.0.0.1:{chat_receiver.server_port}/")
    coach = persona("coach")
    notification_preferences_set(user=coach, channels_by_kind={"courses.manager_digest": ["in_app", "chat"]})
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=coach,
            kind="courses.manager_digest",
            event_key="d:1",
            title="Weekly digest",
            body="Ten sellers",
        )
        notify(
            recipient=coach,
            kind="courses.manager_digest",
            event_key="d:1",
            title="Weekly digest",
            body="Ten sellers",
        )
    assert len(_Receiver.received) == 1
    assert _Receiver.received[0]["title"] == "Weekly digest"
    assert "Ten sellers" in _Receiver.received[0]["message"]
    assert mail.outbox == []
    assert NotificationDelivery.objects.get().sent_at is not None
