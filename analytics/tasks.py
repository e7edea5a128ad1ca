"""Celery tasks on the `analytics` queue: thin wrappers over the services."""

from __future__ import annotations

from celery import Task, shared_task


@shared_task(name="analytics.study_run", acks_late=True)
def study_run_task(study_id: int) -> dict[str, object]:
    from .services import study_run

    study = study_run(study_id=study_id)
    return {"study": study.pk, "status": study.status}


@shared_task(name="analytics.studies_rerun_due")
def studies_rerun_due_task() -> dict[str, object]:
    """Monthly (beat row in analytics/migrations/0003_beat_schedule.py): re-run due studies."""
    from .services import studies_rerun_due

    return {"queued": [s.pk for s in studies_rerun_due()]}


@shared_task(name="analytics.completion_recount", bind=True, max_retries=5, retry_backoff=True)
def completion_recount_task(self: Task, user_ids: list[int]) -> int:
    """Recount the onboarding summary of people whose figures changed (queued by analytics.completion_touch)."""
    from django.db import DatabaseError

    from .completion import completion_recount

    try:
        return completion_recount(user_ids=user_ids)
    except DatabaseError as exc:
        raise self.retry(exc=exc) from exc


@shared_task(name="analytics.completion_sweep")
def completion_sweep_task() -> int:
    """Every 10 minutes and after a plan change: recount the summary rows that no longer hold."""
    from .completion import completion_sweep

    return completion_sweep()
