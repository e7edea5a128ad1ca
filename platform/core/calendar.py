"""Calendars: each person's private iCalendar feed (RFC 5545) from events apps provide, and .ics invitations.

Apps plug in a provider in ready() (register_calendar_provider) that returns the person's upcoming events;
the core knows no domain. Each event carries a stable UID ("<app>-<what>-<id>@rampway"), so a calendar app
updates an event instead of duplicating it when the feed is fetched again.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from core.models import CalendarFeed

if TYPE_CHECKING:
    from accounts.models import User

PRODID = "-//Rampway//Rampway calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    description: str = ""
    link: str = ""  # a path of ours; the feed makes it absolute
    location: str = ""


CalendarProvider = Callable[["User", dt.datetime], Iterable[CalendarEvent]]
_providers: dict[str, CalendarProvider] = {}


def register_calendar_provider(name: str, provider: CalendarProvider) -> None:
    """provider(user, now) → that person's upcoming events. Hiring's interviews plug in here once they have times."""
    _providers[name] = provider


def calendar_events(*, user: User, now: dt.datetime | None = None) -> list[CalendarEvent]:
    now = now or timezone.now()
    events = [event for name in sorted(_providers) for event in _providers[name](user, now)]
    return sorted(events, key=lambda e: (str(e.start), e.uid))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new token: every calendar subscribed with the old URL stops receiving events."""
    from .audit import audit

    feed = calendar_feed_for(user=user)
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    audit(actor=user, verb="calendar_feed.reset", obj=feed)
    return feed


def calendar_feed_path(*, user: User) -> str:
    return reverse("calendar:feed", kwargs={"token": calendar_feed_for(user=user).token})


def _absolute(link: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link if link.startswith("/") else link


def _vevent(event: CalendarEvent, *, stamp: dt.datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.summary)
    vevent.add("dtstart", event.start)
    if event.end is not None:
        vevent.add("dtend", event.end)
    elif isinstance(event.start, dt.date) and not isinstance(event.start, dt.datetime):
        vevent.add("dtend", event.start + dt.timedelta(days=1))  # an all-day event
    if event.link:
        vevent.add("url", _absolute(event.link))
    description = "\n\n".join(part for part in (event.description, _absolute(event.link)) if part)
    if description:
        vevent.add("description", description)
    if event.location:
        vevent.add("location", event.location)
    return vevent


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def feed_ics(*, user: User, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    calendar = _calendar(f"Rampway · {user.display_name}")
    for event in calendar_events(user=user, now=now):
        calendar.add_component(_vevent(event, stamp=now))
    return calendar.to_ical()


def invitation_ics(
    *,
    event: CalendarEvent,
    organizer_email: str,
    attendee_emails: Sequence[str],
    sequence: int,
    cancel: bool = False,
    now: dt.datetime | None = None,
) -> bytes:
    """An invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL) to attach to an email.

    Send every update with the same event.uid and a higher `sequence`: calendar clients replace the event they
    hold only when the sequence grows.
    """
    calendar = _calendar()
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    vevent = _vevent(event, stamp=now or timezone.now())
    vevent.add("sequence", sequence)
    vevent.add("status", "CANCELLED" if cancel else "CONFIRMED")
    vevent.add("organizer", vCalAddress(f"mailto:{organizer_email}"))
    for email in attendee_emails:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["RSVP"] = "TRUE"
        vevent.add("attendee", attendee, encode=False)
    calendar.add_component(vevent)
    return calendar.to_ical()
