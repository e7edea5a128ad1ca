"""Closing and reopening a requisition changes its status, is audited, and is linked from the board."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from assessments.hiring.models import Requisition
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db


def test_close_then_reopen_is_audited(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    client = login_as("recruiter")
    board = client.get(f"/hiring/requisitions/{requisition.pk}/")
    assert b"Close requisition" in board.content
    assert f"/hiring/requisitions/{requisition.pk}/plan/".encode() in board.content
    client.post(f"/hiring/requisitions/{requisition.pk}/status/", {"status": "closed", "confirm": "yes"})
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.CLOSED
    assert b"Reopen requisition" in client.get(f"/hiring/requisitions/{requisition.pk}/").content
    client.post(f"/hiring/requisitions/{requisition.pk}/status/", {"status": "open"})
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN
    events = AuditEvent.objects.filter(verb="requisition.status").order_by("pk")
    assert [e.after["status"] for e in events] == ["closed", "open"]


def test_an_unknown_status_changes_nothing(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    login_as("recruiter").post(f"/hiring/requisitions/{requisition.pk}/status/", {"status": "paused"})
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN
    assert not AuditEvent.objects.filter(verb="requisition.status").exists()


def test_the_home_page_links_to_new_requisition_for_recruiters_only(login_as) -> None:  # type: ignore[no-untyped-def]
    assert b"/hiring/requisitions/new/" in login_as("recruiter").get("/hiring/").content
    assert b"/hiring/requisitions/new/" not in login_as("analyst").get("/hiring/").content
