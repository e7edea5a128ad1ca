"""Beat tasks for courses: learner reminders, manager digests, review reminders, scheduled publishing."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="courses.send_step_reminders", bind=True, max_retries=3, retry_backoff=True)
def send_step_reminders(self: object) -> int:
    from .services import recertifications_expiry_sweep, step_reminders_send

    # Certificates entering the expiry window get their recertification step first, so today's run reminds.
    recertifications_expiry_sweep()
    return step_reminders_send()


@shared_task(name="courses.send_manager_digests", bind=True, max_retries=3, retry_backoff=True)
def send_manager_digests(self: object) -> int:
    from .services import manager_digests_send

    return manager_digests_send()


@shared_task(name="courses.send_review_reminders", bind=True, max_retries=3, retry_backoff=True)
def send_review_reminders(self: object) -> int:
    from .services import review_reminders_send

    return review_reminders_send()


@shared_task(name="courses.publish_scheduled", bind=True, max_retries=3, retry_backoff=True)
def publish_scheduled(self: object) -> None:
    """Wagtail's go-live / expiry: idempotent, so running it every few minutes is safe."""
    call_command("publish_scheduled", verbosity=0)


@shared_task(name="courses.progress_refresh", bind=True, max_retries=3, retry_backoff=True)
def progress_refresh(self: object, path_id: int) -> int:
    """A path's steps or lessons changed: recompute the stored progress of every enrollment on it."""
    from .progress import enrollments_progress_refresh

    return enrollments_progress_refresh(path_ids=[path_id])


@shared_task(name="courses.progress_refresh_stale", bind=True, max_retries=3, retry_backoff=True)
def progress_refresh_stale(self: object) -> int:
    """Hourly: the rows whose counted certificate has expired since they were stored (courses/progress.py)."""
    from .progress import enrollments_progress_refresh

    return enrollments_progress_refresh(stale_only=True)
