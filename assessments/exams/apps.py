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
            key="exams.result_changed", label=_("My exam result changed after a regrade")
        )
        register_notification_kind(
            key="exams.recertification_due", label=_("Recertification due after a content change")
        )

        from courses.exam_steps import register_exam_backend

        from . import (
            paths_glue,
            pool,  # noqa: F401 — a change to a question, category, rule or exam forgets the cached pools
            receivers,  # noqa: F401 — listens to the content library's material-change signal
            tasks,  # noqa: F401 — registers the submit's follow-up task in every process, not only in workers
        )

        register_exam_backend(paths_glue)  # courses reads a path's exam steps through it

        every(name="exams: submit overdue attempts (every minute)", task="exams.attempts_sweep")
        every(
            name="exams: certification expiry reminders (daily)",
            task="exams.certification_reminders",
            minute="15",
            hour="7",
        )

        from accounts.roles import Role, register_role_permissions
        from core.dashboard import register_dashboard_card
        from core.demo import register_demo_seeder
        from core.navigation import register_nav_item

        from .dashboard import flagged_exams_card
        from .demo import seed_exams

        register_nav_item(_("Exams"), "exams:list", roles=[Role.LEARNER], order=20)
        register_nav_item(
            _("Team certifications"), "exams:team", roles=[Role.COACH, Role.ANALYST, Role.ADMIN], order=50
        )
        register_nav_item(_("Question banks"), "exams:banks", roles=[Role.TRAINER, Role.ADMIN], order=190)
        register_nav_item(_("Exam workbench"), "exams:wb_home", roles=[Role.TRAINER, Role.ADMIN], order=195)
        register_dashboard_card("exams.flagged", flagged_exams_card, roles=[Role.TRAINER], order=26)
        register_demo_seeder("exams", seed_exams, after=["accounts", "courses"], order=50)

        register_role_permissions(
            "exams",
            {
                Role.TRAINER: [
                    "exams.view_questionbank",
                    "exams.add_question",
                    "exams.change_question",
                    "exams.view_question",
                    "exams.add_exam",
                    "exams.change_exam",
                    "exams.view_exam",
                ],
                Role.ANALYST: [
                    "exams.view_exam",
                    "exams.view_attempt",
                    "exams.view_itemanalysisresult",
                ],
            },
        )
