"""A trainer imports questions from the bank list: the shared upload form, the preview table (text and correct
answers) and its confirm, with no sideways scrolling at 375 px and at 1366 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role, roles_sync
from tests.e2e.conftest import SHOTS_DIR
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.e2e

GIFT = (
    "::Capital::What is the capital of France, the country whose long name needs a line of its own?"
    "{=Paris ~Lyon ~Nice}\n\n::Sky::The sky is blue.{T}\n"
)


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(
    "viewport", [{"width": 375, "height": 812}, {"width": 1366, "height": 900}], ids=["375", "1366"]
)
def test_trainer_previews_and_confirms_a_question_import(
    page: Page, live_site: LiveServer, tmp_path: Path, viewport: dict[str, int]
) -> None:
    roles_sync()
    trainer = UserFactory(email="tess.trainer@example.com", roles=[Role.TRAINER])
    QuestionBankFactory(name="Aardvark bank")
    bank = QuestionBankFactory(name="Products bank")
    gift = tmp_path / "questions.gift"
    gift.write_text(GIFT)

    page.set_default_timeout(60_000)
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(trainer.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto("/exams/banks/")
    page.get_by_role("link", name="Import questions").first.click()
    expect(page.get_by_text("Largest file: 5 MB")).to_be_visible()
    page.get_by_label("Question bank").select_option(str(bank.pk))
    page.get_by_label("File").set_input_files(str(gift))
    page.get_by_role("button", name="Preview").click()

    preview = page.locator("section.preview-table")
    expect(preview.get_by_role("heading", name="Preview: 2 questions")).to_be_visible()
    expect(preview).to_contain_text("What is the capital of France")
    expect(preview.locator("td[data-label='Correct answers'] li").first).to_have_text("Paris")
    expect(preview).to_contain_text("2 questions will be saved as drafts in “Products bank”.")
    _no_sideways_scroll(page)
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"question-import-preview-{viewport['width']}.png"), full_page=True)

    page.get_by_role("button", name="Save these questions as drafts").click()
    expect(page.get_by_text("2 questions imported as drafts.")).to_be_visible()
    row = page.locator("tr", has_text="Products bank")
    expect(row.locator("td[data-label='Questions']")).to_have_text("2")
    _no_sideways_scroll(page)
    assert bank.questions.count() == 2
