"""Who may open a requisition, edit its plan and close it: every persona against real objects."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from assessments.hiring.models import Requisition
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(persona, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    requisition = make_requisition(recruiter=persona("recruiter"))
    users = {
        "recruiter": persona("recruiter"),
        "hiring_manager": requisition.hiring_manager,
        "other_recruiter": UserFactory(roles=[Role.RECRUITER]),
        "coach": persona("coach"),  # a coach who manages no team
        "analyst": persona("analyst"),
        "admin": persona("admin"),
        "learner": persona("learner"),
        "trainer": persona("trainer"),
    }
    return requisition, users


def _client(users, who):  # type: ignore[no-untyped-def]
    client = Client()
    if who is not None:
        client.force_login(users[who])
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("recruiter", 200),
        ("other_recruiter", 200),
        ("hiring_manager", 200),  # manages the requisition's team
        ("admin", 200),
        ("coach", 403),
        ("analyst", 403),
        ("learner", 403),
        ("trainer", 403),
        (None, 302),
    ],
)
def test_new_requisition_page_per_persona(world, who, expected) -> None:  # type: ignore[no-untyped-def]
    _, users = world
    response = _client(users, who).get("/hiring/requisitions/new/")
    assert response.status_code == expected
    if who is None:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("recruiter", 200),
        ("hiring_manager", 200),
        ("admin", 200),
        ("other_recruiter", 404),
        ("coach", 404),
        ("analyst", 404),
        ("learner", 403),
        ("trainer", 403),
        (None, 302),
    ],
)
def test_plan_page_per_persona(world, who, expected) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    response = _client(users, who).get(f"/hiring/requisitions/{requisition.pk}/plan/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected", "closed"),
    [
        ("recruiter", 302, True),
        ("hiring_manager", 302, True),
        ("admin", 302, True),
        ("other_recruiter", 404, False),
        ("coach", 404, False),
        ("analyst", 404, False),
        ("learner", 403, False),
        ("trainer", 403, False),
        (None, 302, False),
    ],
)
def test_close_per_persona(world, who, expected, closed) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    response = _client(users, who).post(
        f"/hiring/requisitions/{requisition.pk}/status/", {"status": "closed", "confirm": "yes"}
    )
    assert response.status_code == expected
    requisition.refresh_from_db()
    assert (requisition.status == Requisition.Status.CLOSED) is closed


def test_a_learner_cannot_create_by_posting_directly(world) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    response = _client(users, "learner").post(
        "/hiring/requisitions/new/",
        {
            "title": "Sneaky",
            "team": requisition.team_id,
            "hiring_manager": requisition.hiring_manager_id,
            "recruiter": requisition.recruiter_id,
            "rubric_version": requisition.rubric_version_id,
        },
    )
    assert response.status_code == 403
    assert Requisition.objects.count() == 1
