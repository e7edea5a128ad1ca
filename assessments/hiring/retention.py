"""Candidate retention: personal data of candidates not hired is removed once the retention period is over."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record

from .models import Candidate, Stage


@transaction.atomic
def candidates_anonymise_expired(*, now: dt.datetime | None = None) -> int:
    """Remove personal data of rejected/declined candidates past the retention period; scores stay. Idempotent."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.RAMPWAY_CANDIDATE_RETENTION_DAYS)
    due = list(
        Candidate.objects.select_for_update().filter(
            stage__in=[Stage.REJECTED, Stage.DECLINED],
            stage_changed_at__lt=cutoff,
            anonymised_at__isnull=True,
        )
    )
    for candidate in due:
        if candidate.cv:
            candidate.cv.delete(save=False)
        candidate.name = _("Anonymised candidate %(id)s") % {"id": candidate.pk}
        candidate.email = ""
        candidate.phone = ""
        candidate.cv = ""
        candidate.anonymised_at = now
        candidate.save(update_fields=["name", "email", "phone", "cv", "anonymised_at"])
        audit_record(actor=None, verb="candidate.anonymise", obj=candidate, note="retention period over")
    return len(due)
