"""The site header stays whole on hiring pages: brand, navigation and language menu can be seen and hit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_email
from assessments.hiring.models import Candidate
from tests.e2e.helpers import sign_in
from tests.e2e.test_hiring_independent_scoring import PHONE

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}


def _on_top(locator: Locator) -> bool:
    """True if the element's centre is on screen and the element itself (not a clipping parent) is hit there."""
    return bool(
        locator.evaluate(
            """el => { const r = el.getBoundingClientRect();
                       if (r.width < 1 || r.height < 1) return false;
                       const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                       return hit !== null && el.contains(hit); }"""
        )
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "375"])
def test_brand_navigation_and_language_menu_show_on_hiring_pages(
    page: Page,
    viewport: dict[str, int],
    live_site: LiveServer,
    seeded: None,
    screenshot: Callable[[Page, str], Path],
) -> None:
    candidate = Candidate.objects.filter(requisition__team__slug="new-york-enterprise").order_by("pk").first()
    assert candidate is not None
    sign_in(page, demo_email("coach"))
    for name, path in [
        ("home", "/hiring/"),
        ("board", f"/hiring/requisitions/{candidate.requisition_id}/"),
        ("candidate", f"/hiring/candidates/{candidate.pk}/"),
    ]:
        page.goto(path)
        header = page.locator("header.site-header")
        expect(header.get_by_role("link", name="Rampway")).to_be_visible()
        assert _on_top(header.get_by_role("link", name="Rampway")), f"brand hidden on {path}"
        assert _on_top(header.locator("#lang-select")), f"language menu hidden on {path}"
        if viewport["width"] < 760:
            toggle = header.get_by_role("button", name="Menu")
            assert _on_top(toggle), f"menu button hidden on {path}"
            toggle.click()
        sign_out = header.get_by_role("button", name="Sign out")
        expect(sign_out).to_be_visible()
        assert _on_top(header.get_by_role("link", name="My account")), f"navigation hidden on {path}"
        screenshot(page, f"hiring-{name}-header-{viewport['width']}")
