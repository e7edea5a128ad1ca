from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        # analytics depends on coaching, never the reverse: coaching only knows the provider hook.
        from coaching.measures import register_measure_provider

        from .selectors import performance_record_measures

        register_measure_provider(performance_record_measures)
