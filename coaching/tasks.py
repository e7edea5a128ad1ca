"""Beat tasks for coaching (add both to the one beat schedule, daily): self-rating reminders, grant re-checks."""

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
