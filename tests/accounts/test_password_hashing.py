"""Passwords are hashed with Argon2id at OWASP's parameters; hashes made before (Django's PBKDF2, Argon2 at Django's
own parameters) still sign in through the login form and are re-hashed at the new parameters on that sign-in.

The test settings hash with MD5 for speed, so these tests put the real list (config.settings.base, which production
inherits) back in place."""

from __future__ import annotations

import argon2
import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from config.settings import base
from tests.config.test_multi_node_config import _settings
from tests.factories.accounts import PASSWORD, UserFactory

OWASP_ARGON2ID = argon2.Parameters(
    type=argon2.Type.ID,
    version=19,
    salt_len=22,  # Django's salt: 22 random characters, used as the salt's bytes
    hash_len=32,
    time_cost=2,
    memory_cost=19 * 1024,
    parallelism=1,
)

# Hashes of tests.factories.accounts.PASSWORD as earlier settings left them (made once with Django's own hashers:
# encoding them again in every test would double the slowest step): PBKDF2-SHA256 at Django 5.2's 1,000,000
# iterations, and Argon2id at Django's own parameters (100 MiB, 2 passes, 8 lanes).
OLD_HASHES = {
    "pbkdf2-1M-django-default": "pbkdf2_sha256$1000000$1Xgo6mQze6ZFeo46HIh6Cr$9CpUdiD/nwH1EE+8+LX52ZbfInIhFRwP5NNLQLis2iA=",
    "argon2-django-default-parameters": (
        "argon2$argon2id$v=19$m=102400,t=2,p=8$WlVJR3VOWFhobzVOdUxRbVZURzhpaw$xF+eUDqv+SNGjFGVSrhQzJsl0PouPNizZcAUbfJqzQs"
    ),
}

production_hashers = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


def _argon2_parameters(encoded: str) -> argon2.Parameters:
    algorithm, _, phc = encoded.partition("$")
    assert algorithm == "argon2"
    return argon2.extract_parameters("$" + phc)


def test_production_hashes_with_owasp_argon2id_and_still_knows_the_older_hashers() -> None:
    hashers = _settings(
        "config.settings.production",
        "s.PASSWORD_HASHERS",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="rampway.example.com",
        DATABASE_URL="sqlite://",
    )
    assert hashers == base.PASSWORD_HASHERS
    assert hashers[0] == "accounts.hashers.OWASPArgon2idPasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers[1:]


@production_hashers
def test_a_new_password_is_argon2id_at_19_mib_two_passes_one_lane() -> None:
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$")
    assert _argon2_parameters(encoded) == OWASP_ARGON2ID


def _sign_in(client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
@production_hashers
@pytest.mark.parametrize("kind", sorted(OLD_HASHES))
def test_an_older_hash_signs_in_and_is_rehashed_at_the_new_parameters(client, kind) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="old@example.com")
    old = OLD_HASHES[kind]
    assert identify_hasher(old).algorithm == kind.split("-")[0].replace("pbkdf2", "pbkdf2_sha256")
    user.password = old
    user.save(update_fields=["password"])

    response = _sign_in(client, "old@example.com")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    user.refresh_from_db()
    assert user.password != old
    assert _argon2_parameters(user.password) == OWASP_ARGON2ID
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
@production_hashers
def test_a_wrong_password_leaves_the_old_hash_alone(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="old@example.com")
    old = OLD_HASHES["pbkdf2-1M-django-default"]
    user.password = old
    user.save(update_fields=["password"])

    response = _sign_in(client, "old@example.com", "not the password")

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == old
