"""Each token has its own budget of calls; beyond it the answer is 429 with Retry-After."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_token_over_its_limit_gets_429_with_retry_after(client, bearer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_API_RATE_LIMIT = 3
    settings.RAMPWAY_API_RATE_WINDOW = 60
    first, second = bearer("candidates:read"), bearer("candidates:read")
    answers = [client.get("/api/v1/candidates", headers=first).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/api/v1/candidates", headers=first)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert client.get("/api/v1/candidates", headers=second).status_code == 200
