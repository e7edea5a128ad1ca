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
