"""analytics' PerformanceRecord provider: each record counts once, in the ISO week its period ends."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.models import Metric, PerformanceRecord
from analytics.selectors import performance_record_measures
from coaching import measures
from coaching.measures import ProvidedMeasure, provided_measures
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def record(person, code: str, start: dt.date, end: dt.date, value: float) -> PerformanceRecord:  # type: ignore[no-untyped-def]
    return PerformanceRecord.objects.create(
        person=person, metric=Metric.objects.get(code=code), period_start=start, period_end=end, value=value
    )


def test_analytics_registers_its_provider_when_django_starts() -> None:
    assert performance_record_measures in measures.measure_providers()


@pytest.mark.parametrize("sellers", [1, 5])
def test_records_land_in_the_week_their_period_ends_in_one_query(sellers, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    people = [UserFactory() for _ in range(sellers)]
    other = UserFactory()
    for person in people:
        # March 2026 ends on Tuesday 31 March: ISO week starting Monday 30 March.
        record(person, "quota_attainment", dt.date(2026, 3, 1), dt.date(2026, 3, 31), 92.5)
        # A weekly record ending on Sunday 8 March belongs to the week of Monday 2 March.
        record(person, "revenue", dt.date(2026, 3, 2), dt.date(2026, 3, 8), 12000.0)
        # Ends on Sunday 1 March, the day before the window's first Monday: outside.
        record(person, "revenue", dt.date(2026, 2, 23), dt.date(2026, 3, 1), 1.0)
        # Ends on Monday 6 April, after the window's last week: outside.
        record(person, "win_rate", dt.date(2026, 4, 6), dt.date(2026, 4, 6), 1.0)
    record(other, "revenue", dt.date(2026, 3, 2), dt.date(2026, 3, 8), 5.0)
    ids = [p.pk for p in people]
    with django_assert_num_queries(1):
        rows = performance_record_measures(ids, dt.date(2026, 3, 4), dt.date(2026, 4, 2))
    expected = set()
    for pk in ids:
        expected |= {
            (pk, dt.date(2026, 3, 30), "Quota attainment", 92.5, "%"),
            (pk, dt.date(2026, 3, 2), "Revenue", 12000.0, "CNY"),
        }
    assert set(rows) == expected


def test_two_records_of_a_metric_ending_in_one_week_are_averaged() -> None:
    person = UserFactory()
    # A monthly and a quarterly quota figure both ending 31 March.
    record(person, "quota_attainment", dt.date(2026, 3, 1), dt.date(2026, 3, 31), 90.0)
    record(person, "quota_attainment", dt.date(2026, 1, 1), dt.date(2026, 3, 31), 80.0)
    rows = [r for r in provided_measures([person.pk], dt.date(2026, 3, 1), dt.date(2026, 4, 5))]
    assert rows == [ProvidedMeasure(person.pk, dt.date(2026, 3, 30), "Quota attainment", 85.0, "%")]
