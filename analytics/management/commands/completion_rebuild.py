"""Recount the dashboards' onboarding summary: `completion_rebuild` (rows missing or no longer holding) or
`completion_rebuild --all` (everyone), e.g. after rows were bulk-inserted with no receivers running."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from analytics.completion import completion_sweep


class Command(BaseCommand):
    help = (
        "Recount the per-person onboarding summary the analytics dashboards read: the rows that are missing or "
        "no longer hold, or everyone's with --all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Recount every person, not only stale rows.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        written = completion_sweep(everyone=options["all"])
        self.stdout.write(f"Recounted {written} people in {time.perf_counter() - started:.1f} s.")
