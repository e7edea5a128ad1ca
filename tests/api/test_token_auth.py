"""Tokens: hashed at rest, shown once, scoped (403), and a missing/unknown/revoked one is 401."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuditEvent
from api.models import ApiToken
from api.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/api/v1/candidates", "candidates:read"),
    ("get", "/api/v1/hires", "candidates:read"),
    ("get", "/api/v1/enrollments", "enrollments:read"),
    ("get", "/api/v1/certifications", "certifications:read"),
    ("post", "/api/v1/performance-records", "performance:write"),
]


def _call(client, method, url, headers):  # type: ignore[no-untyped-def]
    if method == "post":
        return client.post(url, {"records": []}, content_type="application/json", headers=headers)
    return client.get(url, headers=headers)


def test_only_a_sha256_of_the_secret_is_stored() -> None:
    token, text = api_token_create(name="HRIS", scopes=["candidates:read"], actor=None)
    _, prefix, secret = text.split("_", 2)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.prefix == prefix
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_the_command_prints_the_token_once_and_audits_it() -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_api_token",
        "--name",
        "BI",
        "--scope",
        "enrollments:read",
        "--scope",
        "certifications:read",
        stdout=out,
        stderr=err,
    )
    text = out.getvalue().strip()
    token = ApiToken.objects.get(name="BI")
    assert text.startswith(f"rw_{token.prefix}_")
    assert token.scopes == ["certifications:read", "enrollments:read"]
    assert text not in err.getvalue()
    assert AuditEvent.objects.filter(verb="api_token.create", object_id=str(token.pk)).exists()


@pytest.mark.parametrize(("method", "url", "scope"), ENDPOINTS)
def test_no_token_is_401(client, method, url, scope) -> None:  # type: ignore[no-untyped-def]
    assert _call(client, method, url, {}).status_code == 401


@pytest.mark.parametrize(("method", "url", "scope"), ENDPOINTS)
def test_unknown_or_malformed_token_is_401(client, bearer, method, url, scope) -> None:  # type: ignore[no-untyped-def]
    good = bearer(scope)["Authorization"]
    tampered = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    for value in (tampered, "Bearer rw_nope_nope", "Bearer garbage", "Token " + good.split()[1]):
        assert _call(client, method, url, {"Authorization": value}).status_code == 401, value


@pytest.mark.parametrize(("method", "url", "scope"), ENDPOINTS)
def test_revoked_token_is_401(client, method, url, scope) -> None:  # type: ignore[no-untyped-def]
    token, text = api_token_create(name="Old", scopes=[scope], actor=None)
    headers = {"Authorization": f"Bearer {text}"}
    assert _call(client, method, url, headers).status_code in (200, 422)
    api_token_revoke(token=token, actor=None)
    assert _call(client, method, url, headers).status_code == 401
    assert AuditEvent.objects.filter(verb="api_token.revoke", object_id=str(token.pk)).exists()


@pytest.mark.parametrize(("method", "url", "scope"), ENDPOINTS)
def test_a_token_without_the_scope_is_403(client, bearer, method, url, scope) -> None:  # type: ignore[no-untyped-def]
    others = [s for _, _, s in ENDPOINTS if s != scope] + ["scorecards:read"]
    response = _call(client, method, url, bearer(*others))
    assert response.status_code == 403
    assert scope in response.json()["detail"]


def test_scorecards_need_their_own_scope(client, bearer, org) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/candidates/{org.candidate.pk}/scorecards"
    assert client.get(url, headers=bearer("candidates:read")).status_code == 403
    assert client.get(url, headers=bearer("scorecards:read")).status_code == 200


def test_last_use_is_recorded(client) -> None:  # type: ignore[no-untyped-def]
    token, text = api_token_create(name="HRIS", scopes=["candidates:read"], actor=None)
    assert token.last_used_at is None
    before = timezone.now()
    client.get("/api/v1/candidates", headers={"Authorization": f"Bearer {text}"})
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at >= before
