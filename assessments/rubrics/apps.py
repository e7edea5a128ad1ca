from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RubricsConfig(AppConfig):
    name = "assessments.rubrics"
    label = "rubrics"
    verbose_name = _("Rubrics")

    def ready(self) -> None:
        from core.demo import register_demo_seeder

        from .demo import seed_rubrics

        register_demo_seeder("rubrics", seed_rubrics, order=30)
