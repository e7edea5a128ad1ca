"""On a 375×812 phone only the timer and the save status stay pinned; the navigator is a drawer."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [PHONE])
def test_pinned_bar_is_small_and_the_navigator_drawer_opens_and_navigates(
    page: Page, context: BrowserContext, live_site: LiveServer
) -> None:
    context.set_default_timeout(60_000)  # the CI box is shared; the first request compiles templates
    learner = UserFactory(roles=[Role.LEARNER])
    client = Client()
    client.force_login(learner)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}]
    )
    exam = published_exam(questions=25, draw=25, time_limit_minutes=60)
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_test_id("timer")).to_be_visible()

    page.mouse.wheel(0, 3000)
    page.wait_for_function("window.scrollY > 1000")
    bar = page.get_by_test_id("attempt-bar").bounding_box()
    assert bar is not None and bar["y"] <= 1, bar  # still pinned at the top
    assert bar["height"] <= 0.15 * PHONE["height"], bar
    title = page.locator(".exams-attempt-title").bounding_box()
    assert title is not None and title["y"] + title["height"] < 0, "the title scrolls away"
    navigator = page.get_by_test_id("navigator")
    expect(navigator).to_be_hidden()

    toggle = page.get_by_role("button", name="Questions")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(navigator).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#nav-1")).to_be_focused()
    page.keyboard.press("Escape")
    expect(navigator).to_be_hidden()
    expect(toggle).to_be_focused()

    toggle.click()
    page.locator("#nav-17").click()
    expect(navigator).to_be_hidden()
    expect(page).to_have_url(re.compile(r"#q-17$"))
    question = page.locator("#q-17").bounding_box()
    assert question is not None and 0 <= question["y"] < PHONE["height"], question
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= PHONE["width"], width
