"""Receivers: material changes make linked certifications due again; certifications keep path steps true."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from courses.signals import material_change_recorded


@receiver(material_change_recorded, dispatch_uid="exams_recertification_on_material_change")
def _on_material_change(sender: Any, *, event: Any, page: Any, actor: Any = None, **kwargs: Any) -> None:
    from .services import certifications_content_changed

    certifications_content_changed(
        page_id=page.pk, summary=event.summary, actor=actor, now=timezone.now(), sections=event.sections
    )


# --- a path's exam steps and recertification steps (courses' records, kept true from the exam side) ----


@receiver(post_save, sender="exams.Certification", dispatch_uid="exams_path_recertification_steps")
def _on_certification_saved(sender: Any, *, instance: Any, created: bool, **kwargs: Any) -> None:
    from courses.services import recertification_step_open, recertification_steps_close

    from .models import Certification

    # certification_issue_for read that the holder has nothing to supersede and no step to close.
    if created and getattr(instance, "_replaces_nothing", False):
        return
    if created and instance.status == Certification.Status.VALID:
        from .paths_glue import certification_supersede_older

        # Runs inside the issuing transaction, before exams' own clean-up of due certificates, which then
        # finds nothing left to mark "valid, expiring now".
        certification_supersede_older(certification=instance, now=instance.issued_at)
        recertification_steps_close(certification=instance, now=instance.issued_at)
    elif instance.status == Certification.Status.RECERT_DUE:
        recertification_step_open(certification=instance)


@receiver(pre_save, sender="exams.Attempt", dispatch_uid="exams_path_step_locked")
def _refuse_locked_exam_start(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """The last line of defence: no attempt starts while every path step naming the exam is locked."""
    # attempt_start reads whether a path names the exam in its terms query and checks the lock itself.
    if not instance._state.adding or getattr(instance, "_path_lock_checked", False):
        return
    from courses.selectors import exam_start_refusal

    refusal = exam_start_refusal(user=instance.user, exam=instance.exam)
    if refusal:
        from .services import AttemptNotAllowed

        raise AttemptNotAllowed(refusal)


@receiver(post_save, sender="exams.Certification", dispatch_uid="exams_path_stored_progress_saved")
@receiver(post_delete, sender="exams.Certification", dispatch_uid="exams_path_stored_progress_deleted")
def _on_certification_changed(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """Issued, revoked, superseded, renewed or deleted: the holder's stored path progress follows at once
    (courses/progress.py). One issued by a submit is counted by the submit's follow-up (signals.py) instead, so
    the examinee's submit runs no extra query."""
    if getattr(instance, "_after_submit", False):
        return
    from courses.services import enrollments_progress_refresh

    enrollments_progress_refresh(user_ids=[instance.user_id])
