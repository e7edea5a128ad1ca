"""The holder's certification expiry dates as calendar events (plugged into core.calendar in ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.calendar import CalendarEvent


def certification_expiries(user: User, now: dt.datetime) -> Iterable[CalendarEvent]:
    from .models import Certification

    valid = Certification.objects.filter(
        user=user, status=Certification.Status.VALID, expires_at__gt=now
    ).select_related("exam")
    for certification in valid:
        assert certification.expires_at is not None
        yield CalendarEvent(
            uid=f"exams-certification-expiry-{certification.pk}@rampway",
            summary=_("Certification expires: %(exam)s") % {"exam": certification.exam.title},
            start=certification.expires_at.date(),
            link=reverse("exams:detail", kwargs={"slug": certification.exam.slug}),
        )
