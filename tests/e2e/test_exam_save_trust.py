"""Answers are trusted only once the server holds them: a device clock an hour ahead does not win over a later
change from another device, a conflict is shown, and one question that will not save blocks no other."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from accounts.roles import Role
from assessments.exams.models import Attempt, Response
from tests.factories.accounts import UserFactory
from tests.factories.exams import REVIEW_SCORE, published_exam

pytestmark = pytest.mark.e2e


def _sign_in(context: BrowserContext, live_site: LiveServer, learner: User) -> None:
    context.set_default_timeout(60_000)  # the CI box is shared; the first request compiles templates
    client = Client()
    client.force_login(learner)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}]
    )


def _choice(page: Page, position: int, index: int):  # type: ignore[no-untyped-def]
    return page.locator(f"#q-{position} input[type=radio]").nth(index)


def test_a_later_change_from_a_device_with_the_right_clock_wins(
    browser: Browser, page: Page, context: BrowserContext, live_site: LiveServer
) -> None:
    learner = UserFactory(roles=[Role.LEARNER])
    exam = published_exam(questions=3, draw=3, time_limit_minutes=30)
    now = timezone.now()

    _sign_in(context, live_site, learner)
    page.clock.set_fixed_time(now + timedelta(hours=1))  # device A's clock runs an hour ahead
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start the exam").click()
    _choice(page, 1, 0).check()
    expect(page.get_by_test_id("save-status")).to_have_text("saved ✓")
    attempt = Attempt.objects.get(exam=exam, user=learner)

    other = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-US", base_url=live_site.url
    )
    try:
        _sign_in(other, live_site, learner)
        device_b = other.new_page()
        device_b.clock.set_fixed_time(now)
        device_b.goto(f"/exams/attempts/{attempt.pk}/")
        expect(_choice(device_b, 1, 0)).to_be_checked()
        _choice(device_b, 1, 2).check()
        expect(device_b.get_by_test_id("save-status")).to_have_text("saved ✓")
        device_b.reload()
        expect(_choice(device_b, 1, 2)).to_be_checked()
    finally:
        other.close()
    assert Response.objects.get(attempt=attempt, position=1).value == 2

    # Device A still shows its own answer; changing it now is stale against B's: A shows the stored answer.
    # click, not check(): the page puts the stored answer back as soon as the server refuses, which can be before
    # Playwright looks whether the box it clicked stayed checked.
    _choice(page, 1, 1).click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Changed on another device")
    expect(page.get_by_test_id("question-status-1")).to_contain_text("changed on another device")
    expect(_choice(page, 1, 2)).to_be_checked()
    assert Response.objects.get(attempt=attempt, position=1).value == 2


def _answer_all(page: Page, positions: range) -> None:
    for position in positions:
        _choice(page, position, 0).check()


@pytest.mark.services
@pytest.mark.parametrize("status", [400, 500])
def test_a_question_that_will_not_save_blocks_no_other_and_submit_lists_it(
    page: Page, context: BrowserContext, live_site: LiveServer, status: int
) -> None:
    learner = UserFactory(roles=[Role.LEARNER])
    exam = published_exam(questions=6, draw=6, time_limit_minutes=30, review_options=REVIEW_SCORE)
    _sign_in(context, live_site, learner)

    def refuse_question_2(route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        if body.get("position") == 2 and "value" in body:
            route.fulfill(
                status=status, content_type="application/json", body=json.dumps({"error": "refused"})
            )
        else:
            route.continue_()

    page.route("**/save/", refuse_question_2)
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start the exam").click()
    _answer_all(page, range(1, 7))
    status_line = page.get_by_test_id("save-status")
    expect(status_line).to_have_text("Not saved: question 2")
    expect(page.get_by_test_id("question-status-2")).to_be_visible()
    attempt = Attempt.objects.get(exam=exam, user=learner)
    saved = dict(attempt.responses.values_list("position", "seq"))
    assert saved[2] == 0 and all(saved[p] > 0 for p in (1, 3, 4, 5, 6)), saved

    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(re.compile(r"/summary/\?unsaved=2$"))
    expect(page.get_by_test_id("summary-unsaved")).to_contain_text("Question 2")
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page).to_have_url(re.compile(r"/result/$"))
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    values = dict(attempt.responses.values_list("position", "value"))
    assert values[2] is None and all(values[p] is not None for p in (3, 4, 5, 6)), values
