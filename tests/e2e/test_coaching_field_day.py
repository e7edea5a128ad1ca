"""On a phone: a coach logs a field day offline and nothing is lost; the seller sees the coach's ratings only after rating themselves."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role
from coaching.models import FieldDay
from coaching.services import session_coach_rate
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.coaching import make_engagement, make_session, ratings_for

pytestmark = pytest.mark.e2e
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def viewport() -> dict[str, int]:
    return PHONE


@pytest.fixture
def engagement(live_site: LiveServer, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    coach = UserFactory(email="coach@example.com", roles=[Role.COACH])
    seller = UserFactory(email="seller@example.com", roles=[Role.LEARNER])
    return make_engagement(coach=coach, seller=seller, start=dt.date(2026, 3, 2))


def _sign_in(page: Page, email: str) -> None:
    page.set_default_timeout(30_000)  # the first request of a live server on a shared CI box can be slow
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _fill_visit(page: Page, index: int, customer: str, minutes: str, rating: str) -> None:
    visit = page.locator(f"fieldset.coaching-visit[data-index='{index}']")
    visit.locator(f"input[name='visit-{index}-customer_name']").fill(customer)
    visit.locator(f"select[name='visit-{index}-segment']").select_option("enterprise")
    visit.get_by_label("Economic buyer").check()
    visit.locator(f"select[name='visit-{index}-call_type']").select_option("first")
    visit.locator(f"select[name='visit-{index}-objective']").select_option("appointment")
    visit.locator(f"textarea[name='visit-{index}-outcome']").fill(f"{customer} wants a demo")
    visit.locator(f"input[name='visit-{index}-duration_minutes']").fill(minutes)
    visit.get_by_label("Appointment won").check()
    visit.locator(f"input[name='visit-{index}-coach_rating'][value='{rating}']").check()


def test_coach_logs_a_field_day_through_a_lost_connection(
    page: Page, engagement, live_site: LiveServer, screenshot
) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, "coach@example.com")
    page.goto(f"/coaching/engagements/{engagement.pk}/field-day/")
    page.locator("textarea[name=plan]").fill("Two visits in Pudong")
    _fill_visit(page, 0, "Huaxin Logistics", "35", "4")
    _fill_visit(page, 1, "Kestrel Insurance", "50", "3")
    page.locator("textarea[name=review_worked]").fill("Opening, questions, next step")
    page.locator("textarea[name=review_tighten]").fill("Quantify the pain")
    page.locator("input[name=review_exercise]").fill("Role-play the price objection")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"horizontal overflow at 375 px: {width}"

    page.context.set_offline(True)
    page.get_by_role("button", name="Save field day").click()
    expect(page.locator("#draft-status")).to_contain_text("No connection")
    assert FieldDay.objects.count() == 0
    draft = page.evaluate(f"localStorage.getItem('rampway:fieldday:{engagement.pk}')")
    assert "Kestrel Insurance" in draft and "Role-play the price objection" in draft
    # Still offline, the coach adds a line; it must travel with the kept draft.
    page.locator("textarea[name=review_tighten]").fill("Quantify the pain; ask for the budget")
    expect(page.locator("#draft-status")).to_contain_text("No connection")
    screenshot(page, "coaching-field-day-375-offline")

    page.context.set_offline(False)  # the "online" event sends the kept draft
    expect(page).to_have_url(re.compile(rf"/coaching/engagements/{engagement.pk}/$"))
    day = FieldDay.objects.get()
    assert day.plan == "Two visits in Pudong" and day.review_exercise == "Role-play the price objection"
    assert day.review_tighten == "Quantify the pain; ask for the budget"
    visits = list(day.visits.order_by("position"))
    assert [(v.customer_name, v.duration_minutes, v.coach_rating, v.appointment_won) for v in visits] == [
        ("Huaxin Logistics", 35, 4, True),
        ("Kestrel Insurance", 50, 3, True),
    ]
    assert visits[0].buying_roles == ["economic_buyer"]
    assert page.evaluate(f"localStorage.getItem('rampway:fieldday:{engagement.pk}')") is None


def test_seller_rates_themselves_before_seeing_the_coachs_ratings(
    browser: Browser, engagement, live_site: LiveServer
) -> None:  # type: ignore[no-untyped-def]
    session = make_session(engagement)
    session_coach_rate(
        session=session,
        coach=engagement.coach,
        ratings={pk: (5, "Excellent opening question") for pk in ratings_for(session, 5)},
    )
    context = browser.new_context(viewport=PHONE, locale="en-US", base_url=live_site.url)
    page = context.new_page()
    _sign_in(page, "seller@example.com")
    page.goto(f"/coaching/sessions/{session.pk}/")
    expect(page.locator("#coach-ratings-hidden")).to_be_visible()
    expect(page.locator("#session-ratings")).not_to_contain_text("Excellent opening question")
    for row in page.locator("fieldset.coaching-rating-row").all():
        row.locator("input[type=radio][value='3']").check()
    page.get_by_role("button", name="Submit ratings").click()
    expect(page.locator("#coach-ratings-hidden")).to_have_count(0)
    expect(page.locator("#session-ratings")).to_contain_text("Excellent opening question")
    page.screenshot(path="/tmp/rampway-shots/coaching-session-375.png", full_page=True)
    context.close()
