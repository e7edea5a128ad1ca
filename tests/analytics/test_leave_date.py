"""A deactivated account is a leaver: ramp follow-up ends on the day it was deactivated."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import User
from analytics.models import Metric, PerformanceRecord
from analytics.selectors import ramp_outcome

pytestmark = pytest.mark.django_db

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def _month(i: int) -> tuple[dt.date, dt.date]:
    start = dt.date(2026, i, 1)
    nxt = dt.date(2026 + i // 12, i % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def _seller(n: int, values: list[float]) -> User:
    user = User.objects.create(email=f"seller{n}@example.com", start_date=START)
    quota = Metric.objects.get(code="quota_attainment")
    for i, value in enumerate(values, start=1):
        s, e = _month(i)
        PerformanceRecord.objects.create(person=user, metric=quota, period_start=s, period_end=e, value=value)
    return user


def test_deactivating_an_account_records_the_day_and_reactivating_clears_it() -> None:
    user = _seller(1, [])
    assert user.deactivated_on is None
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.refresh_from_db()
    assert user.deactivated_on is not None
    user.is_active = True
    user.save()
    user.refresh_from_db()
    assert user.deactivated_on is None


def test_ramp_follow_up_of_a_leaver_ends_on_the_deactivation_day() -> None:
    stayer = _seller(1, [60.0] * 12)
    leaver = _seller(2, [60.0] * 12)  # records run on after the day (a late import): the day still wins
    ramped_late = _seller(3, [60.0] * 8 + [120.0] * 4)  # reached quota only after leaving
    legacy = _seller(4, [60.0] * 5)  # deactivated before the day was recorded: its last quota month
    for user, day in ((leaver, dt.date(2026, 4, 15)), (ramped_late, dt.date(2026, 6, 30))):
        user.is_active = False
        user.deactivated_on = day
        user.save()
    User.objects.filter(pk=legacy.pk).update(is_active=False, deactivated_on=None)

    hired = [(10 + u.pk, u.pk) for u in (stayer, leaver, ramped_late, legacy)]
    table = ramp_outcome(hired=hired, period_from=START, period_to=END, today=dt.date(2027, 3, 1))

    row = {u.pk: table.loc[10 + u.pk] for u in (stayer, leaver, ramped_late, legacy)}
    assert (row[stayer.pk]["duration"], row[stayer.pk]["event"], row[stayer.pk]["left"]) == (
        364,
        False,
        False,
    )
    assert (row[leaver.pk]["duration"], row[leaver.pk]["event"], row[leaver.pk]["left"]) == (104, False, True)
    late = row[ramped_late.pk]
    assert (late["duration"], late["event"], late["left"]) == (
        (dt.date(2026, 6, 30) - START).days,
        False,
        True,
    )
    assert (row[legacy.pk]["duration"], row[legacy.pk]["left"]) == ((dt.date(2026, 5, 31) - START).days, True)
