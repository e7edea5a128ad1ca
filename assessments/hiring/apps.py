from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "assessments.hiring"
    label = "hiring"
    verbose_name = _("Hiring")

    def ready(self) -> None:
        from core.schedule import register_periodic_task

        from .composites import connect_signals

        connect_signals()

        register_periodic_task(
            name="hiring: anonymise candidates past retention (daily)",
            task="hiring.candidates_anonymise_expired",
            minute="40",
            hour="3",
        )
        register_periodic_task(
            name="hiring: remind interviewers of overdue scorecards (hourly)",
            task="hiring.scorecard_reminders_send",
            minute="20",
        )
        register_periodic_task(
            name="hiring: overdue scorecards digest for recruiters (daily)",
            task="hiring.scorecard_digests_send",
            minute="0",
            hour="7",
        )

        from core.calendar import register_calendar_provider
        from core.notifications import IN_APP, register_notification_kind

        from .applications import APPLICATION_RECEIVED
        from .reminders import SCORECARD_DIGEST, SCORECARD_OVERDUE
        from .scheduling import INTERVIEW_SCHEDULED, interview_calendar_events

        register_calendar_provider("hiring.interviews", interview_calendar_events)
        # In-app only by default: the invitation email with its .ics already reaches the interviewer.
        register_notification_kind(
            key=INTERVIEW_SCHEDULED, label=_("Interviews scheduled for me"), default_channels=[IN_APP]
        )
        register_notification_kind(key=SCORECARD_OVERDUE, label=_("My overdue scorecards"))
        register_notification_kind(
            key=APPLICATION_RECEIVED, label=_("New applicants from the careers site for my requisitions")
        )
        register_notification_kind(
            key=SCORECARD_DIGEST, label=_("Daily digest of my requisitions' overdue scorecards")
        )

        from accounts.roles import Role, register_role_permissions
        from core.dashboard import register_dashboard_card
        from core.demo import register_demo_seeder
        from core.navigation import register_nav_item

        from .demo import seed_hiring
        from .selectors import HIRING_ROLES, hiring_dashboard_card

        register_nav_item(_("Hiring"), "hiring:home", roles=HIRING_ROLES, order=70)
        register_dashboard_card("hiring.summary", hiring_dashboard_card, roles=[Role.RECRUITER], order=50)
        register_demo_seeder("hiring", seed_hiring, after=["accounts", "rubrics"], order=40)

        register_role_permissions(
            "hiring",
            {
                Role.ADMIN: [
                    "hiring.view_requisition",
                    "hiring.add_requisition",
                    "hiring.change_requisition",
                    "hiring.view_interviewplanstep",
                    "hiring.add_interviewplanstep",
                    "hiring.change_interviewplanstep",
                    "hiring.delete_interviewplanstep",
                ],
            },
        )
