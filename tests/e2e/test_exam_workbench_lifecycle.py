"""Issue 16's "done when", in Chromium through the product's pages: trainer A imports a GIFT bank, edits a
question in the bank browser, trainer B approves, A builds an exam whose rules overlap (a category and its
subcategory) and publishes it, learners take it, A finds the miskeyed item on the item-analysis page, fixes the
key, sees the regrade dry run and applies it, and the learner's result and certification change and they are
told in the notification centre."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from accounts.roles import Role
from assessments.exams.models import Attempt, Certification, Exam, Question
from tests.factories.accounts import UserFactory
from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.e2e

GIFT = """$CATEGORY: Products

::P1 Pricing:: Which plan is billed per seat? {=Team ~Flat ~Lifetime}

::P2 ARR:: What does ARR stand for? {=Annual recurring revenue ~Average revenue rate ~Annual run rate}

$CATEGORY: Products/Cloud

::C1 Residency:: Where is customer data stored by default? {=In the EU region ~On the laptop ~On paper}

::C2 Backups:: How often are cloud backups taken? {=Every hour ~Every year ~Never}

::C3 SSO:: Which plan includes single sign-on? {=Starter ~Enterprise ~Free}
"""
# question text fragment → (the truly right answer, a wrong one). C3 is miskeyed: its key says "Starter".
TRUTH = {
    "billed per seat": ("Team", "Flat"),
    "ARR stand for": ("Annual recurring revenue", "Annual run rate"),
    "customer data stored": ("In the EU region", "On paper"),
    "cloud backups": ("Every hour", "Never"),
    "single sign-on": ("Enterprise", "Starter"),
}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


def _as(context: BrowserContext, live_site: LiveServer, user: User) -> None:
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}]
    )


def _no_overflow(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"horizontal overflow: {widths}"


def _take_exam(page: Page, slug: str, *, truthful: bool) -> None:
    """Truthful: the right answer everywhere (so the miskeyed item is marked wrong); else wrong everywhere, except
    the miskeyed item's keyed answer."""
    page.goto(f"/exams/{slug}/")
    page.get_by_role("button", name="Start the exam").click()
    expect(page).to_have_url(re.compile(r"/exams/attempts/\d+/$"))
    questions = page.locator("section.exams-question")
    expect(questions).to_have_count(5)
    for i in range(5):
        question = questions.nth(i)
        text = question.locator(".exams-question-text").inner_text()
        (right, wrong), *_ = [answers for fragment, answers in TRUTH.items() if fragment in text]
        question.locator("label.exams-choice", has_text=right if truthful else wrong).locator("input").check()
    expect(page.get_by_test_id("save-status")).to_have_text("saved ✓")
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page).to_have_url(re.compile(r"/result/$"))


