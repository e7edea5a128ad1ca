"""Signal receivers: enrollment on joining, material changes, recertification steps, locked exam starts."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from accounts.signals import user_granted_role, user_joined_unit


@receiver(user_joined_unit, dispatch_uid="courses_enroll_on_joining_unit")
def _on_joined_unit(sender: Any, *, user: Any, org_unit: Any, **kwargs: Any) -> None:
    from .services import enroll_on_joining_unit

    enroll_on_joining_unit(user=user, org_unit=org_unit)


@receiver(user_granted_role, dispatch_uid="courses_enroll_on_role_grant")
def _on_granted_role(sender: Any, *, user: Any, role: str, **kwargs: Any) -> None:
    from .services import enroll_on_role_grant

    enroll_on_role_grant(user=user, role=role)


@receiver(page_published, dispatch_uid="courses_material_change")
def _on_page_published(sender: Any, *, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    from .models import ContentPage

    if not isinstance(instance, ContentPage) or revision is None or not instance.material_change:
        return
    from .services import content_version_record

    content_version_record(
        page=instance,
        revision=revision,
        summary=instance.material_change_summary or "",
        actor=revision.user,
    )


# --- exam steps and recertification (the exam-side glue is assessments.exams.paths_glue) -----------


@receiver(post_save, sender="exams.Certification", dispatch_uid="courses_recertification_steps")
def _on_certification_saved(sender: Any, *, instance: Any, created: bool, **kwargs: Any) -> None:
    from assessments.exams.models import Certification

    from .services import recertification_step_open, recertification_steps_close

    if created and instance.status == Certification.Status.VALID:
        from assessments.exams.paths_glue import certification_supersede_older

        # Runs inside the issuing transaction, before exams' own clean-up of due certificates, which then
        # finds nothing left to mark "valid, expiring now".
        certification_supersede_older(certification=instance, now=instance.issued_at)
        recertification_steps_close(certification=instance, now=instance.issued_at)
    elif instance.status == Certification.Status.RECERT_DUE:
        recertification_step_open(certification=instance)


@receiver(pre_save, sender="exams.Attempt", dispatch_uid="courses_exam_step_locked")
def _refuse_locked_exam_start(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """The last line of defence: no attempt starts while every path step naming the exam is locked."""
    if not instance._state.adding:
        return
    from .selectors import exam_start_refusal

    refusal = exam_start_refusal(user=instance.user, exam=instance.exam)
    if refusal:
        from assessments.exams.services import AttemptNotAllowed

        raise AttemptNotAllowed(refusal)
