"""Beat tasks for coaching: the daily self-rating reminder (add it to the one beat schedule, daily)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="coaching.session_self_rating_reminders", bind=True, max_retries=3, retry_backoff=True)
def session_self_rating_reminders(self: object) -> int:
    """Idempotent: each session's reminder is claimed once, so a rerun sends nothing twice."""
    from .services import session_self_rating_reminders_send

    return session_self_rating_reminders_send()
