"""`manage.py seed_demo`: build the demo organisation and its data; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each later app appends its own seeder; they run in order and each is idempotent.
DEFAULT_SEEDERS = [
    "home.demo.seed_site",
    "accounts.demo.seed_accounts",
    "courses.demo.seed_courses",
    "assessments.rubrics.demo.seed_rubrics",
    "assessments.hiring.demo.seed_hiring",
    "assessments.exams.demo.seed_exams",
    "coaching.demo.seed_coaching",
    "analytics.demo.seed_performance",
]


class Command(BaseCommand):
    help = "Create the demo organisation and data (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_email

        for dotted in getattr(settings, "RAMPWAY_DEMO_SEEDERS", DEFAULT_SEEDERS):
            import_string(dotted)()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ with:"))
        for local, role in DEMO_LOGINS:
            self.stdout.write(f"  {demo_email(local):<36} {role.label:<10} password: {DEMO_PASSWORD}")
