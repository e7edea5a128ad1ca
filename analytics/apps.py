from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def performance_record_measures(
    seller_ids: Sequence[int], start: dt.date, end: dt.date
) -> list[tuple[int, dt.date, str, float, str]]:
    """Every PerformanceRecord of these sellers as a weekly measure for coaching's measures pages (one query).

    A record counts in the ISO week in which its period ends, once: that is when its number is known, and
    spreading a monthly total over four or five weeks would repeat it (sums inflated, means weighted by period
    length). Two records of one metric ending in the same week are averaged by coaching.
    """
    from .models import METRIC_LABELS, PerformanceRecord

    first = start - dt.timedelta(days=start.weekday())
    last = end + dt.timedelta(days=6 - end.weekday())
    rows = PerformanceRecord.objects.filter(
        person_id__in=list(seller_ids), period_end__range=(first, last)
    ).values_list("person_id", "period_end", "value", "metric__code", "metric__name", "metric__unit")
    return [
        (
            person_id,
            period_end - dt.timedelta(days=period_end.weekday()),
            str(METRIC_LABELS.get(code, name)),
            value,
            unit,
        )
        for person_id, period_end, value, code, name, unit in rows
    ]


class AnalyticsConfig(AppConfig):
    name = "analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        # analytics depends on coaching, never the reverse: coaching only knows the provider hook.
        from coaching.measures import register_measure_provider

        register_measure_provider(performance_record_measures)
