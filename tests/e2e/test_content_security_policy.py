"""In a real browser our pages run under the Content-Security-Policy without a single violation, and the moved
inline handler (the language switch) still works."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role
from assessments.exams.models import Attempt
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.e2e

# The browser fires this event for every blocked script, style, frame or connection.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _watch(page: Page) -> list[str]:
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    page.add_init_script(RECORD_VIOLATIONS)
    return console


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")  # type: ignore[no-any-return]


def test_public_pages_load_without_csp_violations(page: Page, live_site: LiveServer) -> None:
    console = _watch(page)
    for url in ("/accounts/login/", "/verify/NO-SUCH-CODE/", "/no-such-page/", "/api/v1/docs"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], url
    # Swagger UI rendered from our static files: its own script ran under the policy.
    expect(page.locator("#swagger-ui .info")).to_contain_text("Rampway API")
    assert console == []


def test_learner_pages_and_exam_run_without_csp_violations(
    page: Page, context: BrowserContext, live_site: LiveServer
) -> None:
    context.set_default_timeout(30_000)
    learner = UserFactory(roles=[Role.LEARNER])
    client = Client()
    client.force_login(learner)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}]
    )
    exam = published_exam(questions=2, draw=2)
    console = _watch(page)

    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []

    client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam, user=learner)
    page.goto(f"/exams/attempts/{attempt.pk}/")
    page.locator("#q-1 input[type=radio]").first.check()
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []

    # The language switch submits on change from home/autosubmit.js, no inline onchange needed.
    page.goto("/onboarding/")
    page.select_option("#lang-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^zh"))
    assert _violations(page) == []
    assert console == []
