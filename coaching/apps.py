"""Coaching's app config: it adds its rule to the access policy (a coach sees the sellers they coach)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    label = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from core.schedule import register_periodic_task

        from .notices import register_kinds

        register_kinds()

        from core.calendar import register_calendar_provider

        from .calendar_events import coaching_sessions, field_days

        register_calendar_provider("coaching.field_days", field_days)
        register_calendar_provider("coaching.sessions", coaching_sessions)

        register_periodic_task(
            name="coaching: self-rating reminders (daily)",
            task="coaching.session_self_rating_reminders",
            minute="0",
            hour="8",
        )
        register_periodic_task(
            # Hourly: the evening-before field-day reminder goes at 18:00 in the organisation's time zone
            # (settings.TIME_ZONE), which a UTC crontab cannot name; the others go in the morning.
            name="coaching: reminders (hourly)",
            task="coaching.reminders_send",
            minute="5",
        )
        register_periodic_task(
            name="coaching: re-check qualification grants (daily)",
            task="coaching.qualification_grants_recheck",
            minute="20",
            hour="3",
        )

        from accounts.roles import Role, register_role_permissions
        from core.dashboard import register_dashboard_card
        from core.demo import register_demo_seeder
        from core.navigation import register_nav_item

        from .demo import seed_coaching
        from .selectors import COACHING_ROLES, coaching_dashboard_card

        register_nav_item(_("My coaching"), "coaching:home", roles=[Role.LEARNER], order=30)
        register_nav_item(_("Coaching"), "coaching:home", roles=COACHING_ROLES, order=60)
        register_dashboard_card("coaching.summary", coaching_dashboard_card, roles=[Role.COACH], order=60)
        register_demo_seeder("coaching", seed_coaching, after=["accounts", "rubrics", "exams"], order=60)

        register_role_permissions(
            "coaching",
            {
                Role.ADMIN: [
                    "coaching.view_coachingprogram",
                    "coaching.add_coachingprogram",
                    "coaching.change_coachingprogram",
                    "coaching.view_programday",
                    "coaching.change_programday",
                    "coaching.view_qualificationlevel",
                    "coaching.add_qualificationlevel",
                    "coaching.change_qualificationlevel",
                    "coaching.view_leddeal",
                    "coaching.add_leddeal",
                    "coaching.change_leddeal",
                ],
            },
        )

        from accounts.access import register_visibility_grant

        from .selectors import coached_sellers_grant

        register_visibility_grant("coaching.engagement_coach", coached_sellers_grant)

        from django.db.models.signals import post_save

        from assessments.exams.models import Certification
        from assessments.exams.signals import attempt_submitted as exam_attempt_submitted

        from .receivers import attempt_submitted, certification_saved

        # A revoked, expired or reissued certification re-checks the holder's qualification grants; one issued by
        # a submit is re-checked by the submit's follow-up task.
        post_save.connect(certification_saved, sender=Certification, dispatch_uid="coaching_grants_on_cert")
        exam_attempt_submitted.connect(attempt_submitted, dispatch_uid="coaching_grants_after_submit")

        # A field day or an engagement saved or deleted past the services drops the seller's visit summary, so
        # the team page counts that seller from the visits until the row is recounted (coaching.visit_summary).
        from django.db.models.signals import post_delete

        from .models import Engagement, FieldDay
        from .receivers import visit_summary_drop

        for model in (Engagement, FieldDay):
            for signal in (post_save, post_delete):
                signal.connect(
                    visit_summary_drop, sender=model, dispatch_uid=f"coaching_visit_summary_{model.__name__}"
                )
