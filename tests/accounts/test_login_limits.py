"""Login limits protect accounts, not addresses: an exam room behind one address signs in, a guessed account locks."""

from __future__ import annotations

import time
from contextlib import contextmanager
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit
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


def _busy_for_the_room(real_lock):  # type: ignore[no-untyped-def]
    """allauth's limiter lock, except that every per-address lock is held by someone else (a stalled request)."""

    @contextmanager
    def lock(cache_key: str):  # type: ignore[no-untyped-def]
        if ":ip:" in cache_key:
            yield False
            return
        with real_lock(cache_key) as locked:
            yield locked

    return lock


def test_a_room_signs_in_while_its_address_s_limiter_is_busy(roles) -> None:  # type: ignore[no-untyped-def]
    # On a loaded server a request can hold a lock for a second or more; a room behind one address must not
    # queue behind it (allauth refuses whoever waits over a second for a lock).
    learners = _learners(5)
    busy = _busy_for_the_room(ratelimit.cache_lock)
    with mock.patch("allauth.core.internal.ratelimit.cache_lock", busy):
        for learner in learners:
            client = Client()
            _login(client, learner.email)
            assert client.session.get("_auth_user_id") == str(learner.pk), learner.email


@pytest.fixture
def _windows_stand_still():  # type: ignore[no-untyped-def]
    """The per-address counters' clock stands still: no window boundary falls inside a test, however slow."""
    with mock.patch("accounts.login_limits.time.time", return_value=time.time()):
        yield


@pytest.mark.usefixtures("_windows_stand_still")
def test_a_sprayer_guessing_across_accounts_from_the_room_is_stopped(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_LOGIN_FAILURES_PER_ADDRESS = 10
    targets = _learners(12)
    # Two guesses per account: each account stays under its own lock-out, the address does not.
    for target in targets[:5]:
        for _ in range(2):
            _login(Client(), target.email, "Summer2026!")
    attacker = Client()
    response = _login(attacker, targets[11].email)  # even a right password from this address is refused now
    assert "_auth_user_id" not in attacker.session
    assert "Too many failed login attempts" in response.content.decode()
    elsewhere = Client()
    elsewhere.post(
        reverse("account_login"),
        {"login": targets[11].email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.9",
    )
    assert elsewhere.session.get("_auth_user_id") == str(targets[11].pk)


@pytest.mark.usefixtures("_windows_stand_still")
def test_the_room_s_sign_ins_do_not_count_as_failures(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_LOGIN_FAILURES_PER_ADDRESS = 3
    learners = _learners(30)
    _login(Client(), learners[0].email, "typo")
    _login(Client(), learners[1].email, "typo")
    for learner in learners:
        client = Client()
        _login(client, learner.email)
        assert client.session.get("_auth_user_id") == str(learner.pk), learner.email


@pytest.mark.usefixtures("_windows_stand_still")
def test_a_flood_of_attempts_from_one_address_meets_a_ceiling(roles, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_LOGIN_ATTEMPTS_PER_ADDRESS = 4
    learners = _learners(6)
    signed_in = []
    for learner in learners[:5]:
        client = Client()
        _login(client, learner.email)
        signed_in.append(client.session.get("_auth_user_id") == str(learner.pk))
    assert signed_in == [True, True, True, True, False]
    other = Client()
    other.post(
        reverse("account_login"),
        {"login": learners[5].email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.9",
    )
    assert other.session.get("_auth_user_id") == str(learners[5].pk)
