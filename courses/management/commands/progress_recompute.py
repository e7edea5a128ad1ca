"""`manage.py progress_recompute`: recompute every enrollment's stored progress (after bulk inserts, or to check)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Recompute the stored progress of every enrollment (or of one path's, or only the stale rows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path", type=int, action="append", help="Only this path's enrollments (repeatable)."
        )
        parser.add_argument(
            "--stale", action="store_true", help="Only rows whose counted certificate has expired since."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from courses.progress import enrollments_progress_refresh

        updated = enrollments_progress_refresh(path_ids=options["path"], stale_only=options["stale"])
        if options["verbosity"]:
            self.stdout.write(f"{updated} enrollment(s) recomputed.")
