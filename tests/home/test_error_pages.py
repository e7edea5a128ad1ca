"""403, 404 and 500 are our own accessible pages, with a way back, in the person's language."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_unknown_url_shows_our_404_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<h1 id="error-title">Page not found</h1>' in html
    assert 'href="/"' in html


def test_forbidden_area_shows_our_403_page(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("learner").get("/django-admin/")
    assert response.status_code == 403
    assert "You don't have access to this page" in response.content.decode()


def test_server_error_page_renders_without_a_request_context() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Back to the dashboard" in html
