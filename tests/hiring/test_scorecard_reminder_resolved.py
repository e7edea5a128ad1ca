"""Submitting a scorecard marks its overdue reminder read: the bell stops chasing, other notifications stay."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from assessments.hiring.models import Interview
from assessments.hiring.reminders import SCORECARD_OVERDUE, scorecard_reminders_send
from core.models import Notification
from tests.factories.hiring import submit_scorecard
from tests.hiring.test_scorecard_reminders import END, booked  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def unread_count(user) -> int:  # type: ignore[no-untyped-def]
    # The bell's cached number refreshes after commit; the test's transaction never commits, so count the rows.
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_submitting_marks_only_that_interviewers_reminder_read(booked) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    ana, bo = booked["ana"], booked["bo"]
    with time_machine.travel(END + dt.timedelta(hours=25), tick=False):
        assert scorecard_reminders_send() == 2
    ana_before, bo_before = unread_count(ana), unread_count(bo)
    with time_machine.travel(END + dt.timedelta(hours=26), tick=False):
        submit_scorecard(Interview.objects.get(interviewer=ana), 3)
    ana_note = Notification.objects.get(recipient=ana, kind=SCORECARD_OVERDUE)
    assert ana_note.read_at == END + dt.timedelta(hours=26)
    assert unread_count(ana) == ana_before - 1
    assert Notification.objects.get(recipient=bo, kind=SCORECARD_OVERDUE).read_at is None
    assert unread_count(bo) == bo_before


def test_a_saved_draft_leaves_the_reminder_unread(booked) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    ana = booked["ana"]
    with time_machine.travel(END + dt.timedelta(hours=25), tick=False):
        scorecard_reminders_send()
        submit_scorecard(Interview.objects.get(interviewer=ana), 3, submit=False)
    assert Notification.objects.get(recipient=ana, kind=SCORECARD_OVERDUE).read_at is None


def test_other_notifications_of_the_interviewer_stay_unread(booked) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    ana = booked["ana"]
    other = Notification.objects.create(
        recipient=ana, kind="x", event_key="hiring:scorecard-overdue:9999:1", title="t"
    )
    with time_machine.travel(END + dt.timedelta(hours=25), tick=False):
        scorecard_reminders_send()
        submit_scorecard(Interview.objects.get(interviewer=ana), 3)
    other.refresh_from_db()
    assert other.read_at is None
