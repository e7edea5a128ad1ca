"""The demo seeder gives every hire 12 months of quota driven by two criteria, and runs only once."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from analytics.demo import seed_performance
from analytics.models import PerformanceRecord
from assessments.hiring.models import Rating
from tests.factories.analytics import make_history

pytestmark = pytest.mark.django_db


def test_seeder_writes_predictive_records_once() -> None:
    history = make_history(hires=40, others=5, months=0)
    assert PerformanceRecord.objects.count() == 0

    seed_performance(today=dt.date(2026, 11, 23))
    seed_performance(today=dt.date(2026, 11, 23))

    assert PerformanceRecord.objects.filter(metric__code="quota_attainment").count() == 40 * 12
    assert PerformanceRecord.objects.filter(metric__code="manager_rating").count() == 40
    quota = {
        r.person_id: r.value
        for r in PerformanceRecord.objects.filter(
            metric__code="quota_attainment", period_start=dt.date(2026, 10, 1)
        )
    }
    ratings = {
        (r.scorecard.candidate.user_id, r.criterion.name): r.value
        for r in Rating.objects.select_related("scorecard__candidate", "criterion").filter(
            scorecard__candidate__in=history.hires
        )
    }
    users = list(quota)
    y = [quota[u] for u in users]
    r_discovery = np.corrcoef([ratings[(u, "Discovery")] for u in users], y)[0, 1]
    r_charisma = np.corrcoef([ratings[(u, "Charisma")] for u in users], y)[0, 1]
    # Believable, as in sales hiring: a real but modest link in one month's quota, not r ≈ .9.
    assert 0.1 < r_discovery < 0.5
    assert abs(r_charisma) < 0.3
