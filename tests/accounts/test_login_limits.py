"""Login limits protect accounts, not addresses: an exam room behind one address signs in, a guessed account locks."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EXAM_ROOM = "203.0.113.7"


def _login(client: Client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=EXAM_ROOM
    )


def _learners(n: int) -> list[User]:
    users = [User(email=f"learner{i}@exam.example") for i in range(n)]
    for user in users:
        user.set_password(PASSWORD)
    User.objects.bulk_create(users)
    users = list(User.objects.filter(email__endswith="@exam.example").order_by("pk"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users
    )
    return users


def test_three_hundred_learners_sign_in_from_one_address_within_a_minute(roles) -> None:  # type: ignore[no-untyped-def]
    learners = _learners(300)
    signed_in = 0
    # The limiter's clock stands still: all 300 attempts fall in the same second, whatever this machine's speed.
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=time.time()):
        for learner in learners:
            client = Client()
            response = _login(client, learner.email)
            assert response.status_code == 302, learner.email
            signed_in += int(client.session.get("_auth_user_id") == str(learner.pk))
    assert signed_in == 300


def test_a_few_typos_in_the_room_do_not_lock_the_others_out(roles) -> None:  # type: ignore[no-untyped-def]
    learners = _learners(40)
    for learner in learners[:20]:
        _login(Client(), learner.email, "typo in the password")
    for learner in learners:
        client = Client()
        _login(client, learner.email)
        assert client.session.get("_auth_user_id") == str(learner.pk), learner.email


def test_five_wrong_passwords_lock_only_that_account_for_a_while(roles) -> None:  # type: ignore[no-untyped-def]
    victim = UserFactory(email="victim@exam.example")
    neighbour = UserFactory(email="neighbour@exam.example")
    for _ in range(5):
        _login(Client(), victim.email, "guessing")

    locked = Client()
    response = _login(locked, victim.email)
    assert "_auth_user_id" not in locked.session
    assert "Too many failed login attempts" in response.content.decode()

    other = Client()
    _login(other, neighbour.email)
    assert other.session.get("_auth_user_id") == str(neighbour.pk)

    later = time.time() + 5 * 60 + 1
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=later):
        unlocked = Client()
        _login(unlocked, victim.email)
    assert unlocked.session.get("_auth_user_id") == str(victim.pk)
