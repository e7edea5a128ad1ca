"""Field days and sessions land in the coach's and the seller's feeds; field-day invitations are .ics
attachments: METHOD:REQUEST, a reschedule with the same UID and a higher SEQUENCE, a cancellation METHOD:CANCEL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from coaching.models import FieldDay
from coaching.services import fieldday_save
from core.calendar import calendar_feed_path
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_field_day, make_session, visit_data

pytestmark = pytest.mark.django_db


def _invitation(message) -> Calendar:  # type: ignore[no-untyped-def]
    """The one .ics part of the sent message, as a calendar client reads it (the method in its Content-Type)."""
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "invitation.ics"
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert part.get_param("method") == str(calendar["METHOD"])
    return calendar


def _feed_uids(user) -> set[str]:  # type: ignore[no-untyped-def]
    body = Client().get(calendar_feed_path(user=user)).content
    return {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}


def test_coach_and_seller_see_upcoming_field_days_and_sessions_in_their_feeds() -> None:
    today = timezone.localdate()
    engagement = make_engagement()
    coming = make_field_day(engagement, date=today + dt.timedelta(days=2))
    past = make_field_day(engagement, date=today - dt.timedelta(days=2))
    session = make_session(engagement, held_on=today + dt.timedelta(days=2))
    expected = {f"coaching-fieldday-{coming.pk}@rampway", f"coaching-session-{session.pk}@rampway"}
    for person in (engagement.coach, engagement.seller):
        uids = _feed_uids(person)
        assert expected <= uids
        assert f"coaching-fieldday-{past.pk}@rampway" not in uids
    assert not expected & _feed_uids(UserFactory())


def test_an_invitation_then_a_reschedule_then_a_cancellation(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    engagement = make_engagement()
    draft = uuid.uuid4()
    data = {"date": (today + dt.timedelta(days=3)).isoformat(), "plan": "Two banks", "visits": []}
    with django_capture_on_commit_callbacks(execute=True):
        field_day, _ = fieldday_save(engagement=engagement, actor=engagement.coach, draft_id=draft, data=data)
    uid = f"coaching-fieldday-{field_day.pk}@rampway"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([engagement.seller.email, engagement.coach.email])
    first = _invitation(mail.outbox[0])
    [event] = first.walk("VEVENT")
    assert (str(first["METHOD"]), str(event["UID"]), int(event["SEQUENCE"])) == ("REQUEST", uid, 0)
    assert event.decoded("DTSTART") == today + dt.timedelta(days=3)
    assert "Two banks" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == f"mailto:{engagement.coach.email}"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fieldday_save(
            engagement=engagement,
            actor=engagement.coach,
            draft_id=draft,
            data={**data, "plan": "Three banks"},
        )
    assert mail.outbox == []  # the same day: nothing to update in anyone's calendar

    moved = {**data, "date": (today + dt.timedelta(days=4)).isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        fieldday_save(engagement=engagement, actor=engagement.coach, draft_id=draft, data=moved)
    [event] = _invitation(mail.outbox[0]).walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)
    assert event.decoded("DTSTART") == today + dt.timedelta(days=4)

    mail.outbox.clear()
    client = Client()
    client.force_login(engagement.seller)
    assert client.post(f"/coaching/field-days/{field_day.pk}/cancel/").status_code == 403
    client.force_login(engagement.coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/coaching/field-days/{field_day.pk}/cancel/")
    assert response.status_code == 302
    cancel = _invitation(mail.outbox[0])
    [event] = cancel.walk("VEVENT")
    assert (str(cancel["METHOD"]), str(event["UID"]), int(event["SEQUENCE"])) == ("CANCEL", uid, 2)
    assert FieldDay.objects.get(pk=field_day.pk).cancelled_at is not None
    assert uid not in _feed_uids(engagement.seller)


def test_a_field_day_logged_after_the_fact_sends_no_invitation_and_cannot_be_cancelled(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from coaching.services import fieldday_cancel

    engagement = make_engagement()
    with django_capture_on_commit_callbacks(execute=True):
        field_day = make_field_day(
            engagement, date=timezone.localdate() - dt.timedelta(days=1), visits=[visit_data()]
        )
    assert mail.outbox == []
    with pytest.raises(ValidationError, match="Visits are logged"):
        fieldday_cancel(field_day=field_day, actor=engagement.coach)
