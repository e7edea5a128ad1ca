from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _seed_performance() -> object:
    """analytics.demo imports the statistics stack (scipy, scikit-learn); only seed_demo should pay for it."""
    from .completion import completion_sweep
    from .demo import seed_performance

    seeded = seed_performance()
    # The demo's people, enrollments and progress are bulk-inserted (no receivers run): count their summaries.
    completion_sweep()
    return seeded


class AnalyticsConfig(AppConfig):
    name = "analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        # analytics depends on coaching, never the reverse: coaching only knows the provider hook.
        from coaching.measures import register_measure_provider

        from . import receivers  # noqa: F401  (the onboarding summary's receivers)
        from .selectors import performance_record_measures

        register_measure_provider(performance_record_measures)

        from core.schedule import register_periodic_task

        register_periodic_task(
            name="analytics: recount onboarding summaries that no longer hold (every 10 minutes)",
            task="analytics.completion_sweep",
            minute="*/10",
        )
        register_periodic_task(
            name="analytics: re-run due validity studies (monthly)",
            task="analytics.studies_rerun_due",
            minute="0",
            hour="5",
            day_of_month="1",
        )

        from core.notifications import register_notification_kind

        from .kinds import STUDY_DECIDED

        register_notification_kind(key=STUDY_DECIDED, label=_("A validity study can now decide"))

        from accounts.roles import Role
        from core.dashboard import register_dashboard_card
        from core.demo import register_demo_seeder
        from core.navigation import register_nav_item

        from .dashboard import analyst_work_card
        from .selectors import ANALYTICS_ROLES

        register_nav_item(_("Analytics"), "analytics:home", roles=ANALYTICS_ROLES, order=80)
        register_dashboard_card("analytics.work", analyst_work_card, roles=[Role.ANALYST], order=25)
        register_demo_seeder(
            "performance", _seed_performance, after=["hiring", "exams", "coaching", "courses"], order=70
        )
