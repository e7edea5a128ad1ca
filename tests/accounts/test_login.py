"""Signing in: email + password, verification, rate limit, MFA challenge, sign out."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_with_email_and_password_signs_in(client, roles):  # type: ignore[no-untyped-def]
    user = UserFactory(email="alice@example.com", roles=[Role.LEARNER])
    response = _login(client, "Alice@Example.com")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_is_refused_with_a_message(client, roles):  # type: ignore[no-untyped-def]
    UserFactory(email="alice@example.com")
    response = _login(client, "alice@example.com", "not the password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "not correct" in response.content.decode()


def test_unverified_email_must_be_confirmed_before_signing_in(client, roles):  # type: ignore[no-untyped-def]
    UserFactory(email="new@example.com", verified=False)
    response = _login(client, "new@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert "new@example.com" in mail.outbox[0].to


def test_repeated_failures_are_rate_limited_even_with_the_right_password(client, roles):  # type: ignore[no-untyped-def]
    UserFactory(email="alice@example.com")
    for _ in range(5):
        _login(client, "alice@example.com", "wrong password")
    response = _login(client, "alice@example.com")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()


def test_recruiter_with_totp_is_challenged_for_a_code(client, roles):  # type: ignore[no-untyped-def]
    recruiter = UserFactory(email="rick@example.com", roles=[Role.RECRUITER])
    secret = generate_totp_secret()
    TOTP.activate(recruiter, secret)

    response = _login(client, "rick@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200

    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == recruiter.pk


def test_recruiter_without_a_second_factor_must_set_one_up(client, roles, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = True
    UserFactory(email="rick@example.com", roles=[Role.RECRUITER])
    _login(client, "rick@example.com")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_learner_is_not_asked_for_a_second_factor(client, roles, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = True
    UserFactory(email="alice@example.com", roles=[Role.LEARNER])
    _login(client, "alice@example.com")
    assert client.get("/").status_code == 200
    assert not Authenticator.objects.exists()


def test_logout_ends_the_session(client, roles):  # type: ignore[no-untyped-def]
    UserFactory(email="alice@example.com")
    _login(client, "alice@example.com")
    assert "_auth_user_id" in client.session
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
