"""Opening a requisition in the front end: valid data creates it (audited), bad data names the field."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.hiring.models import Requisition
from assessments.rubrics.models import Rubric
from assessments.rubrics.services import rubric_create
from tests.factories.accounts import RegionFactory, TeamFactory, UserFactory
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(persona):  # type: ignore[no-untyped-def]
    old = make_rubric_version(rubric=rubric_create(name="Old sales", actor=None))
    newest = make_rubric_version(rubric=rubric_create(name="Sales hiring", actor=None))
    coaching = rubric_create(name="Call coaching", actor=None)
    coaching.purpose = Rubric.Purpose.COACHING
    coaching.save()
    coaching_version = make_rubric_version(rubric=coaching)
    manager = UserFactory(roles=[Role.COACH])
    team = TeamFactory(manager=manager)
    return {"old": old, "newest": newest, "coaching": coaching_version, "manager": manager, "team": team}


def _post(client, setup, persona, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "title": "Account Executive, Berlin",
        "team": setup["team"].pk,
        "hiring_manager": setup["manager"].pk,
        "recruiter": persona("recruiter").pk,
        "rubric_version": setup["newest"].pk,
    }
    data.update(overrides)
    return client.post("/hiring/requisitions/new/", data)


def test_the_form_preselects_the_newest_hiring_rubric_version(setup, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("recruiter").get("/hiring/requisitions/new/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["rubric_version"] == setup["newest"].pk
    assert setup["coaching"] not in form.fields["rubric_version"].queryset


def test_valid_data_opens_the_requisition_and_audits_it(setup, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    response = _post(login_as("recruiter"), setup, persona)
    requisition = Requisition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/hiring/requisitions/{requisition.pk}/plan/"
    assert requisition.title == "Account Executive, Berlin"
    assert requisition.team == setup["team"]
    assert requisition.recruiter == persona("recruiter")
    assert requisition.status == Requisition.Status.OPEN
    assert AuditEvent.objects.filter(verb="requisition.create", actor=persona("recruiter")).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("team", "999999"), ("hiring_manager", ""), ("rubric_version", "coaching")],
)
def test_invalid_data_names_the_field_and_saves_nothing(setup, login_as, persona, field, value) -> None:  # type: ignore[no-untyped-def]
    if value == "coaching":
        value = setup["coaching"].pk
    response = _post(login_as("recruiter"), setup, persona, **{field: value})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert b'role="alert"' in response.content
    assert not Requisition.objects.exists()


def test_a_region_is_not_offered_as_a_team(setup, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    region = RegionFactory()
    response = _post(login_as("recruiter"), setup, persona, team=region.pk)
    assert "team" in response.context["form"].errors
    assert not Requisition.objects.exists()


def test_a_team_manager_opens_one_for_their_own_team_only(setup, persona) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(setup["manager"])
    page = client.get("/hiring/requisitions/new/")
    assert page.status_code == 200
    assert list(page.context["form"].fields["team"].queryset) == [setup["team"]]
    assert page.context["form"].initial["hiring_manager"] == setup["manager"].pk
    other_team = TeamFactory(manager=UserFactory(roles=[Role.COACH]))
    refused = _post(client, setup, persona, team=other_team.pk)
    assert "team" in refused.context["form"].errors
    ok = _post(client, setup, persona)
    assert ok.status_code == 302
    assert Requisition.objects.get().team == setup["team"]
