"""The courses app: the content library, courses, learning paths and onboarding progress."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _setup_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "name", "") == "courses":
        from accounts.roles import roles_sync

        from .services import library_setup

        # accounts syncs roles before this app's permissions exist on a fresh database; sync again now they do.
        roles_sync()
        library_setup()
        _reindex_after_localisation(kwargs.get("plan") or [])


def _reindex_after_localisation(plan: list[Any]) -> None:
    from .localisation import LOCALISATION_MIGRATION, pages_reindex

    if any((m.app_label, m.name) == LOCALISATION_MIGRATION and not backwards for m, backwards in plan):
        pages_reindex()


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 — connects the signal receivers

        post_migrate.connect(_setup_after_migrate, dispatch_uid="courses_library_setup")

        from core.notifications import register_notification_kind
        from core.schedule import register_periodic_task as every

        for key, label in (
            ("courses.step_reminder", _("Onboarding steps due soon or overdue")),
            ("courses.manager_digest", _("Weekly onboarding digest of my team")),
            ("courses.review_reminder", _("Library pages of mine past their review date")),
            ("courses.material_change", _("Material changes to content my lessons use")),
            ("courses.recertification_assigned", _("Recertification steps put on my path")),
        ):
            register_notification_kind(key=key, label=label)

        from core.calendar import register_calendar_provider

        from .calendar_events import step_due_dates

        register_calendar_provider("courses.step_due_dates", step_due_dates)

        every(
            name="courses: learner step reminders (daily)",
            task="courses.send_step_reminders",
            minute="0",
            hour="7",
        )
        every(
            name="courses: manager onboarding digest (weekly)",
            task="courses.send_manager_digests",
            minute="0",
            hour="7",
            day_of_week="1",
        )
        every(
            name="courses: library review reminders (daily)",
            task="courses.send_review_reminders",
            minute="30",
            hour="7",
        )
        every(
            name="courses: wagtail publish_scheduled (every 5 min)",
            task="courses.publish_scheduled",
            minute="*/5",
        )
        every(
            name="courses: stored progress past a certificate's expiry (hourly)",
            task="courses.progress_refresh_stale",
            minute="20",
        )

        from accounts.roles import Role, register_role_permissions
        from core.dashboard import register_dashboard_card
        from core.demo import register_demo_seeder
        from core.navigation import register_nav_item

        from .dashboard import content_review_card
        from .demo import seed_courses, seed_path_exams
        from .selectors import onboarding_dashboard_card

        register_nav_item(_("My onboarding"), "courses:my_onboarding", roles=[Role.LEARNER], order=10)
        register_nav_item(
            _("Team onboarding"), "courses:team", roles=[Role.COACH, Role.ANALYST, Role.ADMIN], order=40
        )
        register_dashboard_card(
            "courses.onboarding", onboarding_dashboard_card, roles=[Role.LEARNER], order=20
        )
        register_dashboard_card("courses.content_review", content_review_card, roles=[Role.TRAINER], order=25)
        register_demo_seeder("courses", seed_courses, after=["accounts"], order=20)
        # The 30-day path's certification exams exist only once the exams seeder has run.
        register_demo_seeder("path_exams", seed_path_exams, after=["courses", "exams"], order=55)
        # Seeders bulk-insert enrollments, lesson progress and certificates (no signals): the stored progress is
        # recomputed once at the end. Needing nothing and ordered last, it runs after every other seeder.
        register_demo_seeder("progress", _seed_progress, order=999)

        register_role_permissions(
            "courses",
            {
                Role.TRAINER: [
                    "courses.add_learningpath",
                    "courses.change_learningpath",
                    "courses.view_learningpath",
                    "courses.add_scormpackage",
                    "courses.change_scormpackage",
                    "courses.view_scormpackage",
                ],
                Role.ANALYST: [
                    "courses.add_learningpath",
                    "courses.change_learningpath",
                    "courses.view_learningpath",
                ],
            },
        )


def _seed_progress() -> None:
    from .progress import enrollments_progress_refresh

    enrollments_progress_refresh()
