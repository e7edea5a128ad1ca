"""Admins create tokens on /api/tokens/ (the full token shown on that answer only) and revoke them."""

from __future__ import annotations

import hashlib

import pytest

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_token_and_sees_it_once(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    response = client.post(
        "/api/tokens/", {"name": "Workday sync", "scopes": ["candidates:read", "enrollments:read"]}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(name="Workday sync")
    shown = response.context["created"]
    assert shown.startswith(f"rw_{token.prefix}_")
    assert token.secret_hash == hashlib.sha256(shown.split("_", 2)[2].encode()).hexdigest()
    assert shown in response.content.decode()
    assert shown not in client.get("/api/tokens/").content.decode()
    assert client.get("/api/v1/enrollments", headers={"Authorization": f"Bearer {shown}"}).status_code == 200


def test_the_form_names_what_is_missing(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("admin").post("/api/tokens/", {"name": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "scopes"}
    assert not ApiToken.objects.exists()


def test_an_admin_revokes_a_token(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    shown = client.post("/api/tokens/", {"name": "BI", "scopes": ["certifications:read"]}).context["created"]
    token = ApiToken.objects.get()
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        client.get("/api/v1/certifications", headers={"Authorization": f"Bearer {shown}"}).status_code == 401
    )


@pytest.mark.parametrize("persona_name", ["learner", "trainer", "recruiter", "coach", "analyst"])
def test_only_admins_manage_tokens(login_as, persona_name) -> None:  # type: ignore[no-untyped-def]
    client = login_as(persona_name)
    assert client.post("/api/tokens/", {"name": "x", "scopes": ["candidates:read"]}).status_code == 403
    assert not ApiToken.objects.exists()
