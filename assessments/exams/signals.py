"""Exam signals and the side effects they queue.

`attempt_submitted` is sent once per fresh submit, after the submit's transaction has committed, by the
`exams.attempt_submitted` task (SUBMITTED_TASK): services.attempt_submit queues that one task through core's
enqueue (the durable outbox), so every follow-up of a submit — the exam's item analysis (queued on the analytics
queue), a path's completion, the coaching qualification grants (coaching's receiver) — runs in a worker, and a
broker outage delays them but never fails or slows the examinee's submit. Without a broker (eager mode: dev,
default tests) the task runs right after the commit, inside the request.

Receivers get the attempt as the task read it (with its exam and user); like any task, a retry may repeat them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.dispatch import Signal, receiver

# Sent with sender=Attempt, attempt=<the submitted Attempt>.
attempt_submitted = Signal()

# The one task a fresh submit queues (assessments.exams.tasks.attempt_submitted_followups).
SUBMITTED_TASK = "exams.attempt_submitted"


def send_attempt_submitted(attempt: Any) -> None:
    attempt_submitted.send(sender=type(attempt), attempt=attempt)


@receiver(attempt_submitted, dispatch_uid="exams_item_analysis_after_submit")
def _refresh_item_analysis(sender: Any, *, attempt: Any, **kwargs: Any) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker (dev, default tests): the statistics page recomputes when opened; running the analysis
        # inline here would make every examinee wait for it on submit.
        return
    from core.outbox import enqueue

    enqueue(
        "exams.item_analysis",
        args=[attempt.exam_id],
        queue="analytics",
        dedupe_key=f"exams.item_analysis:{attempt.exam_id}",
    )


@receiver(attempt_submitted, dispatch_uid="exams_path_completed_after_pass")
def _announce_path_completed(sender: Any, *, attempt: Any, **kwargs: Any) -> None:
    # An exam can be a path's last step; the lesson side announces in courses.services.lesson_complete.
    if attempt.passed and attempt.submitted_at is not None:
        from courses.services import path_completed_announce

        path_completed_announce(user=attempt.user, finished_at=attempt.submitted_at)


@receiver(attempt_submitted, dispatch_uid="exams_path_stored_progress_after_submit")
def _refresh_path_progress(sender: Any, *, attempt: Any, **kwargs: Any) -> None:
    # A pass (and the certificate it earned) counts on the examinee's paths; a fail changes nothing counted.
    if attempt.passed:
        from courses.services import enrollments_progress_refresh

        enrollments_progress_refresh(user_ids=[attempt.user_id])
