"""Overdue scorecards are chased 24 h after the interview, once per interviewer, and drop out once submitted."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.roles import Role
from assessments.hiring.models import Interview
from assessments.hiring.reminders import (
    SCORECARD_DIGEST,
    SCORECARD_OVERDUE,
    scorecard_digests_send,
    scorecard_reminders_send,
)
from assessments.hiring.scheduling import interview_schedule
from assessments.hiring.services import plan_step_add
from core.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
END = START + dt.timedelta(hours=1)


@pytest.fixture
def booked(persona):  # type: ignore[no-untyped-def]
    recruiter = persona("recruiter")
    requisition = make_requisition(recruiter=recruiter)
    ana, bo = UserFactory(roles=[Role.COACH]), UserFactory(roles=[Role.COACH])
    step = plan_step_add(
        requisition=requisition,
        name="Role play",
        criteria=list(requisition.rubric_version.criteria.all()[:2]),
        interviewers=[ana, bo],
    )
    candidate = make_candidate(requisition)
    with time_machine.travel(START - dt.timedelta(days=2), tick=False):
        interview_schedule(
            candidate=candidate,
            step=step,
            starts_at=START,
            ends_at=END,
            time_zone="UTC",
            location="Room 4",
            video_link="",
            interviewers=[ana, bo],
            actor=recruiter,
        )
    return {"recruiter": recruiter, "ana": ana, "bo": bo, "candidate": candidate}


def _reminders(user) -> int:  # type: ignore[no-untyped-def]
    return Notification.objects.filter(recipient=user, kind=SCORECARD_OVERDUE).count()


def test_no_reminder_before_24_hours_after_the_end(booked) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(END + dt.timedelta(hours=23, minutes=59), tick=False):
        assert scorecard_reminders_send() == 0
        assert scorecard_digests_send() == 0
    assert _reminders(booked["ana"]) == 0


def test_each_interviewer_is_reminded_once_however_often_the_task_runs(booked) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(END + dt.timedelta(hours=24, minutes=1), tick=False):
        assert scorecard_reminders_send() == 2
        assert scorecard_reminders_send() == 0
    with time_machine.travel(END + dt.timedelta(hours=30), tick=False):
        assert scorecard_reminders_send() == 0
    note = Notification.objects.get(recipient=booked["ana"], kind=SCORECARD_OVERDUE)
    assert note.link == f"/hiring/candidates/{booked['candidate'].pk}/scorecard/"
    assert _reminders(booked["bo"]) == 1


def test_a_submitted_scorecard_stops_the_reminder_and_leaves_the_digest(booked) -> None:  # type: ignore[no-untyped-def]
    ana_interview = Interview.objects.get(interviewer=booked["ana"])
    with time_machine.travel(END + dt.timedelta(hours=2), tick=False):
        submit_scorecard(ana_interview, 3)
    with time_machine.travel(END + dt.timedelta(hours=25), tick=False):
        assert scorecard_reminders_send() == 1
        assert scorecard_digests_send() == 1
        assert scorecard_digests_send() == 0  # the same day: one digest
    assert _reminders(booked["ana"]) == 0 and _reminders(booked["bo"]) == 1
    digest = Notification.objects.get(recipient=booked["recruiter"], kind=SCORECARD_DIGEST)
    assert booked["bo"].display_name in digest.body and booked["ana"].display_name not in digest.body
    with time_machine.travel(END + dt.timedelta(hours=26), tick=False):
        submit_scorecard(Interview.objects.get(interviewer=booked["bo"]), 4)
    with time_machine.travel(END + dt.timedelta(days=2, hours=1), tick=False):
        assert scorecard_reminders_send() == 0
        assert scorecard_digests_send() == 0
    assert Notification.objects.filter(recipient=booked["recruiter"], kind=SCORECARD_DIGEST).count() == 1


def test_the_digest_comes_again_the_next_day_while_still_overdue(booked) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(END + dt.timedelta(hours=25), tick=False):
        assert scorecard_digests_send() == 1
    with time_machine.travel(END + dt.timedelta(hours=49), tick=False):
        assert scorecard_digests_send() == 1
    assert Notification.objects.filter(recipient=booked["recruiter"], kind=SCORECARD_DIGEST).count() == 2
