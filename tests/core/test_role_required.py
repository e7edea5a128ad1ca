"""role_required: anonymous people sign in first, people without the role get our 403 page, a superuser is admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.roles import Role
from core.http import AuthedHttpRequest, role_required
from tests.factories.accounts import UserFactory


@role_required(Role.ANALYST, Role.ADMIN)
def _analysis(request: AuthedHttpRequest) -> HttpResponse:
    return HttpResponse(request.user.email)


def _request(user: object) -> AuthedHttpRequest:
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user  # type: ignore[assignment]
    return request  # type: ignore[return-value]


def test_anonymous_is_sent_to_sign_in_with_next() -> None:
    from django.contrib.auth.models import AnonymousUser

    response = _analysis(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "somewhere" in response["Location"]


@pytest.mark.django_db
def test_a_person_with_one_of_the_roles_gets_the_view(roles: None) -> None:
    anna = UserFactory(email="anna@example.com", roles=[Role.ANALYST])
    assert _analysis(_request(anna)).content == b"anna@example.com"


@pytest.mark.django_db
def test_a_person_without_the_role_is_refused(roles: None) -> None:
    tina = UserFactory(roles=[Role.TRAINER])
    with pytest.raises(PermissionDenied):
        _analysis(_request(tina))


@pytest.mark.django_db
def test_a_superuser_without_groups_counts_as_admin(roles: None) -> None:
    root = UserFactory(is_superuser=True, roles=[])
    assert _analysis(_request(root)).status_code == 200


@pytest.mark.django_db
def test_the_refusal_renders_our_403_page(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("learner").get("/analytics/")
    assert response.status_code == 403
    assert b"have access to this page" in response.content


def test_no_roles_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        role_required()
