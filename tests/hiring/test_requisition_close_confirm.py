"""Closing a requisition is a secondary action behind a confirm step; a bare POST does not close it."""

from __future__ import annotations

import re

import pytest

from accounts.models import AuditEvent
from assessments.hiring.models import Requisition
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db


def test_close_is_a_secondary_action_behind_a_details_confirm_form(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    html = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/").content.decode()
    confirm = re.search(r'<details class="hiring-confirm">(.*?)</details>', html, re.S)
    assert confirm, "the close action sits in a <details> confirm"
    block = confirm.group(1)
    assert re.search(r'<summary class="button secondary">\s*Close requisition', block)
    assert 'name="confirm" value="yes"' in block
    assert re.search(r'<button type="submit" class="button secondary">\s*Yes, close requisition', block)
    # Nowhere else on the page does a single click close it.
    assert html.count('name="status" value="closed"') == 1
    assert "onclick" not in html


def test_a_post_without_the_confirmation_does_not_close(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    client = login_as("recruiter")
    response = client.post(
        f"/hiring/requisitions/{requisition.pk}/status/", {"status": "closed"}, follow=True
    )
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN
    assert not AuditEvent.objects.filter(verb="requisition.status").exists()
    assert "Confirm that you want to close the requisition." in response.content.decode()
    client.post(f"/hiring/requisitions/{requisition.pk}/status/", {"status": "closed", "confirm": "yes"})
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.CLOSED
