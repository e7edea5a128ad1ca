"""The learner's onboarding step due dates as calendar events (plugged into core.calendar in ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.calendar import CalendarEvent


def step_due_dates(user: User, now: dt.datetime) -> Iterable[CalendarEvent]:
    from .selectors import onboarding_for

    for status in onboarding_for(user, today=now.date()):
        for step in status.steps:
            if step.complete or step.due < now.date():
                continue
            yield CalendarEvent(
                uid=f"courses-step-{status.enrollment.pk}-{step.step.pk}@rampway",
                summary=_("Due: %(step)s") % {"step": str(step.step)},
                start=step.due,
                description=status.path.name,
                link=reverse("courses:my_onboarding"),
            )
