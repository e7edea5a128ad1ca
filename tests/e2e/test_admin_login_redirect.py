"""Nobody reaches the Wagtail admin anonymously: /admin/ sends the browser to allauth's sign-in page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_anonymous_admin_visit_lands_on_the_allauth_login_page(page: Page) -> None:
    page.goto("/admin/")

    url = urlsplit(page.url)
    assert url.path == "/accounts/login/"
    assert parse_qs(url.query).get("next") == ["/admin/"]
    expect(page.locator("form input[name=login]")).to_be_visible()
    expect(page.locator("form input[name=password]")).to_be_visible()
