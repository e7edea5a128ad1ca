"""Weekly measures per ISO week and the before/after comparison (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest

from coaching.measures import VisitFact, before_after, weekly_measures


def v(
    day: dt.date,
    objective: str = "appointment",
    won: bool = False,
    minutes: int = 30,
    rating: int | None = None,
) -> VisitFact:
    return VisitFact(1, day, objective, won, minutes, rating)


def test_hit_rate_counts_only_visits_aiming_for_an_appointment() -> None:
    mon = dt.date(2026, 3, 2)
    [week] = weekly_measures(
        [
            v(mon, won=True),
            v(mon + dt.timedelta(days=1), won=False),
            v(mon + dt.timedelta(days=2), won=True),
            v(mon + dt.timedelta(days=3), objective="discovery", won=True),  # not an appointment visit
        ]
    )
    assert week.visits == 4 and week.appointment_visits == 3 and week.appointments_won == 2
    assert week.hit_rate == pytest.approx(2 / 3)


def test_averages_are_per_iso_week_and_ignore_unrated_visits() -> None:
    # 2026-01-01 is a Thursday in ISO week 1 of 2026; Sunday 2026-01-04 is still week 1, Monday 01-05 is week 2.
    weeks = weekly_measures(
        [
            v(dt.date(2026, 1, 1), minutes=20, rating=2),
            v(dt.date(2026, 1, 4), minutes=40, rating=None),
            v(dt.date(2026, 1, 5), minutes=60, rating=5, objective="close"),
        ]
    )
    assert [w.iso_week for w in weeks] == [(2026, 1), (2026, 2)]
    first, second = weeks
    assert first.avg_duration == 30 and first.effectiveness == 2 and first.visits == 2
    assert second.hit_rate is None  # no appointment visits that week: unknown, not zero
    assert second.effectiveness == 5


def test_iso_week_straddling_the_new_year() -> None:
    [week] = weekly_measures([v(dt.date(2025, 12, 29)), v(dt.date(2026, 1, 2))])
    assert week.iso_week == (2026, 1) and week.visits == 2


def test_before_after_compares_weekly_means_around_each_sellers_start() -> None:
    def week(seller: int, monday: dt.date, n: int, won: int) -> list[VisitFact]:
        return [VisitFact(seller, monday, "appointment", i < won, 30, 3) for i in range(n)]

    start_a, start_b = (
        dt.date(2026, 3, 11),
        dt.date(2026, 3, 16),
    )  # a starts mid-week: that week counts as during
    facts = (
        week(1, dt.date(2026, 3, 2), 4, 1)
        + week(1, dt.date(2026, 3, 9), 6, 3)
        + week(1, dt.date(2026, 3, 16), 8, 6)
        + week(2, dt.date(2026, 3, 2), 2, 0)
        + week(2, dt.date(2026, 3, 9), 4, 2)
        + week(2, dt.date(2026, 3, 16), 6, 3)
        + week(3, dt.date(2026, 3, 2), 50, 50)  # no engagement: ignored
    )
    result = {r.measure: r for r in before_after(weekly_measures(facts), {1: start_a, 2: start_b})}
    # before: seller 1 week 1 (4, 0.25); seller 2 weeks 1–2 (2, 0.0) and (4, 0.5)
    assert result["visits"].before == pytest.approx((4 + 2 + 4) / 3)
    assert result["hit_rate"].before == pytest.approx((0.25 + 0.0 + 0.5) / 3)
    # during: seller 1 weeks 2–3 (6, 0.5), (8, 0.75); seller 2 week 3 (6, 0.5)
    assert result["visits"].during == pytest.approx((6 + 8 + 6) / 3)
    assert result["hit_rate"].during == pytest.approx((0.5 + 0.75 + 0.5) / 3)
    assert result["visits"].change == pytest.approx(20 / 3 - 10 / 3)


def test_before_after_without_earlier_weeks_has_no_change() -> None:
    [row] = before_after(
        weekly_measures([v(dt.date(2026, 3, 9))]), {1: dt.date(2026, 3, 2)}, measures=["visits"]
    )
    assert row.before is None and row.during == 1 and row.change is None
