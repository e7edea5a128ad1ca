"""Seed the six performance metrics every study and import refers to."""

from __future__ import annotations

from typing import Any

from django.db import migrations

METRICS = [
    # code, name, direction, unit, min, max, censored
    ("quota_attainment", "Quota attainment", "higher", "%", 0.0, 1000.0, False),
    ("revenue", "Revenue", "higher", "CNY", 0.0, None, False),
    ("win_rate", "Win rate", "higher", "%", 0.0, 100.0, False),
    ("ramp_days", "Ramp days", "lower", "days", 0.0, 730.0, True),
    ("manager_rating", "Manager rating", "higher", "1–5", 1.0, 5.0, False),
    ("retained_12m", "Retained at 12 months", "higher", "0/1", 0.0, 1.0, False),
]

DESCRIPTIONS = {
    "ramp_days": "Days from start to the first month at or above the ramp target share of quota; "
    "censored when the person left before reaching it.",
    "retained_12m": "1 if the person was still employed 12 months after starting, else 0.",
}


def seed(apps: Any, schema_editor: Any) -> None:
    Metric = apps.get_model("analytics", "Metric")
    for code, name, direction, unit, low, high, censored in METRICS:
        Metric.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "direction": direction,
                "unit": unit,
                "min_value": low,
                "max_value": high,
                "censored_on_leave": censored,
                "description": DESCRIPTIONS.get(code, ""),
            },
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("analytics", "Metric").objects.filter(code__in=[m[0] for m in METRICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
