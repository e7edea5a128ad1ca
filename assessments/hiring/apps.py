from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "assessments.hiring"
    label = "hiring"
    verbose_name = _("Hiring")
