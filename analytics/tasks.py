"""Celery tasks on the `analytics` queue: thin wrappers over the services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="analytics.study_run", acks_late=True)
def study_run_task(study_id: int) -> dict[str, object]:
    from .services import study_run

    study = study_run(study_id=study_id)
    return {"study": study.pk, "status": study.status}
