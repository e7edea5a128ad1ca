"""Exam tasks: the overdue-attempt sweep, certification expiry reminders (beat) and item analysis (analytics queue)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="exams.attempts_sweep", bind=True, max_retries=3, retry_backoff=True)
def attempts_sweep(self: object) -> int:
    from .services import attempts_finalize_overdue

    return attempts_finalize_overdue(now=timezone.now())


@shared_task(name="exams.certification_reminders", bind=True, max_retries=3, retry_backoff=True)
def certification_reminders(self: object) -> int:
    from .services import certification_reminders_send

    return certification_reminders_send(now=timezone.now())


@shared_task(name="exams.item_analysis", queue="analytics", bind=True, max_retries=3, retry_backoff=True)
def exam_item_analysis(self: object, exam_id: int) -> int:
    from .models import Exam
    from .statistics import exam_item_analysis_compute

    exam = Exam.objects.get(pk=exam_id)
    return exam_item_analysis_compute(exam=exam, now=timezone.now()).attempts_count


@shared_task(name="exams.attempt_submitted", bind=True, max_retries=3, retry_backoff=True)
def attempt_submitted_followups(self: object, attempt_id: int) -> None:
    """A fresh submit's follow-ups, queued once its transaction has committed: the attempt_submitted receivers."""
    from .models import Attempt
    from .signals import send_attempt_submitted

    attempt = Attempt.objects.select_related("exam", "user").filter(pk=attempt_id).first()
    if attempt is not None:
        send_attempt_submitted(attempt)
