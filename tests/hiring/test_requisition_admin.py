"""Admins set up a requisition and its interview plan in the Django admin; other roles cannot."""

from __future__ import annotations

import pytest

from assessments.hiring.models import Requisition
from tests.factories.accounts import TeamFactory
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db

ADD = "/django-admin/hiring/requisition/add/"


def test_an_admin_creates_a_requisition_with_a_plan_step(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    version = make_rubric_version()
    team = TeamFactory()
    criterion = version.criteria.first()
    assert client.get(ADD).status_code == 200
    response = client.post(
        ADD,
        {
            "title": "Solutions Engineer",
            "team": team.pk,
            "hiring_manager": persona("coach").pk,
            "recruiter": persona("recruiter").pk,
            "rubric_version": version.pk,
            "status": "open",
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
            "steps-0-position": "1",
            "steps-0-name": "Role play",
            "steps-0-criteria": [criterion.pk],
            "steps-0-interviewers": [persona("coach").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    requisition = Requisition.objects.get()
    step = requisition.steps.get()
    assert list(step.criteria.all()) == [criterion] and list(step.interviewers.all()) == [persona("coach")]


def test_recruiters_cannot_open_the_django_admin(login_as) -> None:  # type: ignore[no-untyped-def]
    assert login_as("recruiter").get(ADD).status_code == 403
