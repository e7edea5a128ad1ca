"""What many browser tests do first: sign in through the real login form."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in on the login page and wait to leave it. The first request warms a cold live server (static file
    scan, template loading), and on a busy machine that takes a while: it gets a minute."""
    page.goto("/accounts/login/", timeout=60_000)
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
