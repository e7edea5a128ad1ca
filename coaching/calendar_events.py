"""Field days and coaching sessions in the coach's and the seller's calendar feeds, and field-day invitations.

Field-day invitations are .ics attachments (METHOD:REQUEST; a reschedule keeps the UID and raises SEQUENCE; a
cancellation is METHOD:CANCEL), sent through core's outbox like hiring's interview invitations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.calendar import CalendarEvent, invitation_ics
from core.notifications import in_language_of
from core.outbox import EmailAttachment, email_enqueue

from .models import CoachingSession, FieldDay


def fieldday_uid(field_day: FieldDay) -> str:
    return f"coaching-fieldday-{field_day.pk}@rampway"


def fieldday_event(field_day: FieldDay) -> CalendarEvent:
    """The field day as one all-day event with the plan: who, where (the customers), the focus competencies."""
    engagement = field_day.engagement
    customers = [visit.customer_name for visit in field_day.visits.all()]
    focus = [criterion.name for criterion in engagement.focus_criteria.all()]
    lines = [
        _("Seller: %(seller)s · Coach: %(coach)s")
        % {"seller": engagement.seller.display_name, "coach": engagement.coach.display_name}
    ]
    if focus:
        lines.append(_("Focus competencies: %(names)s") % {"names": ", ".join(focus)})
    if customers:
        lines.append(_("Visits: %(names)s") % {"names": ", ".join(customers)})
    if field_day.plan:
        lines.append(_("Plan: %(plan)s") % {"plan": field_day.plan})
    return CalendarEvent(
        uid=fieldday_uid(field_day),
        summary=_("Field day: %(seller)s with %(coach)s")
        % {"seller": engagement.seller.display_name, "coach": engagement.coach.display_name},
        start=field_day.date,
        description="\n".join(lines),
        link=reverse("coaching:fieldday_detail", args=[field_day.pk]),
        location=", ".join(customers),
    )


def _mine(user: User) -> Q:
    return Q(engagement__coach=user) | Q(engagement__seller=user)


def field_days(user: User, now: dt.datetime) -> Iterable[CalendarEvent]:
    upcoming = (
        FieldDay.objects.filter(_mine(user), date__gte=timezone.localdate(now), cancelled_at__isnull=True)
        .select_related("engagement__coach", "engagement__seller")
        .prefetch_related("visits", "engagement__focus_criteria")
        .order_by("date", "pk")
    )
    return [fieldday_event(day) for day in upcoming]


def coaching_sessions(user: User, now: dt.datetime) -> Iterable[CalendarEvent]:
    upcoming = (
        CoachingSession.objects.filter(_mine(user), held_on__gte=timezone.localdate(now))
        .select_related("engagement__coach", "engagement__seller")
        .order_by("held_on", "pk")
    )
    return [
        CalendarEvent(
            uid=f"coaching-session-{session.pk}@rampway",
            summary=_("Coaching session: %(seller)s with %(coach)s")
            % {
                "seller": session.engagement.seller.display_name,
                "coach": session.engagement.coach.display_name,
            },
            start=session.held_on,
            link=reverse("coaching:session", args=[session.pk]),
        )
        for session in upcoming
    ]


# ---------------------------------------------------------------- invitations


def fieldday_invitation_send(*, field_day: FieldDay, cancel: bool = False) -> None:
    """Queue the invitation (or its cancellation) at the field day's current sequence, to seller and coach.

    Each email is rendered in its reader's language; the .ics is built now, so a later change cannot alter
    what this sequence number said. Call inside the transaction that changed the field day.
    """
    engagement = field_day.engagement
    coach, seller = engagement.coach, engagement.seller
    for person in (seller, coach):
        if not (person.is_active and person.email):
            continue
        with in_language_of(person):
            event = fieldday_event(field_day)
            ics = invitation_ics(
                event=event,
                organizer_email=coach.email,
                attendee_emails=[seller.email],
                sequence=field_day.invitation_sequence,
                cancel=cancel,
            )
            context = {"day": field_day, "event": event, "cancel": cancel, "person": person}
            subject = render_to_string("coaching/email/fieldday_invitation_subject.txt", context).strip()
            body = render_to_string("coaching/email/fieldday_invitation_body.txt", context)
        method = "CANCEL" if cancel else "REQUEST"
        email_enqueue(
            to=[person.email],
            subject=subject,
            body=body,
            attachments=[EmailAttachment("invitation.ics", ics.decode(), f"text/calendar; method={method}")],
            dedupe_key=f"coaching-fieldday-invitation:{field_day.pk}:{field_day.invitation_sequence}:{person.pk}",
        )
