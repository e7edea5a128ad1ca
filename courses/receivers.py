"""Signal receivers: enrollment on joining a unit or role, material changes (exams connects its own receivers)."""

from __future__ import annotations

from typing import Any

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
