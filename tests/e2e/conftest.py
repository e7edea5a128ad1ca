"""Browser fixtures: one headless system Chromium per session, a fresh context per test, the seeded demo."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse to run here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Nothing but the live server resolves, so a page that reaches for a CDN or gravatar fails fast (and is
    # reported by the test that watches requests) instead of hanging on a machine without internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SHOTS_DIR = Path(os.environ.get("RAMPWAY_SHOTS_DIR", "/tmp/rampway-shots"))  # outside the repo on purpose


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Never `playwright install`: the system Chromium is the one we test against.
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    """Override per test, e.g. `@pytest.mark.parametrize("viewport", [{"width": 375, "height": 812}])`."""
    return {"width": 1280, "height": 800}


@pytest.fixture
def live_site(live_server: LiveServer, django_db_serialized_rollback: None) -> LiveServer:
    """The live server over a database that each test gets back as migrated (HomePage, Site, groups).

    live_server implies transactional_db, which empties every table after a test; serialized rollback
    restores the rows that migrations created, so the Wagtail site root exists in every test.
    """
    return live_server


@pytest.fixture
def context(browser: Browser, viewport: dict[str, int], live_site: LiveServer) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=viewport, locale="en-US", base_url=live_site.url)
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def seeded(live_site: LiveServer) -> None:
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """screenshot(page, "dashboard-375") → a full-page PNG under SHOTS_DIR, for a person to look at."""

    def take(page: Page, name: str) -> Path:
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        path = SHOTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
