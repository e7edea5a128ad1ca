"""A demo learner opens their next lesson, marks it complete, and watches the progress bars move."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import demo_email
from accounts.models import User
from courses.selectors import onboarding_for
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [PHONE])
def test_learner_completes_a_lesson_and_the_progress_bar_moves(page: Page, seeded: None, screenshot) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, demo_email("learner"))
    page.goto("/onboarding/")
    path_label = page.get_by_test_id("path-progress-label").first
    learner = User.objects.get(email=demo_email("learner"))
    before = onboarding_for(learner)[
        0
    ].percent  # what the demo left: lessons and a passed exam, weighed by step
    expect(path_label).to_have_text(f"{before}% complete")
    screenshot(page, "courses-my-onboarding-375")

    page.locator("main a.button").first.click()  # the next lesson
    expect(page.get_by_test_id("course-progress-label")).to_have_text("40% of this course done")
    bar = page.get_by_test_id("course-progress")
    expect(bar).to_have_attribute("aria-valuenow", "40")

    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_test_id("course-progress-label")).to_have_text("60% of this course done")
    expect(bar).to_have_attribute("aria-valuenow", "60")
    expect(page.get_by_text("Completed", exact=True)).to_be_visible()
    screenshot(page, "courses-lesson-complete-375")

    page.goto("/onboarding/")
    after = onboarding_for(learner)[0].percent
    assert after > before  # one more lesson of 25 moves a path of 11 steps
    expect(page.get_by_test_id("path-progress-label").first).to_have_text(f"{after}% complete")
