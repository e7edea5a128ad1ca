"""A customer organisation's OpenID Connect IdP signs people in and puts them in that organisation's team."""

from __future__ import annotations

from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site

from accounts.models import User
from tests.factories.accounts import TeamFactory

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.acme.example"
CONFIG = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/authorize",
    "token_endpoint": f"{ISSUER}/token",
    "userinfo_endpoint": f"{ISSUER}/userinfo",
    "jwks_uri": f"{ISSUER}/jwks",
    "token_endpoint_auth_methods_supported": ["client_secret_post"],
}


class FakeResponse:
    def __init__(self, payload: dict[str, Any]) -> None:
        self._payload = payload
        self.status_code = 200
        self.text = str(payload)
        self.headers = {"content-type": "application/json"}

    def json(self) -> dict[str, Any]:
        return self._payload

    def raise_for_status(self) -> None:
        return None


class FakeIdP:
    """Answers allauth's HTTP calls the way an OIDC provider would; records what was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __enter__(self) -> FakeIdP:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def get(self, url: str, **kwargs: Any) -> FakeResponse:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> FakeResponse:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> FakeResponse:
        self.calls.append((method, url))
        if url.endswith("/.well-known/openid-configuration"):
            return FakeResponse(CONFIG)
        if url == CONFIG["token_endpoint"]:
            assert kwargs.get("data", {}).get("code") == "auth-code-123"
            return FakeResponse({"access_token": "at-1", "token_type": "Bearer", "expires_in": 3600})
        if url == CONFIG["userinfo_endpoint"]:
            return FakeResponse(
                {
                    "sub": "acme-42",
                    "email": "mei.lin@acme.example",
                    "email_verified": True,
                    "given_name": "Mei",
                    "family_name": "Lin",
                }
            )
        raise AssertionError(f"unexpected call {method} {url}")


@pytest.fixture
def acme_oidc(roles):  # type: ignore[no-untyped-def]
    team = TeamFactory(slug="acme-sales")
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme",
        name="Acme Corp SSO",
        client_id="rampway-client",
        secret="s3cret",
        settings={"server_url": f"{ISSUER}/.well-known/openid-configuration", "org_unit": "acme-sales"},
    )
    app.sites.add(Site.objects.get_current())
    return team


def test_oidc_login_creates_the_person_in_their_organisations_team(client, acme_oidc) -> None:  # type: ignore[no-untyped-def]
    idp = FakeIdP()
    with mock.patch(
        "allauth.socialaccount.adapter.DefaultSocialAccountAdapter.get_requests_session", return_value=idp
    ):
        response = client.post("/accounts/oidc/acme/login/")
        assert response.status_code == 302
        redirect = urlsplit(response["Location"])
        assert f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == CONFIG["authorization_endpoint"]
        state = parse_qs(redirect.query)["state"][0]

        response = client.get(
            "/accounts/oidc/acme/login/callback/", {"code": "auth-code-123", "state": state}
        )

    assert response.status_code == 302
    user = User.objects.get(email="mei.lin@acme.example")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert SocialAccount.objects.get(user=user).uid == "acme-42"
    assert user.memberships.get().org_unit == acme_oidc
    assert user.groups.filter(name="learner").exists()
    assert ("POST", CONFIG["token_endpoint"]) in idp.calls


def test_oidc_callback_with_a_forged_state_signs_nobody_in(client, acme_oidc) -> None:  # type: ignore[no-untyped-def]
    idp = FakeIdP()
    with mock.patch(
        "allauth.socialaccount.adapter.DefaultSocialAccountAdapter.get_requests_session", return_value=idp
    ):
        client.post("/accounts/oidc/acme/login/")
        response = client.get(
            "/accounts/oidc/acme/login/callback/", {"code": "auth-code-123", "state": "forged"}
        )
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="mei.lin@acme.example").exists()
    assert response.status_code == 401
