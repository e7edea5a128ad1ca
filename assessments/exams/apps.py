from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "assessments.exams"
    label = "exams"
    verbose_name = _("Exams")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 — listens to the content library's material-change signal
