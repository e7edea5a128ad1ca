"""An interviewer scores independently (others' scorecards appear only after submitting); the hiring manager hires."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_email
from accounts.models import Membership, User
from assessments.hiring.models import Interview, Scorecard, Stage
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [PHONE])
def test_interviewer_scores_blind_then_sees_the_panel_and_the_hiring_manager_hires(
    page: Page, live_site: LiveServer, seeded: None, screenshot: Callable[[Page, str], Path]
) -> None:
    coach = User.objects.get(email=demo_email("coach"))  # interviewer and hiring manager for New York
    interview = (
        Interview.objects.filter(interviewer=coach, scorecard__isnull=True, candidate__stage=Stage.INTERVIEWS)
        .select_related("candidate__requisition__team")
        .order_by("candidate_id")
        .first()
    )
    assert interview is not None, "the demo leaves the hiring manager's scorecards to do"
    candidate = interview.candidate
    others = Scorecard.objects.filter(candidate=candidate, submitted_at__isnull=False).count()
    assert others >= 1

    sign_in(page, demo_email("coach"))
    page.goto(f"/hiring/candidates/{candidate.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(candidate.name)
    expect(page.get_by_role("note")).to_contain_text("after you submit your own")
    expect(page.locator("[data-scorecard]")).to_have_count(0)
    # The API refuses the same information, not just the template.
    api = page.request.get(f"/hiring/candidates/{candidate.pk}/scorecards.json").json()
    assert api["scorecards"] == []

    page.get_by_role("link", name="Score this candidate").first.click()
    expect(page).to_have_url(re.compile(r"/scorecard/$"))
    overflow = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert overflow[0] <= PHONE["width"], f"horizontal overflow at 375 px: {overflow}"
    for fieldset in page.locator("fieldset:has(input[name^=rating_])").all():
        fieldset.locator("input[type=radio][value='4']").check()
        fieldset.locator("textarea").fill("Clear, specific examples.")
    page.get_by_role("radio", name="Yes", exact=True).check()
    screenshot(page, "hiring-scorecard-375")
    page.get_by_role("button", name="Submit scorecard").click()

    expect(page).to_have_url(f"{live_site.url}/hiring/candidates/{candidate.pk}/")
    expect(page.locator("[data-scorecard]")).to_have_count(others + 1)
    expect(page.get_by_role("heading", name="Scores")).to_be_visible()

    decision = page.locator("form[action$='/decision/']")
    decision.get_by_label("Decision").select_option(Stage.HIRED)
    decision.get_by_label("Reason").fill("Strong, consistent panel.")
    decision.get_by_role("button", name="Record decision").click()
    expect(page.locator(".message.success")).to_contain_text("Hired.")
    screenshot(page, "hiring-candidate-hired-375")

    candidate.refresh_from_db()
    learner = candidate.user
    assert learner is not None and learner.groups.filter(name="learner").exists()
    assert Membership.objects.filter(user=learner, org_unit=candidate.requisition.team).exists()
    assert learner.enrollments.exists(), "the team's onboarding path was not assigned to the new hire"
    page.goto("/onboarding/team/")
    expect(page.locator("main")).to_contain_text(learner.last_name)
