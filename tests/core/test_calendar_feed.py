"""The private calendar feed: no session, parses as RFC 5545, stable UIDs, links back; invitations and cancels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessments.exams.models import Certification
from core.calendar import CalendarEvent, calendar_feed_path, invitation_ics
from tests.factories.courses import course, learning_path
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_needs_no_session_and_holds_the_upcoming_expiry_and_due_dates(persona) -> None:  # type: ignore[no-untyped-def]
    from courses.services import learning_path_assign

    learner = persona("learner")
    learner.start_date = timezone.localdate()
    learner.save(update_fields=["start_date"])
    learning_path_assign(
        path=learning_path(courses=[(course(title="Pricing basics", lessons=1), 5)]), users=[learner]
    )
    now = timezone.now()
    exam = ExamFactory(certifying=True, title="Ledgerly certified")
    certification = Certification.objects.create(
        user=learner, exam=exam, code="C00000000007", issued_at=now, expires_at=now + dt.timedelta(days=40)
    )
    Certification.objects.create(
        user=learner,
        exam=ExamFactory(certifying=True),
        code="C00000000008",
        issued_at=now - dt.timedelta(days=400),
        expires_at=now - dt.timedelta(days=1),
    )

    path = calendar_feed_path(user=learner)
    response = Client().get(path)  # a calendar app: no cookie
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    expiry = events[f"exams-certification-expiry-{certification.pk}@rampway"]
    assert "Ledgerly certified" in str(expiry["SUMMARY"])  # type: ignore[index]
    assert expiry["DTSTART"].dt == certification.expires_at.date()  # type: ignore[index, union-attr]
    assert str(expiry["URL"]).endswith(reverse("exams:detail", kwargs={"slug": exam.slug}))  # type: ignore[index]
    [step_uid] = [uid for uid in events if uid.startswith("courses-step-")]
    assert "Pricing basics" in str(events[step_uid]["SUMMARY"])  # type: ignore[index]
    assert len(events) == 2  # the expired certification is not upcoming
    assert set(_events(Client().get(path).content)) == set(events)  # UIDs are stable across fetches


def test_resetting_the_token_retires_the_old_address(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    old = calendar_feed_path(user=persona("coach"))
    assert old in client.get(reverse("calendar:settings")).content.decode()
    client.post(reverse("calendar:reset"))
    new = calendar_feed_path(user=persona("coach"))
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_an_invitation_requests_and_a_later_update_and_cancel_keep_the_uid() -> None:
    start = dt.datetime(2026, 12, 9, 9, 0, tzinfo=dt.UTC)
    event = CalendarEvent(
        uid="hiring-interview-5@rampway", summary="Interview", start=start, end=start + dt.timedelta(hours=1)
    )
    first = Calendar.from_ical(
        invitation_ics(
            event=event, organizer_email="r@example.com", attendee_emails=["i@example.com"], sequence=0
        )
    )
    moved = CalendarEvent(uid=event.uid, summary="Interview", start=start + dt.timedelta(days=1))
    update = Calendar.from_ical(
        invitation_ics(
            event=moved, organizer_email="r@example.com", attendee_emails=["i@example.com"], sequence=1
        )
    )
    cancel = Calendar.from_ical(
        invitation_ics(
            event=moved,
            organizer_email="r@example.com",
            attendee_emails=["i@example.com"],
            sequence=2,
            cancel=True,
        )
    )
    assert [str(c["METHOD"]) for c in (first, update, cancel)] == ["REQUEST", "REQUEST", "CANCEL"]
    vevents = [c.walk("VEVENT")[0] for c in (first, update, cancel)]
    assert {str(v["UID"]) for v in vevents} == {event.uid}
    assert [int(v["SEQUENCE"]) for v in vevents] == [0, 1, 2]
    assert str(vevents[0]["ATTENDEE"]) == "mailto:i@example.com"
    assert vevents[1]["DTSTART"].dt == start + dt.timedelta(days=1)
