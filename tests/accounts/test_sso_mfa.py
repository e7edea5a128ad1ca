"""A second factor for admins, recruiters and analysts, however they sign in: SSO is challenged or made to enrol."""

from __future__ import annotations

import os
import subprocess  # nosec B404 - runs our own settings module
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from tests.accounts.oidc_idp import acme_app, sso_round_trip
from tests.factories.accounts import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

RICK = {"sub": "acme-7", "email": "rick@acme.example", "email_verified": True, "given_name": "Rick"}


@pytest.fixture
def acme_recruiting(roles, idp, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = True
    TeamFactory(slug="acme-sales")
    return acme_app(idp, role=Role.RECRUITER, allowed_email_domains=["acme.example"])


def test_sso_recruiter_with_totp_is_challenged_for_a_code(client, acme_recruiting, idp) -> None:  # type: ignore[no-untyped-def]
    rick = UserFactory(email="rick@acme.example", roles=[Role.RECRUITER], sso_provider="acme")
    SocialAccount.objects.create(user=rick, provider="acme", uid="acme-7")
    secret = generate_totp_secret()
    TOTP.activate(rick, secret)

    response = sso_round_trip(client, idp, RICK)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert int(client.session["_auth_user_id"]) == rick.pk


def test_sso_recruiter_without_a_second_factor_must_enrol_first(client, acme_recruiting, idp) -> None:  # type: ignore[no-untyped-def]
    sso_round_trip(client, idp, RICK)
    rick = User.objects.get(email="rick@acme.example")
    assert rick.groups.filter(name=Role.RECRUITER).exists()
    assert int(client.session["_auth_user_id"]) == rick.pk
    for path in ("/", "/hiring/", "/api/v1/candidates"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")


def test_production_settings_force_mfa_whatever_the_environment_says() -> None:
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "rampway.example.com",
        "RAMPWAY_ENFORCE_MFA": "false",
    }
    out = subprocess.run(  # nosec B603 - fixed argv
        [sys.executable, "-c", "import config.settings.production as s; print(s.RAMPWAY_ENFORCE_MFA)"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"
