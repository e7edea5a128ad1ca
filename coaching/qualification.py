"""Qualification stays true: live grants re-checked against their requirements, suspended and restored."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record

from .models import QualificationGrant
from .notices import QUALIFICATION_CHANGE, coaching_notify


def qualification_grants_recheck(
    *, seller: User | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Re-check every live grant (or one seller's): suspend those whose requirements lapsed, restore the rest.

    Run when a certification changes (coaching.receivers) and daily for expiries (coaching tasks).
    """
    now = now or timezone.now()
    grants = QualificationGrant.objects.filter(revoked_at__isnull=True, expires_at__gt=now).select_related(
        "seller", "level"
    )
    if seller is not None:
        grants = grants.filter(seller=seller)
    counts = {"suspended": 0, "restored": 0}
    for grant in grants:
        change = qualification_grant_recheck(grant=grant, now=now)
        if change:
            counts[change] += 1
    return counts


@transaction.atomic
def qualification_grant_recheck(*, grant: QualificationGrant, now: dt.datetime | None = None) -> str | None:
    """Suspend the grant if a requirement no longer holds, restore it once all hold again; audited, notified."""
    from .selectors import qualification_check

    now = now or timezone.now()
    grant = QualificationGrant.objects.select_for_update().select_related("seller", "level").get(pk=grant.pk)
    if grant.revoked_at is not None:
        return None
    checks = qualification_check(seller=grant.seller, level=grant.level, now=now)
    lapsed = [c for c in checks if not c.met]
    if lapsed and grant.suspended_at is None:
        grant.suspended_at = now
        grant.suspension_reason = "; ".join(f"{c.label}: {c.evidence}" for c in lapsed)
        grant.save(update_fields=["suspended_at", "suspension_reason"])
        audit_record(
            actor=None,
            verb="coaching.qualification_suspend",
            obj=grant,
            after={"level": grant.level.name, "lapsed": [c.key for c in lapsed]},
            note=grant.suspension_reason,
        )
        _grant_notify(grant=grant, change="suspended", at=now)
        return "suspended"
    if not lapsed and grant.suspended_at is not None:
        before = {"suspended_at": grant.suspended_at.isoformat(), "reason": grant.suspension_reason}
        grant.suspended_at = None
        grant.suspension_reason = ""
        grant.save(update_fields=["suspended_at", "suspension_reason"])
        audit_record(
            actor=None,
            verb="coaching.qualification_restore",
            obj=grant,
            before=before,
            after={"level": grant.level.name},
        )
        _grant_notify(grant=grant, change="restored", at=now)
        return "restored"
    return None


def _grant_notify(*, grant: QualificationGrant, change: str, at: dt.datetime) -> None:
    """Tell the holder and their managers that a grant was suspended or restored, each in their language."""
    from accounts.access import managers_of

    holder = grant.seller
    recipients = {holder.pk: holder} | {m.pk: m for m in managers_of(holder)}
    for person in recipients.values():
        coaching_notify(
            to=person,
            kind=QUALIFICATION_CHANGE,
            template="qualification",
            context={"grant": grant, "holder": holder, "change": change},
            # Once per change: a later suspension of the same grant is a new event.
            event_key=f"coaching.grant:{grant.pk}:{change}:{at.isoformat()}",
            link=reverse("coaching:passport", args=[holder.pk]),
        )
