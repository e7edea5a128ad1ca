"""The hiring manager's pipeline board and rater calibration fit a phone and show the lenient interviewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_email
from assessments.hiring.models import Requisition
from tests.e2e.helpers import sign_in
from tests.e2e.test_hiring_independent_scoring import PHONE

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE])
def test_board_and_calibration_fit_a_phone(
    page: Page, live_site: LiveServer, seeded: None, screenshot: Callable[[Page, str], Path]
) -> None:
    # The demo's past requisitions for the team are closed; the board to look at is the open one.
    requisition = Requisition.objects.get(team__slug="new-york-enterprise", status=Requisition.Status.OPEN)
    sign_in(page, demo_email("coach"))
    page.goto("/hiring/")
    page.get_by_role("link", name=requisition.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(requisition.title)
    expect(page.locator(".hiring-board-card").first).to_be_visible()
    overflow = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert overflow[0] <= PHONE["width"], f"board overflows at 375 px: {overflow}"
    screenshot(page, "hiring-board-375")

    page.get_by_role("link", name="Rater calibration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rater calibration")
    expect(page.locator(".badge.bad", has_text="lenient").first).to_be_visible()
    overflow = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert overflow[0] <= PHONE["width"], f"calibration overflows at 375 px: {overflow}"
    screenshot(page, "hiring-calibration-375")
