"""A path of a course then an exam: the course unlocks the exam, passing it completes the path, and a trainer's
material change to the pricing section the exam tests puts a recertification step on the path — in Chinese for
a learner whose preferred language is Chinese. At 1366 and 375 px."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from assessments.exams.models import Certification, Question
from courses.blocks import SECTIONS
from courses.models import LearningPathStep, RecertificationStep
from courses.services import learning_path_assign, lesson_complete
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.courses import course, learning_path, lesson, product_page
from tests.factories.exams import published_exam

pytestmark = pytest.mark.e2e

WIDTHS = (1366, 375)


def _sign_in(page: Page, email: str) -> None:
    page.context.clear_cookies()
    # The first request warms a cold live server (static file scan, template loading): allow it longer.
    page.goto("/accounts/login/", timeout=60_000)
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _look(page: Page, screenshot: Callable[[Page, str], Path], name: str) -> None:
    """Screenshot at both widths; at 375 px nothing may scroll sideways."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{name}: horizontal overflow at {width} px ({scroll} > {client})"
    page.set_viewport_size({"width": 1366, "height": 900})


def _rich_text(page: Page, field_id: str, text: str) -> None:
    page.locator(f"#{field_id}").locator("xpath=..").locator("[contenteditable=true]").first.click()
    page.keyboard.press("End")
    page.keyboard.type(text)
    # Draftail copies its content into the hidden input asynchronously: wait until the form holds the text.
    expect(page.locator(f"#{field_id}")).to_have_value(re.compile(re.escape(text)))


