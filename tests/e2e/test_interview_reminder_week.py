"""The recruiter schedules an interview; the interviewer sees it in the bell, is reminded 24 h after it ended
(the clock moved with time-machine, which the live server thread shares), and submitting the scorecard stops it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_email
from accounts.models import User
from assessments.hiring.models import (
    Candidate,
    InterviewPlanStep,
    Requisition,
    ScheduledInterview,
    Stage,
)
from assessments.hiring.reminders import (
    SCORECARD_DIGEST,
    SCORECARD_OVERDUE,
    scorecard_digests_send,
    scorecard_reminders_send,
)
from core.models import Notification
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def _open_notifications(page: Page) -> None:
    page.goto("/notifications/")
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE])
def test_scheduled_interview_reminder_and_scorecard_stop_it(  # type: ignore[no-untyped-def]
    browser: Browser,
    page: Page,
    live_site: LiveServer,
    seeded: None,
    settings,
    screenshot: Callable[[Page, str], Path],
) -> None:
    settings.RAMPWAY_ENFORCE_MFA = False  # the recruiter would otherwise enrol an authenticator first
    coach = User.objects.get(email=demo_email("coach"))  # an interviewer on the New York plan
    step = (
        InterviewPlanStep.objects.filter(
            interviewers=coach,
            requisition__status=Requisition.Status.OPEN,
            requisition__recruiter__email=demo_email("recruiter"),
        )
        .order_by("requisition_id", "position", "id")
        .first()
    )
    assert step is not None, "the demo gives the coach a step in an open requisition of the recruiter"
    candidate = (
        Candidate.objects.filter(
            requisition=step.requisition, stage__in=[Stage.APPLIED, Stage.SCREEN], anonymised_at__isnull=True
        )
        .exclude(interviews__interviewer=coach)
        .exclude(scheduled_interviews__step=step)
        .order_by("pk")
        .first()
    )
    assert candidate is not None

    # The recruiter books the step three days out, at an hour nobody in the demo interviews.
    start = (timezone.now() + dt.timedelta(days=3)).replace(hour=5, minute=0, second=0, microsecond=0)
    sign_in(page, demo_email("recruiter"))
    page.goto(f"/hiring/candidates/{candidate.pk}/")
    page.locator(f"li[data-step='{step.pk}']").get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", name="Schedule the interview")).to_be_visible()
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_label("Video link").fill("https://meet.example.com/rampway-panel")
    for box in page.locator("input[name=interviewers]").all():
        if box.get_attribute("value") != str(coach.pk):
            box.uncheck()
    page.locator(f"input[name=interviewers][value='{coach.pk}']").check()
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page).to_have_url(f"{live_site.url}/hiring/candidates/{candidate.pk}/")
    expect(page.locator(f"li[data-step='{step.pk}']")).to_contain_text(start.strftime("%Y-%m-%d"))
    scheduled = ScheduledInterview.objects.get(candidate=candidate, step=step, cancelled_at__isnull=True)
    assert scheduled.starts_at == start

    # The interviewer, in their own browser, finds it in the notification centre.
    interviewer = browser.new_context(viewport=PHONE, locale="en-US", base_url=live_site.url)
    their = interviewer.new_page()
    sign_in(their, demo_email("coach"))
    their.locator(".site-header button.menu-toggle").click()
    bell = their.locator(".site-header a.notification-bell")
    unread_before = int(re.search(r"(\d+) unread", bell.inner_text()).group(1))  # type: ignore[union-attr]
    assert unread_before >= 1
    bell.click()
    expect(their.locator(".core-notification-unread").first).to_contain_text(
        f"Interview scheduled: {candidate.name}"
    )
    screenshot(their, "hiring-interview-scheduled-bell-375")

    # Nothing is due yet the hour after the interview …
    with time_machine.travel(scheduled.ends_at + dt.timedelta(hours=1), tick=False):
        scorecard_reminders_send()
    assert not Notification.objects.filter(
        recipient=coach, kind=SCORECARD_OVERDUE, body__contains=candidate.name
    )

    # … and 24 h after it ended the reminder is there, in the bell of the interviewer.
    overdue_at = scheduled.ends_at + dt.timedelta(hours=24, minutes=20)
    with time_machine.travel(overdue_at, tick=True):
        assert scorecard_reminders_send() >= 1
        _open_notifications(their)
        reminder = their.locator(".core-notification-unread", has_text=f"Scorecard overdue: {candidate.name}")
        expect(reminder).to_have_count(1)
        screenshot(their, "hiring-scorecard-overdue-bell-375")
        assert scorecard_digests_send() >= 1
        digest = Notification.objects.get(
            recipient__email=demo_email("recruiter"),
            kind=SCORECARD_DIGEST,
            event_key__endswith=f":{overdue_at.date().isoformat()}",
        )
        assert candidate.name in digest.body
        # Straight to the scorecard (not through "Open", which would mark the reminder read by itself).
        their.goto(f"/hiring/candidates/{candidate.pk}/")
        their.get_by_role("link", name="Score this candidate").first.click()
        expect(their).to_have_url(f"{live_site.url}/hiring/candidates/{candidate.pk}/scorecard/")
        for fieldset in their.locator("fieldset:has(input[name^=rating_])").all():
            fieldset.locator("input[type=radio][value='4']").check()
            fieldset.locator("textarea").fill("Specific, well-prepared answers.")
        their.get_by_role("radio", name="Yes", exact=True).check()
        their.get_by_role("button", name="Submit scorecard").click()
        expect(their).to_have_url(f"{live_site.url}/hiring/candidates/{candidate.pk}/")

    # The chasing stops: the reminder is done with, a later run sends nothing, the recruiter's digest omits it.
    with time_machine.travel(overdue_at + dt.timedelta(days=1), tick=False):
        scorecard_reminders_send()
        scorecard_digests_send()
    reminders = Notification.objects.filter(
        recipient=coach, kind=SCORECARD_OVERDUE, title__contains=candidate.name
    )
    assert reminders.count() == 1 and reminders.get().read_at is not None
    next_digest = Notification.objects.filter(
        recipient__email=demo_email("recruiter"),
        kind=SCORECARD_DIGEST,
        event_key__endswith=f":{(overdue_at + dt.timedelta(days=1)).date().isoformat()}",
    ).first()
    assert next_digest is None or candidate.name not in next_digest.body
    _open_notifications(their)
    expect(
        their.locator(".core-notification-unread", has_text=f"Scorecard overdue: {candidate.name}")
    ).to_have_count(0)
    expect(
        their.locator(".core-notification", has_text=f"Scorecard overdue: {candidate.name}")
    ).to_have_count(1)
    interviewer.close()
