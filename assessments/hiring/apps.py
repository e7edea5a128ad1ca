from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "assessments.hiring"
    label = "hiring"
    verbose_name = _("Hiring")

    def ready(self) -> None:
        from core.schedule import register_periodic_task

        register_periodic_task(
            name="hiring: anonymise candidates past retention (daily)",
            task="hiring.candidates_anonymise_expired",
            minute="40",
            hour="3",
        )
