"""Coaching's app config: it adds its rule to the access policy (a coach sees the sellers they coach)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    label = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from accounts.access import register_visibility_grant

        from .selectors import coached_sellers_grant

        register_visibility_grant("coaching.engagement_coach", coached_sellers_grant)

        from django.db.models.signals import post_save

        from assessments.exams.models import Certification

        from .receivers import certification_saved

        # A revoked, expired or reissued certification re-checks the holder's qualification grants.
        post_save.connect(certification_saved, sender=Certification, dispatch_uid="coaching_grants_on_cert")
