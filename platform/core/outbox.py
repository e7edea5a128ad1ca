"""The one way to queue a side effect: enqueue() after commit, publish now, or keep it until the broker is back.

Side effects that may be late but must not be lost (an email, refreshing an exam's item analysis after a
submit, a webhook, …) go through enqueue(), which publishes once the caller's transaction has committed (so a
rolled-back write never emails anyone) and never raises into it. When the broker is unreachable the message
becomes an OutboxMessage row instead of an error in the examinee's request; the `core.outbox_flush` beat task
(every minute) sends pending rows once the broker answers again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import OutboxMessage

logger = logging.getLogger(__name__)

SENT_KEPT_FOR = timedelta(days=7)


def _app() -> Any:
    from config.celery_app import app

    return app


def _send(task_name: str, args: Sequence[Any], kwargs: dict[str, Any], queue: str) -> None:
    options: dict[str, Any] = {"queue": queue} if queue else {}
    # retry=False: fail at once instead of retrying the publish inside the web request; the outbox retries.
    _app().send_task(task_name, args=list(args), kwargs=kwargs, retry=False, **options)


def enqueue(
    task_name: str,
    *,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    queue: str = "",
    dedupe_key: str = "",
) -> None:
    """Publish the task once the current transaction commits (at once outside one); a broker outage stores it.

    Arguments must be JSON (ids, strings), never model instances: the task may run in another process, or
    from the outbox minutes later, and must read the committed state itself.
    """
    transaction.on_commit(
        partial(
            publish, task_name, args=list(args), kwargs=dict(kwargs or {}), queue=queue, dedupe_key=dedupe_key
        ),
        robust=True,
    )


@dataclass(frozen=True)
class EmailAttachment:
    """A text file to attach: JSON-safe, because it travels through the broker or waits in the outbox."""

    filename: str
    content: str
    # May carry parameters a client needs, e.g. "text/calendar; method=REQUEST" for an invitation.
    mimetype: str


def email_enqueue(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    dedupe_key: str = "",
    attachments: Sequence[EmailAttachment] = (),
) -> None:
    """Send a plain-text email after commit through the outbox (core.send_email); render it in the reader's
    language before calling (the worker has no request and no language of its own)."""
    recipients = [address for address in to if address]
    if recipients:
        kwargs: dict[str, Any] = {"to": recipients, "subject": str(subject), "body": str(body)}
        if attachments:
            kwargs["attachments"] = [asdict(attachment) for attachment in attachments]
        enqueue("core.send_email", kwargs=kwargs, dedupe_key=dedupe_key)


def publish(
    task_name: str,
    *,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    queue: str = "",
    dedupe_key: str = "",
) -> bool:
    """Send the task to the broker; if that fails, store it for outbox_flush. True when sent now."""
    kwargs = kwargs or {}
    app = _app()
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker (dev, default tests): run it here; a failure is logged, never raised into the request.
        try:
            # Outside a worker nothing has imported the apps' tasks modules yet (autodiscovery is lazy). Only
            # when the task is unknown: each import also re-runs Celery's Django checks (setup + system checks).
            if task_name not in app.tasks:
                app.loader.import_default_modules()
            app.tasks[task_name].apply(args=list(args), kwargs=kwargs, throw=True)
        except Exception:
            logger.exception("outbox: eager %s failed", task_name)
        return True
    try:
        _send(task_name, args, kwargs, queue)
        return True
    except Exception as exc:  # kombu OperationalError, redis ConnectionError, socket errors …
        logger.warning("outbox: broker unreachable, storing %s %s: %s", task_name, list(args), exc)
        _store(task_name, args, kwargs, queue, dedupe_key, error=str(exc))
        return False


def _store(
    task_name: str, args: Sequence[Any], kwargs: dict[str, Any], queue: str, dedupe_key: str, *, error: str
) -> None:
    try:
        with transaction.atomic():
            if dedupe_key:
                pending = OutboxMessage.objects.filter(dedupe_key=dedupe_key, sent_at__isnull=True)
                if pending.exists():
                    return
            OutboxMessage.objects.create(
                task_name=task_name,
                args=list(args),
                kwargs=kwargs,
                queue=queue,
                dedupe_key=dedupe_key,
                tries=1,
                last_error=error[:2000],
            )
    except Exception:
        logger.exception("outbox: could not store %s", task_name)


def pending_count() -> int:
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()


def flush(*, limit: int = 500) -> int:
    """Send pending messages oldest first; stop at the first broker failure. Returns how many were sent."""
    sent = 0
    with transaction.atomic():
        batch = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .order_by("pk")[:limit]
        )
        for message in batch:
            try:
                _send(message.task_name, message.args, message.kwargs, message.queue)
            except Exception as exc:
                OutboxMessage.objects.filter(pk=message.pk).update(
                    tries=message.tries + 1, last_error=str(exc)[:2000]
                )
                logger.warning("outbox: broker still unreachable after %s sent: %s", sent, exc)
                break
            OutboxMessage.objects.filter(pk=message.pk).update(
                sent_at=timezone.now(), tries=message.tries + 1
            )
            sent += 1
    OutboxMessage.objects.filter(sent_at__lt=timezone.now() - SENT_KEPT_FOR).delete()
    return sent
