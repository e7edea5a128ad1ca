"""Celery tasks on the `analytics` queue: thin wrappers over the services."""

from __future__ import annotations

from celery import shared_task


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
