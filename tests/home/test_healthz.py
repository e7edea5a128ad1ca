"""/healthz is liveness (the process answers, nothing else); /readyz is readiness: database and cache (and the
broker when one is configured), 503 naming the failed check, and no reason text a stranger could read."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_is_liveness_only_and_does_not_touch_the_database(client) -> None:  # type: ignore[no-untyped-def]
    with mock.patch("home.views._check_database", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_ok_on_the_embedded_default(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body == {"status": "ok", "checks": {"database": {"ok": True}, "cache": {"ok": True}}}


def test_readyz_is_503_and_names_the_database_without_its_reason(client, caplog) -> None:  # type: ignore[no-untyped-def]
    secret = "connection to 10.1.2.3 port 5432 failed: password authentication failed for user rampway"
    with mock.patch("home.views._check_database", side_effect=OperationalError(secret)):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {"database": {"ok": False}, "cache": {"ok": True}}}
    # The reason is for the operator's log, never for the caller.
    assert "10.1.2.3" not in response.content.decode()
    assert secret in caplog.text


def test_readyz_checks_the_broker_when_one_is_configured(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CELERY_BROKER_URL = "redis://:hunter2@127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("home.views._check_broker", side_effect=ConnectionError("hunter2 refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False}
    assert "hunter2" not in response.content.decode()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_need_no_sign_in_and_refuse_writes(client, path: str) -> None:  # type: ignore[no-untyped-def]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 405


def test_readyz_answers_every_probe_of_a_busy_orchestrator(client) -> None:  # type: ignore[no-untyped-def]
    # Not rate-limited: an orchestrator probing every second from one address is never refused.
    assert {client.get("/readyz").status_code for _ in range(50)} == {200}
