"""Hiring tasks: the daily retention sweep (schedule it with django-celery-beat)."""

from __future__ import annotations

from celery import shared_task

from .services import candidates_anonymise_expired


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
