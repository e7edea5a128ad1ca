"""Core tasks: the outbox flush (beat, every minute) and the email sender every app's enqueue goes through."""

from __future__ import annotations

from celery import Task, shared_task
from django.core.mail import send_mail


@shared_task(name="core.outbox_flush")
def outbox_flush() -> int:
    from core.outbox import flush

    return flush()


@shared_task(name="core.send_email", bind=True, max_retries=5, retry_backoff=True)
def send_email(self: Task, *, to: list[str], subject: str, body: str) -> int:
    # The SMTP server down is a retry, not a lost email: Celery backs off and tries again.
    try:
        return send_mail(subject, body, None, to)
    except OSError as exc:
        raise self.retry(exc=exc) from exc


@shared_task(name="core.notification_deliver", bind=True, max_retries=8, retry_backoff=True)
def notification_deliver(self: Task, delivery_id: int) -> bool:
    from core.notifications import delivery_send

    try:
        return delivery_send(delivery_id=delivery_id)
    except Exception as exc:
        # SMTP or the chat webhook down: back off and try again; the delivery row keeps it from going twice.
        raise self.retry(exc=exc) from exc
