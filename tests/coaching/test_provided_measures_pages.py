"""PerformanceRecord metrics appear next to the built-in measures on the seller and team pages, or not at all."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from analytics.models import Metric, PerformanceRecord
from coaching import measures
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_field_day, visit_data

pytestmark = pytest.mark.django_db

START = dt.date(2026, 3, 2)  # make_engagement's default start, a Monday


@pytest.fixture
def engagement(roles):  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    item = make_engagement(coach=coach, seller=UserFactory(roles=[Role.LEARNER]))
    revenue = Metric.objects.get(code="revenue")
    # Weekly revenue: two weeks before the program (100, 200), two during it (400, 600).
    for weeks, value in [(-2, 100.0), (-1, 200.0), (0, 400.0), (1, 600.0)]:
        monday = START + dt.timedelta(weeks=weeks)
        PerformanceRecord.objects.create(
            person=item.seller,
            metric=revenue,
            period_start=monday,
            period_end=monday + dt.timedelta(days=6),
            value=value,
        )
    make_field_day(item, date=START + dt.timedelta(days=1), visits=[visit_data(), visit_data()])
    return item


def test_the_team_page_compares_provided_metrics_before_and_during(engagement, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(engagement.coach)
    html = client.get("/coaching/team/").content.decode()
    assert "Revenue (CNY)" in html
    # before: (100 + 200) / 2 = 150; during: (400 + 600) / 2 = 500; change +350
    assert "150.0 → 500.0" in html and "+350.0" in html


def test_the_seller_page_charts_and_tabulates_provided_metrics(engagement, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(engagement.coach)
    response = client.get(f"/coaching/engagements/{engagement.pk}/")
    titles = [title for title, _chart in response.context["charts"]]
    assert titles[-1] == "Revenue (CNY)" and "Visits per week" in titles
    table = {row.week_start: row for row in response.context["measure_table"]}
    assert sorted(table) == [START + dt.timedelta(weeks=w) for w in (-2, -1, 0, 1)]
    assert table[START].week.visits == 2 and table[START].provided == [400.0]
    assert table[START - dt.timedelta(weeks=2)].week is None  # revenue only, no visits that week
    assert table[START - dt.timedelta(weeks=2)].provided == [100.0]
    assert "Measures per week (table)" in response.content.decode()


def test_without_a_provider_only_the_built_in_measures_show(engagement, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(measures, "_PROVIDERS", [])
    client.force_login(engagement.coach)
    seller_page = client.get(f"/coaching/engagements/{engagement.pk}/")
    assert [t for t, _c in seller_page.context["charts"]] == [
        "Visits per week",
        "Appointment hit rate",
        "Visit effectiveness",
        "Conversation length (min)",
    ]
    assert [row.week_start for row in seller_page.context["measure_table"]] == [START]
    assert "Revenue" not in client.get("/coaching/team/").content.decode()


def test_a_seller_with_records_but_no_visits_still_gets_the_provided_chart(roles, client) -> None:  # type: ignore[no-untyped-def]
    item = make_engagement(coach=UserFactory(roles=[Role.COACH]), seller=UserFactory(roles=[Role.LEARNER]))
    PerformanceRecord.objects.create(
        person=item.seller,
        metric=Metric.objects.get(code="win_rate"),
        period_start=START,
        period_end=START + dt.timedelta(days=30),
        value=25.0,
    )
    client.force_login(item.coach)
    response = client.get(f"/coaching/engagements/{item.pk}/")
    assert [t for t, _c in response.context["charts"]] == ["Win rate (%)"]
    assert "No visits logged yet." in response.content.decode()
