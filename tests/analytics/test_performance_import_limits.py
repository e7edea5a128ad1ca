"""The performance import refuses a huge or unreadable file with a message, before reading it, and saves nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from analytics.models import PerformanceRecord
from tests.core.test_uploads import _xlsx
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
URL = "/analytics/performance/import/"


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("perf.xlsx", _xlsx(2, dimension="A1:XFD1048576"), "more than 50000 rows"),
        ("perf.xlsx", _xlsx(2, dimension="A1:Z50000"), "more than 500000 cells"),
        ("perf.csv", "email,metric\nJosé@example.com,win_rate\n".encode("latin-1"), "not valid UTF-8 text"),
    ],
)
def test_a_huge_or_unreadable_file_is_refused_with_a_message(
    login_as, name: str, raw: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    response = login_as("analyst").post(URL, {"file": SimpleUploadedFile(name, raw)})
    assert response.status_code == 200 and message in response.content.decode()
    assert response.context["token"] == "" and not PerformanceRecord.objects.exists()


def test_a_utf16_csv_with_a_bom_is_read(login_as) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="seller@example.com")
    text = (
        "email,metric,period_start,period_end,value\nseller@example.com,win_rate,2026-01-01,2026-01-31,40\n"
    )
    client = login_as("analyst")
    preview = client.post(URL, {"file": SimpleUploadedFile("perf.csv", text.encode("utf-16"))})
    assert preview.context["token"]
    assert client.post(URL, {"confirm": "1", "token": preview.context["token"]}).status_code == 302
    assert PerformanceRecord.objects.count() == 1
