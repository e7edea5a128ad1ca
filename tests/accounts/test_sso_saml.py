"""A customer organisation's SAML IdP signs in its own people, into its team, and nobody else (signed assertions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import OrgUnit, User
from accounts.roles import Role
from tests.accounts.saml_idp import SamlIdP
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme_saml(roles) -> Iterator[SamlIdP]:  # type: ignore[no-untyped-def]
    idp = SamlIdP()
    TeamFactory(slug="acme-sales")
    idp.app(allowed_email_domains=["acme.example"])
    yield idp
    idp.close()


def test_saml_login_creates_the_person_in_their_organisations_team(client, acme_saml) -> None:  # type: ignore[no-untyped-def]
    response = acme_saml.sign_in(client, uid="acme-42", email="mei.lin@acme.example")
    assert response.status_code == 302, response.content
    user = User.objects.get(email="mei.lin@acme.example")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert SocialAccount.objects.get(user=user, provider="acme-saml").uid == "acme-42"
    assert user.memberships.get().org_unit == OrgUnit.objects.get(slug="acme-sales")
    assert user.groups.filter(name="learner").exists()

    # The account it created is its own: the next sign-in finds it again.
    client.post(reverse("account_logout"))
    assert acme_saml.sign_in(client, uid="acme-42", email="mei.lin@acme.example").status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert User.objects.filter(email="mei.lin@acme.example").count() == 1


def test_saml_response_signed_by_another_key_signs_nobody_in(client, acme_saml, caplog) -> None:  # type: ignore[no-untyped-def]
    impostor = SamlIdP()  # same entity id and endpoints, but not the certificate the app trusts
    try:
        response = impostor.sign_in(client, uid="acme-42", email="mei.lin@acme.example")
    finally:
        impostor.close()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="mei.lin@acme.example").exists()
    assert not SocialAccount.objects.exists()
    assert response.status_code == 401
    assert any("Signature validation failed" in message for message in caplog.messages)


def test_saml_claiming_another_org_units_account_is_refused_and_connects_nothing(client, acme_saml) -> None:  # type: ignore[no-untyped-def]
    gina = UserFactory(email="gina@globex.example", roles=[Role.COACH])
    MembershipFactory(user=gina, org_unit=TeamFactory(slug="globex-sales"))
    response = acme_saml.sign_in(client, uid="evil-1", email="gina@globex.example")
    assert response.status_code == 403
    assert (
        "Acme SAML may not sign in the account registered with this email address"
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert gina.memberships.get().org_unit.slug == "globex-sales"


def test_saml_claiming_the_superusers_email_is_refused_and_connects_nothing(client, acme_saml) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="root@rampway.example", is_superuser=True, is_staff=True)
    response = acme_saml.sign_in(client, uid="evil-2", email="ROOT@rampway.example")
    assert response.status_code == 403
    assert (
        "Acme SAML may not sign in the account registered with this email address"
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
