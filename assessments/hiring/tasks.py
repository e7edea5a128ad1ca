"""Hiring tasks (beat, see apps.py): the daily retention sweep and the overdue-scorecard reminders."""

from __future__ import annotations

from celery import shared_task

from .reminders import scorecard_digests_send, scorecard_reminders_send
from .retention import candidates_anonymise_expired


@shared_task(
    name="hiring.candidates_anonymise_expired",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def candidates_anonymise_expired_task() -> int:
    """Idempotent: a second run finds nothing left to anonymise."""
    return candidates_anonymise_expired()


@shared_task(
    name="hiring.scorecard_reminders_send", autoretry_for=(Exception,), retry_backoff=True, max_retries=3
)
def scorecard_reminders_send_task() -> int:
    """Idempotent: each reminder has an event key, so a second run (or a retry) records nothing new."""
    return scorecard_reminders_send()


@shared_task(
    name="hiring.scorecard_digests_send", autoretry_for=(Exception,), retry_backoff=True, max_retries=3
)
def scorecard_digests_send_task() -> int:
    """Idempotent: one digest per recruiter and day."""
    return scorecard_digests_send()
