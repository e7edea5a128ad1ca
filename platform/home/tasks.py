"""Home tasks: the outbox flush (beat, every minute)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="home.outbox_flush")
def outbox_flush() -> int:
    from .outbox import flush

    return flush()
