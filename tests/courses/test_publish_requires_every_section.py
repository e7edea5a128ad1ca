"""A product page cannot go live while a required section is empty; the refusal names the section."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import ProductPage
from tests.factories.courses import filled_body, library, product_page

from .admin_forms import page_post_data

pytestmark = pytest.mark.django_db


def _create_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("courses", "productpage", library().pk))


def test_a_draft_with_empty_sections_can_be_saved(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    response = client.post(_create_url(), page_post_data(action=None, skip="competitors"))
    assert response.status_code == 302
    page = ProductPage.objects.get()
    assert not page.live


def test_a_complete_page_is_published(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    response = client.post(_create_url(), page_post_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProductPage.objects.get().live


def test_publishing_an_incomplete_revision_in_code_is_refused_too() -> None:
    page = product_page(publish=False, body=filled_body(pricing=None))
    with pytest.raises(ValidationError, match="Pricing and packaging notes"):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    assert not page.live
