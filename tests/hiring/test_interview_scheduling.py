"""Scheduling a plan step's interview: validation, conflicts, .ics invitations (UID, SEQUENCE, METHOD) and the feed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from email.message import Message
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.hiring.models import Interview, InterviewPlanStep, ScheduledInterview, Stage
from assessments.hiring.scheduling import (
    INTERVIEW_SCHEDULED,
    SchedulingConflict,
    interview_schedule,
    interview_schedule_cancel,
)
from assessments.hiring.services import plan_step_add
from core.calendar import calendar_feed_path
from core.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_requisition

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def plan(persona):  # type: ignore[no-untyped-def]
    recruiter = persona("recruiter")
    requisition = make_requisition(recruiter=recruiter)
    ana = UserFactory(roles=[Role.COACH], email="ana@example.com", first_name="Ana", last_name="Lima")
    bo = UserFactory(roles=[Role.COACH], email="bo@example.com", first_name="Bo", last_name="Chen")
    outsider = UserFactory(roles=[Role.COACH], email="out@example.com", first_name="Out", last_name="Sider")
    criteria = list(requisition.rubric_version.criteria.all()[:2])
    step = plan_step_add(requisition=requisition, name="Role play", criteria=criteria, interviewers=[ana, bo])
    candidate = make_candidate(requisition, email="cand@example.com")
    return {
        "recruiter": recruiter,
        "step": step,
        "candidate": candidate,
        "ana": ana,
        "bo": bo,
        "out": outsider,
    }


def _tomorrow(hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.now().astimezone(SHANGHAI).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _schedule(plan: dict[str, Any], start: dt.datetime, end: dt.datetime, **kw: Any) -> Any:
    args: dict[str, Any] = {
        "candidate": plan["candidate"],
        "step": plan["step"],
        "starts_at": start,
        "ends_at": end,
        "time_zone": "Asia/Shanghai",
        "location": "Room 4",
        "video_link": "",
        "interviewers": [plan["ana"], plan["bo"]],
        "actor": plan["recruiter"],
    }
    args.update(kw)
    return interview_schedule(**args)


def _invitations(to: str) -> list[tuple[Message, Calendar]]:
    found = []
    for message in mail.outbox:
        if to not in message.to:
            continue
        for part in message.message().walk():
            if part.get_content_type() == "text/calendar":
                found.append((part, Calendar.from_ical(part.get_payload(decode=True))))
    return found


def test_scheduling_invites_interviewers_and_candidate_with_a_tz_correct_request(
    plan, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    start, end = _tomorrow(10), _tomorrow(11, 30)
    with django_capture_on_commit_callbacks(execute=True):
        result = _schedule(plan, start, end)
    scheduled = result.scheduled
    assert result.created and scheduled.sequence == 0
    for address in ("ana@example.com", "bo@example.com", "cand@example.com"):
        [(part, calendar)] = _invitations(address)
        assert part.get_param("method") == "REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"hiring-interview-{scheduled.pk}@rampway"
        assert int(event["SEQUENCE"]) == 0
        # 10:00 in Shanghai is 02:00 UTC: the same instant whatever zone the file writes it in.
        assert event.decoded("DTSTART") == start and event.decoded("DTSTART").utcoffset() is not None
        assert event.decoded("DTEND") == end
        assert str(event["LOCATION"]) == "Room 4"
        attendees = sorted(str(a).removeprefix("mailto:") for a in event.get("ATTENDEE"))
        assert attendees == ["ana@example.com", "bo@example.com", "cand@example.com"]
    interviews = Interview.objects.filter(scheduled=scheduled).order_by("interviewer__email")
    assert [i.interviewer.email for i in interviews] == ["ana@example.com", "bo@example.com"]
    assert all(i.scheduled_at == start and i.step == plan["step"] for i in interviews)
    assert set(scheduled.interviewers.values_list("email", flat=True)) == {
        "ana@example.com",
        "bo@example.com",
    }
    note = Notification.objects.get(recipient=plan["ana"], kind=INTERVIEW_SCHEDULED)
    assert note.link == f"/hiring/candidates/{plan['candidate'].pk}/scorecard/"
    plan["candidate"].refresh_from_db()
    assert plan["candidate"].stage == Stage.INTERVIEWS
    assert AuditEvent.objects.filter(verb="interview.schedule").count() == 1


def test_a_reschedule_keeps_the_uid_with_a_higher_sequence_and_a_cancel_says_cancel(
    plan, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        first = _schedule(plan, _tomorrow(10), _tomorrow(11)).scheduled
    with django_capture_on_commit_callbacks(execute=True):
        moved = _schedule(plan, _tomorrow(14), _tomorrow(15), interviewers=[plan["ana"]])
    assert moved.scheduled.pk == first.pk and not moved.created
    with django_capture_on_commit_callbacks(execute=True):
        interview_schedule_cancel(scheduled=moved.scheduled, actor=plan["recruiter"])
    ana = [(c["METHOD"], c.walk("VEVENT")[0]) for _p, c in _invitations("ana@example.com")]
    assert [(str(m), str(e["UID"]), int(e["SEQUENCE"])) for m, e in ana] == [
        ("REQUEST", first.uid, 0),
        ("REQUEST", first.uid, 1),
        ("CANCEL", first.uid, 2),
    ]
    assert ana[1][1].decoded("DTSTART") == _tomorrow(14)
    assert str(ana[2][1]["STATUS"]) == "CANCELLED"
    # Bo was taken off the panel at the reschedule: his calendar gets the cancellation then, not the update.
    bo = [
        (str(c["METHOD"]), int(c.walk("VEVENT")[0]["SEQUENCE"])) for _p, c in _invitations("bo@example.com")
    ]
    assert bo == [("REQUEST", 0), ("CANCEL", 1)]
    candidate = [
        (str(c["METHOD"]), int(c.walk("VEVENT")[0]["SEQUENCE"])) for _p, c in _invitations("cand@example.com")
    ]
    assert candidate == [("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2)]
    assert not Interview.objects.filter(scheduled__isnull=False).exists()


def test_saving_the_same_schedule_again_sends_nothing(plan, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _schedule(plan, _tomorrow(10), _tomorrow(11))
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = _schedule(plan, _tomorrow(10), _tomorrow(11))
    assert not again.changed and again.scheduled.sequence == 0 and len(mail.outbox) == sent


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "start"}, "ends_at"),
        ({"starts_at": "past"}, "starts_at"),
        ({"location": "", "video_link": ""}, "location"),
        ({"interviewers": []}, "interviewers"),
        ({"interviewers": "outsider"}, "interviewers"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(plan, change, field) -> None:  # type: ignore[no-untyped-def]
    start, end = _tomorrow(10), _tomorrow(11)
    kw = dict(change)
    if kw.get("ends_at") == "start":
        kw["ends_at"] = start
    if kw.get("starts_at") == "past":
        kw["starts_at"] = timezone.now() - dt.timedelta(hours=2)
        kw["ends_at"] = timezone.now() - dt.timedelta(hours=1)
    if kw.get("interviewers") == "outsider":
        kw["interviewers"] = [plan["ana"], plan["out"]]
    with pytest.raises(ValidationError) as caught:
        _schedule(plan, start, end, **kw)
    assert field in caught.value.message_dict
    assert not ScheduledInterview.objects.exists() and not Interview.objects.exists()


def test_an_interviewer_on_another_step_of_this_candidate_cannot_join(plan) -> None:  # type: ignore[no-untyped-def]
    other = plan_step_add(
        requisition=plan["candidate"].requisition,
        name="Panel",
        criteria=[],
        interviewers=[plan["ana"]],
        position=1,
    )
    _schedule(plan, _tomorrow(10), _tomorrow(11))
    with pytest.raises(ValidationError) as caught:
        _schedule(plan, _tomorrow(12), _tomorrow(13), step=other, interviewers=[plan["ana"]])
    assert "already interviews this candidate" in caught.value.message_dict["interviewers"][0]


def test_an_overlap_with_another_interview_is_shown_and_saved_only_when_confirmed(plan) -> None:  # type: ignore[no-untyped-def]
    _schedule(plan, _tomorrow(10), _tomorrow(11))
    second = make_candidate(plan["candidate"].requisition, email="second@example.com")
    with pytest.raises(SchedulingConflict) as caught:
        _schedule(plan, _tomorrow(10, 30), _tomorrow(11, 30), candidate=second)
    assert {c.interviewer.email for c in caught.value.conflicts} == {"ana@example.com", "bo@example.com"}
    assert ScheduledInterview.objects.count() == 1
    # Back to back is no conflict.
    _schedule(plan, _tomorrow(11), _tomorrow(12), candidate=second)
    third = make_candidate(plan["candidate"].requisition, email="third@example.com")
    booked = _schedule(plan, _tomorrow(10), _tomorrow(10, 45), candidate=third, allow_conflicts=True)
    assert booked.created and ScheduledInterview.objects.count() == 3


def test_the_interviewers_feed_holds_the_upcoming_interview_and_drops_it_when_cancelled(plan) -> None:  # type: ignore[no-untyped-def]
    scheduled = _schedule(plan, _tomorrow(10), _tomorrow(11)).scheduled
    client = Client()
    body = client.get(calendar_feed_path(user=plan["ana"])).content
    events = {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    assert set(events) == {scheduled.uid}
    assert events[scheduled.uid].decoded("DTSTART") == _tomorrow(10)
    assert str(events[scheduled.uid]["URL"]).endswith(f"/hiring/candidates/{plan['candidate'].pk}/scorecard/")
    outsider_feed = Calendar.from_ical(client.get(calendar_feed_path(user=plan["out"])).content)
    assert outsider_feed.walk("VEVENT") == []
    interview_schedule_cancel(scheduled=scheduled, actor=plan["recruiter"])
    again = Calendar.from_ical(client.get(calendar_feed_path(user=plan["ana"])).content)
    assert again.walk("VEVENT") == []


def test_step_of_another_requisition_is_refused(plan) -> None:  # type: ignore[no-untyped-def]
    elsewhere = make_requisition()
    foreign = InterviewPlanStep.objects.create(requisition=elsewhere, name="Elsewhere")
    foreign.interviewers.add(plan["ana"])
    with pytest.raises(ValidationError):
        _schedule(plan, _tomorrow(10), _tomorrow(11), step=foreign, interviewers=[plan["ana"]])
