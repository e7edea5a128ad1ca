"""The API counts calls per trusted client address and unknown tokens per address; X-Forwarded-For is not trusted blindly."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/certifications/verify/NOSUCHCODE00"


def _statuses(client, n: int, **headers: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [client.get(PUBLIC, REMOTE_ADDR="192.0.2.10", headers=headers).status_code for _ in range(n)]


def test_spoofed_forwarded_for_neither_resets_nor_dodges_the_limit_without_a_proxy(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_TRUSTED_PROXY_COUNT = 0
    settings.RAMPWAY_API_RATE_LIMIT = 3
    answers = [
        client.get(PUBLIC, REMOTE_ADDR="192.0.2.10", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
        for i in range(4)
    ]
    assert answers[:3] == [404, 404, 404]
    assert answers[3] == 429
    assert client.get(PUBLIC, REMOTE_ADDR="192.0.2.11").status_code == 404


def test_with_one_trusted_proxy_the_address_it_saw_is_counted(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_TRUSTED_PROXY_COUNT = 1
    settings.RAMPWAY_API_RATE_LIMIT = 3
    proxy = "192.0.2.1"
    answers = [
        client.get(
            PUBLIC, REMOTE_ADDR=proxy, headers={"X-Forwarded-For": f"10.0.0.{i}, 198.51.100.9"}
        ).status_code
        for i in range(4)
    ]
    assert answers == [404, 404, 404, 429]
    other = client.get(PUBLIC, REMOTE_ADDR=proxy, headers={"X-Forwarded-For": "198.51.100.10"})
    assert other.status_code == 404


def test_bad_tokens_are_counted_per_address_then_refused_with_429(client, bearer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_TRUSTED_PROXY_COUNT = 0
    settings.RAMPWAY_API_BAD_TOKEN_LIMIT = 3
    good = bearer("candidates:read")

    def call(headers: dict[str, str], addr: str = "192.0.2.20", forwarded: str = "10.9.9.9"):  # type: ignore[no-untyped-def]
        return client.get(
            "/api/v1/candidates", REMOTE_ADDR=addr, headers={**headers, "X-Forwarded-For": forwarded}
        )

    guesses = [call({"Authorization": f"Bearer rw_guess{i}"}, forwarded=f"10.0.0.{i}") for i in range(3)]
    assert [r.status_code for r in guesses] == [401, 401, 401]
    refused = call({"Authorization": "Bearer rw_guess4"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert call(good).status_code == 429
    assert call(good, addr="192.0.2.21").status_code == 200
