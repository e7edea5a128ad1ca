"""An analyst imports performance, runs a study, reads the result and the fairness table, and adopts new weights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role, roles_sync
from assessments.hiring.models import Rating
from assessments.rubrics.models import RubricVersion
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.analytics import make_history

pytestmark = pytest.mark.e2e


def _performance_csv(history, path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Quota attainment driven by Discovery and Coachability, nothing by Charisma."""
    ratings: dict[tuple[int, str], int] = {
        (r.scorecard.candidate_id, r.criterion.name): r.value
        for r in Rating.objects.select_related("scorecard", "criterion").filter(
            scorecard__candidate__in=history.hires
        )
    }
    lines = ["email,metric,period_start,period_end,value"]
    for i, hire in enumerate(history.hires):
        base = 60 + 12 * ratings[(hire.pk, "Discovery")] + 12 * ratings[(hire.pk, "Coachability")] - 72
        for month, wobble in ((1, -3), (2, 3)):
            noise = ((i * 7) % 11 - 5) + wobble
            lines.append(
                f"{hire.user.email},quota_attainment,2026-0{month}-01,2026-0{month}-28,{base + noise + 30}"
            )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_analyst_imports_runs_study_checks_fairness_and_adopts(
    page: Page, live_site: LiveServer, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = (
        False  # analysts must enrol MFA in production; this test is about the study
    )
    roles_sync()
    analyst = UserFactory(email="anna.analyst@example.com", roles=[Role.ANALYST])
    history = make_history(hires=80, others=40, months=0)
    versions_before = RubricVersion.objects.filter(rubric=history.version.rubric).count()
    csv_file = _performance_csv(history, tmp_path / "performance.csv")

    # The first pages compile templates and the study runs inside the request (eager Celery): allow for a busy CPU.
    page.set_default_timeout(60_000)
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(analyst.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.get_by_role("link", name="Analytics", exact=True).first.click()
    page.get_by_role("link", name="Import performance").click()
    page.set_input_files("input[name=file]", str(csv_file))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Records ready to import: 160.")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Import these records").click()
    expect(page.get_by_text("160 performance records imported.")).to_be_visible(timeout=30_000)

    page.get_by_role("link", name="New study").click()
    page.select_option("select[name=rubric_version]", str(history.version.pk))
    page.select_option("select[name=outcome]", label="Quota attainment")
    page.fill("input[name=period_from]", "2026-01-01")
    page.fill("input[name=period_to]", "2026-12-31")
    page.get_by_role("button", name="Run study").click()

    expect(page.get_by_role("progressbar")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-recommendation]")).to_have_attribute(
        "data-recommendation", "adopt", timeout=60_000
    )
    expect(page.get_by_text("Change the weights")).to_be_visible(timeout=30_000)

    page.get_by_role("link", name="Fairness: selection rates and impact ratios").click()
    expect(page.get_by_role("heading", name="Hired", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Same number passing with the proposed weights")).to_be_visible(
        timeout=30_000
    )
    page.go_back()

    page.select_option("select[name=decision]", "adopt")
    page.fill("textarea[name=reason]", "Charisma does not predict quota; Discovery and Coachability do.")
    page.fill("textarea[name=override_reason]", "Reviewed the fairness table with HR.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(re.compile(r"Adopted: .* now carries the new weights"))).to_be_visible(
        timeout=30_000
    )

    assert RubricVersion.objects.filter(rubric=history.version.rubric).count() == versions_before + 1
