"""In the browser: a practice attempt checks one answer at a time; a sequential exam only moves forward."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from accounts.roles import Role
from assessments.exams.models import Attempt
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.e2e


def _signed_in(context: BrowserContext, live_site: LiveServer) -> User:
    context.set_default_timeout(30_000)
    learner = UserFactory(roles=[Role.LEARNER])
    client = Client()
    client.force_login(learner)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}]
    )
    return learner


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 812}])
def test_practice_check_shows_feedback_for_that_question_only(
    page: Page, context: BrowserContext, live_site: LiveServer
) -> None:
    learner = _signed_in(context, live_site)
    exam = published_exam(questions=2, draw=2, practice=True, time_limit_minutes=None)
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start the exam").click()
    attempt = Attempt.objects.get(exam=exam, user=learner)
    first = attempt.responses.select_related("version").get(position=1)
    right_text = first.version.data["answers"][0]["text"]

    page.locator("#q-1").get_by_label(right_text).check()
    expect(page.get_by_test_id("save-status")).to_have_text("saved ✓")
    page.locator("#q-1").get_by_role("button", name="Check answer").click()
    result = page.get_by_test_id("check-result-1")
    expect(result).to_contain_text("Right")
    expect(result).to_contain_text(f"{right_text} is right")
    expect(page.get_by_test_id("check-result-2")).to_be_hidden()

    page.locator("#q-2").get_by_role("button", name="Check answer").click()
    expect(page.get_by_test_id("check-result-2")).to_have_text("Answer the question first, then check it.")


def test_sequential_exam_moves_forward_only(
    page: Page, context: BrowserContext, live_site: LiveServer
) -> None:
    learner = _signed_in(context, live_site)
    exam = published_exam(questions=3, draw=3, navigation="sequential")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_test_id("sequential-position")).to_contain_text("Question 1 of 3")
    page.locator("#q-1 input[type=radio]").first.check()
    page.get_by_role("button", name="Next question").click()
    expect(page.get_by_test_id("sequential-position")).to_contain_text("Question 2 of 3")
    expect(page.locator("#q-1")).to_have_count(0)
    attempt = Attempt.objects.get(exam=exam, user=learner)
    assert attempt.furthest_position == 2
    assert attempt.responses.get(position=1).value is not None
