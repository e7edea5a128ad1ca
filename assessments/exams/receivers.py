"""Receivers: a material change recorded by the content library makes linked certifications due again."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from courses.signals import material_change_recorded


@receiver(material_change_recorded, dispatch_uid="exams_recertification_on_material_change")
def _on_material_change(sender: Any, *, event: Any, page: Any, actor: Any = None, **kwargs: Any) -> None:
    from .services import certifications_content_changed

    certifications_content_changed(page_id=page.pk, summary=event.summary, actor=actor, now=timezone.now())
