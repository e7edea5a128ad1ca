"""The Search button sits beside its input on the onboarding, library search and results pages, at 375 px too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 900}, {"width": 375, "height": 812}], ids=["1366", "375"]
)
def test_search_button_stays_on_the_inputs_row(
    page: Page,
    viewport: dict[str, int],
    live_site: LiveServer,
    screenshot: Callable[[Page, str], Path],
) -> None:
    client = Client()
    client.force_login(UserFactory(roles=[Role.LEARNER]))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_site.url,
            }
        ]
    )
    for name, path in [("onboarding", "/onboarding/"), ("search", "/onboarding/search/?q=pitch")]:
        page.goto(path)
        form = page.locator("main form[role=search]")
        box = form.locator("input[type=search]").bounding_box()
        button = form.get_by_role("button", name="Search").bounding_box()
        assert box and button, path
        assert abs(box["y"] - button["y"]) < 4 and button["x"] > box["x"] + box["width"] - 1, (
            path,
            box,
            button,
        )
        assert button["x"] + button["width"] <= viewport["width"], (path, button)
        screenshot(page, f"search-{name}-{viewport['width']}")
