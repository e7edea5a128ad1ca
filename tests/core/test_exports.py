"""The shared exporter: text that a spreadsheet would run is neutralised, numbers stay numbers, rows stream."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from core.exports import csv_cell, csv_response, export_filename, xlsx_cell, xlsx_response

DANGEROUS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tX", "\rY"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_prefixes_formula_text_with_a_quote(value: str) -> None:
    response = csv_response(filename="t", header=["name"], rows=[[value]])
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[1] == ["'" + value]


@pytest.mark.parametrize("value", DANGEROUS)
def test_xlsx_writes_formula_text_as_a_string(value: str) -> None:
    response = xlsx_response(filename="t", header=["name"], rows=[[value]])
    book = load_workbook(io.BytesIO(response.getvalue()))
    cell = book.active["A2"]
    assert (cell.value, cell.data_type) == (value, "s")


def test_numbers_stay_numbers_and_negative_numbers_are_not_escaped() -> None:
    assert [csv_cell(v) for v in (-2, -1.5, Decimal("-3.25"), 0)] == [-2, -1.5, Decimal("-3.25"), 0]
    response = csv_response(filename="t", header=["a", "b", "c"], rows=[[-2, -1.5, Decimal("-3.25")]])
    assert response.getvalue().decode("utf-8-sig").splitlines()[1] == "-2,-1.5,-3.25"
    book = load_workbook(io.BytesIO(xlsx_response(filename="t", header=["a"], rows=[[-2]]).getvalue()))
    assert (book.active["A2"].value, book.active["A2"].data_type) == (-2, "n")


def test_plain_text_dates_and_blanks_are_written_as_they_are() -> None:
    rows = [["Zhāng 张", dt.date(2026, 1, 31), None, "a-b"]]
    body = csv_response(filename="t", header=["n", "d", "x", "y"], rows=rows).getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    assert body.splitlines()[1] == "Zhāng 张,2026-01-31,,a-b"


def test_csv_streams_rows_as_they_are_read() -> None:
    consumed: list[int] = []

    def rows():  # type: ignore[no-untyped-def]
        for n in range(3):
            consumed.append(n)
            yield [n]

    response = csv_response(filename="t", header=["n"], rows=rows())
    assert response.streaming and consumed == []
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks), next(chunks)  # BOM, header, first row
    assert consumed == [0]


def test_xlsx_drops_characters_xml_cannot_hold() -> None:
    book = load_workbook(io.BytesIO(xlsx_response(filename="t", header=["a"], rows=[["a\x01b"]]).getvalue()))
    assert book.active["A2"].value == "ab"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report", 'attachment; filename="report.csv"'),
        ('../../etc/pa"ss\r\nX-Evil: 1', 'attachment; filename="pa-ss-X-Evil- 1.csv"'),
        ("团队", "attachment; filename*=utf-8''%E5%9B%A2%E9%98%9F.csv"),
        ("", 'attachment; filename="export.csv"'),
    ],
)
def test_the_download_name_is_safe_in_the_header(name: str, expected: str) -> None:
    assert csv_response(filename=name, header=["a"], rows=[])["Content-Disposition"] == expected


def test_export_filename_keeps_one_extension() -> None:
    assert export_filename("readiness.csv", "csv") == "readiness.csv"


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_xlsx_writes_an_aware_datetime_as_the_sites_local_time() -> None:
    at = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)  # 07:30 the next morning in Shanghai
    response = xlsx_response(filename="t", header=["at"], rows=[[at]])
    written = load_workbook(io.BytesIO(response.getvalue())).active["A2"].value
    assert written == dt.datetime(2026, 3, 2, 7, 30)
    assert written.tzinfo is None


def test_xlsx_keeps_naive_datetimes_and_dates_as_they_are() -> None:
    naive = dt.datetime(2026, 3, 1, 23, 30)
    assert xlsx_cell(naive) is naive
    assert xlsx_cell(dt.date(2026, 3, 1)) == dt.date(2026, 3, 1)
