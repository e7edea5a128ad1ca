"""A stranger applies on the careers site (no account), at 1366 and 375 px, in English and Chinese; the recruiter
finds the public link on the board, copies it, and sees the applicant under Applied."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.demo import DEMO_PASSWORD, demo_email
from assessments.hiring.applications import requisitions_open_for_applications
from assessments.hiring.models import Candidate, SelfIdentification

pytestmark = pytest.mark.e2e

WIDTHS = {1366: {"width": 1366, "height": 900}, 375: {"width": 375, "height": 812}}


def _no_overflow(page: Page) -> None:
    sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"horizontal overflow: {sizes}"


def test_a_stranger_applies_on_a_phone_and_a_desktop(  # type: ignore[no-untyped-def]
    browser: Browser,
    live_site: LiveServer,
    seeded: None,
    settings,
    screenshot: Callable[[Page, str], Path],
) -> None:
    # One the demo recruiter runs, so the same requisition's board shows them the public link.
    requisition = (
        requisitions_open_for_applications()
        .filter(recruiter__email=demo_email("recruiter"))
        .order_by("title", "id")
        .first()
    )
    assert requisition is not None
    # One seeded demo for all four runs (seeding is the slow part).
    for language, (width, viewport) in [(lang, w) for lang in ("en", "zh-hans") for w in WIDTHS.items()]:
        context = browser.new_context(
            viewport=viewport, locale="zh-CN" if language == "zh-hans" else "en-US", base_url=live_site.url
        )
        context.add_cookies([{"name": "django_language", "value": language, "url": live_site.url}])
        page = context.new_page()
        suffix = f"{width}-{language}"
        page.goto("/careers/", timeout=60_000)
        expect(page.locator(f"a[href='/careers/{requisition.pk}/']").first).to_be_visible()
        _no_overflow(page)
        screenshot(page, f"careers-list-{suffix}")

        page.locator(f"a.button[href='/careers/{requisition.pk}/']").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(requisition.title)
        # Sent empty: every missing field is named, in a summary that links to it.
        page.locator("form button[type=submit]").click()
        expect(page.locator(".hiring-apply-errors li")).to_have_count(4)
        _no_overflow(page)
        screenshot(page, f"careers-apply-errors-{suffix}")

        email = f"applicant-{suffix}@example.com"
        page.locator("input[name=name]").fill(f"Applicant {suffix}")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=cv]").set_input_files(
            files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 a real enough CV"}]
        )
        page.locator("input[name=consent]").check()
        expect(page.locator(".hiring-apply-trap input")).not_to_be_in_viewport()
        page.locator("form button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/careers/{requisition.pk}/self-identification/$"))
        _no_overflow(page)
        screenshot(page, f"careers-self-identification-{suffix}")

        page.locator("select[name=sex]").select_option("female")
        page.locator("input[name=race_ethnicity][value=asian]").check()
        page.locator("input[name=consent]").check()
        page.locator("form button[type=submit]:not([name=skip])").click()
        expect(page).to_have_url(re.compile(rf"/careers/{requisition.pk}/thanks/$"))
        _no_overflow(page)
        screenshot(page, f"careers-thanks-{suffix}")
        context.close()

        candidate = Candidate.objects.get(requisition=requisition, email=email)
        assert candidate.source == Candidate.Source.CAREERS_SITE
        assert SelfIdentification.objects.get(candidate=candidate).race_ethnicity == "asian"

    settings.RAMPWAY_ENFORCE_MFA = False  # the recruiter would otherwise enrol an authenticator first
    context = browser.new_context(viewport=WIDTHS[1366], locale="en-US", base_url=live_site.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)
    page = context.new_page()
    page.goto("/accounts/login/", timeout=60_000)
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(demo_email("recruiter"))
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/hiring/requisitions/{requisition.pk}/")
    link = page.locator("#hiring-public-link")
    expect(link).to_have_value(f"{live_site.url}/careers/{requisition.pk}/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_site.url}/careers/{requisition.pk}/"
    screenshot(page, "careers-board-link")
    applicant = Candidate.objects.get(requisition=requisition, email="applicant-1366-en@example.com")
    page.goto(f"/hiring/candidates/{applicant.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(applicant.name)
    expect(page.locator("main")).to_contain_text("Careers site")
    expect(page.locator("main")).not_to_contain_text("Asian")
    context.close()
