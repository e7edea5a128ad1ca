"""Past field days link to a page showing that day: preparation, visits and the evening review."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories.coaching import make_engagement, make_field_day, visit_data

pytestmark = pytest.mark.django_db


def test_the_engagement_page_links_each_past_field_day_to_its_page(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(coach=persona("coach"))
    day = make_field_day(
        engagement, date=dt.date(2026, 3, 10), visits=[visit_data(customer_name="Huaxin Logistics")]
    )
    client = login_as("coach")

    page = client.get(f"/coaching/engagements/{engagement.pk}/").content.decode()
    assert f'href="/coaching/field-days/{day.pk}/"' in page

    html = client.get(f"/coaching/field-days/{day.pk}/").content.decode()
    assert "Field day 2026-03-10" in html and "Huaxin Logistics" in html and "1 visit" in html


def test_the_seller_sees_their_field_day_and_strangers_get_404(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(coach=persona("coach"), seller=persona("learner"))
    day = make_field_day(engagement, date=dt.date(2026, 3, 10))
    assert login_as("learner").get(f"/coaching/field-days/{day.pk}/").status_code == 200
    assert login_as("recruiter").get(f"/coaching/field-days/{day.pk}/").status_code in (403, 404)


def test_the_page_runs_a_fixed_number_of_queries(login_as, persona, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(coach=persona("coach"))
    small = make_field_day(engagement, date=dt.date(2026, 3, 10), visits=[visit_data()])
    big = make_field_day(engagement, date=dt.date(2026, 3, 11), visits=[visit_data() for _ in range(6)])
    client = login_as("coach")
    client.get(f"/coaching/field-days/{small.pk}/")
    # The same five queries whether the day has one visit or six.
    for day in (small, big):
        with django_assert_num_queries(5):
            assert client.get(f"/coaching/field-days/{day.pk}/").status_code == 200
