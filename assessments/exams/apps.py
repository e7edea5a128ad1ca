from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "assessments.exams"
    label = "exams"
    verbose_name = _("Exams")

    def ready(self) -> None:
        from core.calendar import register_calendar_provider
        from core.notifications import register_notification_kind
        from core.schedule import register_periodic_task as every

        from .calendar_events import certification_expiries

        register_calendar_provider("exams.certification_expiries", certification_expiries)

        register_notification_kind(
            key="exams.certification_expiry", label=_("My certifications about to expire")
        )
        register_notification_kind(
            key="exams.recertification_due", label=_("Recertification due after a content change")
        )

        from . import receivers  # noqa: F401 — listens to the content library's material-change signal

        every(name="exams: submit overdue attempts (every minute)", task="exams.attempts_sweep")
        every(
            name="exams: certification expiry reminders (daily)",
            task="exams.certification_reminders",
            minute="15",
            hour="7",
        )
