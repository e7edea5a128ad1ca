"""A small durable outbox for Celery side effects: publish now, or keep it in the database until the broker is back.

Side effects that may be late but must not be lost (refresh an exam's item analysis after a submit, …) go
through publish(). When the broker is unreachable the message becomes an OutboxMessage row instead of an
error in the examinee's request; the `home.outbox_flush` beat task (every minute) sends pending rows once
the broker answers again. Nothing here ever raises into the caller's request.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

SENT_KEPT_FOR = timedelta(days=7)


def _app() -> Any:
    from config.celery_app import app

    return app


def _send(task_name: str, args: Sequence[Any], kwargs: dict[str, Any], queue: str) -> None:
    options: dict[str, Any] = {"queue": queue} if queue else {}
    # retry=False: fail at once instead of retrying the publish inside the web request; the outbox retries.
    _app().send_task(task_name, args=list(args), kwargs=kwargs, retry=False, **options)


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
