"""The six metrics are seeded once by migration, each with direction, unit and valid range."""

from __future__ import annotations

import pytest

from analytics.models import Metric

pytestmark = pytest.mark.django_db


def test_migration_seeds_every_metric_with_direction_and_range() -> None:
    metrics = {m.code: m for m in Metric.objects.all()}
    assert set(metrics) == {
        "quota_attainment",
        "revenue",
        "win_rate",
        "ramp_days",
        "manager_rating",
        "retained_12m",
    }
    assert metrics["ramp_days"].direction == Metric.Direction.LOWER
    assert metrics["ramp_days"].censored_on_leave
    assert (metrics["win_rate"].min_value, metrics["win_rate"].max_value) == (0.0, 100.0)
    assert metrics["retained_12m"].max_value == 1.0
