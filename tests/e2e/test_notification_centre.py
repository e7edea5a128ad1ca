"""On a phone, a demo learner sees the bell's unread count, opens the notification centre and marks all read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD, demo_email
from accounts.models import User
from core.notifications import notify

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_learner_reads_their_notifications_on_a_phone(page: Page, seeded: None, screenshot) -> None:  # type: ignore[no-untyped-def]
    learner = User.objects.get(email=demo_email("learner"))
    for i in range(2):
        notify(
            recipient=learner,
            kind="courses.step_reminder",
            event_key=f"e2e:{i}",
            title=f"Two onboarding steps are due this week ({i})",
            body="Objection handling is due on Friday; the pricing course is overdue since Monday.",
            link="/onboarding/",
        )
    page.goto("/accounts/login/", timeout=60_000)
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(demo_email("learner"))
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.locator(".site-header button.menu-toggle").click()
    bell = page.locator(".site-header a.notification-bell")
    expect(bell).to_contain_text("2 unread")
    bell.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    screenshot(page, "notifications-375")

    page.get_by_role("button", name="Mark all as read").click()
    page.locator(".site-header button.menu-toggle").click()
    expect(page.locator(".site-header a.notification-bell")).to_contain_text("0 unread")
