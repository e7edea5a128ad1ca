"""The import page previews a file, then imports on confirmation; the templates download."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from analytics.models import PerformanceRecord
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_preview_then_confirm_imports_the_records(login_as) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="seller@example.com")
    client = login_as("analyst")
    upload = SimpleUploadedFile(
        "perf.csv",
        b"email,metric,period_start,period_end,value\nseller@example.com,win_rate,2026-01-01,2026-01-31,40\n",
    )

    preview = client.post("/analytics/performance/import/", {"file": upload})
    assert preview.status_code == 200
    assert PerformanceRecord.objects.count() == 0
    token = preview.context["token"]

    done = client.post("/analytics/performance/import/", {"confirm": "1", "token": token})
    assert done.status_code == 302
    assert PerformanceRecord.objects.count() == 1


def test_bad_file_shows_the_row_errors_and_saves_nothing(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    upload = SimpleUploadedFile(
        "perf.csv",
        b"email,metric,period_start,period_end,value\nghost@example.com,win_rate,2026-01-01,2026-01-31,40\n",
    )
    response = client.post("/analytics/performance/import/", {"file": upload})
    assert "Row 2, email" in response.content.decode()
    assert response.context["token"] == ""
    assert PerformanceRecord.objects.count() == 0


def test_templates_download_as_csv_and_xlsx(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    csv_response = client.get("/analytics/performance/template.csv")
    assert (
        b"".join(csv_response.streaming_content)
        .decode()
        .startswith("\ufeffemail,metric,period_start,period_end,value")
    )
    xlsx = client.get("/analytics/performance/template.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [c.value for c in sheet[1]] == ["email", "metric", "period_start", "period_end", "value"]
    assert sheet["E2"].value == 87.5  # a number, not text
    assert client.get("/analytics/performance/template.pdf").status_code == 404
