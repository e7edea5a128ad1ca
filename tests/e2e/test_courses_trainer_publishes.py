"""A trainer writes a product page in Wagtail admin and submits it; the enablement lead approves; it goes live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import demo_email
from courses.models import LibraryIndexPage, ProductPage
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e


def _rich_text(page: Page, field_id: str, text: str) -> None:
    page.locator(f"#{field_id}").locator("xpath=..").locator("[contenteditable=true]").first.click()
    page.keyboard.type(text)
    # Draftail copies its content into the hidden input asynchronously; submitting before that posts an empty
    # section (seen once in CI), so wait until the form really holds the text.
    expect(page.locator(f"#{field_id}")).to_have_value(re.compile(re.escape(text[:12])))


def test_trainer_creates_a_product_page_and_it_goes_live_after_approval(
    page: Page, seeded: None, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False  # the analyst would otherwise have to enrol an authenticator first
    library = LibraryIndexPage.objects.get(locale__language_code="en")
    sign_in(page, demo_email("trainer"))

    page.goto(f"/admin/pages/add/courses/productpage/{library.pk}/")
    page.locator("#id_title").fill("Lumora Vault")
    _rich_text(page, "body-0-value-text", "Lumora Vault keeps every contract in one searchable place.")
    page.locator("#body-1-value-industries-0-value").fill("Legal services")
    page.locator("#body-1-value-company_size").fill("100–1,000 employees")
    page.locator("#body-1-value-buyer_roles-0-value").fill("General counsel")
    page.locator("#body-2-value-items-0-value-pain").fill("Contracts lost in email")
    page.locator("#body-2-value-items-0-value-value").fill("Every contract found in seconds")
    page.locator("#body-3-value-pitch").fill("Find any contract in five seconds, and never miss a renewal.")
    page.locator("#body-4-value-questions-0-value").fill("Where do your signed contracts live today?")
    page.locator("#body-5-value-items-0-value-objection").fill("We use shared drives.")
    page.locator("#body-5-value-items-0-value-response").fill("Drives store files; Vault tracks obligations.")
    page.locator("#body-6-value-items-0-value-competitor").fill("DocuDrive")
    page.locator("#body-6-value-items-0-value-where_we_win").fill("Renewal alerts")
    page.locator("#body-6-value-items-0-value-where_we_lose").fill("Price")
    page.locator("#body-6-value-items-0-value-landmines").fill("Ask how they find a clause")
    page.locator("#body-7-value-items-0-value-customer").fill("Acme Legal")
    page.locator("#body-7-value-items-0-value-story").fill("Found 40 expiring contracts in a week.")

    # Pricing is still empty: the work is kept as a draft, not submitted, and the message names the section.
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Enablement review")).click()
    expect(
        page.get_by_text(
            "Saved as a draft, not submitted for review. Fill in “Pricing and packaging notes” before submitting",
            exact=False,
        )
    ).to_be_visible()
    draft = ProductPage.objects.get(title="Lumora Vault")
    assert not draft.live and draft.current_workflow_state is None

    _rich_text(page, "body-8-value-notes", "Per user per month.")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Enablement review")).click()
    expect(page.get_by_text(re.compile("submitted for moderation|created and submitted"))).to_be_visible()
    vault = ProductPage.objects.get(title="Lumora Vault")
    assert not vault.live

    page.context.clear_cookies()
    sign_in(page, demo_email("analyst"))
    page.goto(f"/admin/pages/{vault.pk}/edit/")
    approve = page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    if not approve.is_visible():
        page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        approve.click()
    vault.refresh_from_db()
    assert vault.live

    page.goto("/library/lumora-vault/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lumora Vault")
    expect(page.get_by_text("Find any contract in five seconds, and never miss a renewal.")).to_be_visible()
