"""Dashboards: the funnel counts hires, certified and ramped people per requisition in fixed queries; CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from analytics.models import Metric, PerformanceRecord
from tests.factories.analytics import make_history

pytestmark = pytest.mark.django_db


def test_funnel_counts_hires_and_ramped(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=4, others=6, months=0, signal=False)
    quota = Metric.objects.get(code="quota_attainment")
    PerformanceRecord.objects.create(
        person=history.hires[0].user,
        metric=quota,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31),
        value=104,
    )
    response = login_as("analyst").get("/analytics/dashboards/?export=funnel")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    row = next(r for r in rows if r["requisition"] == history.requisition.title)
    # At quota but neither onboarded nor certified: ramped counts only certified people, so 0.
    assert (row["candidates"], row["hired"], row["certified"], row["ramped"]) == ("10", "4", "0", "0")
    assert float(row["hire_rate"]) == pytest.approx(0.4)
    assert float(row["ramped_rate"]) == pytest.approx(0)


def test_dashboard_page_runs_fixed_queries(login_as, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from tests.analytics.test_dashboard_onboarding import onboard

    client = login_as("admin")
    onboard(make_history(hires=2, others=2, months=1).hires, finished=1)
    client.get("/analytics/dashboards/")  # warm the session and role caches
    # 3 for the session and roles, the path plan (2), requisitions and their hires tallied (2), exam health,
    # teams and their members tallied (2): the same at any number of people.
    with django_assert_num_queries(10):
        assert client.get("/analytics/dashboards/").status_code == 200
    for _ in range(3):
        onboard(make_history(hires=5, others=5, months=2).hires, finished=3)
    with django_assert_num_queries(10):
        html = client.get("/analytics/dashboards/").content.decode()
    assert "No item analysis has been run yet." in html


def test_readiness_counts_team_members(login_as) -> None:  # type: ignore[no-untyped-def]
    from accounts.models import Membership
    from tests.factories.accounts import TeamFactory, UserFactory

    team = TeamFactory(name="Readiness Team")
    for _ in range(3):
        Membership.objects.create(user=UserFactory(), org_unit=team)

    response = login_as("analyst").get("/analytics/dashboards/?export=readiness")

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    row = next(r for r in rows if r["team"] == "Readiness Team")
    assert (row["members"], row["certified"], row["coached"], row["qualified"]) == ("3", "0", "0", "0")
