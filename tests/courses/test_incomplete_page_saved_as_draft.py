"""Publishing or submitting a page with empty sections keeps it as a draft and says what to fill in, and for what."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from courses.models import ProductPage
from tests.factories.courses import library

from .admin_forms import page_post_data

pytestmark = pytest.mark.django_db


def _create_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("courses", "productpage", library().pk))


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_publishing_with_an_empty_elevator_pitch_saves_a_draft_naming_the_section(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("analyst").post(_create_url(), page_post_data(empty="elevator_pitch"))
    assert response.status_code == 302
    page = ProductPage.objects.get()
    assert not page.live and page.get_latest_revision() is not None
    said = _messages(response)
    assert "Saved as a draft, not published. Fill in “Elevator pitch (30 s)” before publishing." in said
    assert not any("could not be created" in m for m in said)


def test_submitting_without_competitors_saves_a_draft_and_says_before_submitting_for_review(login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("trainer").post(
        _create_url(), page_post_data(action="action-submit", skip="competitors")
    )
    assert response.status_code == 302
    page = ProductPage.objects.get()
    assert not page.live and page.current_workflow_state is None
    said = _messages(response)
    assert (
        "Saved as a draft, not submitted for review. Fill in “Competitor positioning” before submitting for review."
        in said
    )
    assert not any("before publishing" in m for m in said)


def test_publishing_an_edited_page_with_a_section_emptied_keeps_the_change_as_a_draft(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    client.post(_create_url(), page_post_data())
    page = ProductPage.objects.get(live=True)
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(edit, page_post_data(title="Ledgerly 2", skip="pricing"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Ledgerly" and page.live  # the live version is untouched
    assert page.get_latest_revision().as_object().title == "Ledgerly 2"
    assert (
        "Saved as a draft, not published. Fill in “Pricing and packaging notes” before publishing."
        in _messages(response)
    )
