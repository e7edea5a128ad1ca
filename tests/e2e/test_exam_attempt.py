"""A learner takes a timed exam while the network drops; no answer is lost. And the timer runs out with the tab closed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from accounts.roles import Role
from assessments.exams.models import Attempt
from assessments.exams.tasks import attempts_sweep
from tests.factories.accounts import UserFactory
from tests.factories.exams import REVIEW_SCORE, published_exam

pytestmark = pytest.mark.e2e


def _signed_in(context: BrowserContext, live_site: LiveServer) -> User:
    context.set_default_timeout(30_000)  # the CI box is shared; the first request compiles templates
    learner = UserFactory(roles=[Role.LEARNER])
    client = Client()
    client.force_login(learner)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}]
    )
    return learner


def _answer(page: Page, position: int) -> None:
    page.locator(f"#q-{position} input[type=radio]").first.check()


def test_answers_survive_a_network_cut_and_the_result_follows_the_policy(
    page: Page, context: BrowserContext, live_site: LiveServer
) -> None:
    learner = _signed_in(context, live_site)
    exam = published_exam(questions=5, draw=5, time_limit_minutes=20, review_options=REVIEW_SCORE)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start the exam").click()
    status = page.get_by_test_id("save-status")
    expect(page.get_by_test_id("timer")).to_have_text(re.compile(r"^\d+:\d\d$"))
    _answer(page, 1)
    expect(status).to_have_text("saved ✓")

    page.route("**/save/", lambda route: route.abort())
    for position in (2, 3, 4):
        _answer(page, position)
    expect(status).to_have_text("offline — answers kept on this device")
    buffered = page.evaluate("Object.keys(JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])))")
    assert sorted(buffered) == ["2", "3", "4"]

    page.unroute("**/save/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text("saved ✓")
    _answer(page, 5)
    page.set_viewport_size({"width": 375, "height": 812})
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= 375, f"horizontal overflow at 375 px: {width}"
    page.get_by_role("button", name="Submit answers").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/summary/$"))
    expect(page.get_by_test_id("summary-answered")).to_have_text("5")
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.get_by_test_id("score")).to_be_visible()
    expect(page.get_by_text("Right answer")).to_have_count(0)

    attempt = Attempt.objects.get(exam=exam, user=learner)
    assert attempt.state == Attempt.State.SUBMITTED
    assert all(r.value is not None for r in attempt.responses.all())


def test_timer_runs_out_with_the_tab_closed_and_the_sweep_submits_at_the_deadline(
    page: Page, context: BrowserContext, live_site: LiveServer
) -> None:
    learner = _signed_in(context, live_site)
    exam = published_exam(questions=3, draw=3, time_limit_minutes=10, review_options=REVIEW_SCORE)
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start the exam").click()
    _answer(page, 1)
    expect(page.get_by_test_id("save-status")).to_have_text("saved ✓")
    page.close()

    attempt = Attempt.objects.get(exam=exam, user=learner)
    deadline = timezone.now() - timedelta(minutes=2)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    assert attempts_sweep.delay().get() == 1
    attempt.refresh_from_db()
    assert (attempt.state, attempt.submitted_at) == (Attempt.State.SUBMITTED, deadline)
    assert attempt.responses.get(position=1).value is not None

    again = context.new_page()
    again.goto(f"/exams/attempts/{attempt.pk}/")
    expect(again).to_have_url(f"{live_site.url}/exams/attempts/{attempt.pk}/result/")
    expect(again.get_by_test_id("score")).to_be_visible()
