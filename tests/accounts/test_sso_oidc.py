"""A customer organisation's OpenID Connect IdP signs in its own people, into its team, and nobody else."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from tests.accounts.oidc_idp import acme_app, sso_round_trip
from tests.factories.accounts import PASSWORD, MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

MEI = {"sub": "acme-42", "email": "mei.lin@acme.example", "email_verified": True, "given_name": "Mei"}


@pytest.fixture
def acme_oidc(roles, idp):  # type: ignore[no-untyped-def]
    team = TeamFactory(slug="acme-sales")
    acme_app(idp, allowed_email_domains=["acme.example"])
    return team


def test_oidc_login_creates_the_person_in_their_organisations_team(client, acme_oidc, idp) -> None:  # type: ignore[no-untyped-def]
    response = sso_round_trip(client, idp, MEI)
    assert response.status_code == 302
    user = User.objects.get(email="mei.lin@acme.example")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert SocialAccount.objects.get(user=user).uid == "acme-42"
    assert user.memberships.get().org_unit == acme_oidc
    assert user.groups.filter(name="learner").exists()
    assert ("POST", "/token") in idp.calls

    # The account it created is its own: the next sign-in finds it again.
    client.post(reverse("account_logout"))
    assert sso_round_trip(client, idp, MEI).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_oidc_callback_with_a_forged_state_signs_nobody_in(client, acme_oidc, idp) -> None:  # type: ignore[no-untyped-def]
    idp.claims = MEI
    client.post("/accounts/oidc/acme/login/")
    response = client.get("/accounts/oidc/acme/login/callback/", {"code": idp.CODE, "state": "forged"})
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="mei.lin@acme.example").exists()
    assert response.status_code == 401


def test_oidc_claiming_another_org_units_account_is_refused_and_connects_nothing(
    client, acme_oidc, idp
) -> None:  # type: ignore[no-untyped-def]
    globex = UserFactory(email="gina@globex.example", roles=[Role.COACH])
    MembershipFactory(user=globex, org_unit=TeamFactory(slug="globex-sales"))
    response = sso_round_trip(client, idp, {**MEI, "sub": "evil-1", "email": "gina@globex.example"})
    assert response.status_code == 403
    assert (
        "Acme Corp SSO may not sign in the account registered with this email address"
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_oidc_claiming_the_superusers_email_is_refused_and_connects_nothing(client, acme_oidc, idp) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="root@rampway.example", is_superuser=True, is_staff=True)
    response = sso_round_trip(client, idp, {**MEI, "sub": "evil-2", "email": "ROOT@rampway.example"})
    assert response.status_code == 403
    assert "may not sign in the account registered with this email address" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_oidc_claiming_an_existing_account_in_its_domain_asks_for_that_accounts_password(
    client, acme_oidc, idp
) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="mei.lin@acme.example", roles=[Role.LEARNER])
    response = sso_round_trip(client, idp, MEI)
    assert response.status_code == 403
    assert "Sign in with its password, then connect Acme Corp SSO" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_oidc_does_not_create_accounts_outside_its_allowed_domains(client, acme_oidc, idp) -> None:  # type: ignore[no-untyped-def]
    response = sso_round_trip(client, idp, {**MEI, "email": "newcomer@initech.example"})
    assert response.status_code == 403
    assert (
        "may not create accounts for the email address newcomer@initech.example" in response.content.decode()
    )
    assert not User.objects.filter(email="newcomer@initech.example").exists()


def test_the_owner_connects_their_account_after_signing_in_with_its_password(client, acme_oidc, idp) -> None:  # type: ignore[no-untyped-def]
    mei = UserFactory(email="mei.lin@acme.example", roles=[Role.LEARNER])
    client.post(reverse("account_login"), {"login": mei.email, "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == mei.pk
    response = sso_round_trip(client, idp, MEI, process="connect")
    assert response.status_code == 302
    assert SocialAccount.objects.get(user=mei).uid == "acme-42"

    client.post(reverse("account_logout"))
    sso_round_trip(client, idp, MEI)
    assert int(client.session["_auth_user_id"]) == mei.pk


def test_an_account_outside_the_apps_domains_cannot_connect_to_it(client, acme_oidc, idp) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="root@rampway.example", is_superuser=True, is_staff=True)
    client.post(reverse("account_login"), {"login": "root@rampway.example", "password": PASSWORD})
    assert "_auth_user_id" in client.session
    response = sso_round_trip(client, idp, {**MEI, "sub": "root-at-acme"}, process="connect")
    assert response.status_code == 403
    assert "its email address is outside that organisation" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_link_made_before_the_binding_stops_working_outside_the_apps_domains(
    client, acme_oidc, idp
) -> None:  # type: ignore[no-untyped-def]
    root = UserFactory(email="root@rampway.example", is_superuser=True, is_staff=True)
    SocialAccount.objects.create(user=root, provider="acme", uid="evil-3")
    response = sso_round_trip(client, idp, {**MEI, "sub": "evil-3", "email": "root@rampway.example"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
