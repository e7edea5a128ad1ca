"""Coaching's tasks: the beat's reminders and grant re-checks, and the field-day invitation emails."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="coaching.session_self_rating_reminders", bind=True, max_retries=3, retry_backoff=True)
def session_self_rating_reminders(self: object) -> int:
    """Idempotent: each session's reminder is claimed once, so a rerun sends nothing twice."""
    from .services import session_self_rating_reminders_send

    return session_self_rating_reminders_send()


@shared_task(name="coaching.qualification_grants_recheck", bind=True, max_retries=3, retry_backoff=True)
def qualification_grants_recheck(self: object) -> dict[str, int]:
    """Daily, for certifications that expire by the clock (no save happens then); idempotent."""
    from .qualification import qualification_grants_recheck as recheck

    return recheck()


@shared_task(name="coaching.reminders_send", bind=True, max_retries=3, retry_backoff=True)
def reminders_send(self: object) -> dict[str, int]:
    """Hourly; each reminder is one notification event, so a rerun within the hour sends nothing twice."""
    from .reminders import coaching_reminders_send

    return coaching_reminders_send()
