"""/healthz reports database and cache (and the broker when one is configured) as JSON; 503 when one is down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_on_the_embedded_default(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": {"ok": True}, "cache": {"ok": True}}


def test_healthz_is_503_and_names_the_database_when_it_is_down(client) -> None:  # type: ignore[no-untyped-def]
    with mock.patch("home.views._check_database", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is False
    assert "connection refused" in body["checks"]["database"]["error"]
    assert body["checks"]["cache"]["ok"] is True


def test_healthz_checks_the_broker_when_one_is_configured(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("home.views._check_broker", side_effect=ConnectionError("broker unreachable")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {
        "ok": False,
        "error": "ConnectionError: broker unreachable",
    }
