"""A trainer uploads a tiny SCORM 1.2 package in the admin; a learner plays it in the lesson, the package calls
LMSSetValue('cmi.core.lesson_status', 'passed') and the lesson shows complete (on a phone and a laptop)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from courses.models import Enrollment, LessonProgress, ScormPackage
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.courses import course, learning_path, lesson
from tests.factories.scorm import scorm_zip

pytestmark = pytest.mark.e2e


def _sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/", timeout=60_000)
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 812}, {"width": 1366, "height": 900}])
def test_a_learner_plays_a_package_and_the_lesson_completes(
    page: Page, live_site, viewport, screenshot, tmp_path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    trainer = UserFactory(email="trainer@example.com", roles=[Role.TRAINER])
    learner = UserFactory(
        email="learner@example.com", first_name="Lea", last_name="Learner", roles=[Role.LEARNER]
    )
    zip_path = tmp_path / "tiny.zip"
    zip_path.write_bytes(scorm_zip(title="Tiny discovery package"))

    _sign_in(page, trainer.email)
    page.goto("/admin/snippets/courses/scormpackage/add/")
    page.locator("input[name=package]").set_input_files(str(zip_path))
    page.get_by_role("button", name=re.compile("Save")).first.click()
    expect(page.get_by_text("Tiny discovery package").first).to_be_visible()
    package = ScormPackage.objects.get()

    basics = course(title="Basics")
    item = lesson(course=basics, title="Discovery package", body=[{"type": "scorm", "value": package.pk}])
    Enrollment.objects.create(
        path=learning_path(courses=[(basics, 7)]), user=learner, start_date=dt.date.today()
    )

    page.context.clear_cookies()
    _sign_in(page, learner.email)
    page.goto(item.url)
    frame = page.frame_locator("[data-testid=scorm-frame]")
    expect(frame.locator("#state")).to_have_text("status set: passed")
    expect(page.get_by_test_id("scorm-status")).to_have_text("Completed")
    expect(page.get_by_role("button", name="Mark as complete")).to_be_hidden()
    screenshot(page, f"scorm-lesson-{viewport['width']}")
    progress = LessonProgress.objects.get(user=learner, lesson=item)
    assert progress.completed_at is not None
    assert progress.scorm_cmi["cmi.core.score.raw"] == "90"
    assert progress.scorm_cmi["cmi.core.lesson_location"] == "page-2"

    page.reload()
    expect(page.locator(".lesson-footer .badge")).to_have_text("Completed")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