def test_course_unlocks_the_exam_passing_completes_the_path_and_a_pricing_change_assigns_recertification(
    page: Page, live_site, screenshot, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False  # trainer and analyst would otherwise enrol an authenticator first
    trainer = UserFactory(email="tess@example.com", roles=[Role.TRAINER], first_name="Tess")
    UserFactory(email="ana@example.com", roles=[Role.ANALYST], first_name="Ana")
    ledgerly = product_page(title="Ledgerly", content_owner=trainer)
    basics = course(title="Ledgerly basics")
    lesson(
        course=basics,
        title="How Ledgerly is priced",
        owner=trainer,
        body=[{"type": "section_reference", "value": {"page": ledgerly.pk, "section": "pricing"}}],
    )
    exam = published_exam(
        title="Ledgerly pricing certification", questions=4, draw=4, certifying=True, created_by=trainer
    )
    Question.objects.filter(bank=exam.bank).update(
        content_page=ledgerly, content_section="pricing", author=trainer
    )
    path = learning_path(name="Ledgerly onboarding", courses=[(basics, 7)])
    LearningPathStep.objects.create(
        path=path, sort_order=1, kind="exam", exam=exam, due_offset_days=14, requires_earlier=True
    )
    start = timezone.localdate() - dt.timedelta(days=3)
    sam = UserFactory(email="sam@example.com", first_name="Sam", start_date=start)
    mei = UserFactory(email="mei@example.com", first_name="Mei", start_date=start, language="zh-hans")
    learning_path_assign(path=path, users=[sam, mei])
    # Mei is already through: her lesson is done and she holds the certificate.
    for finished in basics.get_children().specific():
        lesson_complete(user=mei, lesson=finished)
    Certification.objects.create(user=mei, exam=exam, code="MEIC23456789", issued_at=timezone.now())

    # Sam: the exam waits for the course.
    _sign_in(page, "sam@example.com")
    page.goto("/onboarding/")
    exam_step = page.locator("[data-testid=path-step][data-step-kind=exam]")
    expect(exam_step.get_by_test_id("step-locked")).to_be_visible()
    expect(exam_step.get_by_test_id("unlocks-when")).to_contain_text("Ledgerly basics")
    expect(exam_step.get_by_test_id("start-exam")).to_have_count(0)
    expect(page.get_by_test_id("path-progress-label")).to_have_text("0% complete")
    _look(page, screenshot, "path-exam-locked")

    page.get_by_role("link", name="How Ledgerly is priced").first.click()
    expect(page.get_by_text("Per entity per month.")).to_be_visible()  # the pricing section, shown live
    page.get_by_role("button", name="Mark as complete").click()
    page.goto("/onboarding/")
    expect(page.get_by_test_id("path-progress-label")).to_have_text("50% complete")
    expect(exam_step.get_by_test_id("step-locked")).to_have_count(0)
    expect(exam_step.get_by_test_id("attempts-left")).to_have_text("2 attempts left")
    _look(page, screenshot, "path-exam-unlocked")

    # Sam passes the exam: the path is complete.
    page.on("dialog", lambda dialog: dialog.accept())
    exam_step.get_by_test_id("start-exam").click()
    expect(page).to_have_url(re.compile(r"/exams/attempts/\d+/$"))
    for position in range(1, 5):
        page.locator(f"#q-{position} label.exams-choice", has_text="RIGHT-").click()
        expect(page.get_by_test_id("save-status")).to_have_text("saved ✓")
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page).to_have_url(re.compile(r"/result/$"))
    page.goto("/onboarding/")
    expect(page.get_by_test_id("path-progress-label")).to_have_text("100% complete")
    expect(page.get_by_text("Path complete")).to_be_visible()
    expect(page.get_by_test_id("recertification-step")).to_have_count(0)
    _look(page, screenshot, "path-complete")

    # The trainer changes the pricing notes and marks the publication a material change; the lead approves.
    _sign_in(page, "tess@example.com")
    page.goto(f"/admin/pages/{ledgerly.pk}/edit/")
    _rich_text(page, "body-8-value-notes", " Annual plans save 15 %.")
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_material_change").check()
    page.locator("#id_material_change_summary").fill("Annual plans are now 15 % cheaper.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Enablement review")).click()
    expect(page.get_by_text(re.compile("submitted for moderation|submitted to"))).to_be_visible()

    _sign_in(page, "ana@example.com")
    page.goto(f"/admin/pages/{ledgerly.pk}/edit/")
    approve = page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    if not approve.is_visible():
        page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        approve.click()

    assert RecertificationStep.objects.filter(exam=exam, closed_at__isnull=True).count() == 2
    # The trainer owns the lesson and the questions on the pricing section: one notice, naming pricing alone
    # (the editor re-saved every rich text of the page, the overview included, without changing it).
    _sign_in(page, "tess@example.com")
    page.goto("/notifications/")
    notices = page.locator("li.core-notification")
    expect(notices).to_have_count(1)
    labels = {name: str(block.meta.label) for name, block in SECTIONS}
    expect(notices).to_contain_text(f"Sections changed: {labels['pricing']}")
    expect(notices).not_to_contain_text(labels["overview"])
    expect(notices).to_contain_text("How Ledgerly is priced")
    _look(page, screenshot, "path-recertification-trainer-notice")
    _sign_in(page, "sam@example.com")
    page.goto("/onboarding/")
    recert = page.get_by_test_id("recertification-step")
    expect(recert).to_contain_text("Recertification: Ledgerly pricing certification")
    expect(recert).to_contain_text("Annual plans are now 15 % cheaper.")
    expect(recert.get_by_test_id("start-recertification")).to_have_text("Retake the exam")
    _look(page, screenshot, "path-recertification-en")

    # Mei signs in: her preferred language is Chinese, and so is her recertification step.
    _sign_in(page, "mei@example.com")
    page.goto("/onboarding/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    recert = page.get_by_test_id("recertification-step")
    expect(recert).to_contain_text("重新认证：Ledgerly pricing certification")
    expect(recert).to_contain_text("需重新认证")
    expect(recert.get_by_test_id("start-recertification")).to_have_text("重新参加考试")
    _look(page, screenshot, "path-recertification-zh")
