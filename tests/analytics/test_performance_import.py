"""Performance import: every bad row is named with its field, nothing is saved when any row is bad."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from analytics.imports import performance_import, performance_import_preview, rows_from_file
from analytics.models import PerformanceRecord
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["email", "metric", "period_start", "period_end", "value"]


@pytest.fixture
def seller():  # type: ignore[no-untyped-def]
    return UserFactory(email="seller@example.com")


def _errors(rows: list[list[str]]) -> list[str]:
    return performance_import_preview(rows=[HEADER, *rows]).errors


def test_unknown_email_is_named_by_row_and_field(seller) -> None:  # type: ignore[no-untyped-def]
    errors = _errors([["nobody@example.com", "win_rate", "2026-01-01", "2026-01-31", "40"]])
    assert errors == ["Row 2, email: no person with the email “nobody@example.com”."]


def test_bad_period_is_named_by_row_and_field(seller) -> None:  # type: ignore[no-untyped-def]
    errors = _errors(
        [
            ["seller@example.com", "win_rate", "2026-01-01", "2026-01-31", "40"],
            ["seller@example.com", "win_rate", "31/01/2026", "2026-01-31", "40"],
            ["seller@example.com", "win_rate", "2026-02-28", "2026-02-01", "40"],
        ]
    )
    assert errors == [
        "Row 3, period_start: “31/01/2026” is not a date like 2026-01-31.",
        "Row 4, period_end: the period ends before it starts.",
    ]


def test_value_out_of_range_is_named_by_row_and_field(seller) -> None:  # type: ignore[no-untyped-def]
    errors = _errors(
        [
            ["seller@example.com", "win_rate", "2026-01-01", "2026-01-31", "140"],
            ["seller@example.com", "manager_rating", "2026-01-01", "2026-01-31", "many"],
        ]
    )
    assert errors == [
        "Row 2, value: 140 is outside the valid range 0–100 for win_rate.",
        "Row 3, value: “many” is not a number.",
    ]


def test_unknown_metric_and_missing_columns_are_reported(seller) -> None:  # type: ignore[no-untyped-def]
    assert _errors([["seller@example.com", "happiness", "2026-01-01", "2026-01-31", "3"]]) == [
        "Row 2, metric: unknown metric “happiness”."
    ]
    missing = performance_import_preview(rows=[["email", "value"], ["a@example.com", "1"]]).errors
    assert missing == ["Missing columns: metric, period_start, period_end."]


def test_one_bad_row_saves_nothing(seller) -> None:  # type: ignore[no-untyped-def]
    rows = [
        HEADER,
        ["seller@example.com", "win_rate", "2026-01-01", "2026-01-31", "40"],
        ["seller@example.com", "win_rate", "2026-02-01", "2026-02-28", "400"],
    ]
    with pytest.raises(ValidationError):
        performance_import(rows=rows, actor=None)
    assert PerformanceRecord.objects.count() == 0


def test_good_csv_saves_every_row(seller) -> None:  # type: ignore[no-untyped-def]
    csv_bytes = (
        b"email,metric,period_start,period_end,value\n"
        b"Seller@Example.com,quota_attainment,2026-01-01,2026-01-31,87.5\n"
        b'seller@example.com,win_rate,2026-01-01,2026-01-31,"33,5"\n'
    )
    rows = rows_from_file(name="perf.csv", content=csv_bytes)

    created = performance_import(rows=rows, actor=None)

    assert len(created) == 2
    assert sorted(PerformanceRecord.objects.values_list("value", flat=True)) == [33.5, 87.5]
    assert set(PerformanceRecord.objects.values_list("person", flat=True)) == {seller.pk}


def test_xlsx_with_date_cells_imports(seller) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["seller@example.com", "revenue", dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 31), 120000])
    out = io.BytesIO()
    book.save(out)

    rows = rows_from_file(name="perf.xlsx", content=out.getvalue())
    performance_import(rows=rows, actor=None)

    record = PerformanceRecord.objects.get()
    assert (record.period_start.isoformat(), record.value) == ("2026-03-01", 120000.0)


def test_damaged_xlsx_and_non_utf8_csv_are_refused() -> None:
    with pytest.raises(ValidationError):
        rows_from_file(name="perf.xlsx", content=b"not a zip")
    with pytest.raises(ValidationError):
        rows_from_file(name="perf.csv", content="é".encode("latin-1"))
