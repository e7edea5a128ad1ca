"""Bulk performance writes: idempotent by external id; any bad row rejects the batch, naming row and field."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from analytics.models import PerformanceRecord
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/performance-records"


def _record(n: int, email: str, **overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "external_id": f"crm-{n}",
        "email": email,
        "metric": "quota_attainment",
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "value": 80.0 + n,
    }
    record.update(overrides)
    return record


def _post(client, headers, records):  # type: ignore[no-untyped-def]
    return client.post(URL, {"records": records}, content_type="application/json", headers=headers)


def test_a_retried_batch_updates_instead_of_duplicating(client, bearer) -> None:  # type: ignore[no-untyped-def]
    seller = UserFactory()
    headers = bearer("performance:write")
    batch = [_record(n, seller.email) for n in range(3)]
    first = _post(client, headers, batch)
    assert first.status_code == 200, first.content
    assert first.json() == {"created": 3, "updated": 0}
    batch[1]["value"] = 55.5
    second = _post(client, headers, batch)
    assert second.json() == {"created": 0, "updated": 3}
    assert PerformanceRecord.objects.count() == 3
    stored = PerformanceRecord.objects.get(external_id="crm-1")
    assert (stored.value, stored.person_id, stored.source) == (55.5, seller.pk, "api")
    assert AuditEvent.objects.filter(verb="performance.api_write").count() == 2


def test_bad_rows_are_named_and_nothing_is_saved(client, bearer) -> None:  # type: ignore[no-untyped-def]
    seller = UserFactory()
    batch = [
        _record(1, seller.email),
        _record(2, "nobody@example.com"),
        _record(3, seller.email, period_start="2026-02-30", metric="no_such_metric"),
        _record(4, seller.email, period_start="2026-03-31", period_end="2026-03-01"),
        _record(5, seller.email, external_id="crm-1"),
    ]
    response = _post(client, bearer("performance:write"), batch)
    assert response.status_code == 400
    errors = {e["row"]: e for e in response.json()["errors"]}
    assert sorted(errors) == [2, 3, 4, 5]
    assert errors[2]["external_id"] == "crm-2"
    assert any(m.startswith("Row 2, email:") for m in errors[2]["messages"])
    assert {m.split(":")[0] for m in errors[3]["messages"]} == {"Row 3, metric", "Row 3, period_start"}
    assert any(m.startswith("Row 4, period_end:") for m in errors[4]["messages"])
    assert any(m.startswith("Row 5, external_id:") and "row 1" in m for m in errors[5]["messages"])
    assert not PerformanceRecord.objects.exists()


def test_a_value_outside_the_metric_range_is_rejected(client, bearer) -> None:  # type: ignore[no-untyped-def]
    seller = UserFactory()
    response = _post(
        client, bearer("performance:write"), [_record(1, seller.email, metric="win_rate", value=5e9)]
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["messages"][0].startswith("Row 1, value:")
    assert not PerformanceRecord.objects.exists()


def test_analysts_write_through_their_session_with_csrf(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    analyst = persona("analyst")
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    seller = UserFactory()
    refused = _post(client, {}, [_record(1, seller.email)])
    assert refused.status_code == 403
    token = "k" * 32  # any secret works when the cookie and the header agree
    client.cookies["csrftoken"] = token
    accepted = _post(client, {"X-CSRFToken": token}, [_record(1, seller.email)])
    assert accepted.status_code == 200, accepted.content
    assert PerformanceRecord.objects.get().source == "api"


def test_learners_may_not_write(login_as) -> None:  # type: ignore[no-untyped-def]
    seller = UserFactory()
    assert _post(login_as("learner"), {}, [_record(1, seller.email)]).status_code == 403
