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


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 — connects the signal receivers

        post_migrate.connect(_setup_after_migrate, dispatch_uid="courses_library_setup")

        from accounts.roles import Role, register_role_permissions
        from core.dashboard import register_dashboard_card
        from core.demo import register_demo_seeder
        from core.navigation import register_nav_item

        from .dashboard import content_review_card
        from .demo import seed_courses
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

        register_role_permissions(
            "courses",
            {
                Role.TRAINER: [
                    "courses.add_learningpath",
                    "courses.change_learningpath",
                    "courses.view_learningpath",
                ],
                Role.ANALYST: [
                    "courses.add_learningpath",
                    "courses.change_learningpath",
                    "courses.view_learningpath",
                ],
            },
        )
