"""Editing a requisition's own fields: who may, what is audited, and when the rubric version is locked."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.hiring.models import Requisition
from assessments.hiring.services import plan_step_add, scorecard_for_interview
from assessments.rubrics.models import Rubric
from assessments.rubrics.services import rubric_create
from tests.factories.accounts import RegionFactory, TeamFactory, UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(persona, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    team_manager = UserFactory(roles=[Role.COACH])
    team = TeamFactory(manager=team_manager)
    hiring_manager = UserFactory(roles=[Role.COACH])
    requisition = make_requisition(recruiter=persona("recruiter"), hiring_manager=hiring_manager, team=team)
    users = {
        "recruiter": persona("recruiter"),
        "hiring_manager": hiring_manager,
        "team_manager": team_manager,
        "other_recruiter": UserFactory(roles=[Role.RECRUITER]),
        "coach": persona("coach"),  # manages no team
        "analyst": persona("analyst"),
        "admin": persona("admin"),
        "learner": persona("learner"),
        "trainer": persona("trainer"),
    }
    return requisition, users


def _client(users: dict[str, Any], who: str | None) -> Client:
    client = Client()
    if who is not None:
        client.force_login(users[who])
    return client


def _data(requisition: Requisition, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": requisition.title,
        "team": requisition.team_id,
        "hiring_manager": requisition.hiring_manager_id,
        "recruiter": requisition.recruiter_id,
        "rubric_version": requisition.rubric_version_id,
    }
    data.update(overrides)
    return data


def _url(requisition: Requisition) -> str:
    return f"/hiring/requisitions/{requisition.pk}/edit/"


PERSONAS = [
    ("recruiter", 200),
    ("hiring_manager", 200),
    ("team_manager", 200),
    ("admin", 200),
    ("other_recruiter", 404),
    ("coach", 404),
    ("analyst", 404),
    ("learner", 403),
    ("trainer", 403),
    (None, 302),
]


@pytest.mark.parametrize(("who", "expected"), PERSONAS)
def test_edit_page_per_persona(world, who, expected) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    response = _client(users, who).get(_url(requisition))
    assert response.status_code == expected
    if who is None:
        assert response["Location"].startswith("/accounts/login/")
    if expected == 200:
        assert response.context["form"].initial["title"] == requisition.title


@pytest.mark.parametrize(("who", "expected"), PERSONAS)
def test_saving_per_persona(world, who, expected) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    response = _client(users, who).post(_url(requisition), _data(requisition, title="Senior AE"))
    requisition.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == f"/hiring/requisitions/{requisition.pk}/"
        assert requisition.title == "Senior AE"
    else:
        assert response.status_code == expected
        assert requisition.title == "Account Executive"


def test_the_board_links_to_the_edit_page(world) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    response = _client(users, "recruiter").get(f"/hiring/requisitions/{requisition.pk}/")
    assert _url(requisition).encode() in response.content


def test_a_change_is_audited_with_before_and_after(world) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    new_manager = UserFactory(roles=[Role.COACH])
    old_manager = requisition.hiring_manager
    response = _client(users, "recruiter").post(
        _url(requisition), _data(requisition, title="  Senior AE  ", hiring_manager=new_manager.pk)
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="requisition.update")
    assert event.actor == users["recruiter"]
    assert event.object_id == str(requisition.pk)
    assert event.before == {
        "title": "Account Executive",
        "hiring_manager": {"id": old_manager.pk, "label": str(old_manager)},
    }
    assert event.after == {
        "title": "Senior AE",
        "hiring_manager": {"id": new_manager.pk, "label": str(new_manager)},
    }


def test_saving_without_changes_writes_no_audit_row(world) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    response = _client(users, "recruiter").post(_url(requisition), _data(requisition), follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert not AuditEvent.objects.filter(verb="requisition.update").exists()


def test_the_rubric_version_changes_before_any_scorecard_and_the_plan_follows_by_name(world) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    old = requisition.rubric_version
    plan_step_add(requisition=requisition, name="Panel", criteria=list(old.criteria.all()), interviewers=[])
    new = make_rubric_version(names=("Coachability", "Discovery", "Objection handling"), rubric=old.rubric)
    response = _client(users, "recruiter").post(_url(requisition), _data(requisition, rubric_version=new.pk))
    requisition.refresh_from_db()
    assert requisition.rubric_version == new
    # The plan now points at the new version's namesakes; "Curiosity" has none and is dropped.
    step = requisition.steps.get()
    assert sorted((c.name, c.version_id) for c in step.criteria.all()) == [
        ("Coachability", new.pk),
        ("Discovery", new.pk),
    ]
    assert response["Location"] == f"/hiring/requisitions/{requisition.pk}/plan/"
    event = AuditEvent.objects.get(verb="requisition.update")
    assert event.before == {"rubric_version": {"id": old.pk, "label": str(old)}}
    assert event.after["plan_criteria_dropped"] == ["Curiosity"]


@pytest.mark.parametrize("submitted", [False, True])
def test_the_rubric_version_is_locked_once_a_scorecard_exists(world, submitted) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    old = requisition.rubric_version
    card = scorecard_for_interview(interview=make_interview(make_candidate(requisition)))
    if submitted:
        card.submitted_at, card.locked = card.updated_at, True
        card.save()
    new = make_rubric_version(rubric=old.rubric)
    client = _client(users, "recruiter")
    page = client.get(_url(requisition))
    assert page.context["rubric_locked"] is True
    response = client.post(_url(requisition), _data(requisition, title="Changed too", rubric_version=new.pk))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["rubric_version"]
    assert "cannot change: 1 scorecard was already started" in errors["rubric_version"][0]
    requisition.refresh_from_db()
    assert (requisition.rubric_version, requisition.title) == (old, "Account Executive")  # nothing half-saved
    assert not AuditEvent.objects.filter(verb="requisition.update").exists()
    # Other fields still change while the version stays.
    assert client.post(_url(requisition), _data(requisition, title="Changed")).status_code == 302


def _coaching_version():  # type: ignore[no-untyped-def]
    rubric = rubric_create(name="Call coaching", actor=None)
    rubric.purpose = Rubric.Purpose.COACHING
    rubric.save()
    return make_rubric_version(rubric=rubric)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "required"),
        ("team", "region", "Select a valid choice"),
        ("hiring_manager", "", "required"),
        ("recruiter", "learner", "Select a valid choice"),
        ("rubric_version", "coaching", "Select a valid choice"),
    ],
)
def test_invalid_data_names_the_field_and_saves_nothing(world, field, value, message) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    if value == "region":
        value = RegionFactory().pk
    elif value == "learner":
        value = users["learner"].pk
    elif value == "coaching":
        value = _coaching_version().pk
    response = _client(users, "recruiter").post(_url(requisition), _data(requisition, **{field: value}))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    assert b'role="alert"' in response.content
    assert not AuditEvent.objects.filter(verb="requisition.update").exists()


def test_a_team_manager_cannot_move_the_requisition_to_a_team_they_do_not_run(world) -> None:  # type: ignore[no-untyped-def]
    requisition, users = world
    elsewhere = TeamFactory(manager=UserFactory(roles=[Role.COACH]))
    own_other = TeamFactory(manager=users["team_manager"])
    client = _client(users, "team_manager")
    form = client.get(_url(requisition)).context["form"]
    assert set(form.fields["team"].queryset) == {requisition.team, own_other}
    response = client.post(_url(requisition), _data(requisition, team=elsewhere.pk))
    assert list(response.context["form"].errors) == ["team"]
    assert client.post(_url(requisition), _data(requisition, team=own_other.pk)).status_code == 302
    requisition.refresh_from_db()
    assert requisition.team == own_other