def test_from_a_gift_file_to_a_regraded_certification(
    page: Page, context: BrowserContext, live_site: LiveServer, screenshot
) -> None:  # type: ignore[no-untyped-def]
    context.set_default_timeout(60_000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(DESKTOP)
    bank = QuestionBankFactory(name="Sales bank", slug="sales-bank")
    tina = UserFactory(roles=[Role.TRAINER], first_name="Tina", last_name="Author")
    bob = UserFactory(roles=[Role.TRAINER], first_name="Bob", last_name="Reviewer")
    alice = UserFactory(roles=[Role.LEARNER], first_name="Alice", last_name="Learner")
    lena = UserFactory(roles=[Role.LEARNER], first_name="Lena", last_name="Guesser")

    # Trainer A imports the GIFT file from the workbench.
    _as(context, live_site, tina)
    page.goto("/exams/workbench/")
    page.get_by_role("link", name="Import questions").first.click()
    page.get_by_label("Question bank").select_option(label="Sales bank")
    page.get_by_label("Format").select_option(label="GIFT")
    page.get_by_label("File").set_input_files(
        {"name": "sales.gift", "mimeType": "text/plain", "buffer": GIFT.encode()}
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Which plan includes single sign-on?")).to_be_visible()
    screenshot(page, "lifecycle-01-upload-preview-1366")
    page.get_by_role("button", name="Save these questions as drafts").click()
    assert Question.objects.filter(bank=bank).count() == 5

    # … reviews and edits a question in the bank browser: the edit is a new version.
    page.goto("/exams/workbench/")
    page.get_by_role("link", name="Sales bank").click()
    page.get_by_role("link", name="P2 ARR").click()
    page.get_by_label("Question text").fill("What does ARR stand for in a subscription business?")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("question-history")).to_contain_text("2")
    assert Question.objects.get(bank=bank, name="P2 ARR").versions.count() == 2
    screenshot(page, "lifecycle-02-question-edited-1366")

    # Trainer B approves everything awaiting review (A may not approve A's own questions).
    _as(context, live_site, bob)
    page.goto("/exams/workbench/")
    page.get_by_role("link", name="Awaiting my review").first.click()
    screenshot(page, "lifecycle-03-review-1366")
    approve = page.get_by_role("button", name="Approve")
    for _ in range(5):
        approve.first.click()
        page.wait_for_load_state()
    expect(approve).to_have_count(0)
    assert Question.objects.filter(bank=bank, status=Question.Status.APPROVED).count() == 5

    # A builds an exam whose rules overlap: 3 from Products (with Cloud inside it) and 2 from Products/Cloud.
    _as(context, live_site, tina)
    page.goto("/exams/workbench/")
    page.get_by_role("link", name="New exam").first.click()
    page.get_by_label("Title (English)").fill("Cloud certification")
    page.get_by_label("Slug").fill("cloud-cert")
    page.get_by_label("Bank").select_option(label="Sales bank")
    page.get_by_label("Pass mark (%)").fill("90")
    page.get_by_label("Issues a certification").check()
    page.get_by_label("Certification valid for (months)").fill("12")
    page.get_by_role("button", name="Create the draft").click()
    rows = page.locator("tr.exams-wb-rule")
    rows.nth(0).locator("select").first.select_option(label="Products")
    rows.nth(0).locator("input[name$=count]").fill("3")
    rows.nth(1).locator("select").first.select_option(label="— Cloud")
    rows.nth(1).locator("input[name$=count]").fill("2")
    page.get_by_test_id("exam-builder").get_by_role("button", name="Save").click()
    expect(page.get_by_text("5 approved questions available")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("exam-state")).to_contain_text("Published")
    screenshot(page, "lifecycle-04-exam-published-1366")
    exam = Exam.objects.get(slug="cloud-cert")
    assert exam.status == Exam.Status.PUBLISHED

    # Learners take it: Alice answers truthfully (the miskeyed item marks her wrong: 80 %, below the 90 % pass
    # mark); Lena guesses wrong everywhere but hits the miskeyed key.
    _as(context, live_site, alice)
    page.set_viewport_size(PHONE)
    _take_exam(page, exam.slug, truthful=True)
    expect(page.get_by_test_id("score")).to_contain_text("80")
    _no_overflow(page)
    screenshot(page, "lifecycle-05-result-before-375")
    page.set_viewport_size(DESKTOP)
    _as(context, live_site, lena)
    _take_exam(page, exam.slug, truthful=False)
    first = Attempt.objects.get(exam=exam, user=alice)
    assert (first.score, first.passed) == (80.0, False)
    assert not Certification.objects.filter(user=alice).exists()

    # A finds the miskeyed item on the item-analysis page (negative discrimination) and opens it from there.
    _as(context, live_site, tina)
    page.goto("/exams/workbench/")
    page.get_by_role("link", name="Cloud certification").click()
    page.get_by_role("link", name="Item analysis").click()
    flagged = page.locator("tr", has=page.get_by_role("link", name="C3 SSO"))
    expect(flagged.locator(".badge.bad")).to_be_visible()
    screenshot(page, "lifecycle-06-item-analysis-1366")
    flagged.get_by_role("link", name="C3 SSO").click()
    answers = page.get_by_role("textbox", name="Answers")
    fixed = re.sub(r"^100 \| Starter", "0 | Starter", answers.input_value(), flags=re.M)
    fixed = re.sub(r"^0 \| Enterprise", "100 | Enterprise", fixed, flags=re.M)
    assert fixed != answers.input_value()
    answers.fill(fixed)
    page.get_by_role("button", name="Save").click()
    assert Question.objects.get(bank=bank, name="C3 SSO").versions.count() == 2

    # B approves the fixed question again, so the published exam's pool stays whole.
    _as(context, live_site, bob)
    page.goto("/exams/workbench/review/")
    page.get_by_role("button", name="Approve").first.click()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    # The regrade dry run lists both attempts; applying it changes Alice's verdict.
    _as(context, live_site, tina)
    page.goto("/exams/workbench/")
    page.get_by_role("link", name="Cloud certification").click()
    page.get_by_role("link", name="Regrade").click()
    table = page.locator("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tr", has_text="Alice")).to_contain_text("100.0%")
    screenshot(page, "lifecycle-07-regrade-dry-run-1366")
    page.get_by_role("button", name="Apply the regrade").click()
    regraded = Attempt.objects.get(pk=first.pk)
    assert (regraded.score, regraded.passed) == (100.0, True)
    assert Certification.objects.filter(user=alice, exam=exam, status=Certification.Status.VALID).exists()

    # Alice is told: the bell counts it, the notification centre says what changed and links to her result.
    _as(context, live_site, alice)
    page.set_viewport_size(PHONE)
    page.goto("/dashboard/")
    page.locator(".site-header button.menu-toggle").click()  # at 375 px the header's links are in the menu
    bell = page.locator(".site-header a.notification-bell")
    expect(bell).to_contain_text(re.compile(r"[1-9]\d* unread"))
    bell.click()
    expect(page.get_by_text("Your result for Cloud certification has changed").first).to_be_visible()
    _no_overflow(page)
    screenshot(page, "lifecycle-08-notified-375")
    page.goto(f"/exams/attempts/{first.pk}/result/")
    expect(page.get_by_test_id("score")).to_contain_text("100")
    screenshot(page, "lifecycle-09-result-after-375")
