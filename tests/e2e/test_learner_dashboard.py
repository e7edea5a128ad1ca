"""A demo learner signs in, sees their dashboard, uses it on a phone, and switches it to Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.demo import DEMO_PASSWORD, demo_email

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/")
    page.locator("main").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()


def _open_menu(page: Page) -> None:
    page.locator("button.menu-toggle").click()
    expect(page.locator("button.menu-toggle")).to_have_attribute("aria-expanded", "true")


def test_learner_signs_in_and_uses_the_dashboard_on_a_phone_and_in_chinese(
    page: Page, live_site: LiveServer, seeded: None, screenshot: Callable[[Page, str], Path]
) -> None:
    _sign_in(page, demo_email("learner"), DEMO_PASSWORD)

    expect(page).to_have_url(f"{live_site.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Lucy Learner")
    expect(page.get_by_role("heading", name="My onboarding")).to_be_visible()
    css = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert css == "rgb(29, 36, 51)", "rampway.css was not served by the live server"
    screenshot(page, "dashboard-1280")

    page.set_viewport_size(PHONE)
    overflow = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert overflow[0] <= PHONE["width"], f"horizontal overflow at 375 px: {overflow}"
    nav = page.locator("header nav")  # its accessible name is translated too
    expect(nav).to_be_hidden()
    screenshot(page, "dashboard-375")
    _open_menu(page)
    expect(nav.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(nav.get_by_role("link", name="My account")).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    screenshot(page, "dashboard-375-menu")

    with page.expect_navigation():
        page.locator("#lang-select").select_option("zh-hans")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _open_menu(page)
    expect(nav.get_by_role("link", name="仪表板")).to_be_visible()
    expect(nav.get_by_role("button", name="退出登录")).to_be_visible()
    screenshot(page, "dashboard-375-zh-hans-menu")


def test_wide_screen_shows_the_navigation_without_opening_the_menu(page: Page, seeded: None) -> None:
    _sign_in(page, demo_email("learner"), DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Lucy Learner")

    expect(page.locator("button.menu-toggle")).to_be_hidden()
    expect(page.locator("header nav").get_by_role("link", name="Dashboard")).to_be_visible(timeout=2_000)
