"""An admin adds a webhook endpoint from the menu, copies the secret shown once, and reads the delivery log."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from core.models import WebhookEndpoint
from core.webhooks import webhook_emit
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 812}, {"width": 1366, "height": 900}])
def test_an_admin_adds_an_endpoint_and_sees_its_log(
    page: Page, live_site, viewport, screenshot, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = True
    admin = UserFactory(email="admin@example.com", roles=[Role.ADMIN])
    page.goto("/accounts/login/", timeout=60_000)
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(admin.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    if viewport["width"] < 800:
        page.get_by_role("button", name=re.compile("Menu")).click()
    page.get_by_role("link", name="Webhooks").click()
    page.get_by_label("Endpoint URL").fill("http://127.0.0.1:8264/hook")
    page.get_by_label("A certification was issued").check()
    page.get_by_role("button", name="Add endpoint").click()
    secret = page.get_by_test_id("webhook-secret")
    endpoint = WebhookEndpoint.objects.get()
    expect(secret).to_have_text(endpoint.secret)

    webhook_emit(event="certification.issued", data={"certification_id": 1})
    page.reload()
    expect(page.get_by_test_id("webhook-secret")).to_have_count(0)
    expect(page.get_by_role("cell", name="certification.issued")).to_be_visible()
    screenshot(page, f"webhooks-endpoint-{viewport['width']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
