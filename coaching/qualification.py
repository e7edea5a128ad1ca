"""Qualification stays true: live grants re-checked against their requirements, suspended and restored."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.notifications import in_language_of

from .models import QualificationGrant


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
        transaction.on_commit(partial(_grant_mail, grant_id=grant.pk, change="suspended"))
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
        transaction.on_commit(partial(_grant_mail, grant_id=grant.pk, change="restored"))
        return "restored"
    return None


def _grant_mail(*, grant_id: int, change: str) -> None:
    """Tell the holder and their managers that a grant was suspended or restored (after commit)."""
    from accounts.access import managers_of

    grant = QualificationGrant.objects.select_related("seller", "level").filter(pk=grant_id).first()
    if grant is None:
        return
    holder = grant.seller
    recipients = [holder] + list(managers_of(holder))
    # notify: qualification suspended/restored (switch to the notification layer when it lands).
    for person in recipients:
        if not (person.is_active and person.email):
            continue
        context = {"grant": grant, "holder": holder, "person": person, "change": change}
        with in_language_of(person):
            subject = render_to_string("coaching/email/qualification_subject.txt", context).strip()
            body = render_to_string("coaching/email/qualification_body.txt", context)
        send_mail(subject, body, None, [person.email])
