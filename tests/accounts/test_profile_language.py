"""A person sets their preferred language on their profile; the UI follows it from sign-in on, and so do emails."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_header_links_to_the_profile_where_the_language_is_saved(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    assert 'href="/profile/"' in client.get("/dashboard/").content.decode()
    response = client.post("/profile/", {"language": "zh-hans"})
    assert response.status_code == 302
    learner = persona("learner")
    learner.refresh_from_db()
    assert learner.language == "zh-hans"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert AuditEvent.objects.filter(verb="user.language", object_id=str(learner.pk)).exists()
    page = client.get("/profile/").content.decode()
    assert '<html lang="zh-hans"' in page
    assert '<option value="zh-hans" selected>' in page


def test_an_unknown_language_is_refused_naming_the_field(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    response = login_as("learner").post("/profile/", {"language": "klingon"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert persona("learner").language == ""


def test_signing_in_switches_the_ui_to_the_preferred_language(client, roles) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="mei@example.com", roles=[Role.LEARNER], language="zh-hans")
    response = client.post(reverse("account_login"), {"login": "mei@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert '<html lang="zh-hans"' in client.get("/dashboard/").content.decode()


def test_someone_without_a_preference_keeps_the_language_they_browse_in(client, roles) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="sam@example.com", roles=[Role.LEARNER])
    response = client.post(reverse("account_login"), {"login": "sam@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_header_language_menu_saves_a_signed_in_persons_preference(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    assert 'action="/i18n/setlang/"' in client.get("/dashboard/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    learner = persona("learner")
    learner.refresh_from_db()
    assert learner.language == "zh-hans"
    assert AuditEvent.objects.filter(verb="user.language", object_id=str(learner.pk)).count() == 1
    # Switching back is saved too; an unknown language changes nothing.
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    client.post("/i18n/setlang/", {"language": "klingon", "next": "/dashboard/"})
    learner.refresh_from_db()
    assert learner.language == "en"


def test_the_header_language_menu_still_works_signed_out_and_refuses_foreign_redirects(client, roles) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert not AuditEvent.objects.filter(verb="user.language").exists()
    assert client.get("/i18n/setlang/").status_code == 405
