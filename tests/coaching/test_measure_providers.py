"""Measures supplied by other apps through coaching's provider hook: contract, arithmetic, the analytics provider."""

from __future__ import annotations

import datetime as dt

import pytest

from coaching import measures
from coaching.measures import (
    ProvidedMeasure,
    before_after_provided,
    provided_measures,
    register_measure_provider,
)

MON = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture
def no_providers(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(measures, "_PROVIDERS", [])


def test_without_a_provider_there_are_no_provided_measures(no_providers) -> None:  # type: ignore[no-untyped-def]
    assert measures.measure_providers() == ()
    assert provided_measures([1, 2], MON, MON + dt.timedelta(weeks=4)) == []


def test_registering_twice_keeps_one_provider(no_providers) -> None:  # type: ignore[no-untyped-def]
    def provider(seller_ids, start, end):  # type: ignore[no-untyped-def]
        return []

    register_measure_provider(provider)
    register_measure_provider(provider)
    assert measures.measure_providers() == (provider,)


def test_rows_are_put_on_mondays_kept_in_the_window_and_repeats_averaged(no_providers) -> None:  # type: ignore[no-untyped-def]
    calls = []

    @register_measure_provider
    def provider(seller_ids, start, end):  # type: ignore[no-untyped-def]
        calls.append((list(seller_ids), start, end))
        return [
            (1, MON + dt.timedelta(days=3), "Revenue", 100.0, "CNY"),  # a Thursday: counts on its Monday
            (1, MON, "Revenue", 300.0, "CNY"),  # same seller, week, label: averaged with the row above
            (1, MON + dt.timedelta(weeks=1), "Revenue", 50, "CNY"),
            (2, MON, "Win rate", 40.0, "%"),
            (3, MON, "Revenue", 999.0, "CNY"),  # a seller nobody asked for
            (1, MON - dt.timedelta(days=1), "Revenue", 999.0, "CNY"),  # Sunday before the window
            (1, MON + dt.timedelta(weeks=2), "Revenue", 999.0, "CNY"),  # after the window
        ]

    rows = provided_measures([1, 2], MON + dt.timedelta(days=2), MON + dt.timedelta(days=8))
    assert len(calls) == 1  # each provider is asked once for all sellers
    assert rows == [
        ProvidedMeasure(1, MON, "Revenue", 200.0, "CNY"),
        ProvidedMeasure(1, MON + dt.timedelta(weeks=1), "Revenue", 50.0, "CNY"),
        ProvidedMeasure(2, MON, "Win rate", 40.0, "%"),
    ]
    assert measures.provided_labels(rows) == {"Revenue": "CNY", "Win rate": "%"}


def test_before_after_of_provided_measures_uses_each_sellers_start_week() -> None:
    def row(seller: int, weeks: int, value: float, label: str = "Revenue") -> ProvidedMeasure:
        return ProvidedMeasure(seller, MON + dt.timedelta(weeks=weeks), label, value, "CNY")

    rows = [
        row(1, 0, 10.0),
        row(1, 1, 20.0),  # seller 1 starts mid-week 1: that week counts as during
        row(1, 2, 40.0),
        row(2, 0, 5.0),
        row(2, 1, 7.0),
        row(2, 2, 9.0),  # seller 2 starts in week 2
        row(3, 0, 1000.0),  # no engagement: ignored
        row(1, 0, 0.5, label="Win rate"),  # only before: no change
    ]
    starts = {1: MON + dt.timedelta(weeks=1, days=2), 2: MON + dt.timedelta(weeks=2)}
    result = {r.measure: r for r in before_after_provided(rows, starts)}
    assert list(result) == ["Revenue", "Win rate"]
    assert result["Revenue"].before == pytest.approx((10 + 5 + 7) / 3)
    assert result["Revenue"].during == pytest.approx((20 + 40 + 9) / 3)
    assert result["Revenue"].change == pytest.approx(69 / 3 - 22 / 3)
    assert result["Win rate"].before == 0.5 and result["Win rate"].during is None
    assert result["Win rate"].change is None
