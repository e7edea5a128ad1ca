"""/readyz checks the real broker: ok when Redis answers, 503 naming the broker when it does not."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_readyz_is_ok_with_the_real_database_cache_and_broker(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": {"ok": True}, "cache": {"ok": True}, "broker": {"ok": True}}


def test_readyz_fails_when_the_broker_is_unreachable(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6390/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"] == {"ok": False}
    assert body["checks"]["database"] == {"ok": True}
