"""Core tasks: the outbox flush (beat, every minute), the expired-session clean-up (beat, daily) and the email
sender every app's enqueue goes through."""

from __future__ import annotations

from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from typing import Any

from celery import Task, shared_task
from django.core.mail import EmailMessage, send_mail


@shared_task(name="core.outbox_flush")
def outbox_flush() -> int:
    from core.outbox import flush

    return flush()


@shared_task(name="core.sessions_clear_expired")
def sessions_clear_expired() -> int:
    """What `manage.py clearsessions` does, on beat: delete session rows past their expiry; returns how many."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    engine = import_module(settings.SESSION_ENGINE)
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        # The db backend's clear_expired() does exactly this delete, without saying how many it removed.
        removed, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        return removed
    engine.SessionStore.clear_expired()
    return 0


@shared_task(name="core.send_email", bind=True, max_retries=5, retry_backoff=True)
def send_email(
    self: Task, *, to: list[str], subject: str, body: str, attachments: list[dict[str, Any]] | None = None
) -> int:
    # The SMTP server down is a retry, not a lost email: Celery backs off and tries again.
    try:
        if not attachments:
            return send_mail(subject, body, None, to)
        message = EmailMessage(subject, body, None, to)
        for attachment in attachments:
            message.attach(_mime_part(**attachment))
        return message.send()
    except OSError as exc:
        raise self.retry(exc=exc) from exc


def _mime_part(*, filename: str, content: str, mimetype: str) -> MIMEBase:
    """A part whose Content-Type keeps the parameters given ("text/calendar; method=REQUEST"): Django's own
    attach() takes a bare type, and calendar clients read the method from that header."""
    kind, *params = (piece.strip() for piece in mimetype.split(";"))
    maintype, subtype = kind.split("/", 1)
    part: MIMEBase
    if maintype == "text":
        part = MIMEText(content, subtype, "utf-8")
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(content.encode())
        encoders.encode_base64(part)
    for param in params:
        key, _sep, value = param.partition("=")
        part.set_param(key.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


@shared_task(name="core.notification_deliver", bind=True, max_retries=8, retry_backoff=True)
def notification_deliver(self: Task, delivery_id: int) -> bool:
    from core.notifications import delivery_send

    try:
        return delivery_send(delivery_id=delivery_id)
    except Exception as exc:
        # SMTP or the chat webhook down: back off and try again; the delivery row keeps it from going twice.
        raise self.retry(exc=exc) from exc


@shared_task(name="core.webhook_deliver")
def webhook_deliver(delivery_id: int) -> str:
    from core.webhooks import webhook_deliver as deliver

    delivery = deliver(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "skipped"


@shared_task(name="core.webhooks_retry")
def webhooks_retry() -> int:
    from core.webhooks import webhooks_retry_due

    return webhooks_retry_due()
