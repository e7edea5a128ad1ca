"""Recount every seller's visit summary (coaching.SellerVisitSummary), which the coaching team page's
before/after adds up: after visits, field days or engagements were written past the services (a bulk load),
or once after upgrading to the release that added the summary."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.visit_summary import visit_summaries_rebuild


class Command(BaseCommand):
    help = "Recount every seller's visit summary, which the coaching team page's before/after adds up."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            kept = visit_summaries_rebuild()
        self.stdout.write(
            f"Recounted {kept} sellers' visit summaries in {time.perf_counter() - started:.1f} s."
        )
