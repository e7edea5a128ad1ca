"""`manage.py seed_demo`: build the demo organisation and its data; running it again changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

# Each later app appends its own seeder; they run in order and each is idempotent.
DEFAULT_SEEDERS = [
    "home.demo.seed_site",
    "accounts.demo.seed_accounts",
    "courses.demo.seed_courses",
    "assessments.rubrics.demo.seed_rubrics",
    "assessments.hiring.demo.seed_hiring",
    "assessments.exams.demo.seed_exams",
    "courses.demo.seed_path_exams",
    "coaching.demo.seed_coaching",
    "analytics.demo.seed_performance",
]


@contextmanager
def _quiet_below(level: int) -> Iterator[None]:
    """Seeding runs hundreds of eager Celery and Wagtail tasks whose INFO lines would bury the logins."""
    previous = logging.root.manager.disable
    logging.disable(level - 1)
    try:
        yield
    finally:
        logging.disable(previous)


class Command(BaseCommand):
    help = "Create the demo organisation and data (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the demo is served, for the sign-in link."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_email

        seeders = getattr(settings, "RAMPWAY_DEMO_SEEDERS", DEFAULT_SEEDERS)
        # -v 2 and up keep every log line, for debugging a seeder.
        with _quiet_below(logging.DEBUG if options["verbosity"] > 1 else logging.WARNING):
            for dotted in seeders:
                if options["verbosity"] > 0:
                    self.stdout.write(f"Seeding {dotted.rsplit('.', 1)[-1].removeprefix('seed_')}…")
                import_string(dotted)()

        url = options["url"].rstrip("/")
        rows = [(demo_email(local), str(role.label)) for local, role in DEMO_LOGINS]
        width = max(len(email) for email, _role in rows)
        rule = "─" * (width + 34)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Sign in at {url}/accounts/login/"))
        self.stdout.write(rule)
        self.stdout.write(f"  {'email':<{width}}  {'role':<12}  password")
        self.stdout.write(rule)
        for email, role in rows:
            self.stdout.write(f"  {email:<{width}}  {role:<12}  {DEMO_PASSWORD}")
        self.stdout.write(rule)
