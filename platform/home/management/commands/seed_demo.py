"""`manage.py seed_demo`: build the demo organisation and its data; running it again changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from core.demo import demo_seeders
from core.indexing import indexing_deferred


@contextmanager
def _mail_held_back() -> Iterator[None]:
    """The demo's past coaching sessions and decisions email people; printed by the console backend, those
    mails flooded `make run` (they are demo history, not news)."""
    previous = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = previous


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

        # Each app registers its seeder in AppConfig.ready (core.demo); a settings list of dotted paths
        # replaces them all, for tests and for seeding a subset.
        dotted = getattr(settings, "RAMPWAY_DEMO_SEEDERS", None)
        if dotted is not None:
            seeders = [
                (path.rsplit(".", 1)[-1].removeprefix("seed_"), import_string(path)) for path in dotted
            ]
        else:
            seeders = [(s.name, s.seed) for s in demo_seeders()]
        # -v 2 and up keep every log line and print the mails, for debugging a seeder.
        verbose = options["verbosity"] > 1
        with (
            _quiet_below(logging.DEBUG if verbose else logging.WARNING),
            nullcontext() if verbose else _mail_held_back(),
            indexing_deferred(),
        ):
            for name, seed in seeders:
                if options["verbosity"] > 0:
                    self.stdout.write(f"Seeding {name}…")
                seed()

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
